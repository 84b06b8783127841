#pragma once

#include <cstring>
#include <string_view>

#include "storage/column_data.h"
#include "util/byte_stream.h"

namespace blueshift::storage {

// Values of any physical type as bytes, so that encodings that only compare and copy values (RUNLENGTH,
// BYTEDICT) have one kernel for every type: a fixed-width value is its `width` little-endian bytes, a string
// its bytes. On disk, fixed-width values are written as is and strings as a u32 length and the bytes (the
// typed-value form of block.md).

// Row i of in; `width` is PhysicalWidth(in.type) (ignored for strings).
inline std::string_view ValueBytes(const ColumnSpan& in, uint32_t i, int width) {
  if (in.type == PhysicalType::kString) return in.data<std::string_view>()[i];
  return std::string_view(reinterpret_cast<const char*>(in.values) + static_cast<size_t>(i) * width, width);
}

inline void PutValueBytes(PhysicalType type, std::string_view v, ByteWriter* out) {
  if (type == PhysicalType::kString) {
    out->String(v);
  } else {
    out->Bytes(v.data(), v.size());
  }
}

// Reads what PutValueBytes wrote; the view points into the reader's buffer. !r->ok() when it runs out.
inline std::string_view GetValueBytes(PhysicalType type, int width, ByteReader* r) {
  return type == PhysicalType::kString ? r->String() : r->Bytes(width);
}

// Stores v as row i of out. REQUIRES: for strings, v outlives out (it points into out->owner).
inline void SetValueBytes(PhysicalType type, std::string_view v, uint32_t i, DecodedBlock* out) {
  if (type == PhysicalType::kString) {
    out->data<std::string_view>()[i] = v;
  } else {
    std::memcpy(out->values.get() + static_cast<size_t>(i) * v.size(), v.data(), v.size());
  }
}

}  // namespace blueshift::storage
