#pragma once

#include <cstdint>
#include <cstring>

#include "util/byte_stream.h"

namespace blueshift::storage {

// LSB-first bit packing shared by AZ64 and the other integer encodings (docs/format/block.md): value i of
// width b occupies bits [i·b, (i+1)·b) of the packed bytes, bit k of the stream being bit k % 8 of byte k / 8.

// Appends fields to a ByteWriter. Not thread-safe.
class BitPacker {
 public:
  explicit BitPacker(ByteWriter* out) : out_(out) {}
  // REQUIRES: 0 <= bits <= 64 and v < 2^bits.
  void Put(uint64_t v, int bits) {
    acc_ |= static_cast<unsigned __int128>(v) << filled_;
    filled_ += bits;
    while (filled_ >= 8) {
      out_->U8(static_cast<uint8_t>(acc_));
      acc_ >>= 8;
      filled_ -= 8;
    }
  }
  // A field of up to 128 bits: the low 64 bits, then the rest.
  void Put128(unsigned __int128 v, int bits) {
    if (bits <= 64) return Put(static_cast<uint64_t>(v), bits);
    Put(static_cast<uint64_t>(v), 64);
    Put(static_cast<uint64_t>(v >> 64), bits - 64);
  }
  // Flushes a partial last byte (zero-padded).
  void Finish() {
    if (filled_ > 0) out_->U8(static_cast<uint8_t>(acc_));
    acc_ = 0;
    filled_ = 0;
  }

 private:
  ByteWriter* out_;
  unsigned __int128 acc_ = 0;
  int filled_ = 0;
};

// The `bits`-wide field at bit offset `bit` of p. REQUIRES: 0 <= bits <= 64 and the field's bytes readable.
inline uint64_t Unpack(const uint8_t* p, uint64_t bit, int bits) {
  if (bits == 0) return 0;
  const uint8_t* q = p + bit / 8;
  int shift = static_cast<int>(bit % 8);
  int nbytes = (shift + bits + 7) / 8;  // at most 9
  unsigned __int128 acc = 0;
  for (int i = 0; i < nbytes; i++) acc |= static_cast<unsigned __int128>(q[i]) << (8 * i);
  acc >>= shift;
  return bits == 64 ? static_cast<uint64_t>(acc) : static_cast<uint64_t>(acc) & ((uint64_t{1} << bits) - 1);
}

// Unpacks n fields of `bits` (0..64) bits starting at bit 0 of p (ceil(n·bits/8) readable bytes) into out:
// the hot loop of AZ64 decoding (bit_packing.cc, one unrolled loop per width).
void UnpackAll(const uint8_t* p, uint32_t n, int bits, uint64_t* out);

// A field of up to 128 bits written by Put128.
inline unsigned __int128 Unpack128(const uint8_t* p, uint64_t bit, int bits) {
  if (bits <= 64) return Unpack(p, bit, bits);
  return Unpack(p, bit, 64) | static_cast<unsigned __int128>(Unpack(p, bit + 64, bits - 64)) << 64;
}

// Bits needed for an unsigned value: 0 for 0.
inline int BitWidth128(unsigned __int128 v) {
  auto hi = static_cast<uint64_t>(v >> 64);
  auto lo = static_cast<uint64_t>(v);
  if (hi != 0) return 128 - __builtin_clzll(hi);
  return lo == 0 ? 0 : 64 - __builtin_clzll(lo);
}

}  // namespace blueshift::storage
