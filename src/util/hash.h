#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace blueshift {

// Hashes used for distribution (which slice a row lives on: part of the on-disk contract, so these must
// never change for a given input) and for hash tables. XXH3-64 underneath.
uint64_t HashBytes(const void* data, size_t len, uint64_t seed = 0);
inline uint64_t HashString(std::string_view s, uint64_t seed = 0) {
  return HashBytes(s.data(), s.size(), seed);
}
// Every integer-like value hashes as its int64 so equal values of different widths land together.
uint64_t HashInt(int64_t v, uint64_t seed = 0);
uint64_t HashInt128(__int128 v, uint64_t seed = 0);
inline uint64_t HashCombine(uint64_t a, uint64_t b) {
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

}  // namespace blueshift
