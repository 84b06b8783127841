#pragma once

// The pieces the column sketches (column_stats.cc) and their whole-column counters
// (column_sketch_counts.cc) share: the value hash of each type inlined, value keys for exact counting
// tables, and the batched AVX2 and AVX-512 hashing into a HyperLogLog. Internal to the storage module.

#include <algorithm>
#include <bit>
#include <cstring>
#include <string_view>
#include <type_traits>

// GCC 12's AVX-512 intrinsics pass an uninitialized vector (_mm512_undefined_*) that -Wmaybe-uninitialized flags
// where they are inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#include "storage/column_stats.h"
#include "util/hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace blueshift::storage::sketch_internal {

constexpr uint32_t kSketchVersion = 1;
constexpr size_t kMaxTracked = 4096;          // distinct values counted exactly per segment for the frequent list
constexpr size_t kMaxTrackedBytes = 1 << 20;  // ... holding at most this many bytes of values

// XXH3_64bits_withSeed(&v, 8, 0) (HashInt's value) by the path it takes for 8 bytes, always inlined: the
// public function is too large for the compiler to inline at every use.
[[gnu::always_inline]] inline uint64_t Hash8(const void* v) {
  return XXH3_len_4to8_64b(static_cast<const xxh_u8*>(v), 8, XXH3_kSecret, 0);
}

[[gnu::always_inline]] inline uint64_t HashInt64(int64_t v) {
  return Hash8(&v);
}

// HashString's value: XXH3_64bits_withSeed(v, 0) by the paths it takes for up to 128 bytes, inlined (the
// public function is not).
[[gnu::always_inline]] inline uint64_t HashStringValue(std::string_view v) {
  const auto* p = reinterpret_cast<const xxh_u8*>(v.data());
  if (v.size() <= 16) return XXH3_len_0to16_64b(p, v.size(), XXH3_kSecret, 0);
  if (v.size() <= 128) return XXH3_len_17to128_64b(p, v.size(), XXH3_kSecret, sizeof(XXH3_kSecret), 0);
  return XXH3_64bits_withSeed(v.data(), v.size(), 0);
}

[[gnu::always_inline]] inline uint64_t HashFloat(double d) {
  if (d == 0) d = 0;  // -0.0 equals 0.0
  return Hash8(&d);
}

inline std::string_view BytesOf(const std::string_view& v) {
  return v;
}

template <typename T>
std::string_view BytesOf(const T& v) {
  return std::string_view(reinterpret_cast<const char*>(&v), sizeof v);
}

// The value hash (docs/format/statistics.md) of each physical type, inlined where the width is known.
template <typename T>
[[gnu::always_inline]] inline uint64_t ValueHash(const T& v) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return HashStringValue(v);
  } else if constexpr (std::is_same_v<T, __int128>) {
    return HashInt128(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    return HashFloat(v);
  } else {
    return HashInt64(v);
  }
}

// A value's key: its bits zero-extended to 128 (a float's or double's with -0.0 as 0.0, which hash alike), and
// its size. Equal keys mean equal values.
template <typename T>
void KeyOf(const T& v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  static_assert(sizeof(T) <= 16);
  uint64_t w[2] = {0, 0};
  std::memcpy(w, &v, sizeof(T));
  *lo = w[0];
  *hi = w[1];
  *size = sizeof(T);
}

inline void KeyOf(float v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  if (v == 0) v = 0;
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  *lo = bits;
  *hi = 0;
  *size = sizeof v;
}

inline void KeyOf(double v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  if (v == 0) v = 0;
  std::memcpy(lo, &v, sizeof v);
  *hi = 0;
  *size = sizeof v;
}

template <typename W>
uint64_t Load(const char* p) {
  W w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// A string's size and its first and last 8 bytes (overlapping when shorter than 16): for strings of up to 16
// bytes, equal keys mean equal strings.
[[gnu::always_inline]] inline void KeyOf(std::string_view v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  const char* p = v.data();
  const size_t n = v.size();
  *size = static_cast<uint32_t>(std::min<size_t>(n, UINT32_MAX - 1));
  if (n >= 8) {
    *lo = Load<uint64_t>(p);
    *hi = Load<uint64_t>(p + n - 8);
  } else if (n >= 4) {
    *lo = Load<uint32_t>(p) | Load<uint32_t>(p + n - 4) << 32;
    *hi = 0;
  } else {
    *lo = n == 0 ? 0
                 : static_cast<uint8_t>(p[0]) | uint64_t{static_cast<uint8_t>(p[n / 2])} << 8 |
                       uint64_t{static_cast<uint8_t>(p[n - 1])} << 16;
    *hi = 0;
  }
}

// Whether strings a and b of n bytes, whose first and last 8 bytes are equal, are equal.
// Inlined for up to 32 bytes (CHAR(25) and the like): the words at 8 and at n - 16 cover the middle.
[[gnu::always_inline]] inline bool SameMiddle(const char* a, const char* b, size_t n) {
  if (n <= 16) return true;
  if (n <= 32) {
    return ((Load<uint64_t>(a + 8) ^ Load<uint64_t>(b + 8)) |
            (Load<uint64_t>(a + n - 16) ^ Load<uint64_t>(b + n - 16))) == 0;
  }
  if (n > 64) return std::memcmp(a + 8, b + 8, n - 16) == 0;
  for (size_t i = 8; i < n - 8; i += 8) {
    size_t at = std::min(i, n - 16);  // the last word may overlap the one before
    if (Load<uint64_t>(a + at) != Load<uint64_t>(b + at)) return false;
  }
  return true;
}

// Whether every row of the span is valid (NOT NULL columns, most blocks of others).
inline bool AllValid(const ColumnSpan& rows) {
  return std::memchr(rows.validity, 0, rows.count) == nullptr;
}

// Where a key goes in a table of 2^bits entries. Two multiplies: with one, keys in an arithmetic progression
// (TPC-H's order keys) land in lattice patterns whose clusters make linear probing slow.
// REQUIRES: 0 < bits < 64.
[[gnu::always_inline]] inline size_t TableIndex(uint64_t lo, uint64_t hi, uint32_t size, int bits) {
  uint64_t x = (lo ^ (hi * 0xff51afd7ed558ccdULL) ^ size) * 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ULL;
  return x >> (64 - bits);
}
template <int kBits>
[[gnu::always_inline]] inline size_t TableIndex(uint64_t lo, uint64_t hi, uint32_t size) {
  return TableIndex(lo, hi, size, kBits);
}

// Batched value hashing for the distinct-count sketch (AVX2, four values at a time): the hash of each valid row
// of a fixed-width column, the same bits as ValueHash (XXH3's 8-byte path over the value widened to int64, or
// over a float's or double's bits as a double with -0.0 as 0.0), added to the sketch. A hash whose rank cannot
// raise its register (its rank is at most the sketch's smallest register) is filtered in the vector; the rest
// go to HyperLogLog::Add. Repeated values are hashed again (cheaper than looking for them; adding a hash twice
// changes nothing).
inline bool HaveAvx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

template <typename T>
constexpr bool kBatchHashable = std::is_arithmetic_v<T> && sizeof(T) <= 8;

// Four values from p widened to int64 lanes (floats and doubles: the bits of the value as a double).
template <typename T>
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i LoadWide(const T* p) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    __m256i bits;
    if constexpr (std::is_same_v<T, float>) {
      bits = _mm256_castpd_si256(_mm256_cvtps_pd(_mm_loadu_ps(p)));
    } else {
      bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    }
    __m256i zero = _mm256_cmpeq_epi64(_mm256_slli_epi64(bits, 1), _mm256_setzero_si256());  // 0.0 or -0.0
    return _mm256_andnot_si256(zero, bits);
  } else if constexpr (sizeof(T) == 8) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  } else if constexpr (sizeof(T) == 4) {
    return _mm256_cvtepi32_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  } else if constexpr (sizeof(T) == 2) {
    return _mm256_cvtepi16_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  } else {
    static_assert(std::is_unsigned_v<T>);  // booleans as uint8_t: zero-extended, as ValueHash does
    uint32_t w;
    std::memcpy(&w, p, sizeof w);
    return _mm256_cvtepu8_epi64(_mm_cvtsi32_si128(static_cast<int>(w)));
  }
}

// x * k in each 64-bit lane (AVX2 multiplies 32 by 32 bits).
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i Mul64(__m256i x, uint64_t k) {
  const __m256i k_lo = _mm256_set1_epi64x(static_cast<uint32_t>(k));
  const __m256i k_hi = _mm256_set1_epi64x(k >> 32);
  __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(_mm256_srli_epi64(x, 32), k_lo), _mm256_mul_epu32(x, k_hi));
  return _mm256_add_epi64(_mm256_mul_epu32(x, k_lo), _mm256_slli_epi64(cross, 32));
}

[[gnu::target("avx2"), gnu::always_inline]] inline __m256i Rotl64(__m256i x, int r) {
  return _mm256_or_si256(_mm256_slli_epi64(x, r), _mm256_srli_epi64(x, 64 - r));
}

// XXH3_len_4to8_64b(v, 8, XXH3_kSecret, 0) of each lane (Hash8).
[[gnu::target("avx2"), gnu::always_inline]] inline __m256i Hash8x4(__m256i v) {
  uint64_t secret8, secret16;
  std::memcpy(&secret8, XXH3_kSecret + 8, 8);
  std::memcpy(&secret16, XXH3_kSecret + 16, 8);
  const __m256i bitflip = _mm256_set1_epi64x(static_cast<int64_t>(secret8 ^ secret16));
  constexpr uint64_t kPrime = 0x9FB21C651E98DF25ULL;
  // input64 = high half + (low half << 32), keyed.
  __m256i h = _mm256_xor_si256(_mm256_shuffle_epi32(v, 0xB1), bitflip);
  // XXH3_rrmxmx(h, 8)
  h = _mm256_xor_si256(h, _mm256_xor_si256(Rotl64(h, 49), Rotl64(h, 24)));
  h = Mul64(h, kPrime);
  h = _mm256_xor_si256(h, _mm256_add_epi64(_mm256_srli_epi64(h, 35), _mm256_set1_epi64x(8)));
  h = Mul64(h, kPrime);
  return _mm256_xor_si256(h, _mm256_srli_epi64(h, 28));
}

// Adds to *hll the lanes of h (of the four rows at valid4, unless kAllValid) whose hash raises its register. A
// hash raises its register r only if its rank exceeds r, i.e. if the bits after the register index start with
// at least r zeros: (h << p | guard) >> (64 - r) == 0 (true for r = 0: a shift by 64 gives 0). The registers are
// read eight bytes at a time (a gather of the word holding each lane's register).
template <bool kAllValid>
[[gnu::target("avx2"), gnu::always_inline]] inline void AddRaising4(__m256i h, const uint8_t* valid4,
                                                                    HyperLogLog* hll) {
  const long long* words = reinterpret_cast<const long long*>(hll->registers());
  const __m256i guard = _mm256_set1_epi64x(uint64_t{1} << (HyperLogLog::kPrecision - 1));
  const __m256i zero = _mm256_setzero_si256();
  const __m256i seven = _mm256_set1_epi64x(7), byte = _mm256_set1_epi64x(0xff), bits = _mm256_set1_epi64x(64);
  __m256i index = _mm256_srli_epi64(h, 64 - HyperLogLog::kPrecision);
  __m256i word = _mm256_i64gather_epi64(words, _mm256_srli_epi64(index, 3), 8);
  __m256i reg = _mm256_and_si256(_mm256_srlv_epi64(word, _mm256_slli_epi64(_mm256_and_si256(index, seven), 3)), byte);
  __m256i rest = _mm256_or_si256(_mm256_slli_epi64(h, HyperLogLog::kPrecision), guard);
  __m256i raises = _mm256_cmpeq_epi64(_mm256_srlv_epi64(rest, _mm256_sub_epi64(bits, reg)), zero);
  if constexpr (!kAllValid) {
    uint32_t w;
    std::memcpy(&w, valid4, sizeof w);
    __m256i invalid = _mm256_cmpeq_epi64(_mm256_cvtepu8_epi64(_mm_cvtsi32_si128(static_cast<int>(w))), zero);
    raises = _mm256_andnot_si256(invalid, raises);
  }
  int mask = _mm256_movemask_pd(_mm256_castsi256_pd(raises));
  if (mask == 0) return;
  alignas(32) uint64_t hashes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(hashes), h);
  for (; mask != 0; mask &= mask - 1) hll->Add(hashes[__builtin_ctz(mask)]);
}

template <typename T, bool kAllValid>
[[gnu::target("avx2")]] void HashIntoSketchAvx2(const T* values, const uint8_t* valid, size_t n, HyperLogLog* hll) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    AddRaising4<kAllValid>(Hash8x4(LoadWide(values + i)), kAllValid ? nullptr : valid + i, hll);
  }
  for (; i < n; i++) {
    if (kAllValid || valid[i]) hll->Add(ValueHash(values[i]));
  }
}

// Adds hashes[0, n) to *hll, those that cannot raise their register filtered out four at a time where the CPU
// has AVX2 (strings: hashing them a block at a time and then adding the hashes this way costs less than
// adding each).
[[gnu::target("avx2")]] inline void AddHashesAvx2(const uint64_t* hashes, size_t n, HyperLogLog* hll) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    AddRaising4<true>(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(hashes + i)), nullptr, hll);
  }
  for (; i < n; i++) hll->Add(hashes[i]);
}

inline void AddHashes(const uint64_t* hashes, size_t n, HyperLogLog* hll) {
  if (HaveAvx2()) return AddHashesAvx2(hashes, n, hll);
  for (size_t i = 0; i < n; i++) hll->Add(hashes[i]);
}

// The same eight values at a time where the CPU has AVX-512 (F and DQ: 64-bit multiplies and rotates in one
// instruction each).
inline bool HaveAvx512() {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return yes;
}

// Eight values from p widened to int64 lanes, as LoadWide.
template <typename T>
[[gnu::target("avx512f,avx512dq"), gnu::always_inline]] inline __m512i LoadWide8(const T* p) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, float>) {
    __m512i bits;
    if constexpr (std::is_same_v<T, float>) {
      bits = _mm512_castpd_si512(_mm512_cvtps_pd(_mm256_loadu_ps(p)));
    } else {
      bits = _mm512_loadu_si512(p);
    }
    const __mmask8 zero = _mm512_cmpeq_epi64_mask(_mm512_slli_epi64(bits, 1), _mm512_setzero_si512());
    return _mm512_maskz_mov_epi64(static_cast<__mmask8>(~zero), bits);
  } else if constexpr (sizeof(T) == 8) {
    return _mm512_loadu_si512(p);
  } else if constexpr (sizeof(T) == 4) {
    return _mm512_cvtepi32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  } else if constexpr (sizeof(T) == 2) {
    return _mm512_cvtepi16_epi64(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  } else {
    static_assert(std::is_unsigned_v<T>);
    return _mm512_cvtepu8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  }
}

// Hash8x4 of eight lanes.
[[gnu::target("avx512f,avx512dq"), gnu::always_inline]] inline __m512i Hash8x8(__m512i v) {
  uint64_t secret8, secret16;
  std::memcpy(&secret8, XXH3_kSecret + 8, 8);
  std::memcpy(&secret16, XXH3_kSecret + 16, 8);
  const __m512i bitflip = _mm512_set1_epi64(static_cast<int64_t>(secret8 ^ secret16));
  const __m512i prime = _mm512_set1_epi64(static_cast<int64_t>(0x9FB21C651E98DF25ULL));
  __m512i h = _mm512_xor_si512(_mm512_rol_epi64(v, 32), bitflip);
  h = _mm512_xor_si512(h, _mm512_xor_si512(_mm512_rol_epi64(h, 49), _mm512_rol_epi64(h, 24)));
  h = _mm512_mullo_epi64(h, prime);
  h = _mm512_xor_si512(h, _mm512_add_epi64(_mm512_srli_epi64(h, 35), _mm512_set1_epi64(8)));
  h = _mm512_mullo_epi64(h, prime);
  return _mm512_xor_si512(h, _mm512_srli_epi64(h, 28));
}

// HashIntoSketchAvx2, eight at a time.
template <typename T, bool kAllValid>
[[gnu::target("avx512f,avx512dq")]] void HashIntoSketchAvx512(const T* values, const uint8_t* valid, size_t n,
                                                              HyperLogLog* hll) {
  const uint8_t* registers = hll->registers();
  const __m512i guard = _mm512_set1_epi64(uint64_t{1} << (HyperLogLog::kPrecision - 1));
  const __m512i seven = _mm512_set1_epi64(7), byte = _mm512_set1_epi64(0xff), bits = _mm512_set1_epi64(64);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512i h = Hash8x8(LoadWide8(values + i));
    const __m512i index = _mm512_srli_epi64(h, 64 - HyperLogLog::kPrecision);
    const __m512i word = _mm512_i64gather_epi64(_mm512_srli_epi64(index, 3), registers, 8);
    const __m512i reg =
        _mm512_and_si512(_mm512_srlv_epi64(word, _mm512_slli_epi64(_mm512_and_si512(index, seven), 3)), byte);
    const __m512i rest = _mm512_or_si512(_mm512_slli_epi64(h, HyperLogLog::kPrecision), guard);
    __mmask8 raises =
        _mm512_cmpeq_epi64_mask(_mm512_srlv_epi64(rest, _mm512_sub_epi64(bits, reg)), _mm512_setzero_si512());
    if constexpr (!kAllValid) {
      const __m512i ok = _mm512_cvtepu8_epi64(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(valid + i)));
      raises &= _mm512_test_epi64_mask(ok, ok);
    }
    if (raises == 0) continue;
    alignas(64) uint64_t hashes[8];
    _mm512_store_si512(hashes, h);
    for (unsigned mask = raises; mask != 0; mask &= mask - 1) hll->Add(hashes[__builtin_ctz(mask)]);
  }
  for (; i < n; i++) {
    if (kAllValid || valid[i]) hll->Add(ValueHash(values[i]));
  }
}

// The batched hashing of the widest kind the CPU has; false (nothing added) when it has neither.
template <typename T, bool kAllValid>
bool HashIntoSketch(const T* values, const uint8_t* valid, size_t n, HyperLogLog* hll) {
  if (HaveAvx512()) {
    HashIntoSketchAvx512<T, kAllValid>(values, valid, n, hll);
  } else if (HaveAvx2()) {
    HashIntoSketchAvx2<T, kAllValid>(values, valid, n, hll);
  } else {
    return false;
  }
  return true;
}

}  // namespace blueshift::storage::sketch_internal
