#pragma once

#include <memory>
#include <optional>
#include <string>

#include "catalog/catalog.h"
#include "system/system_table.h"

namespace blueshift {

// The user-defined function a signature text names, as has_function_privilege and regprocedure take it:
// "f_add(int, varchar)", "myschema.f_add(integer, character varying)". Argument types may be written in any
// of their SQL spellings; lengths are ignored. nullopt when no user-defined function has that name (a
// built-in one, then); 42883 when some do but none has those argument types; 22P02 without parentheses.
std::optional<Result<std::shared_ptr<const FunctionDef>>> FindFunctionBySignature(const std::string& text,
                                                                                  const SystemContext& ctx);

// pg_get_function_result, pg_get_function_arguments (= pg_get_function_identity_arguments) and
// pg_get_functiondef of a user-defined function: "integer", "integer, character varying", and the CREATE OR
// REPLACE FUNCTION statement that makes it again. Other names give "".
std::string FunctionInfoText(const std::string& function, const FunctionDef& f);

}  // namespace blueshift
