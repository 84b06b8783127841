#pragma once

#include <cstdint>
#include <vector>

#include "storage/column_data.h"
#include "util/byte_stream.h"

namespace blueshift::storage {

// Integer physical types (INT16, INT32, INT64, INT128) widened to 128 bits, so that the integer encodings
// (DELTA, DELTA32K, MOSTLYn) have one kernel for every width; this file holds the one switch on type.
// Stateless and thread-safe.

bool IsIntegerType(PhysicalType t);

// Every row of in, sign-extended (NULL rows hold their placeholder). REQUIRES: IsIntegerType(in.type).
std::vector<int128_t> WidenIntegers(const ColumnSpan& in);

// Writes n values, each truncated to the width of `type`, to dst. REQUIRES: IsIntegerType(type).
void NarrowIntegers(PhysicalType type, const int128_t* v, uint32_t n, uint8_t* dst);

// A value in its typed-value form (PhysicalWidth(type) little-endian bytes), and back (sign-extended).
inline void PutInteger(PhysicalType type, int128_t v, ByteWriter* out) {
  out->Bytes(&v, PhysicalWidth(type));
}
int128_t GetInteger(PhysicalType type, ByteReader* in);

// Whether v fits in a signed integer of `bits` bits (1..128).
inline bool FitsSigned(int128_t v, int bits) {
  if (bits >= 128) return true;
  int128_t hi = (static_cast<int128_t>(1) << (bits - 1)) - 1;
  return v >= -hi - 1 && v <= hi;
}

}  // namespace blueshift::storage
