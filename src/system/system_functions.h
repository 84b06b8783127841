#pragma once

#include <optional>
#include <string>
#include <vector>

#include "function/scalar_function.h"
#include "system/system_table.h"

namespace blueshift {

// Functions whose answers depend on the catalog or the session — pg_get_userbyid, pg_table_is_visible,
// format_type, pg_get_expr, obj_description, current_schemas, has_table_privilege, ... — resolved with a
// snapshot of what they need taken at bind time. nullopt when the name is not one of them.
std::optional<Result<BoundScalarFunction>> ResolveSystemFunction(const std::string& name,
                                                                 const std::vector<LogicalType>& args,
                                                                 const SystemContext& ctx);

// The table oid a regclass literal ('schema.table' or 'table') names; 42P01 when none.
Result<int32_t> RegclassOid(const std::string& text, const SystemContext& ctx);

}  // namespace blueshift
