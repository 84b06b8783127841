#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "types/batch.h"

namespace blueshift {

// Vectorized hashing and comparison of multi-column keys for hash joins and aggregation. Two keys are equal
// exactly when AppendRowKey (exec/row_key.h) would encode them alike: CHAR and VARCHAR values without trailing
// blanks (Redshift compares strings so),
// -0.0 = 0.0, all NaNs one value, NULL equal to NULL (callers that need NULL <> NULL filter NULLs first).
// Equal keys hash alike; the hash is in-memory only (never stored, may change). The hash of one non-NULL
// BOOLEAN/SMALLINT/INTEGER/BIGINT (physical int) column is a bijection of its value, and so is the hash of
// two such columns of at most 32 bits each (TwoNarrowIntegerKeys), which PhysicalHashJoin relies on to skip
// comparing such keys: keep it so.

// The murmur3 64-bit finalizer: an invertible mix that spreads every input bit over the whole result.
inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// hashes[i] = hash of row i of the dense key columns, for i in [0, n).
void HashKeys(const std::vector<const Vector*>& columns, size_t n, uint64_t* hashes);
// Whether keys of these column types are two BOOLEAN/SMALLINT/INTEGER columns, whose hash (of rows without
// NULLs) HashKeys makes a bijection of the pair of values: equal hashes mean equal keys.
bool TwoNarrowIntegerKeys(const std::vector<PhysicalType>& types);

namespace key_hash_internal {

inline std::string_view Trimmed(std::string_view s, bool trim_blanks) {
  if (trim_blanks) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  }
  return s;
}

// Short keys (flags, codes) compare without a call to memcmp.
inline bool BytesEqual(std::string_view x, std::string_view y) {
  if (x.size() != y.size()) return false;
  if (x.size() > 16) return x == y;
  for (size_t i = 0; i < x.size(); i++) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// ValuesEqual with the columns' physical type and CHAR-ness known (looked up once per column by callers
// that compare many rows).
inline __attribute__((always_inline)) bool ValuesEqualAs(PhysicalType type, bool trim_blanks, const Vector& x, size_t a,
                                                         const Vector& y, size_t b) {
  bool xn = x.may_have_nulls() && x.IsNull(a), yn = y.may_have_nulls() && y.IsNull(b);
  if (xn || yn) return xn && yn;
  switch (type) {
    case PhysicalType::kBool:
      return x.data<uint8_t>()[a] == y.data<uint8_t>()[b];
    case PhysicalType::kInt16:
      return x.data<int16_t>()[a] == y.data<int16_t>()[b];
    case PhysicalType::kInt32:
      return x.data<int32_t>()[a] == y.data<int32_t>()[b];
    case PhysicalType::kInt64:
      return x.data<int64_t>()[a] == y.data<int64_t>()[b];
    case PhysicalType::kInt128:
      return x.data<__int128>()[a] == y.data<__int128>()[b];
    case PhysicalType::kFloat: {
      double p = x.data<float>()[a], q = y.data<float>()[b];
      return p == q || (p != p && q != q);
    }
    case PhysicalType::kDouble: {
      double p = x.data<double>()[a], q = y.data<double>()[b];
      return p == q || (p != p && q != q);
    }
    case PhysicalType::kString:
      return BytesEqual(Trimmed(x.data<std::string_view>()[a], trim_blanks),
                        Trimmed(y.data<std::string_view>()[b], trim_blanks));
  }
  return false;
}

inline bool ValuesEqual(const Vector& x, size_t a, const Vector& y, size_t b) {
  return ValuesEqualAs(x.type().physical(), x.type().IsString(), x, a, y, b);
}

}  // namespace key_hash_internal

// Whether row a of columns `left` equals row b of columns `right` (same types, column by column). Inline:
// the hash tables call it once per candidate match.
inline bool KeysEqual(const std::vector<const Vector*>& left, size_t a, const std::vector<const Vector*>& right,
                      size_t b) {
  for (size_t c = 0; c < left.size(); c++) {
    if (!key_hash_internal::ValuesEqual(*left[c], a, *right[c], b)) return false;
  }
  return true;
}

// rows_with_null[i] = 1 when any key column is NULL at row i (dense, n rows); returns whether any is.
bool FindNullKeys(const std::vector<const Vector*>& columns, size_t n, std::vector<uint8_t>* rows_with_null);

// Copies row ids[i] of the chunked columns (chunk = id / kBatchSize, row = id % kBatchSize; each chunk's
// column `col`) to rows [dst, dst + n) of out. Strings are copied into out's arena when copy_strings is set;
// otherwise out's views point into the chunks, which must then outlive every use of out (a hash join's
// build rows, kept until the query ends: operators that keep rows copy them, as they do a scan's).
void GatherChunked(const std::vector<Batch>& chunks, size_t col, const uint32_t* ids, size_t n, Vector* out, size_t dst,
                   bool copy_strings = true);

}  // namespace blueshift
