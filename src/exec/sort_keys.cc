#include "exec/sort_keys.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "util/hash.h"

namespace blueshift {

namespace {

constexpr uint64_t kSignBit = uint64_t(1) << 63;

// The first 8 bytes of s, big-endian, zero-padded: s < t implies StringPrefix(s) <= StringPrefix(t).
uint64_t StringPrefix(std::string_view s) {
  uint8_t buf[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(buf, s.data(), std::min<size_t>(s.size(), 8));
  uint64_t p = 0;
  for (uint8_t b : buf) p = (p << 8) | b;
  return p;
}

uint64_t DoublePrefix(double d) {
  if (d == 0) d = 0;  // -0 sorts with +0
  uint64_t bits = std::bit_cast<uint64_t>(d);
  return (bits & kSignBit) ? ~bits : (bits | kSignBit);
}

}  // namespace

FlatSortKeys::FlatSortKeys(const std::vector<SortKey>& keys, const std::vector<Batch>& batches) {
  size_t total = 0;
  for (const Batch& b : batches) total += b.count();
  ids_.reserve(total);
  for (size_t b = 0; b < batches.size(); b++) {
    for (size_t r = 0; r < batches[b].count(); r++) ids_.push_back((static_cast<uint64_t>(b) << 32) | r);
  }
  for (const SortKey& key : keys) {
    Column col;
    col.descending = key.descending;
    col.nulls_first = key.nulls_first;
    bool any_null = false;
    for (const Batch& b : batches) any_null = any_null || b.column(key.column).may_have_nulls();
    if (any_null) col.nulls.reserve(total);
    for (const Batch& b : batches) {
      const Vector& v = b.column(key.column);
      const size_t n = b.count();
      if (any_null) {
        for (size_t r = 0; r < n; r++) col.nulls.push_back(v.IsNull(r) ? 1 : 0);
      }
      switch (v.type().physical()) {
        case PhysicalType::kBool:
          col.kind = Kind::kInt;
          for (size_t r = 0; r < n; r++) col.ints.push_back(v.data<uint8_t>()[r]);
          break;
        case PhysicalType::kInt16:
          col.kind = Kind::kInt;
          col.ints.insert(col.ints.end(), v.data<int16_t>(), v.data<int16_t>() + n);
          break;
        case PhysicalType::kInt32:
          col.kind = Kind::kInt;
          col.ints.insert(col.ints.end(), v.data<int32_t>(), v.data<int32_t>() + n);
          break;
        case PhysicalType::kInt64:
          col.kind = Kind::kInt;
          col.ints.insert(col.ints.end(), v.data<int64_t>(), v.data<int64_t>() + n);
          break;
        case PhysicalType::kInt128:
          col.kind = Kind::kInt128;
          col.wide.insert(col.wide.end(), v.data<int128_t>(), v.data<int128_t>() + n);
          break;
        case PhysicalType::kFloat:
          col.kind = Kind::kDouble;
          col.doubles.insert(col.doubles.end(), v.data<float>(), v.data<float>() + n);
          break;
        case PhysicalType::kDouble:
          col.kind = Kind::kDouble;
          col.doubles.insert(col.doubles.end(), v.data<double>(), v.data<double>() + n);
          break;
        case PhysicalType::kString: {
          col.kind = Kind::kString;
          const std::string_view* s = v.data<std::string_view>();
          if (v.type().IsString()) {  // CHAR or VARCHAR: trailing blanks do not count
            for (size_t r = 0; r < n; r++) col.strings.push_back(TrimCharBlanks(s[r]));
          } else {
            col.strings.insert(col.strings.end(), s, s + n);
          }
          break;
        }
      }
    }
    MakeOrdinals(&col);
    columns_.push_back(std::move(col));
  }
  // Pack the leading keys' ordinals, most significant first, into the 128-bit normalized key.
  int used = 0;
  while (first_full_ < columns_.size() && columns_[first_full_].bits >= 0 && used + columns_[first_full_].bits <= 128) {
    used += columns_[first_full_].bits;
    first_full_++;
  }
  int at = used;
  for (size_t k = 0; k < first_full_; k++) {
    at -= columns_[k].bits;
    shifts_.push_back(at + (128 - used));  // left-aligned, so a prefix can follow below
  }
  prefixed_ = first_full_ < columns_.size() && used <= 64;
  used_bits_ = used;
}

void FlatSortKeys::MakeOrdinals(Column* k) {
  const size_t n = k->kind == Kind::kString ? k->strings.size()
                   : k->kind == Kind::kInt  ? k->ints.size()
                                            : k->wide.size();
  const bool has_null = std::find(k->nulls.begin(), k->nulls.end(), 1) != k->nulls.end();
  auto is_null = [&](size_t i) { return has_null && k->nulls[i] != 0; };
  if (k->kind == Kind::kInt128) {
    // DECIMALs whose values all fit 64 bits rank as integers.
    for (size_t i = 0; i < n; i++) {
      if (!is_null(i) && static_cast<int128_t>(static_cast<int64_t>(k->wide[i])) != k->wide[i]) return;
    }
    k->ints.resize(n);
    for (size_t i = 0; i < n; i++) k->ints[i] = static_cast<int64_t>(k->wide[i]);
    k->wide = {};
    k->kind = Kind::kInt;
  }
  // The values' positions in [0, span] in ascending order.
  std::vector<uint64_t> pos(n, 0);
  uint64_t span = 0;
  if (k->kind == Kind::kInt) {
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
      if (is_null(i)) continue;
      lo = std::min(lo, k->ints[i]);
      hi = std::max(hi, k->ints[i]);
    }
    if (lo > hi) lo = hi = 0;  // all NULL
    span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    for (size_t i = 0; i < n; i++) {
      if (!is_null(i)) pos[i] = static_cast<uint64_t>(k->ints[i]) - static_cast<uint64_t>(lo);
    }
  } else if (k->kind == Kind::kString) {
    // Ranks of the distinct values, when there are few enough for hashing to be cheaper than comparing: an
    // open-addressing table of the distinct values (slot -> index into `distinct`), and each row's value.
    const size_t most = n / 4 + 16;
    std::vector<std::string_view> distinct;
    std::vector<uint32_t> slots(64, UINT32_MAX);
    std::vector<uint32_t> value_of(n, 0);
    auto find = [&](std::string_view v, uint64_t h) {
      size_t mask = slots.size() - 1, at = h & mask;
      while (slots[at] != UINT32_MAX && distinct[slots[at]] != v) at = (at + 1) & mask;
      return at;
    };
    std::vector<uint64_t> hashes;
    for (size_t i = 0; i < n; i++) {
      if (is_null(i)) continue;
      const std::string_view v = k->strings[i];
      const uint64_t h = HashString(v);
      size_t at = find(v, h);
      if (slots[at] == UINT32_MAX) {
        if (distinct.size() >= most) return;
        slots[at] = static_cast<uint32_t>(distinct.size());
        distinct.push_back(v);
        hashes.push_back(h);
        if (distinct.size() * 2 > slots.size()) {  // grow: re-place every distinct value
          slots.assign(slots.size() * 4, UINT32_MAX);
          for (uint32_t d = 0; d < distinct.size(); d++) slots[find(distinct[d], hashes[d])] = d;
          at = find(v, h);
        }
      }
      value_of[i] = slots[at];
    }
    // Rank the distinct values in order; each row's position is its value's rank.
    std::vector<uint32_t> order(distinct.size());
    for (uint32_t d = 0; d < order.size(); d++) order[d] = d;
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return distinct[a] < distinct[b]; });
    std::vector<uint32_t> rank(distinct.size());
    for (uint32_t r = 0; r < order.size(); r++) rank[order[r]] = r;
    span = distinct.empty() ? 0 : distinct.size() - 1;
    for (size_t i = 0; i < n; i++) {
      if (!is_null(i)) pos[i] = rank[value_of[i]];
    }
  } else {
    return;
  }
  if (has_null && span == UINT64_MAX) return;  // no room for a NULL position
  const uint64_t top = span + (has_null ? 1 : 0);
  k->ordinals.resize(n);
  for (size_t i = 0; i < n; i++) {
    if (is_null(i)) {
      k->ordinals[i] = k->nulls_first ? 0 : top;
      continue;
    }
    uint64_t o = k->descending ? span - pos[i] : pos[i];
    k->ordinals[i] = o + (has_null && k->nulls_first ? 1 : 0);
  }
  k->bits = static_cast<int>(std::bit_width(top));
}

uint64_t FlatSortKeys::Prefix(const Column& k, uint32_t i) const {
  if (!k.nulls.empty() && k.nulls[i]) return k.nulls_first ? 0 : UINT64_MAX;
  uint64_t p = 0;
  switch (k.kind) {
    case Kind::kInt:
      p = static_cast<uint64_t>(k.ints[i]) ^ kSignBit;
      break;
    case Kind::kDouble:
      p = DoublePrefix(k.doubles[i]);
      break;
    case Kind::kInt128:
      p = static_cast<uint64_t>(k.wide[i] >> 64) ^ kSignBit;
      break;
    case Kind::kString:
      p = StringPrefix(k.strings[i]);
      break;
  }
  return k.descending ? ~p : p;
}

int FlatSortKeys::Compare(const Column& k, uint32_t x, uint32_t y) const {
  if (!k.nulls.empty()) {
    bool nx = k.nulls[x], ny = k.nulls[y];
    if (nx || ny) {
      if (nx && ny) return 0;
      return (nx == k.nulls_first) ? -1 : 1;
    }
  }
  int c = 0;
  switch (k.kind) {
    case Kind::kInt:
      c = ThreeWay(k.ints[x], k.ints[y]);
      break;
    case Kind::kDouble:
      c = ThreeWay(k.doubles[x], k.doubles[y]);
      break;
    case Kind::kInt128:
      c = ThreeWay(k.wide[x], k.wide[y]);
      break;
    case Kind::kString:
      c = k.strings[x].compare(k.strings[y]);  // one memcmp, not two
      c = (c > 0) - (c < 0);
      break;
  }
  return k.descending ? -c : c;
}

bool FlatSortKeys::Less(const Entry& a, const Entry& b) const {
  if (a.key != b.key) return a.key < b.key;
  for (size_t i = first_full_; i < columns_.size(); i++) {
    int c = Compare(columns_[i], a.index, b.index);
    if (c != 0) return c < 0;
  }
  return a.index < b.index;
}

std::vector<uint64_t> FlatSortKeys::SortedIdsPacked(size_t limit) const {
  const size_t n = ids_.size();
  const int index_bits = static_cast<int>(std::bit_width(n));
  std::vector<uint64_t> keys(n);
  for (size_t i = 0; i < n; i++) keys[i] = i;
  for (size_t k = 0; k < first_full_; k++) {
    if (columns_[k].bits == 0) continue;
    // The ordinal's place below the 128-bit key's top, moved down to the 64-bit key's, above the index.
    const int shift = shifts_[k] - (128 - used_bits_) + index_bits;
    const uint64_t* ordinals = columns_[k].ordinals.data();
    for (size_t i = 0; i < n; i++) keys[i] |= ordinals[i] << shift;
  }
  if (limit < n) {
    std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(limit), keys.end());
    keys.resize(limit);
  } else {
    std::sort(keys.begin(), keys.end());
  }
  const uint64_t mask = (uint64_t{1} << index_bits) - 1;
  for (uint64_t& key : keys) key = ids_[key & mask];
  return keys;
}

std::vector<uint64_t> FlatSortKeys::SortedIds(size_t limit) const {
  const size_t n = ids_.size();
  if (first_full_ == columns_.size() && static_cast<size_t>(used_bits_) + std::bit_width(n) <= 64)
    return SortedIdsPacked(limit);
  std::vector<Entry> entries(n);
  for (size_t i = 0; i < n; i++) {
    const auto x = static_cast<uint32_t>(i);
    unsigned __int128 key = 0;
    for (size_t k = 0; k < first_full_; k++) {
      if (columns_[k].bits > 0) key |= static_cast<unsigned __int128>(columns_[k].ordinals[x]) << shifts_[k];
    }
    if (prefixed_) key |= Prefix(columns_[first_full_], x);
    entries[i].key = key;
    entries[i].index = x;
  }
  auto less = [this](const Entry& a, const Entry& b) { return Less(a, b); };
  if (limit < n) {
    std::partial_sort(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(limit), entries.end(), less);
    entries.resize(limit);
  } else {
    std::sort(entries.begin(), entries.end(), less);
  }
  std::vector<uint64_t> out(entries.size());
  for (size_t i = 0; i < entries.size(); i++) out[i] = ids_[entries[i].index];
  return out;
}

}  // namespace blueshift
