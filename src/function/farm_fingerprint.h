#pragma once

#include <cstdint>
#include <string_view>

namespace blueshift {

// Google FarmHash's Fingerprint64 (farmhashna::Hash64) of the bytes, which is what Redshift's
// FARMFINGERPRINT64 returns. A fingerprint is frozen by definition: the same bytes give the same value on
// every platform and in every version, so it may be stored. Reads the input as little-endian 64-bit words
// whatever the host order. Thread-safe (pure function).
uint64_t FarmFingerprint64(std::string_view bytes);

}  // namespace blueshift
