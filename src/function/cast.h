#pragma once

#include "types/logical_type.h"
#include "types/value.h"
#include "types/vector.h"
#include "util/status.h"

namespace blueshift {

enum class CastContext {
  kExplicit,    // CAST(x AS t), x::t
  kImplicit,    // argument coercion the binder adds
  kAssignment,  // INSERT/UPDATE into a column: numeric rounding, VARCHAR length checked (22001)
};

// Whether a cast from -> to exists in the context (Redshift's cast matrix; explicit allows most,
// implicit only widening and string-literal conversions).
bool CanCast(const LogicalType& from, const LogicalType& to, CastContext context);

// The type two operands are brought to for comparison, UNION, CASE and COALESCE
// (smallint+integer -> integer; integer+numeric(10,2) -> numeric(12,2); numeric+double -> double;
// char+varchar -> varchar; date+timestamp -> timestamp). Error 42804 when none exists:
// "<context> types integer and boolean cannot be matched".
Result<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b, const char* context);

// Casts n dense values. Errors are the target type's input errors (22P02, 22003, 22001, 22007).
Status CastVector(const Vector& in, size_t n, Vector* out, CastContext context);

// The scalar path, for constant folding, defaults and parameters.
Result<Value> CastValue(const Value& value, const LogicalType& to, CastContext context);

}  // namespace blueshift
