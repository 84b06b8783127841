#include "exec/physical_sort.h"

#include <algorithm>
#include <mutex>

#include "exec/key_hash.h"
#include "exec/spill_sort.h"
#include "util/parallel.h"

namespace blueshift {

namespace {

// Rows beyond a slice's or the global share of the query's memory are written out as sorted runs
// (spill_sort.h); once any run exists every row goes to one and the output merges the runs.
struct SortGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> batches;
  std::vector<uint64_t> order;  // (batch << 32 | row), sorted by Finalize
  // Each slice's rows in order, sorted by its task in Combine (in parallel); Finalize merges them. Unused
  // once anything spilled.
  std::vector<std::vector<uint64_t>> slice_orders;
  MemoryReservation mem;
  uint64_t bytes = 0;  // of batches, with 8 per row for order
  std::vector<SortedRun> runs;
  std::unique_ptr<SortMerger> merger;
};
}  // namespace

struct PhysicalSort::Local : LocalSinkState {
  std::vector<Batch> batches;
  MemoryReservation mem;
  uint64_t bytes = 0;
  std::vector<SortedRun> runs;
  // Under a limit: rows held, and (once a compaction kept `limit` rows) the last row kept.
  size_t rows = 0;
  Batch bound;
  std::vector<uint32_t> keep;  // scratch: the arriving rows that sort before the bound
};

namespace {
using SortLocal = PhysicalSort::Local;
struct SortSource : SourceState {
  size_t next = 0;
};

// Cuts of the sorted runs in two: every row before the cuts sorts before every row after them, ties ordered
// by run as the merge orders them. The pivot is the middle row of the longest run.
template <typename Less>
std::vector<size_t> SplitRuns(const std::vector<std::vector<uint64_t>>& runs, const Less& less) {
  size_t big = 0;
  for (size_t i = 1; i < runs.size(); i++) {
    if (runs[i].size() > runs[big].size()) big = i;
  }
  const uint64_t pivot = runs[big][runs[big].size() / 2];
  std::vector<size_t> cut(runs.size());
  for (size_t i = 0; i < runs.size(); i++) {
    const auto& r = runs[i];
    if (i == big) {
      cut[i] = r.size() / 2;
    } else if (i < big) {  // its rows equal to the pivot come before it
      cut[i] = static_cast<size_t>(std::upper_bound(r.begin(), r.end(), pivot, less) - r.begin());
    } else {
      cut[i] = static_cast<size_t>(std::lower_bound(r.begin(), r.end(), pivot, less) - r.begin());
    }
  }
  return cut;
}

uint64_t SortBytes(const Batch& b) {
  return BatchMemory(b) + 8 * b.count();
}

// Writes the batches as a sorted run and empties them.
Status WriteRun(ExecContext& ctx, const std::vector<SortKey>& keys, std::vector<Batch>* batches,
                std::vector<SortedRun>* runs, MemoryReservation* mem, uint64_t* bytes) {
  if (!batches->empty()) {
    ASSIGN_OR_RETURN(SortedRun run, WriteSortedRun(&ctx.spill(), keys, *batches));
    runs->push_back(std::move(run));
  }
  batches->clear();
  *bytes = 0;
  mem->Clear();
  return Status::OK();
}

}  // namespace

std::string_view TrimCharBlanks(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

int CompareCellsAs(PhysicalType type, bool trim_blanks, const Vector& a, size_t ra, const Vector& b, size_t rb) {
  switch (type) {
    case PhysicalType::kBool:
      return ThreeWay(a.data<uint8_t>()[ra], b.data<uint8_t>()[rb]);
    case PhysicalType::kInt16:
      return ThreeWay(a.data<int16_t>()[ra], b.data<int16_t>()[rb]);
    case PhysicalType::kInt32:
      return ThreeWay(a.data<int32_t>()[ra], b.data<int32_t>()[rb]);
    case PhysicalType::kInt64:
      return ThreeWay(a.data<int64_t>()[ra], b.data<int64_t>()[rb]);
    case PhysicalType::kInt128:
      return ThreeWay(a.data<int128_t>()[ra], b.data<int128_t>()[rb]);
    case PhysicalType::kFloat:
      return ThreeWay(a.data<float>()[ra], b.data<float>()[rb]);
    case PhysicalType::kDouble:
      return ThreeWay(a.data<double>()[ra], b.data<double>()[rb]);
    case PhysicalType::kString: {
      std::string_view x = a.data<std::string_view>()[ra], y = b.data<std::string_view>()[rb];
      if (trim_blanks) {
        x = TrimCharBlanks(x);
        y = TrimCharBlanks(y);
      }
      int c = x.compare(y);  // one memcmp
      return (c > 0) - (c < 0);
    }
  }
  return 0;
}

int CompareCells(const Vector& a, size_t ra, const Vector& b, size_t rb) {
  return CompareCellsAs(a.type().physical(), a.type().IsString(), a, ra, b, rb);
}

PhysicalSort::PhysicalSort(PhysicalOperatorPtr child, std::vector<SortKey> keys)
    : PhysicalOperator(child->types()), keys_(std::move(keys)) {
  children.push_back(std::move(child));
}

std::string PhysicalSort::Detail() const {
  std::string s = "Sort Key: ";
  for (size_t i = 0; i < keys_.size(); i++)
    s += (i ? ", " : "") + std::string("$") + std::to_string(keys_[i].column) + (keys_[i].descending ? " DESC" : "");
  return s;
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalSort::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<SortGlobal>();
  g->mem = MemoryReservation(&ctx.memory());
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalSort::InitLocalSink(ExecContext& ctx, GlobalSinkState&) const {
  auto l = std::make_unique<SortLocal>();
  l->mem = MemoryReservation(&ctx.memory());
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalSort::Sink(ExecContext& ctx, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<SortLocal&>(local);
  if (limit_ == 0) return Status::OK();
  size_t n = in.count();
  const uint32_t* rows = nullptr;
  if (l.bound.count() > 0) {
    // Rows that do not sort before the last row kept cannot be among the first limit_ (ties arrived later).
    l.keep.clear();
    RowComparator less(keys_, types());
    for (size_t k = 0; k < n; k++) {
      uint32_t r = in.RowIndex(k);
      if (less.Less(in, r, l.bound, 0)) l.keep.push_back(r);
    }
    n = l.keep.size();
    if (n == 0) return Status::OK();
    rows = l.keep.data();
  }
  Batch copy(types(), std::max<size_t>(n, 1));
  if (rows != nullptr) {
    for (size_t c = 0; c < copy.num_columns(); c++) copy.column(c).GatherFrom(in.column(c), rows, n, 0);
    copy.set_count(n);
  } else {
    copy.AppendLiveRows(in);
  }
  l.bytes += SortBytes(copy);
  l.rows += copy.count();
  l.batches.push_back(std::move(copy));
  if (limit_ != SIZE_MAX && l.runs.empty() && l.rows >= std::max<size_t>(2 * limit_, 4 * kBatchSize)) Compact(l);
  if (l.mem.Resize(l.bytes)) return Status::OK();
  return WriteRun(ctx, keys_, &l.batches, &l.runs, &l.mem, &l.bytes);
}

void PhysicalSort::Compact(Local& l) const {
  std::vector<uint64_t> ids = SortRowIds(keys_, l.batches, limit_);
  Batch top(types(), std::max<size_t>(ids.size(), 1));
  for (uint64_t id : ids) top.AppendRow(l.batches[id >> 32], id & 0xffffffff);
  if (top.count() == limit_) {
    l.bound = Batch(types(), 1);
    l.bound.AppendRow(top, top.count() - 1);
  }
  l.batches.clear();
  l.rows = top.count();
  l.bytes = SortBytes(top);
  l.batches.push_back(std::move(top));
}

Status PhysicalSort::Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<SortGlobal&>(global);
  auto& l = static_cast<SortLocal&>(local);
  if (!l.runs.empty()) RETURN_IF_ERROR(WriteRun(ctx, keys_, &l.batches, &l.runs, &l.mem, &l.bytes));
  std::vector<uint64_t> order;
  if (l.runs.empty()) order = SortRowIds(keys_, l.batches, limit_);  // outside the lock: the slices sort at once
  std::lock_guard<std::mutex> lock(g.mu);
  for (auto& r : l.runs) g.runs.push_back(std::move(r));
  const uint64_t base = g.batches.size();
  if (l.runs.empty() && g.runs.empty()) {
    for (uint64_t& id : order) id += base << 32;
    g.slice_orders.push_back(std::move(order));
  }
  for (auto& b : l.batches) {
    g.bytes += SortBytes(b);
    g.batches.push_back(std::move(b));
    if (!g.mem.Resize(g.bytes)) RETURN_IF_ERROR(WriteRun(ctx, keys_, &g.batches, &g.runs, &g.mem, &g.bytes));
  }
  l.batches.clear();
  l.mem.Clear();
  return Status::OK();
}

Status PhysicalSort::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<SortGlobal&>(global);
  if (!g.runs.empty()) {
    RETURN_IF_ERROR(WriteRun(ctx, keys_, &g.batches, &g.runs, &g.mem, &g.bytes));
    g.merger = std::make_unique<SortMerger>(ctx, types(), keys_);
    return g.merger->Start(std::move(g.runs));
  }
  // Merge the slices' sorted rows; a tie goes to the earlier slice's row.
  std::vector<std::vector<uint64_t>>& runs = g.slice_orders;
  size_t total = 0;
  for (const auto& r : runs) total += r.size();
  total = std::min(total, limit_);  // the rows past the limit are never read
  g.order.assign(total, 0);
  RowComparator less(keys_, types());
  auto row_less = [&](uint64_t x, uint64_t y) {
    return less.Less(g.batches[x >> 32], x & 0xffffffff, g.batches[y >> 32], y & 0xffffffff);
  };
  // Rows [at[i], to[i]) of each run merged into out, `count` of them (at[i] moves on).
  auto merge = [&](std::vector<size_t>& at, const std::vector<size_t>& to, uint64_t* out, size_t count) {
    for (size_t n = 0; n < count; n++) {
      size_t best = runs.size();
      for (size_t i = 0; i < runs.size(); i++) {
        if (at[i] == to[i]) continue;
        if (best == runs.size() || row_less(runs[i][at[i]], runs[best][at[best]])) best = i;
      }
      out[n] = runs[best][at[best]++];
    }
  };
  std::vector<size_t> starts(runs.size(), 0), ends(runs.size());
  for (size_t i = 0; i < runs.size(); i++) ends[i] = runs[i].size();
  std::vector<size_t> split;
  // Many rows, all of them wanted (TPC-H Q16's 18,000 groups): the merge is cut in two at a pivot, the
  // middle row of the longest run, and the halves merge side by side (a serial step at the leader).
  constexpr size_t kParallelRows = 8192;
  if (runs.size() > 1 && total >= kParallelRows && limit_ == SIZE_MAX) split = SplitRuns(runs, row_less);
  if (split.empty()) {
    merge(starts, ends, g.order.data(), total);
    runs.clear();
    return Status::OK();
  }
  size_t first = 0;
  for (size_t k : split) first += k;
  std::vector<size_t> second = split;
  RunParallel(2, [&](size_t half) {  // the merges allocate nothing: they cannot throw
    if (half == 0) {
      merge(starts, split, g.order.data(), first);
    } else {
      merge(second, ends, g.order.data() + first, total - first);
    }
  });
  runs.clear();
  return Status::OK();
}

Result<std::unique_ptr<SourceState>> PhysicalSort::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<SortSource>());
}

Status PhysicalSort::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<SortSource&>(state);
  auto* g = static_cast<SortGlobal*>(ctx.sink_state(this));
  if (g->merger) return g->merger->Next(out);
  size_t n = std::min(out->capacity(), g->order.size() - std::min(st.next, g->order.size()));
  if (n == 0) {
    out->set_count(0);
    return Status::OK();
  }
  const bool chunked =
      std::all_of(g->batches.begin(), g->batches.end(), [](const Batch& b) { return b.count() <= kBatchSize; });
  if (chunked) {
    // Column by column, each batch's vectors looked up once (GatherChunked numbers rows by kBatchSize chunks).
    // Strings go on as views of the sorted batches, which live as long as the statement's sink states.
    std::vector<uint32_t> ids(n);
    for (size_t i = 0; i < n; i++) {
      uint64_t id = g->order[st.next + i];
      ids[i] = static_cast<uint32_t>((id >> 32) * kBatchSize + (id & 0xffffffff));
    }
    for (size_t c = 0; c < out->num_columns(); c++)
      GatherChunked(g->batches, c, ids.data(), n, &out->column(c), 0, false);
  } else {
    for (size_t i = 0; i < n; i++) {
      uint64_t id = g->order[st.next + i];
      const Batch& b = g->batches[id >> 32];
      for (size_t c = 0; c < out->num_columns(); c++) out->column(c).CopyRow(b.column(c), id & 0xffffffff, i);
    }
  }
  st.next += n;
  out->set_count(n);
  return Status::OK();
}

static size_t BatchesBytes(const std::vector<Batch>& batches) {
  size_t n = 0;
  for (const Batch& b : batches) n += b.AllocatedBytes();
  return n;
}

size_t PhysicalSort::LocalSinkBytes(const LocalSinkState& local) const {
  return BatchesBytes(static_cast<const SortLocal&>(local).batches);
}

bool PhysicalSort::SinkSpilled(const GlobalSinkState& global) const {
  const auto& g = static_cast<const SortGlobal&>(global);
  return !g.runs.empty() || g.merger != nullptr;
}

size_t PhysicalSort::GlobalSinkBytes(const GlobalSinkState& global) const {
  const auto& g = static_cast<const SortGlobal&>(global);
  return BatchesBytes(g.batches) + g.order.size() * sizeof(uint64_t);
}

// Each slice sorts its rows; the sorted runs are merged into one ordered stream.
StepInfo PhysicalSort::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = StepLabelText("sort", worktable);
  if (role == StepRole::kSource) {
    info = StepInfo();
    info.label = "merge";
  }
  return info;
}

}  // namespace blueshift
