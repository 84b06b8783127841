#include "exec/physical_scan.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "exec/physical_hash_join.h"
#include "exec/physical_insert.h"
#include "exec/runtime_filter.h"
#include "function/slice_number.h"

namespace blueshift {

namespace {

// A runtime key filter that has tested this many rows and kept more than this fraction of them is dropped.
constexpr uint64_t kKeyFilterTrial = 64 * 1024;
constexpr double kKeyFilterKeep = 0.75;

// Whether a filter on a column of this physical type is checked row by row (integers: the constant's
// GetInt()/GetInt128() compare as Value::Compare does for them).
bool ProbeSupported(PhysicalType t) {
  return t == PhysicalType::kInt16 || t == PhysicalType::kInt32 || t == PhysicalType::kInt64 ||
         t == PhysicalType::kInt128;
}

// The zone filters on the first column of a COMPOUND sort key, an integer column, whose constant has the
// column's type: every segment of such a table is sorted by that column, ascending with NULLs last
// (docs/format/segment.md, "Sort order"), so the rows that can pass them form one run of each segment.
std::vector<const ZoneFilter*> SortKeyBounds(const TableDef& table, const std::vector<ZoneFilter>& filters) {
  std::vector<const ZoneFilter*> out;
  if (table.sort_style != SortStyle::kCompound || table.sort_keys.empty()) return out;
  int column = table.sort_keys[0];
  const LogicalType& type = table.columns[column].type;
  if (!ProbeSupported(type.physical())) return out;
  for (const ZoneFilter& f : filters) {
    if (f.column == column && !f.constant.is_null() && f.constant.type() == type) out.push_back(&f);
  }
  return out;
}

// Whether a sort-key value lies before the run the bounds allow (not NULL, under a lower bound) or after it
// (NULL, or over an upper bound).
bool BeforeBounds(const std::vector<const ZoneFilter*>& bounds, const Value& v) {
  if (v.is_null()) return false;
  for (const ZoneFilter* f : bounds) {
    int c = Value::Compare(v, f->constant);
    bool lower = f->op == ZoneFilter::Op::kEq || f->op == ZoneFilter::Op::kGe;
    if ((lower && c < 0) || (f->op == ZoneFilter::Op::kGt && c <= 0)) return true;
  }
  return false;
}

bool AfterBounds(const std::vector<const ZoneFilter*>& bounds, const Value& v) {
  if (v.is_null()) return true;
  for (const ZoneFilter* f : bounds) {
    int c = Value::Compare(v, f->constant);
    bool upper = f->op == ZoneFilter::Op::kEq || f->op == ZoneFilter::Op::kLe;
    if ((upper && c > 0) || (f->op == ZoneFilter::Op::kLt && c >= 0)) return true;
  }
  return false;
}

constexpr uint64_t kRunWindow = 16;

// Narrows each row range of a segment (sorted by the bounds' column) to the run of rows whose key can pass
// the bounds, by binary search over that column: single-row reads, which decode a block once (the reader
// keeps it), instead of testing every row of the block. A point UPDATE or DELETE by the sort key then
// processes the rows of its key, not the whole block around them. The zone maps kept only blocks that may
// hold such rows, so the run starts in a range's first block and ends in its last: each search looks there
// first and takes the rest of the range only when the run is not there, so that a long range decodes no
// block its scan would not.
Status NarrowToSortKeyRun(const std::vector<const ZoneFilter*>& bounds, const storage::SegmentMeta& meta,
                          storage::SegmentReader* reader, Batch* probe,
                          std::vector<std::pair<uint64_t, uint64_t>>* ranges) {
  if (bounds.empty() || ranges->empty()) return Status::OK();
  int column = bounds[0]->column;
  if (column >= static_cast<int>(meta.types.size()) || meta.types[column] != probe->column(0).type())
    return Status::OK();
  const std::vector<storage::BlockInfo>& blocks = meta.columns[column];
  Value v;
  // The first row of [a, b) whose value makes `past` true (b when none), for a `past` that holds for a suffix.
  auto search = [&](uint64_t a, uint64_t b, auto past, uint64_t* found) -> Status {
    while (a < b) {
      uint64_t mid = a + (b - a) / 2;
      RETURN_IF_ERROR(reader->Read({column}, mid, 1, probe));
      v = probe->column(0).GetValue(0);
      if (past(v)) {
        b = mid;
      } else {
        a = mid + 1;
      }
    }
    *found = a;
    return Status::OK();
  };
  auto not_before = [&](const Value& x) { return !BeforeBounds(bounds, x); };
  auto after = [&](const Value& x) { return AfterBounds(bounds, x); };
  // Where the block holding `row` ends, and where the block holding row `row - 1` starts.
  auto block_end = [&](uint64_t row) {
    for (const auto& b : blocks) {
      if (row < uint64_t{b.first_row} + b.row_count) return uint64_t{b.first_row} + b.row_count;
    }
    return meta.row_count;
  };
  auto block_start = [&](uint64_t end) {
    for (auto b = blocks.rbegin(); b != blocks.rend(); ++b) {
      if (b->first_row < end) return uint64_t{b->first_row};
    }
    return uint64_t{0};
  };
  std::vector<std::pair<uint64_t, uint64_t>> narrowed;
  for (const auto& [lo, hi] : *ranges) {
    uint64_t first_end = std::min(hi, block_end(lo));
    uint64_t first = 0;
    RETURN_IF_ERROR(search(lo, first_end, not_before, &first));
    if (first == first_end && first_end < hi) RETURN_IF_ERROR(search(first_end, hi, not_before, &first));
    uint64_t last_start = std::max(first, block_start(hi));
    uint64_t end = 0;
    RETURN_IF_ERROR(search(last_start, hi, after, &end));
    if (end == last_start && last_start > first) RETURN_IF_ERROR(search(first, last_start, after, &end));
    // The range read holds kRunWindow times the run's rows (within the old range), so that the reader takes
    // a short run as the point read it is (segment_reader.cc: a read wanting at most 1/16 of its rows
    // decodes just those, or goes through the cache of decoded blocks); the filters drop the rows past it.
    if (first < end) narrowed.emplace_back(first, std::min(hi, std::max(end, first + kRunWindow * (end - first))));
  }
  ranges->swap(narrowed);
  return Status::OK();
}

template <typename T, typename C>
size_t KeepIf(const T* values, const Vector& v, C c, const ZoneFilter::Op op, uint32_t* rows, size_t n) {
  size_t kept = 0;
  for (size_t k = 0; k < n; k++) {
    uint32_t r = rows[k];
    if (v.IsNull(r)) continue;
    C x = static_cast<C>(values[r]);
    bool pass = false;
    switch (op) {
      case ZoneFilter::Op::kEq:
        pass = x == c;
        break;
      case ZoneFilter::Op::kLt:
        pass = x < c;
        break;
      case ZoneFilter::Op::kLe:
        pass = x <= c;
        break;
      case ZoneFilter::Op::kGt:
        pass = x > c;
        break;
      case ZoneFilter::Op::kGe:
        pass = x >= c;
        break;
    }
    if (pass) rows[kept++] = r;
  }
  return kept;
}

// Keeps the rows (indexes into v) whose value passes the filter; returns how many.
size_t KeepPassing(const Vector& v, const ZoneFilter& f, uint32_t* rows, size_t n) {
  switch (v.type().physical()) {
    case PhysicalType::kInt16:
      return KeepIf(v.data<int16_t>(), v, f.constant.GetInt(), f.op, rows, n);
    case PhysicalType::kInt32:
      return KeepIf(v.data<int32_t>(), v, f.constant.GetInt(), f.op, rows, n);
    case PhysicalType::kInt64:
      return KeepIf(v.data<int64_t>(), v, f.constant.GetInt(), f.op, rows, n);
    case PhysicalType::kInt128:
      return KeepIf(v.data<int128_t>(), v, f.constant.GetInt128(), f.op, rows, n);
    default:
      return n;
  }
}

// Keeps the rows whose position (first + row) is not in the sorted delete list.
size_t KeepUndeleted(const storage::DeleteSet& deletes, uint64_t first, uint32_t* rows, size_t n) {
  auto d = std::lower_bound(deletes.rows.begin(), deletes.rows.end(), static_cast<uint32_t>(first));
  size_t kept = 0;
  for (size_t k = 0; k < n; k++) {
    uint64_t pos = first + rows[k];
    while (d != deletes.rows.end() && *d < pos) ++d;
    if (d == deletes.rows.end() || *d != pos) rows[kept++] = rows[k];
  }
  return kept;
}

}  // namespace

namespace {

// Whether a block whose CHAR/VARCHAR values lie in [min, max] in byte order (as zone maps keep them) may hold a
// value x with trim(x) op c, c being the constant without its trailing blanks (strings compare so). The two
// orders part where a byte below the blank follows a common prefix ('a\n' < 'a ' in bytes, while 'a ' = 'a'
// < 'a\n'), so a block is skipped only where byte order proves it: trim(x) <= x; every x of trim(x) = c is c
// and blanks; and when c has no byte below the blank, every x at or above a min that is at or above c, or
// above c without starting with it, has trim(x) at or above c, or above c.
bool StringMayMatch(ZoneFilter::Op op, std::string_view min, std::string_view max, std::string_view c) {
  const bool above_all_c_and_blanks = min > c && min.substr(0, c.size()) != c;
  const bool no_low_bytes =
      std::all_of(c.begin(), c.end(), [](char ch) { return static_cast<unsigned char>(ch) >= ' '; });
  switch (op) {
    case ZoneFilter::Op::kEq:
      return max >= c && !above_all_c_and_blanks;
    case ZoneFilter::Op::kGe:
      return max >= c;
    case ZoneFilter::Op::kGt:
      return max > c;
    case ZoneFilter::Op::kLt:
      return !(no_low_bytes && min >= c);
    case ZoneFilter::Op::kLe:
      return !(no_low_bytes && above_all_c_and_blanks);
  }
  return true;
}

}  // namespace

bool ZoneFilter::MayMatch(const Value& min, const Value& max) const {
  if (constant.type().IsString() && !constant.is_null() && !min.is_null() && !max.is_null() && min.type().IsString() &&
      max.type().IsString()) {
    std::string_view c = constant.GetString();
    while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
    return StringMayMatch(op, min.GetString(), max.GetString(), c);
  }
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

namespace {

// Rows a morsel of a scan holds at least (whole blocks; a segment's last morsel may hold fewer): enough that
// claiming one is rare beside reading it, few enough that a task which finishes its slice early finds work.
// A slice of fewer rows is one morsel, which only its own task reads.
constexpr uint64_t kMorselRows = 128 * 1024;

}  // namespace

// The morsels of every slice of one run of a scan, and how many of each slice were claimed.
struct PhysicalTableScan::Share : SourceShare {
  struct Morsel {
    size_t segment;   // index into the slice's segments
    uint64_t lo, hi;  // rows [lo, hi) of the segment
  };
  struct Slice {
    std::vector<Morsel> morsels;
    std::atomic<size_t> next{0};  // the next morsel to claim (may pass the end)
  };
  std::shared_ptr<const storage::TableData> data;  // null: no slice can hold a row
  std::vector<Slice> slices;                       // [slice]
  bool steal = true;                               // whether a task may read other slices' morsels

  Share(std::shared_ptr<const storage::TableData> d, int only_slice, bool may_steal)
      : data(std::move(d)), steal(may_steal && only_slice < 0) {
    if (!data) return;
    slices = std::vector<Slice>(data->slices.size());
    for (size_t s = 0; s < data->slices.size(); s++) {
      if (only_slice >= 0 && static_cast<int>(s) != only_slice) continue;
      const auto& segs = data->slices[s];
      for (size_t k = 0; k < segs.size(); k++) Cut(k, *segs[k].meta, &slices[s].morsels);
    }
  }

  // Cuts a segment into morsels at block boundaries (every column of a segment starts its blocks at the same
  // rows; the first column's are taken).
  static void Cut(size_t segment, const storage::SegmentMeta& meta, std::vector<Morsel>* out) {
    uint64_t lo = 0;
    if (!meta.columns.empty()) {
      for (const auto& b : meta.columns[0]) {
        uint64_t end = uint64_t{b.first_row} + b.row_count;
        if (end - lo >= kMorselRows && meta.row_count - end >= kMorselRows / 2) {
          out->push_back({segment, lo, end});
          lo = end;
        }
      }
    }
    if (lo < meta.row_count || meta.row_count == 0) out->push_back({segment, lo, meta.row_count});
  }

  // Claims the next morsel of slice `own`, or else one of the slice (of two or more morsels) with the most
  // left. False when none is left.
  bool Claim(int own, int* slice, Morsel* m) {
    if (own >= 0 && own < static_cast<int>(slices.size())) {
      Slice& mine = slices[own];
      size_t i = mine.next.fetch_add(1, std::memory_order_relaxed);
      if (i < mine.morsels.size()) {
        *slice = own;
        *m = mine.morsels[i];
        return true;
      }
    }
    while (steal) {
      int victim = -1;
      size_t most = 0;
      for (size_t s = 0; s < slices.size(); s++) {
        size_t n = slices[s].morsels.size(), at = slices[s].next.load(std::memory_order_relaxed);
        if (n >= 2 && at < n && n - at > most) {
          most = n - at;
          victim = static_cast<int>(s);
        }
      }
      if (victim < 0) return false;
      Slice& v = slices[victim];
      size_t at = v.next.load(std::memory_order_relaxed);
      if (at < v.morsels.size() && v.next.compare_exchange_weak(at, at + 1, std::memory_order_relaxed)) {
        *slice = victim;
        *m = v.morsels[at];
        return true;
      }
    }
    return false;
  }
};

// A scan task claims morsels (Share); within a morsel, it walks the row ranges whose blocks pass every zone
// filter; within a range, batches of up to kBatchSize rows.
struct PhysicalTableScan::State : SourceState {
  std::shared_ptr<const storage::TableData> data;
  int slice = 0;
  Share* share = nullptr;
  // The segment the reader is open on: [slice, index].
  int reader_slice = -1;
  size_t reader_segment = 0;
  std::unique_ptr<storage::SegmentReader> reader;
  const storage::SegmentState* current = nullptr;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;  // [begin, end) rows of the current segment
  size_t range = 0;
  uint64_t row = 0;
  bool plain = true;               // the segment has every requested column: read straight into the output
  std::vector<int> stored;         // otherwise: the requested columns the segment has,
  std::vector<size_t> stored_pos;  // their output positions,
  Batch scratch;                   // and a batch they are read into, then swapped into the output
  // The zone filters the segment can check row by row (probe_filters, indexes into filters_) and their
  // distinct columns, read into `probe` before anything else: a batch with no row passing them all is
  // skipped without reading the other columns (a point UPDATE or DELETE decodes one block of each).
  std::vector<size_t> probe_filters;
  std::vector<int> probe_columns;
  std::vector<int> probe_index;  // per probe filter, its column's position in probe_columns
  // One batch per probe column: each is read only for the rows the columns before it kept (a column
  // whose blocks are kept encoded decodes just those), so the most selective filters go first.
  std::vector<Batch> probe;
  std::vector<uint32_t> wanted;  // the rows still kept, for a probe column's read
  // The zone filters and the runtime key filters' [min, max] ranges, for zone maps.
  std::vector<ZoneFilter> filters;
  // The zone filters that bound the first sort-key column (SortKeyBounds) and a one-row batch of it for the
  // binary searches of NarrowToSortKeyRun.
  std::vector<const ZoneFilter*> sort_bounds;
  Batch sort_probe;
  // Runtime key filters (PhysicalTableScan::AddKeyFilter) with their counts: a filter that has seen
  // kKeyFilterTrial rows and kept more than kKeyFilterKeep of them stops (on = false).
  struct KeyFilterState {
    int column;  // table column
    const KeySet* set;
    uint64_t in = 0, kept = 0;
    bool on = true;
    int probe = -1;  // its column's position in probe_columns for the current segment, or -1
  };
  std::vector<KeyFilterState> key_filters;
  std::vector<uint32_t> live;  // rows of the current batch that pass the probe and are not deleted
  // Statistics (StepCounters): rows read (deleted ones included), blocks decoded by finished readers,
  // blocks skipped.
  uint64_t rows_read = 0;
  uint64_t rows_undeleted = 0;  // of those, the rows not deleted (before any filter)
  uint64_t blocks_read = 0;
  uint64_t blocks_skipped = 0;
};

// The one slice that can hold rows passing an equality filter on an integer DISTKEY (PhysicalInsert places
// every row of a KEY table by SliceForKey; a change of placement rewrites the table), or -1.
int PhysicalTableScan::KeySlice(ExecContext& ctx) const {
  if (table_->Placement() != DistStyle::kKey || table_->dist_key < 0) return -1;
  for (const auto& f : filters_) {
    if (f.column != table_->dist_key || f.op != ZoneFilter::Op::kEq || f.constant.is_null()) continue;
    const LogicalType& type = table_->columns[f.column].type;
    if (!ProbeSupported(type.physical()) || f.constant.type() != type) continue;
    Vector key(type, 1);
    key.SetValue(0, f.constant);
    return static_cast<int>(SliceForKey(key, 0, ctx.num_slices()));
  }
  return -1;
}

bool PhysicalTableScan::TaskMayHaveRows(ExecContext& ctx, int task) const {
  int only = KeySlice(ctx);
  return only < 0 || only == task;
}

std::unique_ptr<SourceShare> PhysicalTableScan::InitSourceShare(ExecContext& ctx, int) const {
  return std::make_unique<Share>(ctx.txn()->TableData(table_->oid), KeySlice(ctx), !keep_slices_);
}

Result<std::unique_ptr<SourceState>> PhysicalTableScan::InitSource(ExecContext& ctx, int task) const {
  auto st = std::make_unique<State>();
  st->share = static_cast<Share*>(ctx.source_share(this));  // RunPipeline made it (InitSourceShare)
  if (st->share == nullptr) return Status(ErrorCode::kInternal, "table scan started without its morsels");
  st->data = st->share->data;
  st->slice = task;
  st->filters = filters_;
  st->sort_bounds = SortKeyBounds(*table_, filters_);
  if (!st->sort_bounds.empty()) st->sort_probe = Batch(ColumnTypes(*table_, {st->sort_bounds[0]->column}), 1);
  uint64_t table_rows = 0;
  if (!key_filters_.empty() && st->data) {
    for (const auto& slice : st->data->slices) {
      for (const auto& seg : slice) table_rows += seg.meta->row_count;
    }
  }
  for (const KeyFilterSource& source : key_filters_) {
    if (!st->data) break;
    const KeySet* set = source.join->KeyFilter(ctx, source.key, table_rows);
    if (set == nullptr) continue;  // spilled, too big, or not an integer key
    if (set->empty()) {
      st->data = nullptr;  // the join matches no row
      break;
    }
    int column = columns_[source.column];
    const LogicalType& type = table_->columns[column].type;
    st->filters.push_back({column, ZoneFilter::Op::kGe, Value::FromInt(type, set->min())});
    st->filters.push_back({column, ZoneFilter::Op::kLe, Value::FromInt(type, set->max())});
    st->key_filters.push_back({column, set});
  }
  return std::unique_ptr<SourceState>(std::move(st));
}

// The blocks of a column that hold rows of [from, to): blocks are in row order.
static std::pair<const storage::BlockInfo*, const storage::BlockInfo*> BlocksWithin(
    const std::vector<storage::BlockInfo>& blocks, uint64_t from, uint64_t to) {
  auto first = std::upper_bound(blocks.begin(), blocks.end(), from,
                                [](uint64_t r, const storage::BlockInfo& b) { return r < b.first_row; });
  if (first != blocks.begin()) --first;
  auto last = std::lower_bound(first, blocks.end(), to,
                               [](const storage::BlockInfo& b, uint64_t r) { return b.first_row < r; });
  return {blocks.data() + (first - blocks.begin()), blocks.data() + (last - blocks.begin())};
}

// Row ranges of rows [from, to) of a segment that zone maps cannot rule out, merged. Only the blocks of those
// rows are looked at: a point UPDATE of a large table claims its segments' morsels one by one, and every
// morsel's look at all of its segment's blocks once took a third of the statement.
static std::vector<std::pair<uint64_t, uint64_t>> CandidateRanges(const storage::SegmentMeta& seg,
                                                                  const std::vector<ZoneFilter>& filters, uint64_t from,
                                                                  uint64_t to) {
  std::vector<std::pair<uint64_t, uint64_t>> ranges{{from, to}};
  for (const auto& f : filters) {
    if (f.column >= static_cast<int>(seg.columns.size())) return {};  // a column added later: all NULL here
    std::vector<std::pair<uint64_t, uint64_t>> keep;
    auto [begin, end] = BlocksWithin(seg.columns[f.column], from, to);
    for (const storage::BlockInfo* b = begin; b != end; ++b) {
      bool may = b->null_count < b->row_count && (!b->has_minmax || f.MayMatch(b->min, b->max));
      if (!may) continue;
      uint64_t lo = std::max<uint64_t>(b->first_row, from), hi = std::min<uint64_t>(b->first_row + b->row_count, to);
      if (lo >= hi) continue;
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
  auto close_reader = [&st] {
    if (st.reader) st.blocks_read += st.reader->blocks_decoded();
    st.reader.reset();
    st.reader_slice = -1;
  };
  while (true) {
    if (st.current && st.range < st.ranges.size()) return Status::OK();
    st.current = nullptr;
    int slice = 0;
    Share::Morsel m{};
    if (!st.data || !st.share->Claim(st.slice, &slice, &m)) {
      close_reader();
      return Status::OK();
    }
    const storage::SegmentState& seg = st.data->slices[slice][m.segment];
    if (st.reader && (st.reader_slice != slice || st.reader_segment != m.segment)) close_reader();
    st.ranges = CandidateRanges(*seg.meta, st.filters, m.lo, m.hi);
    st.range = 0;
    if (!st.filters.empty()) CountSkippedBlocks(*seg.meta, m.lo, m.hi, st);
    if (st.ranges.empty()) continue;
    if (!st.reader) {
      ASSIGN_OR_RETURN(st.reader, ctx.store()->OpenSegment(*table_, *seg.meta));
      st.reader_slice = slice;
      st.reader_segment = m.segment;
    }
    RETURN_IF_ERROR(NarrowToSortKeyRun(st.sort_bounds, *seg.meta, st.reader.get(), &st.sort_probe, &st.ranges));
    if (st.ranges.empty()) continue;  // no row of the morsel has a key the filters allow
    // SLICE_NUM() of the rows this task now reads (they may be another slice's).
    SetCurrentSliceNumber(slice);
    st.current = &seg;
    st.row = st.ranges[0].first;
    PrepareColumns(*table_, columns_, *seg.meta, st);
    PrepareProbe(*seg.meta, st);
  }
}

void PhysicalTableScan::PrepareProbe(const storage::SegmentMeta& meta, State& st) const {
  std::vector<size_t> filters;
  std::vector<int> columns;
  std::vector<int> index;
  for (size_t i = 0; i < filters_.size(); i++) {
    int c = filters_[i].column;
    if (c >= static_cast<int>(meta.columns.size()) || !ProbeSupported(meta.types[c].physical())) continue;
    auto at = std::find(columns.begin(), columns.end(), c);
    if (at == columns.end()) at = columns.insert(columns.end(), c);
    filters.push_back(i);
    index.push_back(static_cast<int>(at - columns.begin()));
  }
  // Key filters after the zone filters, the one that kept the fewest rows so far first.
  std::vector<State::KeyFilterState*> order;
  for (auto& kf : st.key_filters) {
    kf.probe = -1;
    if (kf.on && kf.column < static_cast<int>(meta.columns.size())) order.push_back(&kf);
  }
  auto rate = [](const State::KeyFilterState* k) {
    return k->in == 0 ? 1.0 : static_cast<double>(k->kept) / static_cast<double>(k->in);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const State::KeyFilterState* a, const State::KeyFilterState* b) { return rate(a) < rate(b); });
  for (State::KeyFilterState* kf : order) {
    auto at = std::find(columns.begin(), columns.end(), kf->column);
    if (at == columns.end()) at = columns.insert(columns.end(), kf->column);
    kf->probe = static_cast<int>(at - columns.begin());
  }
  st.probe_filters = std::move(filters);
  st.probe_index = std::move(index);
  if (columns != st.probe_columns) {
    st.probe_columns = std::move(columns);
    st.probe.clear();
    for (int c : st.probe_columns) st.probe.emplace_back(ColumnTypes(*table_, {c}));
  }
}

// The rows of [first, first + n) that pass the probe filters and are not deleted go to st.live.
Status PhysicalTableScan::SelectLive(State& st, uint64_t first, size_t n) const {
  st.live.resize(n);
  for (size_t k = 0; k < n; k++) st.live[k] = static_cast<uint32_t>(k);
  size_t kept = n;
  if (st.current->deletes) kept = KeepUndeleted(*st.current->deletes, first, st.live.data(), kept);
  st.rows_undeleted += kept;
  bool dropped = false;
  for (size_t c = 0; c < st.probe_columns.size() && kept > 0; c++) {
    const std::vector<uint32_t>* wanted = nullptr;
    if (kept < n) {
      st.wanted.assign(st.live.begin(), st.live.begin() + static_cast<std::ptrdiff_t>(kept));
      wanted = &st.wanted;
    }
    RETURN_IF_ERROR(st.reader->Read({st.probe_columns[c]}, first, n, &st.probe[c], wanted));
    const Vector& v = st.probe[c].column(0);
    for (size_t i = 0; i < st.probe_filters.size() && kept > 0; i++) {
      if (st.probe_index[i] == static_cast<int>(c))
        kept = KeepPassing(v, filters_[st.probe_filters[i]], st.live.data(), kept);
    }
    for (auto& kf : st.key_filters) {
      if (kf.probe != static_cast<int>(c) || !kf.on || kept == 0) continue;
      kf.in += kept;
      kept = kf.set->Keep(v, st.live.data(), kept);
      kf.kept += kept;
      if (kf.in >= kKeyFilterTrial && static_cast<double>(kf.kept) > static_cast<double>(kf.in) * kKeyFilterKeep) {
        kf.on = false;  // it hardly filters: the rest of the scan goes without it
        dropped = true;
      }
    }
  }
  if (dropped) PrepareProbe(*st.current->meta, st);
  st.live.resize(kept);
  return Status::OK();
}

void PhysicalTableScan::CountSkippedBlocks(const storage::SegmentMeta& seg, uint64_t from, uint64_t to,
                                           State& st) const {
  for (int c : columns_) {
    if (c == kRowIdColumn || c >= static_cast<int>(seg.columns.size())) continue;
    size_t r = 0;
    auto [begin, end] = BlocksWithin(seg.columns[c], from, to);
    for (const storage::BlockInfo* b = begin; b != end; ++b) {
      uint64_t lo = b->first_row, hi = b->first_row + b->row_count;
      if (lo < from || lo >= to) continue;
      while (r < st.ranges.size() && st.ranges[r].second <= lo) r++;
      if (r == st.ranges.size() || st.ranges[r].first >= hi) st.blocks_skipped++;
    }
  }
}

void PhysicalTableScan::CollectSourceStats(const SourceState& state, StepCounters* counters) const {
  const State& st = static_cast<const State&>(state);
  counters->rows_pre_filter += st.rows_read;
  counters->rows_pre_user_filter += st.rows_undeleted;
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

Status PhysicalTableScan::ReadRows(State& st, uint64_t first, size_t n, Batch* out,
                                   const std::vector<uint32_t>* live) const {
  if (rows_only_) {
    Vector& v = out->column(0);
    std::memset(v.raw_data(), 0, n * static_cast<size_t>(v.type().FixedWidth()));
    std::memset(v.validity(), 0, n);
    v.MarkMayHaveNulls();
    out->set_count(n);
    return Status::OK();
  }
  if (st.plain) return st.reader->Read(columns_, first, n, out, live);
  RETURN_IF_ERROR(st.reader->Read(st.stored, first, n, &st.scratch, live));
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
    uint64_t first = st.row;
    st.rows_read += n;
    st.row += n;
    if (st.row >= end && ++st.range < st.ranges.size()) st.row = st.ranges[st.range].first;
    bool all = st.probe_columns.empty() && !st.current->deletes;
    if (all) st.rows_undeleted += n;
    if (!all) {
      RETURN_IF_ERROR(SelectLive(st, first, n));
      if (st.live.empty()) continue;  // nothing else of these rows is read
    }
    // Rows the probe dropped need not be decoded: the reader may leave them zero.
    const bool some = !all && st.live.size() < n;
    RETURN_IF_ERROR(ReadRows(st, first, n, out, some ? &st.live : nullptr));
    out->set_count(n);
    if (some) {
      std::copy(st.live.begin(), st.live.end(), out->mutable_selection());
      out->SetSelection(st.live.size());
    }
    return Status::OK();
  }
}

}  // namespace blueshift
