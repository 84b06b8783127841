#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace blueshift {

// Copies the w-byte values src[rows[i]] to dst[i] for i in [0, n). The common widths get their own loops:
// a memcpy call of a runtime width per value costs several times the copy itself.
inline void GatherFixedWidth(const uint8_t* src, const uint32_t* rows, size_t n, int w, uint8_t* dst) {
  auto typed = [&](auto tag) {
    using T = decltype(tag);
    T* d = reinterpret_cast<T*>(dst);
    const T* s = reinterpret_cast<const T*>(src);
    for (size_t i = 0; i < n; i++) d[i] = s[rows[i]];
  };
  switch (w) {
    case 1:
      return typed(uint8_t{});
    case 2:
      return typed(uint16_t{});
    case 4:
      return typed(uint32_t{});
    case 8:
      return typed(uint64_t{});
    case 16:
      for (size_t i = 0; i < n; i++) std::memcpy(dst + i * 16, src + size_t{rows[i]} * 16, 16);
      return;
    default:
      for (size_t i = 0; i < n; i++) std::memcpy(dst + i * w, src + size_t{rows[i]} * w, w);
  }
}

}  // namespace blueshift
