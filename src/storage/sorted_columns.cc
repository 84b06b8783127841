#include "storage/sorted_columns.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>

#include "storage/typed_value.h"

namespace blueshift::storage {
namespace {

Status CheckShape(const TableDef& table, const Batch& b) {
  if (b.num_columns() != table.columns.size()) {
    return Status(ErrorCode::kInternal, "segment rows have " + std::to_string(b.num_columns()) + " columns, table \"" +
                                            table.name + "\" has " + std::to_string(table.columns.size()));
  }
  for (size_t c = 0; c < table.columns.size(); c++) {
    if (b.column(c).type().physical() != table.columns[c].type.physical()) {
      return Status(ErrorCode::kInternal,
                    "segment rows have the wrong type for column \"" + table.columns[c].name + "\"");
    }
  }
  return Status::OK();
}

void AppendColumn(const Batch& b, size_t c, ColumnData* out) {
  const Vector& v = b.column(c);
  size_t width = PhysicalWidth(out->type.physical());
  bool is_bool = out->type.physical() == PhysicalType::kBool;
  for (size_t k = 0; k < b.count(); k++) {
    uint32_t row = b.RowIndex(k);
    uint8_t* dst = out->values.data() + out->count * width;
    bool valid = !v.IsNull(row);
    out->validity[out->count] = valid ? 1 : 0;
    if (valid) {
      std::memcpy(dst, v.raw_data() + row * width, width);
      if (is_bool) *dst = *dst != 0;
    } else if (out->type.physical() == PhysicalType::kString) {
      new (dst) std::string_view();
    }  // other NULL placeholders stay zero
    out->count++;
  }
}

// Lexicographic over the sort key columns, NULLs last.
bool RowLess(const std::vector<const ColumnData*>& keys, uint32_t a, uint32_t b) {
  for (const ColumnData* k : keys) {
    bool an = !k->validity[a];
    bool bn = !k->validity[b];
    if (an || bn) {
      if (an != bn) return bn;
      continue;
    }
    int c = CompareValues(k->type.physical(), k->values.data(), a, k->values.data(), b);
    if (c != 0) return c < 0;
  }
  return false;
}

template <size_t kWidth>
void PermuteValues(const uint8_t* in, const std::vector<uint32_t>& order, uint8_t* out) {
  for (size_t i = 0; i < order.size(); i++) std::memcpy(out + i * kWidth, in + size_t{order[i]} * kWidth, kWidth);
}

ColumnData Permute(const ColumnData& in, const std::vector<uint32_t>& order) {
  ColumnData out;
  out.type = in.type;
  out.count = in.count;
  size_t width = PhysicalWidth(in.type.physical());
  out.values.resize(in.values.size());
  out.validity.resize(in.count);
  uint8_t* dst = out.values.data();
  switch (width) {  // a constant width lets each copy be one load and store
    case 1:
      PermuteValues<1>(in.values.data(), order, dst);
      break;
    case 2:
      PermuteValues<2>(in.values.data(), order, dst);
      break;
    case 4:
      PermuteValues<4>(in.values.data(), order, dst);
      break;
    case 8:
      PermuteValues<8>(in.values.data(), order, dst);
      break;
    case 16:
      PermuteValues<16>(in.values.data(), order, dst);
      break;
    default:
      for (size_t i = 0; i < order.size(); i++)
        std::memcpy(dst + i * width, in.values.data() + order[i] * width, width);
  }
  for (size_t i = 0; i < order.size(); i++) out.validity[i] = in.validity[order[i]];
  return out;
}

// Sorts [first, first + n) by `less` as `sort` (a sort of a range by `less`) would, cheaper when the range
// is mostly a few long sorted runs (a fold's inputs are sorted files, and the write store's rows after them):
// rows up to the next run of at least kMinRun rows in order are sorted by `sort` as one chunk, then the
// runs and chunks are merged pairwise, adjacent ones, which keeps equal rows in range order. Rows in no
// order make one chunk: the cost of `sort` plus one comparison per row. Equal to a stable sort when `sort`
// is one (or when no two rows are equal).
constexpr size_t kMinRun = 32;

template <typename T, typename Less, typename Sort>
void SortRuns(T* first, size_t n, const Less& less, const Sort& sort) {
  std::vector<size_t> bounds = {0};  // runs and chunks, [bounds[k], bounds[k + 1])
  size_t chunk = 0;                  // where the rows not yet in a run start
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && !less(first[j], first[j - 1])) j++;
    if (j - i >= kMinRun) {
      if (chunk < i) {
        sort(first + chunk, first + i);
        bounds.push_back(i);
      }
      bounds.push_back(j);
      chunk = j;
    }
    i = j;
  }
  if (chunk < n) {
    sort(first + chunk, first + n);
    bounds.push_back(n);
  }
  if (bounds.size() <= 2) return;
  std::vector<T> buffer(n);
  T* from = first;
  T* to = buffer.data();
  while (bounds.size() > 2) {
    std::vector<size_t> merged = {0};
    for (size_t k = 0; k + 1 < bounds.size(); k += 2) {
      if (k + 2 < bounds.size()) {
        std::merge(from + bounds[k], from + bounds[k + 1], from + bounds[k + 1], from + bounds[k + 2], to + bounds[k],
                   less);
        merged.push_back(bounds[k + 2]);
      } else {
        std::copy(from + bounds[k], from + bounds[k + 1], to + bounds[k]);
        merged.push_back(bounds[k + 1]);
      }
    }
    bounds = std::move(merged);
    std::swap(from, to);
  }
  if (from != first) std::copy(from, from + n, first);
}

// StableOrder of one integer sort key (DATE, TIMESTAMP, the integers): the valid rows by value, equal values
// in row order, then the NULL rows in row order. A key spanning few values (dates) is counting-sorted.
template <typename T>
std::vector<uint32_t> IntegerOrder(const ColumnData& key) {
  const T* values = key.data<T>();
  const uint8_t* valid = key.validity.data();
  std::vector<uint32_t> order;
  order.reserve(key.count);
  std::vector<uint32_t> nulls;
  T lo = std::numeric_limits<T>::max();
  T hi = std::numeric_limits<T>::min();
  for (size_t i = 0; i < key.count; i++) {
    if (!valid[i]) continue;
    lo = std::min(lo, values[i]);
    hi = std::max(hi, values[i]);
  }
  const bool any = lo <= hi;
  const uint64_t diff = any ? static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) : 0;  // no overflow
  if (any && diff < std::max<uint64_t>(key.count, 1024)) {
    const uint64_t span = diff + 1;
    std::vector<uint32_t> start(span + 1, 0);
    for (size_t i = 0; i < key.count; i++) {
      if (valid[i]) start[static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(lo) + 1]++;
    }
    for (size_t b = 1; b <= span; b++) start[b] += start[b - 1];
    order.resize(start[span]);
    for (size_t i = 0; i < key.count; i++) {
      if (valid[i]) {
        order[start[static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(lo)]++] = static_cast<uint32_t>(i);
      } else {
        nulls.push_back(static_cast<uint32_t>(i));
      }
    }
  } else {
    std::vector<std::pair<T, uint32_t>> pairs;
    pairs.reserve(key.count);
    for (size_t i = 0; i < key.count; i++) {
      if (valid[i]) {
        pairs.emplace_back(values[i], static_cast<uint32_t>(i));
      } else {
        nulls.push_back(static_cast<uint32_t>(i));
      }
    }
    // (value, row) pairs are unique, so any sort of them is stable by row.
    SortRuns(pairs.data(), pairs.size(), std::less<>(), [](auto* begin, auto* end) { std::sort(begin, end); });
    for (const auto& p : pairs) order.push_back(p.second);
  }
  order.insert(order.end(), nulls.begin(), nulls.end());
  return order;
}

// The interleaved order (interleaved_index.h): by z-value, then lexicographic over the keys, then row.
std::vector<uint32_t> InterleavedOrder(const std::vector<const ColumnData*>& keys, size_t count,
                                       const InterleavedIndex* index) {
  std::vector<InterleavedIndex::KeyColumn> cols;
  for (const ColumnData* k : keys) cols.push_back({k->type, k->values.data(), k->validity.data(), k->count});
  std::shared_ptr<const InterleavedIndex> own;
  if (!index) {
    own = InterleavedIndex::Build(cols);
    index = own.get();
  }
  std::vector<uint64_t> z(count);
  index->ZValues(cols, z.data());
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  // A total order (rows break ties), so any sort of it is the same.
  auto less = [&](uint32_t a, uint32_t b) {
    if (z[a] != z[b]) return z[a] < z[b];
    if (RowLess(keys, a, b)) return true;
    return !RowLess(keys, b, a) && a < b;
  };
  SortRuns(order.data(), order.size(), less, [&](uint32_t* begin, uint32_t* end) { std::sort(begin, end, less); });
  return order;
}

std::vector<uint32_t> StableOrder(const std::vector<const ColumnData*>& keys, size_t count) {
  if (keys.size() == 1) {
    switch (keys[0]->type.physical()) {
      case PhysicalType::kInt16:
        return IntegerOrder<int16_t>(*keys[0]);
      case PhysicalType::kInt32:
        return IntegerOrder<int32_t>(*keys[0]);
      case PhysicalType::kInt64:
        return IntegerOrder<int64_t>(*keys[0]);
      default:
        break;
    }
  }
  std::vector<uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  if (keys.empty()) return order;
  auto less = [&](uint32_t a, uint32_t b) { return RowLess(keys, a, b); };
  SortRuns(order.data(), order.size(), less,
           [&](uint32_t* begin, uint32_t* end) { std::stable_sort(begin, end, less); });
  return order;
}

size_t CountRows(const std::vector<Batch>& rows) {
  size_t total = 0;
  for (const Batch& b : rows) total += b.count();
  return total;
}

// The order of the rows of `keys` (the sort-key columns) for `table`.
std::vector<uint32_t> TableOrder(const TableDef& table, const std::vector<const ColumnData*>& keys, size_t count,
                                 const InterleavedIndex* index) {
  if (!IsInterleaved(table) || keys.size() > kMaxInterleavedKeys) return StableOrder(keys, count);
  return InterleavedOrder(keys, count, index && index->Fits(table) ? index : nullptr);
}

}  // namespace

std::vector<InterleavedIndex::KeyColumn> KeyColumnsOf(const TableDef& table, const std::vector<ColumnData>& columns) {
  std::vector<InterleavedIndex::KeyColumn> out;
  for (int k : table.sort_keys) {
    const ColumnData& c = columns[k];
    out.push_back({c.type, c.values.data(), c.validity.data(), c.count});
  }
  return out;
}

void SortColumns(const TableDef& table, std::vector<ColumnData>* columns, const InterleavedIndex* index) {
  // One row (a single-row INSERT's write-store segment) is in order under any sort key.
  if (table.sort_keys.empty() || columns->empty() || (*columns)[0].count <= 1) return;
  PermuteColumns(ColumnsOrder(table, *columns, index), columns);
}

std::vector<uint32_t> ColumnsOrder(const TableDef& table, const std::vector<ColumnData>& columns,
                                   const InterleavedIndex* index) {
  size_t count = columns.empty() ? 0 : columns[0].count;
  std::vector<const ColumnData*> keys;
  for (int k : table.sort_keys) keys.push_back(&columns[k]);
  return TableOrder(table, keys, count, index);
}

void PermuteColumns(const std::vector<uint32_t>& order, std::vector<ColumnData>* columns) {
  for (auto& c : *columns) c = Permute(c, order);
}

Result<std::vector<ColumnData>> GatherSortedColumns(const TableDef& table, const std::vector<Batch>& rows) {
  ASSIGN_OR_RETURN(std::vector<ColumnData> columns, GatherColumns(table, rows));
  SortColumns(table, &columns);
  return columns;
}

Result<std::vector<ColumnData>> GatherColumns(const TableDef& table, const std::vector<Batch>& rows) {
  size_t total = 0;
  for (const Batch& b : rows) {
    RETURN_IF_ERROR(CheckShape(table, b));
    total += b.count();
  }
  if (total > UINT32_MAX) return Status(ErrorCode::kInternal, "too many rows for one segment");
  std::vector<ColumnData> columns(table.columns.size());
  for (size_t c = 0; c < columns.size(); c++) {
    columns[c].type = table.columns[c].type;
    columns[c].values.assign(total * PhysicalWidth(columns[c].type.physical()), 0);
    columns[c].validity.assign(total, 0);
    for (const Batch& b : rows) AppendColumn(b, c, &columns[c]);
  }
  return columns;
}

Result<std::vector<uint32_t>> SortOrder(const TableDef& table, const std::vector<Batch>& rows,
                                        const InterleavedIndex* index) {
  for (const Batch& b : rows) RETURN_IF_ERROR(CheckShape(table, b));
  size_t total = CountRows(rows);
  std::vector<ColumnData> keys(table.sort_keys.size());
  std::vector<const ColumnData*> key_ptrs;
  for (size_t k = 0; k < keys.size(); k++) {
    size_t c = static_cast<size_t>(table.sort_keys[k]);
    keys[k].type = table.columns[c].type;
    keys[k].values.assign(total * PhysicalWidth(keys[k].type.physical()), 0);
    keys[k].validity.assign(total, 0);
    for (const Batch& b : rows) AppendColumn(b, c, &keys[k]);
    key_ptrs.push_back(&keys[k]);
  }
  return TableOrder(table, key_ptrs, total, index);
}

}  // namespace blueshift::storage
