// PhysicalHashAggregate's group keys: packing small keys into one 64-bit code, hashing them, finding the
// heads of runs of equal keys, and looking up the few groups of a packed key without the table.
#include "exec/physical_hash_aggregate.h"

#include <algorithm>
#include <string_view>
#include <type_traits>
#include <vector>

#include "exec/aggregate_table.h"
#include "exec/key_hash.h"

namespace blueshift {

namespace {
// ORs each row's field of one column into its code: `field(value)` for a valid row, 0 for NULL; a field of
// kUnpacked makes the code kUnpacked.
template <typename T, typename F>
void PackColumn(const Vector& v, size_t first, size_t n, int shift, uint64_t* codes, F field) {
  const T* d = v.data<T>() + first;
  const bool nulls = v.may_have_nulls();
  for (size_t i = 0; i < n; i++) {
    uint64_t f = nulls && v.IsNull(first + i) ? 0 : field(d[i]);
    codes[i] = f == PhysicalHashAggregate::kUnpacked ? f : codes[i] | f << shift;
  }
}
}  // namespace

void PhysicalHashAggregate::PackRows(const std::vector<const Vector*>& keys, size_t first, size_t n,
                                     uint64_t* codes) const {
  std::fill(codes, codes + n, 0);
  for (size_t c = 0; c < packing_.size(); c++) {
    const Vector& v = *keys[c];
    const Packing& p = packing_[c];
    switch (p.type) {
      case PhysicalType::kBool:
        PackColumn<uint8_t>(v, first, n, p.shift, codes, [](uint8_t x) -> uint64_t { return x ? 2 : 1; });
        break;
      case PhysicalType::kInt16:
        PackColumn<int16_t>(v, first, n, p.shift, codes,
                            [](int16_t x) { return static_cast<uint64_t>(static_cast<uint16_t>(x)) + 1; });
        break;
      case PhysicalType::kInt32:
        PackColumn<int32_t>(v, first, n, p.shift, codes,
                            [](int32_t x) { return static_cast<uint64_t>(static_cast<uint32_t>(x)) + 1; });
        break;
      default: {
        // A one-byte string; a longer one (past its type's length) makes the row's code kUnpacked (all ones,
        // which further fields leave as it is).
        const bool trim_blanks = p.trim_blanks;
        PackColumn<std::string_view>(v, first, n, p.shift, codes, [trim_blanks](std::string_view s) -> uint64_t {
          if (trim_blanks && s == " ") s = {};
          if (s.size() > 1) return kUnpacked;
          return s.empty() ? 1 : 2 + static_cast<uint8_t>(s[0]);
        });
      }
    }
  }
}

void PhysicalHashAggregate::HashGroups(const std::vector<const Vector*>& keys, size_t n, uint64_t* hashes,
                                       uint64_t* codes) const {
  if (!packed()) return HashKeys(keys, n, hashes);
  PackRows(keys, 0, n, codes);
  bool all = true;
  for (size_t r = 0; r < n; r++) {
    all = all && codes[r] != kUnpacked;
    hashes[r] = MixHash(codes[r]);  // every bit of the code reaches the top bits the table uses
  }
  if (all) return;
  std::vector<uint64_t> general(n);
  HashKeys(keys, n, general.data());
  for (size_t r = 0; r < n; r++) {
    if (codes[r] == kUnpacked) hashes[r] = general[r];
  }
}

namespace {
// repeats[r] &= whether row r of v is row r - 1's value by identity, for r in [1, n).
template <typename T>
void AndRepeats(const Vector& v, size_t n, uint8_t* repeats) {
  const T* d = v.data<T>();
  auto same = [d](size_t r) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      return d[r].data() == d[r - 1].data() && d[r].size() == d[r - 1].size();
    } else {
      return d[r] == d[r - 1];
    }
  };
  if (!v.may_have_nulls()) {
    for (size_t r = 1; r < n; r++) repeats[r] &= same(r);
    return;
  }
  // NULL repeats NULL; a NULL and a value differ (a NULL row's value bytes mean nothing).
  const uint8_t* valid = v.validity();
  for (size_t r = 1; r < n; r++) repeats[r] &= valid[r] == valid[r - 1] && (!valid[r] || same(r));
}
}  // namespace

bool PhysicalHashAggregate::HashRunHeads(const std::vector<const Vector*>& key_cols, size_t n, HashAggLocal& l) const {
  if (n < 2) return false;
  l.repeats.assign(n, 1);
  uint8_t* repeats = l.repeats.data();
  repeats[0] = 0;
  for (const Vector* v : key_cols) {
    switch (v->type().physical()) {
      case PhysicalType::kBool:
        AndRepeats<uint8_t>(*v, n, repeats);
        break;
      case PhysicalType::kInt16:
        AndRepeats<int16_t>(*v, n, repeats);
        break;
      case PhysicalType::kInt32:
      case PhysicalType::kFloat:  // the same bits: the same value
        AndRepeats<uint32_t>(*v, n, repeats);
        break;
      case PhysicalType::kInt64:
      case PhysicalType::kDouble:
        AndRepeats<uint64_t>(*v, n, repeats);
        break;
      case PhysicalType::kInt128:
        AndRepeats<int128_t>(*v, n, repeats);
        break;
      case PhysicalType::kString:
        AndRepeats<std::string_view>(*v, n, repeats);
        break;
    }
  }
  l.heads.clear();
  for (size_t r = 0; r < n; r++) {
    if (!repeats[r]) l.heads.push_back(static_cast<uint32_t>(r));
  }
  const size_t m = l.heads.size();
  if (m * 4 > n * 3) return false;  // a quarter of the rows repeat at least, or hashing them all is as cheap
  // The heads' keys side by side (views of the strings, no copies), hashed as HashGroups would.
  if (l.head_cols.empty() || l.head_keys.capacity() < m) {
    l.head_keys = Batch(group_types_, std::max(m, kBatchSize));
    l.head_cols.clear();
    for (size_t c = 0; c < key_cols.size(); c++) l.head_cols.push_back(&l.head_keys.column(c));
  }
  l.head_keys.Reset();
  for (size_t c = 0; c < key_cols.size(); c++)
    l.head_keys.column(c).GatherViewsFrom(*key_cols[c], l.heads.data(), m, 0);
  l.head_hashes.resize(m);
  HashKeys(l.head_cols, m, l.head_hashes.data());
  for (size_t r = 0, k = 0; r < n; r++) {
    k += !repeats[r];
    l.hashes[r] = l.head_hashes[k - 1];  // row 0 is a head: k >= 1
  }
  return true;
}

// Packed keys and few groups so far (TPC-H Q1's four): each row's code is looked up among the known groups'
// codes, a handful compared side by side, with no hashing and no probe of the table; a code not among them
// (a new group) takes the table's way. False, having done nothing, when that does not apply to the batch.
bool PhysicalHashAggregate::FindFewPackedGroups(const std::vector<const Vector*>& key_cols, size_t n,
                                                HashAggLocal& l) const {
  if (!packed() || l.table->size > kFewGroups) return false;
  uint64_t* codes = l.codes.data();
  PackRows(key_cols, 0, n, codes);
  if (std::find(codes, codes + n, kUnpacked) != codes + n) return false;  // HashGroups packs them again
  if (l.few_table != l.table.get()) {  // a new table (the first batch, or after a spill): nothing known
    l.few_table = l.table.get();
    l.few_count = 0;
  }
  for (size_t r = 0; r < n; r++) {
    const uint64_t code = codes[r];
    size_t k = 0;
    while (k < l.few_count && l.few_codes[k] != code) k++;
    if (k < l.few_count) {
      l.group_of[r] = l.few_groups[k];
      continue;
    }
    uint32_t g = l.table->FindOrAddCode(MixHash(code), code, key_cols, r);
    l.group_of[r] = g;
    if (l.few_count < kFewGroups) {
      l.few_codes[l.few_count] = code;
      l.few_groups[l.few_count++] = g;
    }
  }
  return true;
}

}  // namespace blueshift
