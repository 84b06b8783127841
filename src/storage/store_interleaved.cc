// The storage side of INTERLEAVED sort keys that VACUUM needs (interleaved_index.h).
#include <algorithm>

#include "storage/segment_merge.h"
#include "storage/store.h"

namespace blueshift::storage {
namespace {

// Rows of a segment sorted at once when VACUUM sorts it: what about a third of the working memory holds (the
// rows are held as read and once more as sorted columns), at least 64K, at most a vacuum segment's rows.
uint64_t RunRows(const SegmentMeta& meta, uint64_t memory_bytes) {
  uint64_t per_row = meta.file_bytes / std::max<uint64_t>(meta.row_count, 1) + 1;
  for (const LogicalType& t : meta.types) per_row += PhysicalWidth(t.physical()) + 1;
  return std::clamp<uint64_t>(memory_bytes / (3 * per_row), uint64_t{1} << 16, kVacuumSegmentRows);
}

// Calls fn(batch) for the live rows of `segment`, `columns` of them, a batch at a time.
template <typename Fn>
Status ForEachLiveBatch(const Store& store, const TableDef& table, const SegmentState& segment,
                        const std::vector<int>& columns, const std::vector<LogicalType>& types, Fn fn) {
  ASSIGN_OR_RETURN(auto reader, store.OpenSegment(table, *segment.meta));
  for (uint64_t first = 0; first < segment.meta->row_count; first += kBatchSize) {
    size_t n = std::min<uint64_t>(kBatchSize, segment.meta->row_count - first);
    Batch batch(types, n);
    RETURN_IF_ERROR(reader->Read(columns, first, n, &batch));
    if (segment.deletes) SelectLive(*segment.deletes, first, &batch);
    if (batch.count() > 0) RETURN_IF_ERROR(fn(std::move(batch)));
  }
  return Status::OK();
}

}  // namespace

Status Store::SortUnsortedSegments(const TableDef& table, uint32_t slice, const InterleavedSlice& order,
                                   const RewriteLimits& limits, std::vector<SegmentState>* inputs,
                                   std::vector<std::shared_ptr<const SegmentMeta>>* runs) {
  std::vector<int> all(table.columns.size());
  for (size_t c = 0; c < all.size(); c++) all[c] = static_cast<int>(c);
  SegmentOrder sort{order.index, /*propose=*/false};
  std::vector<SegmentState> out;
  for (const SegmentState& s : *inputs) {
    if (order.IsSorted(s.meta->id)) {
      out.push_back(s);
      continue;
    }
    const uint64_t run_rows = RunRows(*s.meta, limits.memory_bytes);
    std::vector<Batch> rows;
    uint64_t held = 0;
    auto flush = [&]() -> Status {
      if (held == 0) return Status::OK();
      ASSIGN_OR_RETURN(auto meta, WriteOrderedSegment(table, slice, rows, /*statistics=*/false, sort));
      runs->push_back(meta);
      out.push_back(SegmentState{meta, nullptr});
      rows.clear();
      held = 0;
      return Status::OK();
    };
    RETURN_IF_ERROR(ForEachLiveBatch(*this, table, s, all, table.ColumnTypes(), [&](Batch b) -> Status {
      held += b.count();
      rows.push_back(std::move(b));
      return held >= run_rows ? flush() : Status::OK();
    }));
    RETURN_IF_ERROR(flush());
  }
  *inputs = std::move(out);
  return Status::OK();
}

Result<std::shared_ptr<const InterleavedIndex>> Store::BuildSliceIndex(const TableDef& table,
                                                                       std::span<const SegmentState> segments) const {
  uint64_t live = 0;
  for (const SegmentState& s : segments) live += s.meta->row_count - (s.deletes ? s.deletes->rows.size() : 0);
  if (live == 0 || table.sort_keys.size() > kMaxInterleavedKeys) return std::shared_ptr<const InterleavedIndex>();
  // An even sample of the live rows, as InterleavedIndex::Build would take of them all.
  const uint64_t stride = std::max<uint64_t>(1, live / InterleavedIndex::kSampleRows);
  const size_t capacity = static_cast<size_t>(live / stride + 1);
  std::vector<LogicalType> types;
  std::vector<Vector> sample;
  for (int k : table.sort_keys) {
    types.push_back(table.columns[k].type);
    sample.emplace_back(table.columns[k].type, capacity);
  }
  uint64_t seen = 0;
  size_t taken = 0;
  for (const SegmentState& s : segments) {
    RETURN_IF_ERROR(ForEachLiveBatch(*this, table, s, table.sort_keys, types, [&](Batch b) -> Status {
      for (size_t i = 0; i < b.count(); i++, seen++) {
        if (seen % stride != 0 || taken == capacity) continue;
        for (size_t k = 0; k < sample.size(); k++) sample[k].CopyRow(b.column(k), i, taken);
        taken++;
      }
      return Status::OK();
    }));
  }
  std::vector<InterleavedIndex::KeyColumn> keys;
  for (const Vector& v : sample) keys.push_back({v.type(), v.raw_data(), v.validity(), taken});
  return InterleavedIndex::Build(keys);
}

}  // namespace blueshift::storage

namespace blueshift::storage {

inline constexpr size_t kSkewGroups = 16;

Result<std::optional<std::vector<double>>> Store::InterleavedSkew(const TableDef& table, const TableData& data) const {
  const size_t nkeys = table.sort_keys.size();
  std::vector<double> weighted(nkeys, 0), rows_of(nkeys, 0);
  bool any = false;
  std::vector<LogicalType> types;
  for (int k : table.sort_keys) types.push_back(table.columns[k].type);
  for (size_t slice = 0; slice < data.interleaved.size() && slice < data.slices.size(); slice++) {
    const InterleavedIndex* index = data.interleaved[slice].index.get();
    if (!index || !index->Fits(table)) continue;
    any = true;
    std::vector<std::vector<uint64_t>> counts(nkeys);
    for (size_t k = 0; k < nkeys; k++) counts[k].assign(index->Buckets(k), 0);
    for (const SegmentState& s : data.slices[slice]) {
      RETURN_IF_ERROR(ForEachLiveBatch(*this, table, s, table.sort_keys, types, [&](Batch b) -> Status {
        for (size_t k = 0; k < nkeys; k++) {
          const Vector& v = b.column(k);
          InterleavedIndex::KeyColumn col{v.type(), v.raw_data(), v.validity(), b.count()};
          for (size_t i = 0; i < b.count(); i++) {
            if (v.IsNull(i)) continue;
            counts[k][index->Code(k, col, i)]++;
          }
        }
        return Status::OK();
      }));
    }
    for (size_t k = 0; k < nkeys; k++) {
      uint64_t total = 0;
      for (uint64_t c : counts[k]) total += c;
      if (total == 0) continue;
      // Codes group into at most kSkewGroups ranges, so that a sampled index's small deviations per code
      // (a few percent of rows) do not read as skew; a group's share is compared with its share of codes.
      const size_t codes = counts[k].size();
      const size_t groups = std::min(codes, kSkewGroups);
      double worst = 1.0;
      for (size_t g = 0; g < groups; g++) {
        size_t from = g * codes / groups, to = (g + 1) * codes / groups;
        uint64_t rows = 0;
        for (size_t c = from; c < to; c++) rows += counts[k][c];
        double expected = static_cast<double>(total) * static_cast<double>(to - from) / static_cast<double>(codes);
        worst = std::max(worst, static_cast<double>(rows) / expected);
      }
      weighted[k] += worst * static_cast<double>(total);
      rows_of[k] += static_cast<double>(total);
    }
  }
  if (!any) return std::optional<std::vector<double>>();
  std::vector<double> skew(nkeys, 1.0);
  for (size_t k = 0; k < nkeys; k++) {
    if (rows_of[k] > 0) skew[k] = weighted[k] / rows_of[k];
  }
  return std::optional<std::vector<double>>(std::move(skew));
}

}  // namespace blueshift::storage
