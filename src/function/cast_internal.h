#pragma once

// Kernels behind CastVector, one family per file. Each casts rows [0, n) of `in` into `out` (whose type is
// the target), propagates NULLs, and stops at the first row that cannot be converted with that row's error.

#include <string>

#include "function/cast.h"

namespace blueshift::cast_internal {

// Between integers, decimals, floats and booleans (cast_numeric.cc).
Status CastNumeric(const Vector& in, size_t n, Vector* out);
// Among date, timestamp, timestamptz and time (cast_temporal.cc).
Status CastTemporal(const Vector& in, size_t n, Vector* out);
// Among the interval types, cutting to the target's qualifier; YEAR TO MONTH and DAY TO SECOND do not
// convert into each other (cast_interval.cc).
bool IsIntervalCast(const LogicalType& from, const LogicalType& to);
Status CastInterval(const Vector& in, size_t n, Vector* out);
// TIME/TIMESTAMP/TIMESTAMPTZ -> TIMETZ (in the session time zone) and TIMETZ -> TIME (cast_interval.cc).
bool IsTimeTzCast(const LogicalType& from, const LogicalType& to);
Status CastTimeTz(const Vector& in, size_t n, Vector* out);
// Anything -> CHAR/VARCHAR, applying the target length by the context's rule (cast_string.cc).
Status CastToString(const Vector& in, size_t n, Vector* out, CastContext context);
// CHAR/VARCHAR -> any non-string type through ParseValue (cast_string.cc).
Status CastFromString(const Vector& in, size_t n, Vector* out);

// VARBYTE <-> CHAR/VARCHAR (the bytes themselves) and <-> SMALLINT/INTEGER/BIGINT (big-endian bytes); the
// target length follows the context's rule (cast_varbyte.cc).
bool IsVarbyteCastPartner(const LogicalType& t);
Status CastToVarbyte(const Vector& in, size_t n, Vector* out, CastContext context);
Status CastFromVarbyte(const Vector& in, size_t n, Vector* out, CastContext context);
// Stores s in row `row` of out, fitted to out's CHAR/VARCHAR length by the context's rule (cast_string.cc).
Status FitString(std::string_view s, const LogicalType& to, CastContext context, Vector* out, size_t row);

// The text of a non-NULL value as a string cast produces it ("true"/"false" for booleans, else as
// Value::ToString prints it).
std::string FormatForCast(const Vector& in, size_t row);

}  // namespace blueshift::cast_internal
