#include "storage/bit_packing.h"

#include <array>
#include <utility>

namespace blueshift::storage {

namespace {

// Eight fields of B bits take exactly B bytes, so within a group of eight every field's byte offset and
// shift are constants: the loop unrolls into plain loads, shifts and masks. Groups whose 8-byte loads
// would pass the end of the packed bytes, and the last few fields, take the general path.
template <int B>
void UnpackFixed(const uint8_t* p, uint32_t n, uint64_t* out) {
  if constexpr (B == 0) {
    std::memset(out, 0, sizeof(uint64_t) * n);
  } else {
    constexpr uint64_t kMask = (uint64_t{1} << B) - 1;
    const size_t size = (static_cast<size_t>(n) * B + 7) / 8;
    uint32_t i = 0;
    for (; i + 8 <= n && static_cast<size_t>(i / 8) * B + B + 8 <= size; i += 8) {
      const uint8_t* g = p + static_cast<size_t>(i / 8) * B;
#pragma GCC unroll 8
      for (int j = 0; j < 8; j++) {
        uint64_t word;
        std::memcpy(&word, g + (j * B) / 8, 8);
        out[i + j] = (word >> ((j * B) % 8)) & kMask;
      }
    }
    for (; i < n; i++) out[i] = Unpack(p, static_cast<uint64_t>(i) * B, B);
  }
}

using UnpackFn = void (*)(const uint8_t*, uint32_t, uint64_t*);

template <size_t... B>
constexpr std::array<UnpackFn, sizeof...(B)> MakeTable(std::index_sequence<B...>) {
  return {&UnpackFixed<static_cast<int>(B)>...};
}

// Widths up to 56: a field's bits then lie within one unaligned 8-byte load.
constexpr auto kUnpack = MakeTable(std::make_index_sequence<57>());

}  // namespace

void UnpackAll(const uint8_t* p, uint32_t n, int bits, uint64_t* out) {
  if (bits >= 0 && bits < static_cast<int>(kUnpack.size())) return kUnpack[bits](p, n, out);
  for (uint32_t i = 0; i < n; i++) out[i] = Unpack(p, static_cast<uint64_t>(i) * bits, bits);
}

}  // namespace blueshift::storage
