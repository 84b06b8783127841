#pragma once

#include <optional>
#include <string>
#include <vector>

#include "function/scalar_function.h"
#include "system/system_table.h"

namespace blueshift {

// has_table_privilege, has_schema_privilege, has_database_privilege and has_function_privilege in their
// PostgreSQL forms: ([user,] object, 'PRIV[, PRIV ...]'), where user is a name or usesysid (default: the
// session user) and object a name or oid. Answered against the catalog the statement sees. nullopt when
// `name` is none of them.
std::optional<Result<BoundScalarFunction>> ResolvePrivilegeFunction(const std::string& name,
                                                                    const std::vector<LogicalType>& args,
                                                                    const SystemContext& ctx);

}  // namespace blueshift
