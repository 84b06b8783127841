#pragma once

// EXTRACT / DATE_PART of TIME, TIMETZ and intervals (time_parts.cc). Internal to src/function.

#include <string>
#include <vector>

#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {

bool IsTimePartSource(const LogicalType& t);
// REQUIRES: args.size() == 2 and IsTimePartSource(args[1]). Errors: 0A000 for a part the type has not
// ("unit \"year\" not supported for type time without time zone"), 22023 for an unknown part.
Result<BoundScalarFunction> ResolveTimePart(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>& constants);

// DATEADD / DATEDIFF (part, ...) whose date-time argument is a TIME or TIMETZ (a DATEDIFF's other argument
// may be untyped text).
bool IsTimeAddDiff(const std::vector<LogicalType>& args);
// REQUIRES: IsTimeAddDiff(args). DATEADD returns the source type, wrapping around midnight; DATEDIFF a
// BIGINT. Errors: 0A000 for a part that is no clock part ("unit \"day\" not supported for type time
// without time zone"), 42883 for other argument types.
Result<BoundScalarFunction> ResolveTimeAddDiff(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>& constants);

}  // namespace blueshift::scalar_internal
