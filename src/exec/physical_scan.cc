#include "exec/physical_scan.h"

#include <algorithm>

namespace blueshift {

bool ZoneFilter::MayMatch(const Value& min, const Value& max) const {
  switch (op) {
    case Op::kEq:
      return Value::Compare(min, constant) <= 0 && Value::Compare(constant, max) <= 0;
    case Op::kLt:
      return Value::Compare(min, constant) < 0;
    case Op::kLe:
      return Value::Compare(min, constant) <= 0;
    case Op::kGt:
      return Value::Compare(max, constant) > 0;
    case Op::kGe:
      return Value::Compare(max, constant) >= 0;
  }
  return true;
}

static std::vector<LogicalType> ColumnTypes(const TableDef& t, const std::vector<int>& cols) {
  std::vector<LogicalType> out;
  for (int c : cols) out.push_back(c == kRowIdColumn ? LogicalType::BigInt() : t.columns[c].type);
  return out;
}

PhysicalTableScan::PhysicalTableScan(std::shared_ptr<const TableDef> table, std::vector<int> columns,
                                     std::vector<ZoneFilter> filters)
    : PhysicalOperator(ColumnTypes(*table, columns)),
      table_(std::move(table)),
      columns_(std::move(columns)),
      filters_(std::move(filters)) {}

std::string PhysicalTableScan::Detail() const {
  return "on " + table_->schema + "." + table_->name;
}

int PhysicalTableScan::SourceTasks(ExecContext& ctx) const {
  return table_->Placement() == DistStyle::kAll ? 1 : ctx.num_slices();
}

// The scan of one slice walks its segments; within a segment, the row ranges whose blocks pass every zone
// filter; within a range, batches of up to kBatchSize rows.
struct PhysicalTableScan::State : SourceState {
  std::shared_ptr<const storage::TableData> data;
  int slice = 0;
  size_t segment = 0;  // next segment to open
  std::unique_ptr<storage::SegmentReader> reader;
  const storage::SegmentState* current = nullptr;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;  // [begin, end) rows of the current segment
  size_t range = 0;
  uint64_t row = 0;
  bool plain = true;               // the segment has every requested column: read straight into the output
  std::vector<int> stored;         // otherwise: the requested columns the segment has,
  std::vector<size_t> stored_pos;  // their output positions,
  Batch scratch;                   // and a batch they are read into, then swapped into the output
  // Statistics (StepCounters): rows read (deleted ones included), blocks decoded by finished readers,
  // blocks skipped.
  uint64_t rows_read = 0;
  uint64_t blocks_read = 0;
  uint64_t blocks_skipped = 0;
};

Result<std::unique_ptr<SourceState>> PhysicalTableScan::InitSource(ExecContext& ctx, int task) const {
  auto st = std::make_unique<State>();
  st->data = ctx.txn()->TableData(table_->oid);
  st->slice = task;
  return std::unique_ptr<SourceState>(std::move(st));
}

// Row ranges of a segment that zone maps cannot rule out, merged.
static std::vector<std::pair<uint64_t, uint64_t>> CandidateRanges(const storage::SegmentMeta& seg,
                                                                  const std::vector<ZoneFilter>& filters) {
  std::vector<std::pair<uint64_t, uint64_t>> ranges{{0, seg.row_count}};
  for (const auto& f : filters) {
    if (f.column >= static_cast<int>(seg.columns.size())) return {};  // a column added later: all NULL here
    std::vector<std::pair<uint64_t, uint64_t>> keep;
    for (const auto& b : seg.columns[f.column]) {
      bool may = b.null_count < b.row_count && (!b.has_minmax || f.MayMatch(b.min, b.max));
      if (!may) continue;
      uint64_t lo = b.first_row, hi = b.first_row + b.row_count;
      if (!keep.empty() && keep.back().second == lo) {
        keep.back().second = hi;
      } else {
        keep.emplace_back(lo, hi);
      }
    }
    // Intersect with what earlier filters kept.
    std::vector<std::pair<uint64_t, uint64_t>> merged;
    size_t i = 0, j = 0;
    while (i < ranges.size() && j < keep.size()) {
      uint64_t lo = std::max(ranges[i].first, keep[j].first), hi = std::min(ranges[i].second, keep[j].second);
      if (lo < hi) merged.emplace_back(lo, hi);
      (ranges[i].second < keep[j].second ? i : j)++;
    }
    ranges.swap(merged);
  }
  return ranges;
}

Status PhysicalTableScan::NextRange(ExecContext& ctx, State& st) const {
  while (true) {
    if (st.current && st.range < st.ranges.size()) return Status::OK();
    st.current = nullptr;
    if (st.reader) st.blocks_read += st.reader->blocks_decoded();
    st.reader.reset();
    if (!st.data || st.slice >= static_cast<int>(st.data->slices.size())) return Status::OK();
    const auto& segs = st.data->slices[st.slice];
    if (st.segment >= segs.size()) return Status::OK();
    const storage::SegmentState& seg = segs[st.segment++];
    st.ranges = CandidateRanges(*seg.meta, filters_);
    st.range = 0;
    if (!filters_.empty()) CountSkippedBlocks(*seg.meta, st);
    if (st.ranges.empty()) continue;
    ASSIGN_OR_RETURN(st.reader, ctx.store()->OpenSegment(*table_, *seg.meta));
    st.current = &seg;
    st.row = st.ranges[0].first;
    PrepareColumns(*table_, columns_, *seg.meta, st);
  }
}

void PhysicalTableScan::CountSkippedBlocks(const storage::SegmentMeta& seg, State& st) const {
  for (int c : columns_) {
    if (c == kRowIdColumn || c >= static_cast<int>(seg.columns.size())) continue;
    size_t r = 0;
    for (const auto& b : seg.columns[c]) {
      uint64_t lo = b.first_row, hi = b.first_row + b.row_count;
      while (r < st.ranges.size() && st.ranges[r].second <= lo) r++;
      if (r == st.ranges.size() || st.ranges[r].first >= hi) st.blocks_skipped++;
    }
  }
}

void PhysicalTableScan::CollectSourceStats(const SourceState& state, StepCounters* counters) const {
  const State& st = static_cast<const State&>(state);
  counters->rows_pre_filter += st.rows_read;
  counters->rows_pre_user_filter += counters->rows;
  counters->blocks_read += st.blocks_read + (st.reader ? st.reader->blocks_decoded() : 0);
  counters->blocks_skipped += st.blocks_skipped;
}

StepInfo PhysicalTableScan::DescribeStep(StepRole, int) const {
  StepInfo info;
  info.label = StepLabelText("scan", table_->oid, table_->name);
  info.scan_type = StepInfo::kPermanentScan;
  info.table = table_->oid;
  info.table_name = table_->name;
  info.range_restricted = !filters_.empty();
  return info;
}

void PhysicalTableScan::PrepareColumns(const TableDef& table, const std::vector<int>& columns,
                                       const storage::SegmentMeta& meta, State& st) {
  std::vector<int> stored;
  std::vector<size_t> pos;
  for (size_t j = 0; j < columns.size(); j++) {
    if (columns[j] == kRowIdColumn || columns[j] >= static_cast<int>(meta.columns.size())) continue;
    stored.push_back(columns[j]);
    pos.push_back(j);
  }
  st.plain = stored.size() == columns.size();
  if (st.plain || stored == st.stored) return;
  st.stored = std::move(stored);
  st.stored_pos = std::move(pos);
  st.scratch = Batch(ColumnTypes(table, st.stored));
}

Status PhysicalTableScan::ReadRows(State& st, uint64_t first, size_t n, Batch* out) const {
  if (st.plain) return st.reader->Read(columns_, first, n, out);
  RETURN_IF_ERROR(st.reader->Read(st.stored, first, n, &st.scratch));
  out->Reset();
  for (size_t k = 0; k < st.stored.size(); k++) std::swap(out->columns()[st.stored_pos[k]], st.scratch.columns()[k]);
  const storage::SegmentMeta& meta = *st.current->meta;
  for (size_t j = 0; j < columns_.size(); j++) {
    int c = columns_[j];
    Vector& v = out->column(j);
    if (c == kRowIdColumn) {
      v.SetAllValid(n);
      int64_t* ids = v.data<int64_t>();
      for (size_t i = 0; i < n; i++) ids[i] = MakeRowId(meta.id, first + i);
    } else if (c >= static_cast<int>(meta.columns.size())) {
      for (size_t i = 0; i < n; i++) v.SetNull(i, true);
    }
  }
  out->set_count(n);
  return Status::OK();
}

Status PhysicalTableScan::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  State& st = static_cast<State&>(state);
  while (true) {
    RETURN_IF_ERROR(NextRange(ctx, st));
    if (!st.current) return Status::OK();  // exhausted
    uint64_t end = st.ranges[st.range].second;
    size_t n = static_cast<size_t>(std::min<uint64_t>(end - st.row, out->capacity()));
    RETURN_IF_ERROR(ReadRows(st, st.row, n, out));
    out->set_count(n);
    st.rows_read += n;
    uint64_t first = st.row;
    st.row += n;
    if (st.row >= end && ++st.range < st.ranges.size()) st.row = st.ranges[st.range].first;
    if (st.current->deletes) {
      uint32_t* sel = out->mutable_selection();
      size_t live = 0;
      for (size_t k = 0; k < n; k++) {
        if (!st.current->deletes->Contains(static_cast<uint32_t>(first + k))) sel[live++] = static_cast<uint32_t>(k);
      }
      out->SetSelection(live);
      if (live == 0) {
        out->Reset();
        continue;
      }
    }
    return Status::OK();
  }
}

}  // namespace blueshift
