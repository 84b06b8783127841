// Whole-column counters of ColumnSketch::Build: columns whose distinct values fit a small array or table are
// counted exactly there, each distinct value hashed once, giving the sketch ColumnSketchBuilder would.

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>

#include "storage/column_stats.h"
#include "storage/sketch_internal.h"
#include "storage/typed_value.h"

namespace blueshift::storage {
namespace sketch_internal {
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

// Whether every value of values[0, n) is base + k for some k < window, a power of two: whether the OR of their
// keys (value - base, wrapping) is below window. Four values at a time where the CPU has AVX2.
template <typename T>
[[gnu::target("avx2")]] uint64_t OrKeysAvx2(const T* values, size_t n, uint64_t base, size_t* done) {
  const __m256i b = _mm256_set1_epi64x(static_cast<int64_t>(base));
  __m256i acc = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    acc = _mm256_or_si256(
        acc, _mm256_or_si256(_mm256_sub_epi64(LoadWide(values + i), b), _mm256_sub_epi64(LoadWide(values + i + 4), b)));
  }
  alignas(32) uint64_t lanes[4];
  _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc);
  *done = i;
  return lanes[0] | lanes[1] | lanes[2] | lanes[3];
}

template <typename T>
bool InWindow(const T* values, size_t n, uint64_t base, size_t window) {
  uint64_t keys = 0;
  size_t i = 0;
  if (HaveAvx2()) keys = OrKeysAvx2(values, n, base, &i);
  for (; i < n; i++) keys |= static_cast<uint64_t>(static_cast<int64_t>(values[i])) - base;
  return keys < window;
}

template <typename T, bool kAllValid>
bool BuildDenseRows(const ColumnData& col, size_t from, bool hash, ColumnSketch* out) {
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
  size_t i = check_end;
  if constexpr (kAllValid) {
    // A chunk of rows at a time: its keys are checked in the window together (InWindow), then each row is
    // counted at counts' address for its value, without computing its key.
    constexpr size_t kChunk = 4096;
    const uintptr_t origin = reinterpret_cast<uintptr_t>(counts.data()) - base * sizeof(uint32_t);
    auto count = [&](size_t j) {
      ++*reinterpret_cast<uint32_t*>(origin +
                                     static_cast<uint64_t>(static_cast<int64_t>(values[j])) * sizeof(uint32_t));
    };
    for (; i < n;) {
      const size_t end = std::min(n, i + kChunk);
      if (!InWindow(values + i, end - i, base, window)) return false;
      for (; i + 8 <= end; i += 8) {
        count(i), count(i + 1), count(i + 2), count(i + 3), count(i + 4), count(i + 5), count(i + 6), count(i + 7);
      }
      for (; i < end; i++) count(i);
    }
  }
  for (; i < n; i++) {
    if (!kAllValid && !valid[i]) continue;
    const uint64_t k = key(i);
    if (k >= window) return false;
    counts[k]++;
  }
  // The keys counted, ascending.
  std::unique_ptr<uint32_t[]> present_keys(new uint32_t[window]);
  size_t num_present = 0;
  for (size_t k = 0; k < window; k++) {
    if (k % 8 == 0 && k + 8 <= window) {  // most of a wide window is empty: skip eight empty keys at once
      uint64_t w[4];
      std::memcpy(w, &counts[k], sizeof w);
      if ((w[0] | w[1] | w[2] | w[3]) == 0) {
        k += 7;
        continue;
      }
    }
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
  if (hash) {
    for (uint32_t k : present) s.distinct.Add(ValueHash(value(k)));
  }
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
// Without `hash` the sketch's distinct-count sketch stays empty (no value is hashed).
template <template <bool> class BuildRows>
bool BuildValidRows(const ColumnData& col, bool hash, ColumnSketch* out) {
  const uint8_t* valid = col.validity.data();
  const uint8_t* first_valid = static_cast<const uint8_t*>(std::memchr(valid, 1, col.count));
  if (first_valid == nullptr) return false;
  size_t from = first_valid - valid;
  if (std::memchr(valid + from, 0, col.count - from) == nullptr) return BuildRows<true>::Run(col, from, hash, out);
  return BuildRows<false>::Run(col, from, hash, out);
}

template <typename T>
struct DenseRows {
  template <bool kAllValid>
  struct Of {
    static bool Run(const ColumnData& col, size_t from, bool hash, ColumnSketch* out) {
      return BuildDenseRows<T, kAllValid>(col, from, hash, out);
    }
  };
};

template <typename T>
bool BuildDense(const ColumnData& col, bool hash, ColumnSketch* out) {
  return BuildValidRows<DenseRows<T>::template Of>(col, hash, out);
}

// The sketch of a column's distinct values given their counts and first rows (ties by first appearance), as
// the builder's when it tracks every value. value(k) is distinct value k; counts[k] == 0 skips k.
// Without `hash` the distinct-count sketch stays empty.
template <typename ValueOf>
ColumnSketch SketchOfCounts(const LogicalType& type, size_t n, const uint32_t* counts, const uint32_t* first, bool hash,
                            const ValueOf& value) {
  ColumnSketch s;
  std::vector<uint32_t> repeated;
  for (size_t k = 0; k < n; k++) {
    if (counts[k] == 0) continue;
    if (hash) s.distinct.Add(ValueHash(value(k)));
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
  static bool Run(const ColumnData& col, size_t from, bool hash, ColumnSketch* out) {
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
    size_t i = from;
    if constexpr (kAllValid) {
      // Four rows at a time while all are one byte long (CHAR(1) is).
      for (; i + 4 <= col.count; i += 4) {
        const std::string_view* v = values + i;
        if (((v[0].size() ^ 1) | (v[1].size() ^ 1) | (v[2].size() ^ 1) | (v[3].size() ^ 1)) != 0) break;
        counts[static_cast<uint8_t>(v[0][0])]++, counts[static_cast<uint8_t>(v[1][0])]++;
        counts[static_cast<uint8_t>(v[2][0])]++, counts[static_cast<uint8_t>(v[3][0])]++;
      }
    }
    for (; i < col.count; i++) {
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
    *out = SketchOfCounts(col.type, counts.size(), counts.data(), first.data(), hash,
                          [&](size_t k) { return k == kEmpty ? std::string_view() : std::string_view(&kBytes[k], 1); });
    return true;
  }
};

bool BuildOneByte(const ColumnData& col, bool hash, ColumnSketch* out) {
  return BuildValidRows<OneByteRows>(col, hash, out);
}

// A whole string column of at most kFewStrings distinct values, none longer than 32 bytes (CHAR codes, modes,
// statuses), is counted in a small table keyed by the whole value held inline: a string's size and four
// words of it that cover every byte (the first and last 8 and, past 16 bytes, those at 8 and at size - 16),
// so that a row costs a key, one multiply and a compare of the words, without reading the tracked bytes. The
// sketch is the builder's (that few values are all tracked and counting never stops). False (out untouched)
// at a longer value or one value too many; the builder then sketches the column.
constexpr size_t kFewStrings = 256;
// Fewer rows take the builder: the table's setup and scan (512 entries of 64 bytes) cost more than counting
// them there (a fold of a few dozen rows of the write store paid 40K instructions for it).
constexpr size_t kFewStringsMinRows = 1024;

template <bool kAllValid>
struct FewStringRows {
  struct alignas(64) Entry {  // a cache line: found with a shift
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
  // Rows [from, to); *distinct counts the entries in use.
  static constexpr uint64_t FixedHash(uint64_t w0, uint64_t w3) {
    return (w0 ^ std::rotr(w3, 29)) * 0x9e3779b97f4a7c15ULL;
  }
  template <int kWords>
  static Outcome Count(const ColumnData& col, size_t from, size_t to, size_t size, std::vector<Entry>* table,
                       size_t* distinct_entries) {
    const std::string_view* values = col.data<std::string_view>();
    const uint8_t* valid = col.validity.data();
    Entry* entries = table->data();
    size_t& distinct = *distinct_entries;
    for (size_t i = from; i < to; i++) {
      if (!kAllValid && !valid[i]) continue;
      const char* p = values[i].data();
      const size_t n = values[i].size();
      if (kWords != 0 && n != size) return Outcome::kOtherSize;
      if constexpr (kWords == 4) {
        // The key's first and last 16 bytes (w0 w1 and w2 w3), compared 16 at a time.
        const __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i tail = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
        const uint64_t w0 = Load<uint64_t>(p), w3 = Load<uint64_t>(p + n - 8);
        const uint64_t x = FixedHash(w0, w3);
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
      // w0 and w3 cover short strings; all rows of Count<2> and Count<4> are of one size.
      const uint64_t x = kWords == 0 ? (w0 ^ std::rotr(w3, 29) ^ n) * 0x9e3779b97f4a7c15ULL : FixedHash(w0, w3);
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

  // Count<2> or Count<4> of every row from `from`, the common case in a tight loop: a row of `size` bytes
  // whose value was met before and is in the entry its key hashes to is compared and counted there; any
  // other row goes through Count.
  template <int kWords>
  static Outcome CountFixed(const ColumnData& col, size_t from, size_t size, std::vector<Entry>* table) {
    static_assert(kWords == 2 || kWords == 4);
    const std::string_view* values = col.data<std::string_view>();
    const uint8_t* valid = col.validity.data();
    Entry* entries = table->data();
    // An empty entry holds a key that does not hash to it (0 hashes to entry 0), so that it never equals the key
    // of a row compared with it, which hashes to it: the compare needs no test of the count.
    static_assert(FixedHash(1, 0) >> (64 - kBits) != 0);
    for (size_t j = 0; j < table->size(); j++) entries[j].w0 = j == 0 ? 1 : 0;
    size_t distinct = 0;
    for (size_t i = from; i < col.count; i++) {
      if (!kAllValid && !valid[i]) continue;
      if (values[i].size() != size) return Outcome::kOtherSize;
      const char* p = values[i].data();
      const uint64_t w0 = Load<uint64_t>(p), w3 = Load<uint64_t>(p + size - 8);
      Entry& e = entries[FixedHash(w0, w3) >> (64 - kBits)];
      bool same;
      if constexpr (kWords == 4) {
        const __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i tail = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + size - 16));
        same = _mm_movemask_epi8(_mm_and_si128(
                   _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&e.w0)), head),
                   _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(&e.w2)), tail))) == 0xFFFF;
      } else {
        same = ((e.w0 ^ w0) | (e.w3 ^ w3)) == 0;
      }
      if (same) [[likely]] {
        e.count++;
        continue;
      }
      const Outcome counted = Count<kWords>(col, i, i + 1, size, table, &distinct);
      if (counted != Outcome::kCounted) return counted;
    }
    return Outcome::kCounted;
  }

  static bool Run(const ColumnData& col, size_t from, bool hash, ColumnSketch* out) {
    const std::string_view* values = col.data<std::string_view>();
    std::vector<Entry> table(size_t{1} << kBits);
    // Rows all of the first row's size, 8 to 32 bytes (CHAR(8) to CHAR(32)), take a loop that compares two words
    // (8 to 16 bytes) or two 16-byte vectors (17 to 32).
    const size_t size = values[from].size();
    size_t distinct = 0;
    // The two words (first and last 8 bytes) cover a value of at most 16 bytes, the two vectors one of at
    // most 32: a longer value takes Count<0>, which gives up on it (found in review: CHAR(33) values equal
    // at both ends counted as one).
    Outcome counted = size > 16 && size <= 32   ? CountFixed<4>(col, from, size, &table)
                      : size >= 8 && size <= 16 ? CountFixed<2>(col, from, size, &table)
                                                : Count<0>(col, from, col.count, size, &table, &distinct);
    if (counted == Outcome::kOtherSize) {
      table.assign(table.size(), Entry{});
      distinct = 0;
      counted = Count<0>(col, from, col.count, size, &table, &distinct);
    }
    if (counted != Outcome::kCounted) return false;
    std::vector<uint32_t> counts, first;
    for (const Entry& e : table) {
      counts.push_back(e.count);
      first.push_back(e.first);
    }
    *out = SketchOfCounts(col.type, table.size(), counts.data(), first.data(), hash,
                          [&](size_t k) { return values[first[k]]; });
    return true;
  }
};

bool BuildFewStrings(const ColumnData& col, bool hash, ColumnSketch* out) {
  return BuildValidRows<FewStringRows>(col, hash, out);
}

}  // namespace
}  // namespace sketch_internal

namespace {

// Build, or BuildFrequent without `hash`. `distinct` (negative: unknown) skips the whole-column counters
// that would give up on that many distinct values: they give the builder's sketch, so which one counts
// changes nothing but the cost.
ColumnSketch BuildSketch(const ColumnData& col, bool hash, double distinct) {
  using sketch_internal::kFewStrings;
  using sketch_internal::kFewStringsMinRows;
  using sketch_internal::kMaxTracked;
  // Well past a counter's limit (HyperLogLog's error at these sizes is a few percent).
  auto over = [&](size_t limit) { return distinct > 1.25 * static_cast<double>(limit); };
  ColumnSketch dense;
  bool counted = false;
  switch (col.type.physical()) {
    case PhysicalType::kBool:
      counted = sketch_internal::BuildDense<uint8_t>(col, hash, &dense);
      break;
    case PhysicalType::kInt16:
      counted = !over(kMaxTracked) && sketch_internal::BuildDense<int16_t>(col, hash, &dense);
      break;
    case PhysicalType::kInt32:
      counted = !over(kMaxTracked) && sketch_internal::BuildDense<int32_t>(col, hash, &dense);
      break;
    case PhysicalType::kInt64:
      counted = !over(kMaxTracked) && sketch_internal::BuildDense<int64_t>(col, hash, &dense);
      break;
    case PhysicalType::kString:
      counted =
          sketch_internal::BuildOneByte(col, hash, &dense) || (col.count >= kFewStringsMinRows && !over(kFewStrings) &&
                                                               sketch_internal::BuildFewStrings(col, hash, &dense));
      break;
    default:
      break;
  }
  if (counted) return dense;
  // In blocks, as a streaming writer adds them: the same give-up rule whoever builds the sketch.
  constexpr size_t kBlock = 2048;
  ColumnSketchBuilder b(col.type, hash);
  const size_t width = PhysicalWidth(col.type.physical());
  for (size_t at = 0; at < col.count; at += kBlock) {
    size_t n = std::min(kBlock, col.count - at);
    b.Add(ColumnSpan{col.type.physical(), col.values.data() + at * width, col.validity.data() + at,
                     static_cast<uint32_t>(n)});
  }
  return b.Finish();
}

}  // namespace

ColumnSketch ColumnSketch::Build(const ColumnData& col) {
  return BuildSketch(col, /*hash=*/true, /*distinct=*/-1);
}

ColumnSketch ColumnSketch::BuildFrequent(const ColumnData& col, double distinct) {
  return BuildSketch(col, /*hash=*/false, distinct);
}

}  // namespace blueshift::storage
