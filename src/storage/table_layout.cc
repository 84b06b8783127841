#include "storage/table_layout.h"

#include <algorithm>
#include <numeric>

namespace blueshift::storage {
namespace {

// The range of one column's non-null values in a segment; has_range false when every value is NULL.
struct KeyRange {
  bool has_range = false;
  Value min;
  Value max;
};

KeyRange SegmentKeyRange(const SegmentMeta& meta, int column) {
  KeyRange r;
  if (column < 0 || static_cast<size_t>(column) >= meta.columns.size()) return r;
  for (const BlockInfo& b : meta.columns[column]) {
    if (!b.has_minmax) continue;
    if (!r.has_range || Value::Compare(b.min, r.min) < 0) r.min = b.min;
    if (!r.has_range || Value::Compare(b.max, r.max) > 0) r.max = b.max;
    r.has_range = true;
  }
  return r;
}

// Marks the sorted segments of one slice: overlapping key ranges form groups; the largest segment of each
// group is sorted. Records each segment's group. Segments without any non-null key sort after all others (NULLs last)
// and form one group.
void MarkSortedSegments(std::span<const SegmentState> segments, int key, SliceLayout* out) {
  std::vector<bool>& sorted = out->segment_sorted;
  std::vector<int>& group = out->segment_group;
  sorted.assign(segments.size(), false);
  group.assign(segments.size(), 0);
  int groups = 0;
  std::vector<KeyRange> ranges;
  for (const auto& s : segments) ranges.push_back(SegmentKeyRange(*s.meta, key));
  std::vector<size_t> order(segments.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (ranges[a].has_range != ranges[b].has_range) return ranges[a].has_range;
    return ranges[a].has_range && Value::Compare(ranges[a].min, ranges[b].min) < 0;
  });
  size_t i = 0;
  while (i < order.size()) {
    size_t best = order[i];
    size_t j = i + 1;
    if (ranges[order[i]].has_range) {
      Value group_max = ranges[order[i]].max;
      for (; j < order.size() && ranges[order[j]].has_range && Value::Compare(ranges[order[j]].min, group_max) <= 0;
           j++) {
        if (Value::Compare(ranges[order[j]].max, group_max) > 0) group_max = ranges[order[j]].max;
        if (segments[order[j]].meta->row_count > segments[best].meta->row_count) best = order[j];
      }
    } else {
      for (; j < order.size(); j++) {
        if (segments[order[j]].meta->row_count > segments[best].meta->row_count) best = order[j];
      }
    }
    sorted[best] = true;
    for (; i < j; i++) group[order[i]] = groups;
    groups++;
  }
}

// An INTERLEAVED slice's sorted region is what its interleaved state names (interleaved_index.h): z-ordered
// segments overlap in every key column, so key ranges cannot tell. All segments form one group.
void MarkInterleavedSegments(std::span<const SegmentState> segments, const InterleavedSlice* state, SliceLayout* out) {
  out->segment_sorted.assign(segments.size(), false);
  out->segment_group.assign(segments.size(), 0);
  if (!state || !state->index) return;
  for (size_t k = 0; k < segments.size(); k++) out->segment_sorted[k] = state->IsSorted(segments[k].meta->id);
}

}  // namespace

double TableLayout::UnsortedPercent() const {
  return rows == 0 ? 0.0 : 100.0 * static_cast<double>(rows - sorted_rows) / static_cast<double>(rows);
}

double TableLayout::DeletedPercent() const {
  return rows == 0 ? 0.0 : 100.0 * static_cast<double>(deleted_rows) / static_cast<double>(rows);
}

TableLayout ComputeTableLayout(const TableDef& table, const TableData& data) {
  TableLayout out;
  out.has_sort_key = !table.sort_keys.empty();
  int key = out.has_sort_key ? table.sort_keys[0] : -1;
  const bool interleaved = IsInterleaved(table);
  for (size_t slice = 0; slice < data.slices.size(); slice++) {
    const auto& segments = data.slices[slice];
    SliceLayout s;
    s.segments = segments.size();
    if (interleaved) {
      const InterleavedSlice* state = slice < data.interleaved.size() ? &data.interleaved[slice] : nullptr;
      if (state && state->index && !state->index->Fits(table)) state = nullptr;
      MarkInterleavedSegments(segments, state, &s);
    } else if (out.has_sort_key) {
      MarkSortedSegments(segments, key, &s);
    } else {
      s.segment_sorted.assign(segments.size(), false);
      s.segment_group.resize(segments.size());
      std::iota(s.segment_group.begin(), s.segment_group.end(), 0);
    }
    for (size_t k = 0; k < segments.size(); k++) {
      const SegmentMeta& m = *segments[k].meta;
      s.rows += m.row_count;
      s.deleted_rows += segments[k].deletes ? segments[k].deletes->rows.size() : 0;
      if (s.segment_sorted[k]) s.sorted_rows += m.row_count;
      for (const auto& col : m.columns) s.blocks += col.size();
      s.bytes += m.file_bytes;
    }
    out.rows += s.rows;
    out.deleted_rows += s.deleted_rows;
    out.sorted_rows += s.sorted_rows;
    out.blocks += s.blocks;
    out.bytes += s.bytes;
    out.slices.push_back(std::move(s));
  }
  return out;
}

}  // namespace blueshift::storage
