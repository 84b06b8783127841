#include "storage/table_stats.h"

#include <algorithm>
#include <unordered_map>

#include "storage/segment_writer.h"

namespace blueshift::storage {
namespace {

void AddZoneMaps(const SegmentMeta& m, ColumnStatistics* cs, size_t c) {
  if (c >= m.columns.size()) return;
  for (const BlockInfo& b : m.columns[c]) {
    cs->nulls += b.null_count;
    if (!b.has_minmax) continue;
    if (!cs->has_minmax || Value::Compare(b.min, cs->min) < 0) cs->min = b.min;
    if (!cs->has_minmax || Value::Compare(b.max, cs->max) > 0) cs->max = b.max;
    cs->has_minmax = true;
  }
}

// Merges per-segment frequent values: counts of equal values add up; the top kMaxFrequent stay.
std::vector<FrequentValue> MergeFrequent(const std::vector<const std::vector<FrequentValue>*>& lists) {
  std::vector<FrequentValue> all;
  for (const auto* l : lists) {
    for (const FrequentValue& f : *l) {
      auto it = std::find_if(all.begin(), all.end(), [&](const FrequentValue& a) {
        return !a.value.is_null() && !f.value.is_null() && Value::Compare(a.value, f.value) == 0;
      });
      if (it == all.end()) {
        all.push_back(f);
      } else {
        it->count += f.count;
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  if (all.size() > ColumnSketch::kMaxFrequent) all.resize(ColumnSketch::kMaxFrequent);
  return all;
}

}  // namespace

namespace {

// EstimateTableStatistics for the columns wanted (all when empty); the others' statistics stay empty.
TableStatistics ZoneMapStatistics(const TableDef& table, const TableData& data, const std::vector<int>& wanted) {
  TableStatistics out;
  out.columns.resize(table.columns.size());
  for (const auto& segments : data.slices) {
    for (const SegmentState& s : segments) {
      out.stored_rows += s.meta->row_count;
      out.rows += s.meta->row_count - (s.deletes ? s.deletes->rows.size() : 0);
      if (wanted.empty()) {
        for (size_t c = 0; c < out.columns.size(); c++) AddZoneMaps(*s.meta, &out.columns[c], c);
      } else {
        for (int c : wanted) AddZoneMaps(*s.meta, &out.columns[c], static_cast<size_t>(c));
      }
    }
  }
  for (auto& cs : out.columns) {
    cs.null_fraction = out.stored_rows ? static_cast<double>(cs.nulls) / static_cast<double>(out.stored_rows) : 0;
  }
  return out;
}

}  // namespace

TableStatistics EstimateTableStatistics(const TableDef& table, const TableData& data) {
  return ZoneMapStatistics(table, data, {});
}

Result<TableStatistics> ComputeTableStatistics(const Store& store, const TableDef& table, const TableData& data,
                                               const std::vector<int>& columns, bool compute_missing) {
  TableStatistics out = ZoneMapStatistics(table, data, columns);
  std::vector<int> wanted = columns;
  if (wanted.empty()) {
    for (size_t c = 0; c < table.columns.size(); c++) wanted.push_back(static_cast<int>(c));
  }
  std::vector<HyperLogLog> distinct(table.columns.size());
  std::vector<std::vector<const std::vector<FrequentValue>*>> frequent(table.columns.size());
  std::vector<std::shared_ptr<const SegmentSketch>> keep;  // owns what `frequent` points into
  for (const auto& segments : data.slices) {
    for (const SegmentState& s : segments) {
      ASSIGN_OR_RETURN(auto sketch, store.SegmentStatistics(table, s.meta, compute_missing));
      if (!sketch) continue;
      out.sketched_rows += s.meta->row_count;
      for (int c : wanted) {
        if (static_cast<size_t>(c) >= sketch->columns.size()) continue;  // a column added after the write
        distinct[c].Merge(sketch->columns[c].distinct);
        frequent[c].push_back(&sketch->columns[c].frequent);
      }
      keep.push_back(std::move(sketch));
    }
  }
  for (int c : wanted) {
    ColumnStatistics& cs = out.columns[c];
    double non_null = static_cast<double>(out.stored_rows - std::min<uint64_t>(cs.nulls, out.stored_rows));
    cs.distinct = std::min(distinct[c].Estimate(), non_null);  // never more than there are values
    if (non_null > 0 && cs.distinct < 1) cs.distinct = 1;
    cs.most_frequent = MergeFrequent(frequent[c]);
  }
  out.has_sketches = true;
  return out;
}

Result<double> StatsOffPercent(const Store& store, const TableDef& table, const TableData& data) {
  uint64_t rows = 0;
  uint64_t unknown = 0;
  for (const auto& segments : data.slices) {
    for (const SegmentState& s : segments) {
      rows += s.meta->row_count;
      // The write store's rows are sketched by their fold within about a second (and from their image when
      // asked before that): they never make statistics stale.
      if (s.meta->memory_image) continue;
      ASSIGN_OR_RETURN(auto sketch, store.SegmentStatistics(table, s.meta, /*compute_if_missing=*/false));
      if (!sketch) unknown += s.meta->row_count;
    }
  }
  return rows == 0 ? 0.0 : 100.0 * static_cast<double>(unknown) / static_cast<double>(rows);
}

std::shared_ptr<const SegmentSketch> SketchCache::Find(const std::shared_ptr<const SegmentMeta>& segment) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(segment->id);
  if (it == entries_.end() || it->second.segment.lock() != segment) return nullptr;
  return it->second.sketch;
}

void SketchCache::Put(const std::shared_ptr<const SegmentMeta>& segment, std::shared_ptr<const SegmentSketch> sketch) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_[segment->id] = Entry{segment, std::move(sketch)};
  if (++puts_since_prune_ < 256) return;
  puts_since_prune_ = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = it->second.segment.expired() ? entries_.erase(it) : std::next(it);
  }
}

}  // namespace blueshift::storage
