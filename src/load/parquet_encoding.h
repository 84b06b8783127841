#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace blueshift::load::parquet {

// Parquet's value and level encodings (docs/format/parquet.md). Decoders read a byte range they do not own
// and return false on malformed or short input instead of reading past it.

// The RLE / bit-packed hybrid: definition levels and dictionary indices. Not thread-safe.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
      : p_(data), end_(data + size), bit_width_(bit_width) {}
  // Decodes the next n values.
  bool Decode(uint32_t* out, size_t n);

 private:
  bool NextRun();
  const uint8_t* p_;
  const uint8_t* end_;
  int bit_width_;
  uint32_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  uint32_t packed_left_ = 0;  // values left in the current bit-packed run
  const uint8_t* packed_ = nullptr;
  uint64_t packed_bit_ = 0;
};

// Appends n values of bit_width bits in the hybrid encoding (one RLE run if all are equal, else bit-packed).
void EncodeRleBitPacked(const uint8_t* values, size_t n, int bit_width, std::string* out);

// DELTA_BINARY_PACKED: appends the values to out; *end is where the encoded data stopped.
bool DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, std::vector<int64_t>* out, const uint8_t** end);
void EncodeDeltaBinaryPacked(const int64_t* values, size_t n, std::string* out);

// DELTA_LENGTH_BYTE_ARRAY: views into data.
bool DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, std::vector<std::string_view>* out,
                                const uint8_t** end);
// DELTA_BYTE_ARRAY (prefix + suffix): the values are rebuilt into *storage (kept alive by the caller; it is
// reserved once so views into it stay valid).
bool DecodeDeltaByteArray(const uint8_t* data, size_t size, std::vector<std::string_view>* out, std::string* storage);

// Unsigned LEB128 varint; false at the end of input.
bool ReadUleb(const uint8_t** p, const uint8_t* end, uint64_t* v);

}  // namespace blueshift::load::parquet
