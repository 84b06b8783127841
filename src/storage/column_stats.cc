#include "storage/column_stats.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>

#include <immintrin.h>

#include "storage/typed_value.h"
#include "util/crc32c.h"
#include "util/hash.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace blueshift::storage {
namespace {

constexpr uint32_t kSketchVersion = 1;
constexpr size_t kMaxTracked = 4096;          // distinct values counted exactly per segment for the frequent list
constexpr size_t kMaxTrackedBytes = 1 << 20;  // ... holding at most this many bytes of values

}  // namespace

uint64_t SketchHash(PhysicalType type, const uint8_t* values, size_t i) {
  switch (type) {
    case PhysicalType::kBool:
      return HashInt(values[i]);
    case PhysicalType::kInt16:
      return HashInt(reinterpret_cast<const int16_t*>(values)[i]);
    case PhysicalType::kInt32:
      return HashInt(reinterpret_cast<const int32_t*>(values)[i]);
    case PhysicalType::kInt64:
      return HashInt(reinterpret_cast<const int64_t*>(values)[i]);
    case PhysicalType::kInt128:
      return HashInt128(reinterpret_cast<const __int128*>(values)[i]);
    case PhysicalType::kFloat: {
      double d = reinterpret_cast<const float*>(values)[i];
      if (d == 0) d = 0;  // -0.0 equals 0.0
      return HashBytes(&d, sizeof d);
    }
    case PhysicalType::kDouble: {
      double d = reinterpret_cast<const double*>(values)[i];
      if (d == 0) d = 0;
      return HashBytes(&d, sizeof d);
    }
    case PhysicalType::kString:
      return HashString(reinterpret_cast<const std::string_view*>(values)[i]);
  }
  return 0;
}

namespace {
template <typename T>
bool BuildDense(const ColumnData& col, ColumnSketch* out);
bool BuildOneByte(const ColumnData& col, ColumnSketch* out);
bool BuildFewStrings(const ColumnData& col, ColumnSketch* out);
}  // namespace

ColumnSketch ColumnSketch::Build(const ColumnData& col) {
  ColumnSketch dense;
  switch (col.type.physical()) {
    case PhysicalType::kBool:
      if (BuildDense<uint8_t>(col, &dense)) return dense;
      break;
    case PhysicalType::kInt16:
      if (BuildDense<int16_t>(col, &dense)) return dense;
      break;
    case PhysicalType::kInt32:
      if (BuildDense<int32_t>(col, &dense)) return dense;
      break;
    case PhysicalType::kInt64:
      if (BuildDense<int64_t>(col, &dense)) return dense;
      break;
    case PhysicalType::kString:
      if (BuildOneByte(col, &dense) || BuildFewStrings(col, &dense)) return dense;
      break;
    default:
      break;
  }
  // In blocks, as a streaming writer adds them: the same give-up rule whoever builds the sketch.
  constexpr size_t kBlock = 2048;
  ColumnSketchBuilder b(col.type);
  const size_t width = PhysicalWidth(col.type.physical());
  for (size_t at = 0; at < col.count; at += kBlock) {
    size_t n = std::min(kBlock, col.count - at);
    b.Add(ColumnSpan{col.type.physical(), col.values.data() + at * width, col.validity.data() + at,
                     static_cast<uint32_t>(n)});
  }
  return b.Finish();
}

namespace {

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

std::string_view BytesOf(const std::string_view& v) {
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

void KeyOf(float v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
  if (v == 0) v = 0;
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  *lo = bits;
  *hi = 0;
  *size = sizeof v;
}

void KeyOf(double v, uint64_t* lo, uint64_t* hi, uint32_t* size) {
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
bool AllValid(const ColumnSpan& rows) {
  return std::memchr(rows.validity, 0, rows.count) == nullptr;
}

// Where a key goes in a table of 2^bits entries. Two multiplies: with one, keys in an arithmetic progression
// (TPC-H's order keys) land in lattice patterns whose clusters make linear probing slow.
template <int kBits>
[[gnu::always_inline]] inline size_t TableIndex(uint64_t lo, uint64_t hi, uint32_t size) {
  uint64_t x = (lo ^ (hi * 0xff51afd7ed558ccdULL) ^ size) * 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ULL;
  return x >> (64 - kBits);
}

// Batched value hashing for the distinct-count sketch (AVX2, four values at a time): the hash of each valid row
// of a fixed-width column, the same bits as ValueHash (XXH3's 8-byte path over the value widened to int64, or
// over a float's or double's bits as a double with -0.0 as 0.0), added to the sketch. A hash whose rank cannot
// raise its register (its rank is at most the sketch's smallest register) is filtered in the vector; the rest
// go to HyperLogLog::Add. Repeated values are hashed again (cheaper than looking for them; adding a hash twice
// changes nothing).
bool HaveAvx2() {
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

template <typename T, bool kAllValid>
[[gnu::target("avx2")]] void HashIntoSketchAvx2(const T* values, const uint8_t* valid, size_t n, HyperLogLog* hll) {
  // A hash raises its register r only if its rank exceeds r, i.e. if the bits after the register index start
  // with at least r zeros: (h << p | guard) >> (64 - r) == 0 (true for r = 0: a shift by 64 gives 0). The
  // registers are read eight bytes at a time (a gather of the word holding each lane's register).
  const long long* words = reinterpret_cast<const long long*>(hll->registers());
  const __m256i guard = _mm256_set1_epi64x(uint64_t{1} << (HyperLogLog::kPrecision - 1));
  const __m256i zero = _mm256_setzero_si256();
  const __m256i seven = _mm256_set1_epi64x(7), byte = _mm256_set1_epi64x(0xff), bits = _mm256_set1_epi64x(64);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    __m256i h = Hash8x4(LoadWide(values + i));
    __m256i index = _mm256_srli_epi64(h, 64 - HyperLogLog::kPrecision);
    __m256i word = _mm256_i64gather_epi64(words, _mm256_srli_epi64(index, 3), 8);
    __m256i reg = _mm256_and_si256(_mm256_srlv_epi64(word, _mm256_slli_epi64(_mm256_and_si256(index, seven), 3)), byte);
    __m256i rest = _mm256_or_si256(_mm256_slli_epi64(h, HyperLogLog::kPrecision), guard);
    __m256i raises = _mm256_cmpeq_epi64(_mm256_srlv_epi64(rest, _mm256_sub_epi64(bits, reg)), zero);
    if constexpr (!kAllValid) {
      uint32_t w;
      std::memcpy(&w, valid + i, sizeof w);
      __m256i invalid = _mm256_cmpeq_epi64(_mm256_cvtepu8_epi64(_mm_cvtsi32_si128(static_cast<int>(w))), zero);
      raises = _mm256_andnot_si256(invalid, raises);
    }
    int mask = _mm256_movemask_pd(_mm256_castsi256_pd(raises));
    if (mask == 0) continue;
    alignas(32) uint64_t hashes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(hashes), h);
    for (; mask != 0; mask &= mask - 1) hll->Add(hashes[__builtin_ctz(mask)]);
  }
  for (; i < n; i++) {
    if (kAllValid || valid[i]) hll->Add(ValueHash(values[i]));
  }
}

}  // namespace

namespace {

// A whole integer column whose values lie within a window of kDenseRange (or of its row count, if smaller) and
// that has fewer than kMaxTracked distinct values (dates, flags, small counts and prices) is counted in an
// array indexed by value minus the window's base, centred on the first value: a row costs an increment, and
// each distinct value is hashed once. Where each value first appears (the tie order) is found afterwards, for
// the values that can make the frequent list only. The sketch is the one ColumnSketchBuilder builds from the
// same rows (every value is tracked there, so its counts are exact and counting never stops; ties go by first
// appearance in both). False (out untouched) as soon as a value falls outside the window or, looked at after
// kDenseCheckRows rows and at the end, the distinct values reach kMaxTracked; the builder then sketches the
// column.
constexpr size_t kDenseRange = 65536;
constexpr size_t kDenseCheckRows = 8192;

template <typename T, bool kAllValid>
bool BuildDenseRows(const ColumnData& col, size_t from, ColumnSketch* out) {
  using U = std::make_unsigned_t<T>;
  const T* values = col.data<T>();
  const uint8_t* valid = col.validity.data();
  const size_t n = col.count;
  const size_t window = std::min(kDenseRange, std::bit_ceil(n));
  // In unsigned (wrapping) arithmetic: a value v is base + k for k < window.
  const uint64_t base = static_cast<uint64_t>(static_cast<int64_t>(values[from])) - window / 2;
  auto key = [&](size_t i) { return static_cast<uint64_t>(static_cast<int64_t>(values[i])) - base; };
  std::vector<uint32_t> counts(window, 0);
  // The first kDenseCheckRows rows count their distinct values as they go, so that a column with too many
  // gives up early; the rest only increment.
  const size_t check_end = std::min(n, from + kDenseCheckRows);
  size_t distinct = 0;
  for (size_t i = from; i < check_end; i++) {
    if (!kAllValid && !valid[i]) continue;
    const uint64_t k = key(i);
    if (k >= window) return false;
    distinct += counts[k]++ == 0;
  }
  if (distinct >= kMaxTracked) return false;  // the builder would reach its cap
  for (size_t i = check_end; i < n; i++) {
    if (!kAllValid && !valid[i]) continue;
    const uint64_t k = key(i);
    if (k >= window) return false;
    counts[k]++;
  }
  // The keys counted, ascending.
  std::unique_ptr<uint32_t[]> present_keys(new uint32_t[window]);
  size_t num_present = 0;
  for (size_t k = 0; k < window; k++) {
    present_keys[num_present] = static_cast<uint32_t>(k);
    num_present += counts[k] != 0;
  }
  if (num_present >= kMaxTracked) return false;
  const std::span<const uint32_t> present(present_keys.get(), num_present);
  // The values that can make the frequent list: repeated ones counted at least as often as the
  // kMaxFrequent-th most frequent; their first rows decide ties.
  std::vector<uint32_t> repeated;
  for (uint32_t k : present) {
    if (counts[k] > 1) repeated.push_back(counts[k]);
  }
  const size_t keep = std::min(repeated.size(), ColumnSketch::kMaxFrequent);
  std::vector<uint32_t> candidates;
  if (keep > 0) {
    std::nth_element(repeated.begin(), repeated.begin() + (keep - 1), repeated.end(), std::greater<>());
    const uint32_t least = repeated[keep - 1];
    for (uint32_t k : present) {
      if (counts[k] > 1 && counts[k] >= least) candidates.push_back(k);
    }
  }
  // Each candidate's first row, from a scan that stops once all are found.
  static_assert(kMaxTracked < UINT16_MAX);  // candidates are fewer than the distinct values
  std::vector<uint16_t> slot(candidates.empty() ? 0 : window, UINT16_MAX);
  std::vector<uint32_t> first(candidates.size(), UINT32_MAX);
  for (size_t c = 0; c < candidates.size(); c++) slot[candidates[c]] = static_cast<uint16_t>(c);
  for (size_t i = from, left = candidates.size(); left > 0 && i < n; i++) {
    if (!kAllValid && !valid[i]) continue;
    const uint16_t c = slot[key(i)];
    if (c != UINT16_MAX && first[c] == UINT32_MAX) {
      first[c] = static_cast<uint32_t>(i);
      left--;
    }
  }
  std::vector<uint32_t> order(candidates.size());
  for (size_t c = 0; c < order.size(); c++) order[c] = static_cast<uint32_t>(c);
  std::partial_sort(order.begin(), order.begin() + keep, order.end(), [&](uint32_t a, uint32_t b) {
    const uint32_t ca = counts[candidates[a]], cb = counts[candidates[b]];
    return ca != cb ? ca > cb : first[a] < first[b];
  });
  auto value = [&](size_t k) { return static_cast<T>(static_cast<U>(base + k)); };
  ColumnSketch s;
  for (uint32_t k : present) s.distinct.Add(ValueHash(value(k)));
  for (size_t j = 0; j < keep; j++) {
    const uint32_t k = candidates[order[j]];
    T v = value(k);
    alignas(16) uint8_t raw[16] = {};
    std::memcpy(raw, &v, sizeof v);
    s.frequent.push_back({ValueAt(col.type, raw, 0), counts[k]});
  }
  *out = std::move(s);
  return true;
}

// BuildRows<true> if every row from the first valid one is valid, else BuildRows<false>; false if no row is.
template <template <bool> class BuildRows>
bool BuildValidRows(const ColumnData& col, ColumnSketch* out) {
  const uint8_t* valid = col.validity.data();
  const uint8_t* first_valid = static_cast<const uint8_t*>(std::memchr(valid, 1, col.count));
  if (first_valid == nullptr) return false;
  size_t from = first_valid - valid;
  if (std::memchr(valid + from, 0, col.count - from) == nullptr) return BuildRows<true>::Run(col, from, out);
  return BuildRows<false>::Run(col, from, out);
}

template <typename T>
struct DenseRows {
  template <bool kAllValid>
  struct Of {
    static bool Run(const ColumnData& col, size_t from, ColumnSketch* out) {
      return BuildDenseRows<T, kAllValid>(col, from, out);
    }
  };
};

template <typename T>
bool BuildDense(const ColumnData& col, ColumnSketch* out) {
  return BuildValidRows<DenseRows<T>::template Of>(col, out);
}

// The sketch of a column's distinct values given their counts and first rows (ties by first appearance), as
// the builder's when it tracks every value. value(k) is distinct value k; counts[k] == 0 skips k.
template <typename ValueOf>
ColumnSketch SketchOfCounts(const LogicalType& type, size_t n, const uint32_t* counts, const uint32_t* first,
                            const ValueOf& value) {
  ColumnSketch s;
  std::vector<uint32_t> repeated;
  for (size_t k = 0; k < n; k++) {
    if (counts[k] == 0) continue;
    s.distinct.Add(ValueHash(value(k)));
    if (counts[k] > 1) repeated.push_back(static_cast<uint32_t>(k));
  }
  size_t keep = std::min(repeated.size(), ColumnSketch::kMaxFrequent);
  std::partial_sort(repeated.begin(), repeated.begin() + keep, repeated.end(), [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : first[a] < first[b];
  });
  for (size_t j = 0; j < keep; j++) {
    std::string_view v = value(repeated[j]);
    s.frequent.push_back({ValueAt(type, reinterpret_cast<const uint8_t*>(&v), 0), counts[repeated[j]]});
  }
  return s;
}

// A whole string column whose values are at most one byte long (CHAR(1) flags) is counted in an array indexed
// by the byte (the empty string after the 256 bytes), as BuildDenseRows counts integers: a row costs an
// increment (first appearances are found afterwards). The sketch is the builder's (at most 257 distinct values:
// all tracked, counting never stops; ties by first appearance in both). False (out untouched) at the first
// longer value; the builder then sketches it.
template <bool kAllValid>
struct OneByteRows {
  static bool Run(const ColumnData& col, size_t from, ColumnSketch* out) {
    static constexpr size_t kEmpty = 256;
    static const std::array<char, 256> kBytes = [] {
      std::array<char, 256> bytes;
      for (size_t b = 0; b < 256; b++) bytes[b] = static_cast<char>(b);
      return bytes;
    }();
    const std::string_view* values = col.data<std::string_view>();
    const uint8_t* valid = col.validity.data();
    auto key = [&](size_t i) { return values[i].empty() ? kEmpty : static_cast<uint8_t>(values[i][0]); };
    std::array<uint32_t, kEmpty + 1> counts{}, first;
    for (size_t i = from; i < col.count; i++) {
      if (!kAllValid && !valid[i]) continue;
      if (values[i].size() > 1) return false;
      counts[key(i)]++;
    }
    // Where each value first appears (the tie order), from a scan that stops once all are found.
    first.fill(UINT32_MAX);
    size_t left = 0;
    for (uint32_t c : counts) left += c != 0;
    for (size_t i = from; left > 0; i++) {
      if (!kAllValid && !valid[i]) continue;
      uint32_t& f = first[key(i)];
      if (f == UINT32_MAX) {
        f = static_cast<uint32_t>(i);
        left--;
      }
    }
    *out = SketchOfCounts(col.type, counts.size(), counts.data(), first.data(),
                          [&](size_t k) { return k == kEmpty ? std::string_view() : std::string_view(&kBytes[k], 1); });
    return true;
  }
};

bool BuildOneByte(const ColumnData& col, ColumnSketch* out) {
  return BuildValidRows<OneByteRows>(col, out);
}

// A whole string column of at most kFewStrings distinct values, none longer than 32 bytes (CHAR codes, modes,
// statuses), is counted in a small table keyed by the whole value held inline: a string's size and four
// words of it that cover every byte (the first and last 8 and, past 16 bytes, those at 8 and at size - 16),
// so that a row costs a key, one multiply and a compare of the words, without reading the tracked bytes. The
// sketch is the builder's (that few values are all tracked and counting never stops). False (out untouched)
// at a longer value or one value too many; the builder then sketches the column.
constexpr size_t kFewStrings = 256;

template <bool kAllValid>
struct FewStringRows {
  struct Entry {
    uint64_t w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    uint32_t size = 0;
    uint32_t count = 0;  // 0: empty
    uint32_t first = 0;  // the row it was first met in
  };
  static constexpr int kBits = 9;  // 512 entries, at most half full

  enum class Outcome { kCounted, kGiveUp, kOtherSize };

  // Counts the rows from `from` into table. kWords 0: any size up to 32 bytes; 2: every row of `size` bytes, 8
  // to 15 (a CHAR column's rows are all of one size): its first and last 8 bytes are the key, the size is not
  // compared; 4: every row of `size` bytes, 16 to 32: its first and last 16. kOtherSize: a row of another size
  // was met.
  template <int kWords>
  static Outcome Count(const ColumnData& col, size_t from, size_t size, std::vector<Entry>* table) {
    const std::string_view* values = col.data<std::string_view>();
    const uint8_t* valid = col.validity.data();
    Entry* entries = table->data();
    size_t distinct = 0;
    for (size_t i = from; i < col.count; i++) {
      if (!kAllValid && !valid[i]) continue;
      const char* p = values[i].data();
      const size_t n = values[i].size();
      if (kWords != 0 && n != size) return Outcome::kOtherSize;
      if constexpr (kWords == 4) {
        // The key's first and last 16 bytes (w0 w1 and w2 w3), compared 16 at a time.
        const __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i tail = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
        const uint64_t w0 = Load<uint64_t>(p), w3 = Load<uint64_t>(p + n - 8);
        const uint64_t x = (w0 ^ std::rotr(w3, 29) ^ n) * 0x9e3779b97f4a7c15ULL;
        for (size_t j = x >> (64 - kBits);; j = (j + 1) & ((size_t{1} << kBits) - 1)) {
          Entry& e = entries[j];
          const __m128i same =
              _mm_and_si128(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&e.w0)), head),
                            _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&e.w2)), tail));
          if (_mm_movemask_epi8(same) == 0xFFFF && e.count != 0) {
            e.count++;
            break;
          }
          if (e.count != 0) continue;
          if (++distinct > kFewStrings) return Outcome::kGiveUp;
          e = Entry{w0, Load<uint64_t>(p + 8),   Load<uint64_t>(p + n - 16), w3, static_cast<uint32_t>(n),
                    1,  static_cast<uint32_t>(i)};
          break;
        }
        continue;
      }
      uint64_t w0, w1 = 0, w2 = 0, w3 = 0;
      if (kWords == 0 && n >= 16) {
        if (n > 32) return Outcome::kGiveUp;
        w0 = Load<uint64_t>(p);
        w1 = Load<uint64_t>(p + 8);
        w2 = Load<uint64_t>(p + n - 16);
        w3 = Load<uint64_t>(p + n - 8);
      } else if (kWords == 2 || n >= 8) {
        w0 = Load<uint64_t>(p);
        w3 = Load<uint64_t>(p + n - 8);
      } else {
        uint32_t key_size;
        KeyOf(values[i], &w0, &w1, &key_size);  // exact below 8 bytes, with the size
      }
      const uint64_t x = (w0 ^ std::rotr(w3, 29) ^ n) * 0x9e3779b97f4a7c15ULL;  // w0 and w3 cover short strings
      for (size_t j = x >> (64 - kBits);; j = (j + 1) & ((size_t{1} << kBits) - 1)) {
        Entry& e = entries[j];
        uint64_t differ = (e.w0 ^ w0) | (e.w3 ^ w3);
        if constexpr (kWords != 2) differ |= (e.w1 ^ w1) | (e.w2 ^ w2);
        if constexpr (kWords == 0) differ |= e.size ^ n;
        if (differ == 0 && e.count != 0) {
          e.count++;
          break;
        }
        if (e.count != 0) continue;
        if (++distinct > kFewStrings) return Outcome::kGiveUp;
        e = Entry{w0, w1, w2, w3, static_cast<uint32_t>(n), 1, static_cast<uint32_t>(i)};
        break;
      }
    }
    return Outcome::kCounted;
  }

  static bool Run(const ColumnData& col, size_t from, ColumnSketch* out) {
    const std::string_view* values = col.data<std::string_view>();
    std::vector<Entry> table(size_t{1} << kBits);
    // Rows all of the first row's size, 8 to 32 bytes (CHAR(8) to CHAR(32)), take a loop that compares two words
    // or two 16-byte vectors.
    const size_t size = values[from].size();
    Outcome counted = size >= 16 && size <= 32 ? Count<4>(col, from, size, &table)
                      : size >= 8              ? Count<2>(col, from, size, &table)
                                               : Count<0>(col, from, size, &table);
    if (counted == Outcome::kOtherSize) {
      table.assign(table.size(), Entry{});
      counted = Count<0>(col, from, size, &table);
    }
    if (counted != Outcome::kCounted) return false;
    std::vector<uint32_t> counts, first;
    for (const Entry& e : table) {
      counts.push_back(e.count);
      first.push_back(e.first);
    }
    *out =
        SketchOfCounts(col.type, table.size(), counts.data(), first.data(), [&](size_t k) { return values[first[k]]; });
    return true;
  }
};

bool BuildFewStrings(const ColumnData& col, ColumnSketch* out) {
  return BuildValidRows<FewStringRows>(col, out);
}

}  // namespace

namespace {

// f(T{}) for the C++ type T a column of the physical type holds (booleans as uint8_t).
template <typename F>
void WithValueType(PhysicalType type, const F& f) {
  switch (type) {
    case PhysicalType::kBool:
      return f(uint8_t{});
    case PhysicalType::kInt16:
      return f(int16_t{});
    case PhysicalType::kInt32:
      return f(int32_t{});
    case PhysicalType::kInt64:
      return f(int64_t{});
    case PhysicalType::kInt128:
      return f(__int128{});
    case PhysicalType::kFloat:
      return f(float{});
    case PhysicalType::kDouble:
      return f(double{});
    case PhysicalType::kString:
      return f(std::string_view{});
  }
}

}  // namespace

void AddValueHashes(const ColumnSpan& rows, HyperLogLog* hll) {
  auto add = [&](auto tag) {
    using T = decltype(tag);
    const T* values = rows.data<T>();
    const bool all_valid = AllValid(rows);
    if constexpr (kBatchHashable<T>) {
      if (HaveAvx2()) {
        if (all_valid) return HashIntoSketchAvx2<T, true>(values, rows.validity, rows.count, hll);
        return HashIntoSketchAvx2<T, false>(values, rows.validity, rows.count, hll);
      }
    }
    for (size_t i = 0; i < rows.count; i++) {
      if (all_valid || rows.validity[i]) hll->Add(ValueHash(values[i]));
    }
  };
  WithValueType(rows.type, add);
}

std::string_view ColumnSketchBuilder::Tracked(const Slot& slot) const {
  size_t begin = offsets_[slot.index];
  size_t end = slot.index + 1 < offsets_.size() ? offsets_[slot.index + 1] : values_.size();
  return std::string_view(values_.data() + begin, end - begin);
}

bool ColumnSketchBuilder::Full() const {
  return offsets_.size() >= kMaxTracked || values_.size() >= kMaxTrackedBytes;
}

// Counts each valid row into its tracked value's slot. A value met for the first time is hashed into the
// distinct-count sketch and tracked while there is room; an untracked one is hashed at every row. Values of
// at most 8 bytes have keys that differ only in `lo`.
template <typename T>
void ColumnSketchBuilder::Count(const ColumnSpan& rows) {
  if (AllValid(rows)) return CountRows<T, true>(rows);
  CountRows<T, false>(rows);
}

template <typename T, bool kAllValid>
void ColumnSketchBuilder::CountRows(const ColumnSpan& rows) {
  constexpr bool kString = std::is_same_v<T, std::string_view>;
  constexpr bool kNarrow = !kString && sizeof(T) <= 8;
  const T* values = rows.data<T>();
  const uint8_t* valid = rows.validity;
  Slot* slots = slots_.data();
  uint64_t counted = 0;
  // Once the tracked values are at their cap (which lasts), rows of other fixed-width values are hashed after
  // the loop, four at a time.
  T* untracked = nullptr;
  size_t num_untracked = 0;
  if constexpr (kBatchHashable<T>) {
    if (Full() && HaveAvx2()) {
      untracked_.resize(rows.count);
      untracked = reinterpret_cast<T*>(untracked_.data());
    }
  }
  for (size_t i = 0; i < rows.count; i++) {
    if (!kAllValid && !valid[i]) continue;
    const T& v = values[i];
    uint64_t lo, hi;
    uint32_t size;
    KeyOf(v, &lo, &hi, &size);
    for (size_t j = TableIndex<kSlotBits>(lo, hi, size);; j = (j + 1) & (kSlots - 1)) {
      Slot& s = slots[j];
      if (s.lo == lo && (kNarrow || (s.hi == hi && s.size == size)) && s.count != 0) {
        if constexpr (kString) {
          // A key covers a string of up to 16 bytes; a longer one is compared with the tracked value's bytes.
          if (size > 16 && !SameMiddle(Tracked(s).data(), v.data(), size)) continue;
        }
        s.count++;
        counted++;
        break;
      }
      if (s.count != 0) continue;
      if (kBatchHashable<T> && untracked) {
        untracked[num_untracked++] = v;
        break;
      }
      distinct_.Add(ValueHash(v));
      if (!Full()) {
        s = Slot{lo, hi, 1, size, static_cast<uint32_t>(offsets_.size())};
        offsets_.push_back(static_cast<uint32_t>(values_.size()));
        values_.append(BytesOf(v));
        counted++;
      }
      break;
    }
  }
  if constexpr (kBatchHashable<T>) {
    if (num_untracked > 0) HashIntoSketchAvx2<T, true>(untracked, nullptr, num_untracked, &distinct_);
  }
  counted_ += counted;
}

// Adds each valid row's hash to the distinct-count sketch, skipping a row equal to the row before it (runs
// are common in sorted and low-cardinality columns; strings are not compared, that would cost about as much
// as hashing them) and, while it pays, a row whose value is in seen_.
template <typename T>
void ColumnSketchBuilder::HashOnly(const ColumnSpan& rows) {
  if (kBatchHashable<T> && HaveAvx2()) return AddValueHashes(rows, &distinct_);
  if (use_seen_ && seen_.empty()) seen_.resize(size_t{1} << kSeenBits);
  if (AllValid(rows)) return use_seen_ ? HashRows<T, true, true>(rows) : HashRows<T, true, false>(rows);
  return use_seen_ ? HashRows<T, false, true>(rows) : HashRows<T, false, false>(rows);
}

template <typename T, bool kAllValid, bool kSeen>
void ColumnSketchBuilder::HashRows(const ColumnSpan& rows) {
  constexpr bool kString = std::is_same_v<T, std::string_view>;
  constexpr bool kNarrow = !kString && sizeof(T) <= 8;
  const T* values = rows.data<T>();
  const uint8_t* valid = rows.validity;
  Seen* seen = seen_.data();
  bool have_last = false;
  T last{};
  uint64_t looked = 0, hits = 0;
  for (size_t i = 0; i < rows.count; i++) {
    if (!kAllValid && !valid[i]) continue;
    const T& v = values[i];
    if constexpr (!kString) {
      if (have_last && v == last) continue;
      last = v;
      have_last = true;
    }
    if constexpr (kSeen) {
      uint64_t lo, hi;
      uint32_t size;
      KeyOf(v, &lo, &hi, &size);
      Seen& e = seen[TableIndex<kSeenBits>(lo, hi, size)];
      looked++;
      if (e.lo == lo && (kNarrow || (e.hi == hi && e.size == size && (!kString || size <= 16))) &&
          e.size != UINT32_MAX) {
        hits++;
        continue;
      }
      if (!kString || size <= 16) e = Seen{lo, hi, size};
    }
    distinct_.Add(ValueHash(v));
  }
  if (!kSeen) return;
  seen_rows_ += looked;
  seen_hits_ += hits;
  if (seen_rows_ >= kSeenTrialRows && seen_hits_ * kSeenMinHitRatio < seen_rows_) {
    use_seen_ = false;
    seen_ = {};
  }
}

void ColumnSketchBuilder::Add(const ColumnSpan& rows) {
  if (slots_.empty() && counting_) slots_.resize(kSlots);
  const bool was_full = counting_ && Full();
  const uint64_t counted_before = counted_;
  AddTyped(rows);
  if (!was_full) return;
  full_rows_ += rows.count;
  full_counted_ += counted_ - counted_before;
  if (full_rows_ >= kGiveUpRows && full_counted_ * kGiveUpRatio < full_rows_) {
    counting_ = false;  // the values stay in the distinct-count sketch
    slots_ = {};
    values_ = {};
    offsets_ = {};
    untracked_ = {};
  }
}

void ColumnSketchBuilder::AddTyped(const ColumnSpan& rows) {
  auto add = [&](auto tag) {
    using T = decltype(tag);
    if (counting_) {
      Count<T>(rows);
    } else {
      HashOnly<T>(rows);
    }
  };
  WithValueType(type_.physical(), add);
}

ColumnSketch ColumnSketchBuilder::Finish() const {
  ColumnSketch s;
  s.distinct = distinct_;
  std::vector<const Slot*> top;
  for (const Slot& slot : slots_) {
    if (slot.count > 1) top.push_back(&slot);
  }
  size_t keep = std::min(top.size(), ColumnSketch::kMaxFrequent);
  std::partial_sort(top.begin(), top.begin() + keep, top.end(), [](const Slot* a, const Slot* b) {
    return a->count != b->count ? a->count > b->count : a->index < b->index;
  });
  for (size_t k = 0; k < keep; k++) {
    std::string_view bytes = Tracked(*top[k]);
    Value v;
    if (type_.physical() == PhysicalType::kString) {
      v = ValueAt(type_, reinterpret_cast<const uint8_t*>(&bytes), 0);
    } else {
      alignas(16) uint8_t raw[16] = {};
      std::memcpy(raw, bytes.data(), bytes.size());
      v = ValueAt(type_, raw, 0);
    }
    s.frequent.push_back({std::move(v), top[k]->count});
  }
  return s;
}

std::string SegmentSketch::Serialize(const std::vector<LogicalType>& types) const {
  ByteWriter w;
  w.U32(kSketchVersion);
  w.U32(static_cast<uint32_t>(columns.size()));
  for (size_t c = 0; c < columns.size(); c++) {
    columns[c].distinct.Serialize(&w);
    w.U8(static_cast<uint8_t>(columns[c].frequent.size()));
    for (const FrequentValue& f : columns[c].frequent) {
      w.U64(f.count);
      PutTypedValue(f.value, types[c], &w);
    }
  }
  w.U32(Crc32c(w.data()));
  return w.Release();
}

Result<std::shared_ptr<const SegmentSketch>> SegmentSketch::Deserialize(std::string_view bytes,
                                                                        const std::vector<LogicalType>& types) {
  auto corrupt = [](const std::string& why) {
    return Status(ErrorCode::kDataCorrupted, "segment statistics section is damaged: " + why);
  };
  if (bytes.size() < 12) return corrupt("too short");
  uint32_t crc;
  std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
  if (Crc32c(bytes.substr(0, bytes.size() - 4)) != crc) return corrupt("checksum mismatch");
  ByteReader r(bytes.substr(0, bytes.size() - 4));
  if (r.U32() != kSketchVersion) return corrupt("unknown version");
  uint32_t n = r.U32();
  if (n != types.size()) return corrupt("column count differs from the segment's");
  auto out = std::make_shared<SegmentSketch>();
  out->columns.resize(n);
  for (uint32_t c = 0; c < n; c++) {
    if (!out->columns[c].distinct.Deserialize(&r)) return corrupt("bad distinct-count sketch");
    uint8_t k = r.U8();
    for (uint8_t j = 0; j < k && r.ok(); j++) {
      FrequentValue f;
      f.count = r.U64();
      f.value = GetTypedValue(types[c], &r);
      out->columns[c].frequent.push_back(std::move(f));
    }
  }
  if (!r.ok() || r.remaining() != 0) return corrupt("truncated or trailing bytes");
  return std::shared_ptr<const SegmentSketch>(std::move(out));
}

}  // namespace blueshift::storage
