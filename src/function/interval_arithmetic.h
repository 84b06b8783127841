#pragma once

// Operators on intervals and with intervals (interval_arithmetic.cc). Internal to src/function.

#include <optional>
#include <string>

#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {

// + - * / where an operand is an interval, and timestamp - timestamp / time - time (which give intervals);
// nullopt when the operand types are none of these.
std::optional<BoundScalarFunction> ResolveIntervalArithmetic(const std::string& name, const LogicalType& a,
                                                             const LogicalType& b);
// Unary minus of an interval; nullopt for other types.
std::optional<BoundScalarFunction> ResolveIntervalNegate(const std::string& name, const LogicalType& a);

}  // namespace blueshift::scalar_internal
