#include "exec/key_hash.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "util/hash.h"

namespace blueshift {

using key_hash_internal::Trimmed;

namespace {

inline uint64_t Mix(uint64_t x) {
  return MixHash(x);
}

// Strings of up to 16 bytes (most keys: flags, codes, names) hash inline; longer ones through xxHash.
inline uint64_t ShortKeyHash(std::string_view x) {
  size_t len = x.size();
  if (len > 16) return HashBytes(x.data(), len);
  const auto* p = reinterpret_cast<const unsigned char*>(x.data());
  uint64_t lo = 0, hi = 0;
  if (len >= 8) {
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + len - 8, 8);  // overlaps lo when len < 16; the length below tells them apart
  } else if (len >= 4) {
    uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + len - 4, 4);
    lo = (static_cast<uint64_t>(a) << 32) | b;
  } else if (len > 0) {
    lo = (static_cast<uint64_t>(p[0]) << 16) | (static_cast<uint64_t>(p[len / 2]) << 8) | p[len - 1];
  }
  return Mix(lo ^ Mix(hi ^ (len * 0x9e3779b97f4a7c15ULL)));
}

constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

double Canonical(double d) {
  if (d == 0) return 0;
  if (d != d) return __builtin_nan("");
  return d;
}

// out[i] = hash of row i's value (NULLs' garbage included; the caller replaces them).
template <typename T>
void HashFixed(const Vector& v, size_t n, uint64_t* out) {
  const T* data = v.data<T>();
  for (size_t i = 0; i < n; i++) {
    uint64_t x;
    if constexpr (sizeof(T) == 16) {
      uint64_t parts[2];
      std::memcpy(parts, &data[i], 16);
      x = Mix(parts[0]) ^ (parts[1] * 0x9e3779b97f4a7c15ULL);
    } else {
      x = static_cast<uint64_t>(data[i]);
    }
    out[i] = Mix(x);
  }
}

void HashValues(const Vector& v, size_t n, uint64_t* out) {
  switch (v.type().physical()) {
    case PhysicalType::kBool:
      HashFixed<uint8_t>(v, n, out);
      break;
    case PhysicalType::kInt16:
      HashFixed<int16_t>(v, n, out);
      break;
    case PhysicalType::kInt32:
      HashFixed<int32_t>(v, n, out);
      break;
    case PhysicalType::kInt64:
      HashFixed<int64_t>(v, n, out);
      break;
    case PhysicalType::kInt128:
      HashFixed<__int128>(v, n, out);
      break;
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      bool is_float = v.type().physical() == PhysicalType::kFloat;
      for (size_t i = 0; i < n; i++) {
        double d = Canonical(is_float ? v.data<float>()[i] : v.data<double>()[i]);
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        out[i] = Mix(bits);
      }
      break;
    }
    case PhysicalType::kString: {
      bool trim_blanks = v.type().IsString();  // CHAR or VARCHAR: trailing blanks do not count
      const auto* s = v.data<std::string_view>();
      for (size_t i = 0; i < n; i++) out[i] = ShortKeyHash(Trimmed(s[i], trim_blanks));
      break;
    }
  }
  if (v.may_have_nulls()) {
    for (size_t i = 0; i < n; i++) {
      if (v.IsNull(i)) out[i] = kNullHash;
    }
  }
}

void HashColumn(const Vector& v, size_t n, bool first, uint64_t* h) {
  if (first) {
    HashValues(v, n, h);
    return;
  }
  thread_local std::vector<uint64_t> scratch;
  if (scratch.size() < n) scratch.resize(n);
  HashValues(v, n, scratch.data());
  for (size_t i = 0; i < n; i++) h[i] = Mix(h[i] * 31 + scratch[i]);
}

// Row ids[i]'s value, each chunk's values at chunk_values[chunk]. A table larger than the caches loads the
// values of rows a few ahead first, so that their misses overlap.
template <typename T>
void GatherFixed(const uint8_t* const* chunk_values, const uint32_t* ids, size_t n, bool prefetch, T* d) {
  constexpr size_t kAhead = 16;
  auto at = [&](uint32_t id) { return reinterpret_cast<const T*>(chunk_values[id / kBatchSize]) + id % kBatchSize; };
  if (!prefetch) {
    for (size_t i = 0; i < n; i++) d[i] = *at(ids[i]);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (i + kAhead < n) __builtin_prefetch(at(ids[i + kAhead]));
    d[i] = *at(ids[i]);
  }
}

}  // namespace

namespace {

// A BOOLEAN, SMALLINT or INTEGER column's value as 32 bits (sign-extended first, so that equal values of
// SMALLINT and INTEGER agree).
template <typename T>
void Widen32(const Vector& v, size_t n, uint32_t* out) {
  const T* d = v.data<T>();
  for (size_t i = 0; i < n; i++) out[i] = static_cast<uint32_t>(static_cast<int32_t>(d[i]));
}

bool Widen32(const Vector& v, size_t n, uint32_t* out) {
  switch (v.type().physical()) {
    case PhysicalType::kBool:
      Widen32<uint8_t>(v, n, out);
      return true;
    case PhysicalType::kInt16:
      Widen32<int16_t>(v, n, out);
      return true;
    case PhysicalType::kInt32:
      Widen32<int32_t>(v, n, out);
      return true;
    default:
      return false;
  }
}

// Two columns of at most 32 bits each (TPC-H's (partkey, suppkey)): the hash of both values side by side in
// 64 bits, a bijection of the pair (PhysicalHashJoin relies on it: TwoNarrowIntegerKeys). Rows with a NULL
// in either column hash to kNullHash. False (nothing written) for other columns.
bool HashTwoNarrowIntegers(const Vector& a, const Vector& b, size_t n, uint64_t* hashes) {
  thread_local std::vector<uint32_t> hi, lo;
  if (hi.size() < n) {
    hi.resize(n);
    lo.resize(n);
  }
  if (!Widen32(a, n, hi.data()) || !Widen32(b, n, lo.data())) return false;
  for (size_t i = 0; i < n; i++) hashes[i] = Mix(static_cast<uint64_t>(hi[i]) << 32 | lo[i]);
  for (const Vector* v : {&a, &b}) {
    if (!v->may_have_nulls()) continue;
    for (size_t i = 0; i < n; i++) {
      if (v->IsNull(i)) hashes[i] = kNullHash;
    }
  }
  return true;
}

}  // namespace

bool TwoNarrowIntegerKeys(const std::vector<PhysicalType>& types) {
  auto narrow = [](PhysicalType t) {
    return t == PhysicalType::kBool || t == PhysicalType::kInt16 || t == PhysicalType::kInt32;
  };
  return types.size() == 2 && narrow(types[0]) && narrow(types[1]);
}

void HashKeys(const std::vector<const Vector*>& columns, size_t n, uint64_t* hashes) {
  if (columns.empty()) {
    std::memset(hashes, 0, n * sizeof(uint64_t));
    return;
  }
  if (columns.size() == 2 && HashTwoNarrowIntegers(*columns[0], *columns[1], n, hashes)) return;
  for (size_t c = 0; c < columns.size(); c++) HashColumn(*columns[c], n, c == 0, hashes);
}

bool FindNullKeys(const std::vector<const Vector*>& columns, size_t n, std::vector<uint8_t>* rows_with_null) {
  rows_with_null->assign(n, 0);
  bool any = false;
  for (const Vector* v : columns) {
    if (!v->may_have_nulls()) continue;
    for (size_t i = 0; i < n; i++) {
      if (v->IsNull(i)) {
        (*rows_with_null)[i] = 1;
        any = true;
      }
    }
  }
  return any;
}

// Build sides of more chunks than this (512K rows; several MB per column) are beyond the caches.
constexpr size_t kPrefetchChunks = 256;

void GatherChunked(const std::vector<Batch>& chunks, size_t col, const uint32_t* ids, size_t n, Vector* out, size_t dst,
                   bool copy_strings) {
  // Each chunk's column, looked up once per call rather than once per row.
  thread_local std::vector<const uint8_t*> values, validity;
  values.resize(chunks.size());
  validity.resize(chunks.size());
  bool nulls_possible = false;
  for (size_t k = 0; k < chunks.size(); k++) {
    const Vector& v = chunks[k].column(col);
    values[k] = v.raw_data();
    validity[k] = v.validity();
    nulls_possible |= v.may_have_nulls();
  }
  const bool prefetch = chunks.size() > kPrefetchChunks;
  switch (out->type().physical()) {
    case PhysicalType::kBool:
      GatherFixed(values.data(), ids, n, prefetch, out->data<uint8_t>() + dst);
      break;
    case PhysicalType::kInt16:
      GatherFixed(values.data(), ids, n, prefetch, out->data<int16_t>() + dst);
      break;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      GatherFixed(values.data(), ids, n, prefetch, out->data<int32_t>() + dst);
      break;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      GatherFixed(values.data(), ids, n, prefetch, out->data<int64_t>() + dst);
      break;
    case PhysicalType::kInt128:
      GatherFixed(values.data(), ids, n, prefetch, out->data<__int128>() + dst);
      break;
    case PhysicalType::kString: {
      auto* d = out->data<std::string_view>() + dst;
      GatherFixed(values.data(), ids, n, prefetch, d);
      if (copy_strings) {
        for (size_t i = 0; i < n; i++) {
          if (!d[i].empty()) d[i] = out->arena().Add(d[i]);
        }
      }
      break;
    }
  }
  uint8_t* valid = out->validity() + dst;
  if (!nulls_possible) {  // no chunk holds a NULL in this column: no per-row lookups
    std::memset(valid, 1, n);
    return;
  }
  GatherFixed(validity.data(), ids, n, prefetch, valid);
  if (std::find(valid, valid + n, 0) != valid + n) out->MarkMayHaveNulls();
}

}  // namespace blueshift
