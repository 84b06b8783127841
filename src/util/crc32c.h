#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace blueshift {

// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of every on-disk format
// (docs/format/README.md). Software slice-by-8; thread-safe (the tables are built at compile time).

// Extends crc (the CRC32C of some prefix, or 0 for none) with n more bytes.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t n);

inline uint32_t Crc32c(const void* data, size_t n) {
  return Crc32cExtend(0, data, n);
}
inline uint32_t Crc32c(std::string_view s) {
  return Crc32cExtend(0, s.data(), s.size());
}

}  // namespace blueshift
