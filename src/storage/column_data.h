#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "types/logical_type.h"

namespace blueshift::storage {

// ColumnData is one column of a segment being written, contiguous, in final row order: count values at the
// physical width (strings as std::string_view into memory the caller keeps alive) and a validity byte per
// row (1 = valid). NULL rows hold a zero placeholder (empty string). Owned by the segment writer.
struct ColumnData {
  LogicalType type;
  size_t count = 0;
  std::vector<uint8_t> values;  // count * PhysicalWidth(type.physical()) bytes
  std::vector<uint8_t> validity;

  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(values.data());
  }
};

// ColumnSpan is a read-only window of rows of a ColumnData: what one block encodes.
struct ColumnSpan {
  PhysicalType type = PhysicalType::kBool;
  const uint8_t* values = nullptr;    // count values at the physical width
  const uint8_t* validity = nullptr;  // count bytes, 1 = valid
  uint32_t count = 0;

  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(values);
  }
};

// DecodedBlock is one block decoded to the in-memory layout of a Vector: values at the physical width and a
// validity byte per row. String views point into `owner` (the block's bytes as read from disk), which a
// reader hands to a vector's arena with Retain() instead of copying.
struct DecodedBlock {
  uint32_t row_count = 0;
  bool has_nulls = false;
  std::unique_ptr<uint8_t[]> values;  // row_count * width; new[] storage is aligned for int128
  size_t values_bytes = 0;            // the size of `values`, which may exceed row_count * width
  std::vector<uint8_t> validity;      // row_count bytes when has_nulls, else empty
  std::shared_ptr<const std::string> owner;
  // A BYTEDICT block may stay in dictionary form instead (DecodeBlock). Strings: `values` is not used; row i
  // is dict[codes[i]] (a NULL row has code 0), both pointing into owner. Fixed-width values: `dict` is
  // empty and `values` holds a table of 256 values, the dictionary's then zeros; row i is table[codes[i]].
  std::vector<std::string_view> dict;
  const uint8_t* codes = nullptr;
  // An AZ64 block may stay encoded instead (DecodeBlock): `values` is filled only once a reader needs most of
  // its rows (MaterializeBlock); until then single rows are decoded from az64_payload (a view into owner) by
  // the frames' offsets.
  bool az64 = false;
  std::string_view az64_payload;
  std::vector<uint32_t> az64_frames;

  template <typename T>
  T* data() {
    return reinterpret_cast<T*>(values.get());
  }
};

}  // namespace blueshift::storage
