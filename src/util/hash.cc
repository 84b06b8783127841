#include "util/hash.h"

#include <xxhash.h>

namespace blueshift {

uint64_t HashBytes(const void* data, size_t len, uint64_t seed) {
  return XXH3_64bits_withSeed(data, len, seed);
}

uint64_t HashInt(int64_t v, uint64_t seed) {
  return XXH3_64bits_withSeed(&v, sizeof(v), seed);
}

uint64_t HashInt128(__int128 v, uint64_t seed) {
  if (v >= INT64_MIN && v <= INT64_MAX) return HashInt(static_cast<int64_t>(v), seed);
  return XXH3_64bits_withSeed(&v, sizeof(v), seed);
}

}  // namespace blueshift
