#pragma once

#include <memory>
#include <vector>

#include "catalog/table_def.h"
#include "exec/physical_operator.h"

namespace blueshift {

class KeyFilterProvider;

// A predicate `column op constant` (a conjunct of the WHERE clause) that scans check against block zone maps
// to skip blocks, and on integer columns row by row, to skip the other columns of rows that fail it. The
// filter above the scan still applies it: the scan only decides what is not read.
struct ZoneFilter {
  enum class Op { kEq, kLt, kLe, kGt, kGe };
  int column = -1;  // table column index
  Op op = Op::kEq;
  Value constant;  // of the column's type
  // Whether a block with these min/max could hold a matching row.
  bool MayMatch(const Value& min, const Value& max) const;
};

// A column index a scan (and a LogicalGet) may list to output each row's id as a BIGINT: the segment id in
// the high 32 bits, the row's position in the segment in the low 32. DELETE and UPDATE find rows by it.
inline constexpr int kRowIdColumn = 1 << 30;
inline int64_t MakeRowId(uint64_t segment, uint64_t row) {
  return static_cast<int64_t>((segment << 32) | row);
}
inline uint64_t RowIdSegment(int64_t id) {
  return static_cast<uint64_t>(id) >> 32;
}
inline uint32_t RowIdPosition(int64_t id) {
  return static_cast<uint32_t>(id & 0xffffffff);
}

// Scans one table's live rows at the transaction's snapshot, one task per slice (slice 0 only for
// DISTSTYLE ALL, which keeps one copy per node). A slice's segments are cut into morsels of whole blocks
// (about kMorselRows rows); a task reads its own slice's morsels in order, then helps with the morsels left
// of slices that have two or more, so that no core idles while another slice is still being read (unless
// KeepSlices, or an equality on the DISTKEY leaves one slice to read). Outputs the requested
// columns in the order given; kRowIdColumn yields row ids. A segment written before ALTER TABLE ADD COLUMN lacks the
// table's trailing columns: they read as NULL (ADD COLUMN with a non-null DEFAULT rewrites the table instead).
class PhysicalTableScan : public PhysicalOperator {
 public:
  PhysicalTableScan(std::shared_ptr<const TableDef> table, std::vector<int> columns, std::vector<ZoneFilter> filters);

  std::string Name() const override { return "Seq Scan"; }
  std::string Detail() const override;
  bool IsSource() const override { return true; }
  int SourceTasks(ExecContext& ctx) const override;
  std::unique_ptr<SourceShare> InitSourceShare(ExecContext& ctx, int tasks) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  void CollectSourceStats(const SourceState& state, StepCounters* counters) const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;

  const TableDef& table() const { return *table_; }
  // The table column of output column i (kRowIdColumn for row ids).
  int column(int i) const { return columns_[i]; }
  // Whether task (a slice) can produce rows: false for every slice but the one an equality filter on an
  // integer DISTKEY points at. The pipeline runs such tasks on its own thread instead of starting one each.
  bool TaskMayHaveRows(ExecContext& ctx, int task) const;

  // Each task reads its own slice's rows only (no morsel of another slice): an aggregate above relies on
  // rows with equal DISTKEY values reaching one task (PhysicalHashAggregate::SetSliceDisjoint).
  void KeepSlices() { keep_slices_ = true; }

  // Nothing reads the scan's one column: its rows are counted (COUNT(*)) but no block of it is decoded;
  // the column reads as NULL.
  void SetRowsOnly() { rows_only_ = true; }

  // Runtime join filters (exec/runtime_filter.h): output column `column` is tested against build key `key`
  // of `join`, which is complete when this scan starts. Blocks outside the keys' [min, max] are skipped,
  // rows whose value is not a key are dropped, and a filter that keeps most rows turns itself off.
  // Returns false (and adds nothing) for a column that is not a stored one (row ids).
  bool AddKeyFilter(int column, const KeyFilterProvider* join, size_t key) {
    if (columns_[column] == kRowIdColumn) return false;
    key_filters_.push_back({column, join, key});
    return true;
  }

 private:
  struct State;
  struct Share;
  Status NextRange(ExecContext& ctx, State& st) const;
  // Reads rows [first, first + n) of the current segment into out, filling row ids and missing columns.
  Status ReadRows(State& st, uint64_t first, size_t n, Batch* out, const std::vector<uint32_t>* live) const;
  // Counts the blocks of the segment's requested columns that start in rows [lo, hi) and lie wholly outside
  // st.ranges (zone maps excluded them).
  void CountSkippedBlocks(const storage::SegmentMeta& seg, uint64_t lo, uint64_t hi, State& st) const;
  static void PrepareColumns(const TableDef& table, const std::vector<int>& columns, const storage::SegmentMeta& meta,
                             State& st);
  int KeySlice(ExecContext& ctx) const;
  // Chooses the zone filters the scan checks row by row in this segment before reading other columns.
  void PrepareProbe(const storage::SegmentMeta& meta, State& st) const;
  // The rows of [first, first + n) of the current segment that pass those filters and are not deleted
  // (st.live).
  Status SelectLive(State& st, uint64_t first, size_t n) const;

  std::shared_ptr<const TableDef> table_;
  std::vector<int> columns_;
  bool rows_only_ = false;
  bool keep_slices_ = false;
  std::vector<ZoneFilter> filters_;
  struct KeyFilterSource {
    int column;  // output column
    const KeyFilterProvider* join;
    size_t key;
  };
  std::vector<KeyFilterSource> key_filters_;
};

}  // namespace blueshift
