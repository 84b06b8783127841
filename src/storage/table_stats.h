#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "catalog/table_def.h"
#include "storage/column_stats.h"
#include "storage/store.h"

namespace blueshift::storage {

// Statistics of one column of a table, for the optimizer and SVV_TABLE_INFO / ANALYZE.
struct ColumnStatistics {
  uint64_t nulls = 0;        // stored rows (deleted ones included) that are NULL, from block headers
  double null_fraction = 0;  // nulls / stored rows
  double distinct = -1;      // estimated distinct non-null values (HyperLogLog); -1 when not computed
  bool has_minmax = false;   // false when every value is NULL
  Value min;                 // from the zone maps
  Value max;
  std::vector<FrequentValue> most_frequent;  // up to ColumnSketch::kMaxFrequent, by count, descending
};

// Statistics of a table at one version. Rows are exact; nulls, min and max are exact over stored rows
// (deleted rows are counted until VACUUM reclaims them); distinct counts and frequent values are merged from
// per-segment sketches (docs/format/statistics.md).
struct TableStatistics {
  uint64_t rows = 0;                      // live rows: stored rows minus deleted ones
  uint64_t stored_rows = 0;               // including rows marked deleted
  std::vector<ColumnStatistics> columns;  // [column]
  bool has_sketches = false;              // distinct/most_frequent were filled in
  uint64_t sketched_rows = 0;             // stored rows of the segments whose sketches were merged
};

// What the optimizer calls. Cheap: row counts, null counts and min/max from the manifest's zone maps, never
// touching a file. Thread-safe (reads only immutable data).
TableStatistics EstimateTableStatistics(const TableDef& table, const TableData& data);

// The same plus distinct counts and most frequent values merged from every segment's sketch
// (Store::SegmentStatistics: in memory for segments written since the server started, otherwise read once
// from the segment file). `columns` limits the columns filled in (empty = all): the others' zone-map
// statistics are left empty too (the optimizer asks for one column at a time). Segments without sketches
// (STATUPDATE OFF, files of format 1 or 2) are sketched from their rows when compute_missing, else left
// out (sketched_rows tells how many rows the merged sketches cover: the optimizer's way, which must not
// read whole segments to plan a query). Errors: XX001 for a damaged statistics section, 58030 when a file
// cannot be read. Thread-safe.
Result<TableStatistics> ComputeTableStatistics(const Store& store, const TableDef& table, const TableData& data,
                                               const std::vector<int>& columns = {}, bool compute_missing = true);

// The percentage of stored rows whose distinct-count and frequent-value sketches are unknown: rows of
// segments written before segment format 3 that no ANALYZE has sketched since the server started
// (SVV_TABLE_INFO.stats_off); rows of the write store count as sketched (their fold sketches them). Reads each
// segment file's trailer once. Thread-safe.
Result<double> StatsOffPercent(const Store& store, const TableDef& table, const TableData& data);

// The sketch of each segment a store knows, by segment id, until the segment's metadata is gone (weakly
// held). Thread-safe.
class SketchCache {
 public:
  std::shared_ptr<const SegmentSketch> Find(const std::shared_ptr<const SegmentMeta>& segment);
  void Put(const std::shared_ptr<const SegmentMeta>& segment, std::shared_ptr<const SegmentSketch> sketch);

 private:
  struct Entry {
    std::weak_ptr<const SegmentMeta> segment;
    std::shared_ptr<const SegmentSketch> sketch;
  };
  std::mutex mu_;
  std::map<uint64_t, Entry> entries_;
  size_t puts_since_prune_ = 0;
};

}  // namespace blueshift::storage
