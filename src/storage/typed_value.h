#pragma once

#include <cmath>
#include <string_view>
#include <type_traits>

#include "storage/column_data.h"
#include "types/value.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift::storage {

// Typed values as docs/format/block.md defines them: a Value's payload at its physical type (fixed-width
// little-endian, or a u32 length and the bytes for strings). Used for zone maps in block headers and in the
// manifest. Stateless and thread-safe.

// REQUIRES: v is not NULL and has a type of physical type `type.physical()`.
void PutTypedValue(const Value& v, const LogicalType& type, ByteWriter* out);
// Reads one value of `type`; !in->ok() when the bytes run out.
Value GetTypedValue(const LogicalType& type, ByteReader* in);

// The value at row i of contiguous values of `type` (the Value form Vector::GetValue gives).
Value ValueAt(const LogicalType& type, const uint8_t* values, size_t i);

// Orders two values of one physical type (T = its C++ type, std::string_view for strings): <0, 0, >0, with
// floats by value and NaN greatest, strings bytewise.
template <typename T>
int CompareScalar(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool an = std::isnan(a);
    bool bn = std::isnan(b);
    if (an || bn) return an == bn ? 0 : (an ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Orders row a before row b of two value arrays of the same physical type: <0, 0, >0. Floats order by value
// with NaN greatest; strings bytewise.
int CompareValues(PhysicalType type, const uint8_t* a_values, size_t a, const uint8_t* b_values, size_t b);

}  // namespace blueshift::storage
