// FarmHash Fingerprint64 (Geoff Pike, Google, 2014): inputs up to 64 bytes take one of three short mixes
// by length; longer inputs run 64-byte rounds over a 56-byte state and finish with the last 64 bytes.

#include "function/farm_fingerprint.h"

#include <bit>
#include <cstring>
#include <utility>

namespace blueshift {
namespace {

constexpr uint64_t kK0 = 0xc3a5c85c97cb3127ULL;
constexpr uint64_t kK1 = 0xb492b66fbe98f273ULL;
constexpr uint64_t kK2 = 0x9ae16a3b2f90404fULL;

uint64_t Fetch64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

uint32_t Fetch32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

uint64_t Rotate(uint64_t v, int shift) {
  return std::rotr(v, shift);
}

uint64_t ShiftMix(uint64_t v) {
  return v ^ (v >> 47);
}

uint64_t HashLen16(uint64_t u, uint64_t v, uint64_t mul) {
  uint64_t a = (u ^ v) * mul;
  a ^= a >> 47;
  uint64_t b = (v ^ a) * mul;
  b ^= b >> 47;
  return b * mul;
}

uint64_t HashLen0To16(const uint8_t* s, uint64_t len) {
  if (len >= 8) {
    uint64_t mul = kK2 + len * 2;
    uint64_t a = Fetch64(s) + kK2;
    uint64_t b = Fetch64(s + len - 8);
    uint64_t c = Rotate(b, 37) * mul + a;
    uint64_t d = (Rotate(a, 25) + b) * mul;
    return HashLen16(c, d, mul);
  }
  if (len >= 4) {
    uint64_t mul = kK2 + len * 2;
    uint64_t a = Fetch32(s);
    return HashLen16(len + (a << 3), Fetch32(s + len - 4), mul);
  }
  if (len > 0) {
    uint32_t y = static_cast<uint32_t>(s[0]) + (static_cast<uint32_t>(s[len >> 1]) << 8);
    uint64_t z = len + (static_cast<uint64_t>(s[len - 1]) << 2);
    return ShiftMix(y * kK2 ^ z * kK0) * kK2;
  }
  return kK2;
}

uint64_t HashLen17To32(const uint8_t* s, uint64_t len) {
  uint64_t mul = kK2 + len * 2;
  uint64_t a = Fetch64(s) * kK1;
  uint64_t b = Fetch64(s + 8);
  uint64_t c = Fetch64(s + len - 8) * mul;
  uint64_t d = Fetch64(s + len - 16) * kK2;
  return HashLen16(Rotate(a + b, 43) + Rotate(c, 30) + d, a + Rotate(b + kK2, 18) + c, mul);
}

uint64_t HashLen33To64(const uint8_t* s, uint64_t len) {
  uint64_t mul = kK2 + len * 2;
  uint64_t a = Fetch64(s) * kK2;
  uint64_t b = Fetch64(s + 8);
  uint64_t c = Fetch64(s + len - 8) * mul;
  uint64_t d = Fetch64(s + len - 16) * kK2;
  uint64_t y = Rotate(a + b, 43) + Rotate(c, 30) + d;
  uint64_t z = HashLen16(y, a + Rotate(b + kK2, 18) + c, mul);
  uint64_t e = Fetch64(s + 16) * mul;
  uint64_t f = Fetch64(s + 24);
  uint64_t g = (y + Fetch64(s + len - 32)) * mul;
  uint64_t h = (z + Fetch64(s + len - 24)) * mul;
  return HashLen16(Rotate(e + f, 43) + Rotate(g, 30) + h, e + Rotate(f + a, 18) + g, mul);
}

struct Pair {
  uint64_t first = 0;
  uint64_t second = 0;
};

// A 16-byte hash of the 32 bytes at s and two seeds; quick and weak, used inside the long-input rounds.
Pair WeakHashLen32WithSeeds(const uint8_t* s, uint64_t a, uint64_t b) {
  uint64_t w = Fetch64(s), x = Fetch64(s + 8), y = Fetch64(s + 16), z = Fetch64(s + 24);
  a += w;
  b = Rotate(b + a + z, 21);
  uint64_t c = a;
  a += x;
  a += y;
  b += Rotate(a, 44);
  return {a + z, b + c};
}

// The state of the long-input rounds.
struct LongState {
  uint64_t x, y, z;
  Pair v, w;

  void Round(const uint8_t* s, uint64_t mul, uint64_t w_mul) {
    x = Rotate(x + y + v.first + Fetch64(s + 8), 37) * mul;
    y = Rotate(y + v.second + Fetch64(s + 48), 42) * mul;
    x ^= w.second * w_mul;
    y += v.first * w_mul + Fetch64(s + 40);
    z = Rotate(z + w.first, 33) * mul;
    v = WeakHashLen32WithSeeds(s, v.second * mul, x + w.first);
    w = WeakHashLen32WithSeeds(s + 32, z + w.second, y + Fetch64(s + 16));
    std::swap(z, x);
  }
};

uint64_t HashLongerThan64(const uint8_t* s, uint64_t len) {
  constexpr uint64_t kSeed = 81;
  LongState st;
  st.y = kSeed * kK1 + 113;
  st.z = ShiftMix(st.y * kK2 + 113) * kK2;
  st.x = kSeed * kK2 + Fetch64(s);
  // The rounds leave 1 to 64 bytes, which the last round reads as the input's final 64 bytes.
  const uint8_t* end = s + ((len - 1) / 64) * 64;
  const uint8_t* last64 = end + ((len - 1) & 63) - 63;
  for (const uint8_t* p = s; p != end; p += 64) st.Round(p, kK1, 1);
  uint64_t mul = kK1 + ((st.z & 0xff) << 1);
  st.w.first += (len - 1) & 63;
  st.v.first += st.w.first;
  st.w.first += st.v.first;
  st.Round(last64, mul, 9);
  return HashLen16(HashLen16(st.v.first, st.w.first, mul) + ShiftMix(st.y) * kK0 + st.z,
                   HashLen16(st.v.second, st.w.second, mul) + st.x, mul);
}

}  // namespace

uint64_t FarmFingerprint64(std::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint64_t len = bytes.size();
  if (len <= 16) return HashLen0To16(s, len);
  if (len <= 32) return HashLen17To32(s, len);
  if (len <= 64) return HashLen33To64(s, len);
  return HashLongerThan64(s, len);
}

}  // namespace blueshift
