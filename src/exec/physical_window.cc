#include "exec/physical_window.h"

#include <algorithm>
#include <functional>
#include <mutex>

#include "exec/expr_evaluator.h"
#include "exec/key_hash.h"
#include "exec/physical_sort.h"
#include "exec/row_key.h"
#include "exec/spill_partitioner.h"
#include "exec/window_evaluator.h"

namespace blueshift {

namespace {

std::vector<LogicalType> OutputTypes(const PhysicalOperator& child, const std::vector<WindowExpr>& windows) {
  auto types = child.types();
  for (const auto& w : windows) types.push_back(w.type);
  return types;
}

// A bucket's rows: chunks of up to kBatchSize stored rows.
using Chunks = std::vector<Batch>;

constexpr const char* kWhat = "a window function's partitions";

struct WindowGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Chunks> buckets;
  MemoryReservation mem;
  uint64_t bytes = 0;
  // Once any slice's rows outgrew the memory (PARTITION BY only), every row is spilled, partitioned by its
  // partition keys' hash: the finished partitioners, and the one the combined rows go to.
  std::vector<std::unique_ptr<SpillPartitioner>> spills;
  std::unique_ptr<SpillPartitioner> spill;
  bool spilled = false;
};

struct WindowLocal : LocalSinkState {
  std::vector<std::unique_ptr<ExprEvaluator>> evals;
  std::vector<Chunks> buckets;
  std::unique_ptr<SpillPartitioner> spill;  // made when this slice's rows first outgrew its memory
  MemoryReservation mem;
  std::vector<size_t> counted;  // per bucket: chunks whose bytes are in counted_bytes
  uint64_t counted_bytes = 0;

  // Bytes of every stored chunk; full chunks are measured once.
  uint64_t Bytes() {
    uint64_t open = 0;
    for (size_t b = 0; b < buckets.size(); b++) {
      for (; counted[b] + 1 < buckets[b].size(); counted[b]++) counted_bytes += BatchMemory(buckets[b][counted[b]]);
      if (!buckets[b].empty()) open += BatchMemory(buckets[b].back());
    }
    return counted_bytes + open;
  }

  void Clear() {
    for (auto& b : buckets) b.clear();
    std::fill(counted.begin(), counted.end(), 0);
    counted_bytes = 0;
    mem.Clear();
  }
};

void AppendStored(Chunks* chunks, const std::vector<LogicalType>& types, const Batch& in, size_t k,
                  const std::vector<const Vector*>& extra) {
  if (chunks->empty() || chunks->back().count() == chunks->back().capacity()) chunks->emplace_back(types);
  Batch& b = chunks->back();
  size_t dst = b.count();
  size_t input_width = in.num_columns();
  uint32_t src = in.RowIndex(k);
  for (size_t c = 0; c < input_width; c++) b.column(c).CopyRow(in.column(c), src, dst);
  for (size_t e = 0; e < extra.size(); e++) b.column(input_width + e).CopyRow(*extra[e], k, dst);
  b.set_count(dst + 1);
}

}  // namespace

// One task's bucket (or one spilled partition at a time), sorted, with every function's results.
struct PhysicalWindow::Run : SourceState {
  MemoryReservation mem;  // order and results
  const Chunks* chunks = nullptr;
  std::vector<uint64_t> order;  // (chunk << 32 | row) in sorted order
  std::vector<Vector> results;  // per function, in sorted order
  size_t next = 0;
  // Spilled: the partitions still to do, and the rows of the current one.
  std::vector<SpillRun> pending;
  Chunks loaded;
  MemoryReservation loaded_mem;
};

PhysicalWindow::PhysicalWindow(PhysicalOperatorPtr child, std::vector<WindowExpr> windows)
    : PhysicalOperator(OutputTypes(*child, windows)), windows_(std::move(windows)) {
  input_width_ = child->types().size();
  stored_types_ = child->types();
  const WindowExpr& w0 = windows_.front();
  for (const auto& p : w0.partitions) extra_.push_back(p.get());
  for (const auto& o : w0.orders) extra_.push_back(o.expr.get());
  for (const auto& w : windows_) {
    arg_offset_.push_back(input_width_ + extra_.size());
    for (const auto& a : w.args) extra_.push_back(a.get());
  }
  for (const Expr* e : extra_) stored_types_.push_back(e->type);
  children.push_back(std::move(child));
}

PhysicalWindow::~PhysicalWindow() = default;

std::string PhysicalWindow::Detail() const {
  std::string s;
  for (const auto& w : windows_) s += (s.empty() ? "" : ", ") + w.ToString();
  return s;
}

int PhysicalWindow::Buckets(ExecContext& ctx) const {
  return windows_.front().partitions.empty() ? 1 : std::max(1, ctx.num_slices());
}

// Spilled partitions are evaluated one after another by one task.
int PhysicalWindow::SourceTasks(ExecContext& ctx) const {
  auto* g = static_cast<WindowGlobal*>(ctx.sink_state(this));
  return g != nullptr && g->spilled ? 1 : Buckets(ctx);
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalWindow::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<WindowGlobal>();
  g->mem = MemoryReservation(&ctx.memory());
  g->buckets.resize(Buckets(ctx));
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalWindow::InitLocalSink(ExecContext& ctx, GlobalSinkState&) const {
  auto l = std::make_unique<WindowLocal>();
  for (const Expr* e : extra_) l->evals.push_back(std::make_unique<ExprEvaluator>(*e));
  l->buckets.resize(Buckets(ctx));
  l->counted.resize(l->buckets.size(), 0);
  l->mem = MemoryReservation(&ctx.memory());
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalWindow::Sink(ExecContext& ctx, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<WindowLocal&>(local);
  std::vector<const Vector*> extra(extra_.size());
  for (size_t e = 0; e < extra_.size(); e++) RETURN_IF_ERROR(l.evals[e]->Evaluate(in, &extra[e]));
  size_t buckets = l.buckets.size();
  size_t keys = windows_.front().partitions.size();
  std::vector<const Vector*> key_cols(extra.begin(), extra.begin() + keys);
  std::string key;
  for (size_t k = 0; k < in.count(); k++) {
    size_t b = 0;
    if (buckets > 1) {
      key.clear();
      AppendRowKey(key_cols, k, &key);
      b = std::hash<std::string>()(key) % buckets;
    }
    AppendStored(&l.buckets[b], stored_types_, in, k, extra);
  }
  // A window that can spill keeps at most a quarter of the query's memory per slice (an eighth once it
  // spilled): what runs before it in the pipeline (a window below this one, evaluating its own spilled
  // partitions) and its own sort and results need the rest.
  uint64_t bytes = l.Bytes();
  const uint64_t limit = ctx.memory().limit();  // 0: none
  bool buffer_full = Spillable() && limit != 0 && bytes > limit / (l.spill ? 8 : 4);
  if (!buffer_full && l.mem.Resize(bytes)) return Status::OK();
  if (!Spillable()) return l.mem.ResizeOrFail(bytes, kWhat);
  if (!l.spill) l.spill = NewSpill(ctx, 0);
  RETURN_IF_ERROR(SpillBuckets(&l.buckets, l.spill.get()));
  l.Clear();
  return Status::OK();
}

Status PhysicalWindow::Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<WindowGlobal&>(global);
  auto& l = static_cast<WindowLocal&>(local);
  if (l.spill) {  // the slice's rest joins its spilled rows
    RETURN_IF_ERROR(SpillBuckets(&l.buckets, l.spill.get()));
    l.Clear();
    RETURN_IF_ERROR(l.spill->Finish());
    std::lock_guard<std::mutex> lock(g.mu);
    g.spills.push_back(std::move(l.spill));
    g.spilled = true;
    return Status::OK();
  }
  uint64_t bytes = l.Bytes();
  std::lock_guard<std::mutex> lock(g.mu);
  for (size_t b = 0; b < l.buckets.size(); b++) {
    for (auto& chunk : l.buckets[b]) g.buckets[b].push_back(std::move(chunk));
  }
  l.mem.Clear();
  g.bytes += bytes;
  const uint64_t limit = ctx.memory().limit();  // 0: none
  if ((!Spillable() || limit == 0 || g.bytes <= limit / 2) && g.mem.Resize(g.bytes)) return Status::OK();
  if (!Spillable()) return g.mem.ResizeOrFail(g.bytes, kWhat);
  if (!g.spill) g.spill = NewSpill(ctx, 0);
  RETURN_IF_ERROR(SpillBuckets(&g.buckets, g.spill.get()));
  g.mem.Clear();
  g.bytes = 0;
  g.spilled = true;
  return Status::OK();
}

Status PhysicalWindow::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  // In memory, each source task sorts and evaluates its own bucket, in parallel. Once anything spilled, the
  // rows still held join the spill and one task evaluates partition after partition.
  auto& g = static_cast<WindowGlobal&>(global);
  if (!g.spilled) return Status::OK();
  if (!g.spill) g.spill = NewSpill(ctx, 0);
  RETURN_IF_ERROR(SpillBuckets(&g.buckets, g.spill.get()));
  g.mem.Clear();
  g.bytes = 0;
  RETURN_IF_ERROR(g.spill->Finish());
  g.spills.push_back(std::move(g.spill));
  return Status::OK();
}

bool PhysicalWindow::Spillable() const {
  return !windows_.front().partitions.empty();
}

std::unique_ptr<SpillPartitioner> PhysicalWindow::NewSpill(ExecContext& ctx, int level) const {
  return std::make_unique<SpillPartitioner>(&ctx.spill(), stored_types_, 0, level);
}

Status PhysicalWindow::SpillBuckets(std::vector<Chunks>* buckets, SpillPartitioner* out) const {
  size_t keys = windows_.front().partitions.size();
  std::vector<uint64_t> hashes(kBatchSize);
  for (Chunks& chunks : *buckets) {
    for (const Batch& chunk : chunks) {
      std::vector<const Vector*> cols, key_cols;
      for (size_t c = 0; c < chunk.num_columns(); c++) cols.push_back(&chunk.column(c));
      for (size_t k = 0; k < keys; k++) key_cols.push_back(&chunk.column(input_width_ + k));
      HashKeys(key_cols, chunk.count(), hashes.data());
      RETURN_IF_ERROR(out->Add(cols, nullptr, chunk.count(), hashes.data(), nullptr));
    }
    chunks.clear();
  }
  return Status::OK();
}

// Reads one spilled partition into run.loaded, or splits it on the next hash bits when it does not fit.
Status PhysicalWindow::LoadRun(ExecContext& ctx, const SpillRun& spilled, Run& run) const {
  run.loaded.clear();
  run.loaded_mem.Clear();
  SpillBatch batch;
  std::unique_ptr<SpillPartitioner> split;
  uint64_t bytes = 0;
  RETURN_IF_ERROR(ReadRunFrames(ctx, spilled, stored_types_, &batch, [&]() -> Status {
    std::vector<const Vector*> cols;
    for (size_t c = 0; c < batch.rows.num_columns(); c++) cols.push_back(&batch.rows.column(c));
    if (split) return split->Add(cols, nullptr, batch.rows.count(), batch.hashes.data(), nullptr);
    for (size_t r = 0; r < batch.rows.count(); r++) {
      if (run.loaded.empty() || run.loaded.back().count() == run.loaded.back().capacity()) {
        if (!run.loaded.empty()) bytes += BatchMemory(run.loaded.back());
        run.loaded.emplace_back(stored_types_);
      }
      Batch& b = run.loaded.back();
      size_t dst = b.count();
      for (size_t c = 0; c < cols.size(); c++) b.column(c).CopyRow(*cols[c], r, dst);
      b.set_count(dst + 1);
    }
    // Twice the rows: the sort's order and the functions' results need about as much again.
    if (run.loaded_mem.Resize(2 * (bytes + BatchMemory(run.loaded.back())))) return Status::OK();
    if (spilled.level + 1 > SpillPartitioner::kMaxLevel) return ctx.memory().Exceeded(kWhat);
    split = NewSpill(ctx, spilled.level + 1);
    std::vector<Chunks> rows(1);
    rows[0] = std::move(run.loaded);
    run.loaded.clear();
    run.loaded_mem.Clear();
    return SpillBuckets(&rows, split.get());
  }));
  if (split) return FinishInto(std::move(split), &run.pending);
  // The rows alone from here on: Evaluate reserves what the sort and the results take.
  if (!run.loaded.empty()) (void)run.loaded_mem.Resize(bytes + BatchMemory(run.loaded.back()));
  return Status::OK();
}

namespace {

const Vector& StoredColumn(const Chunks& chunks, uint64_t id, size_t col) {
  return chunks[id >> 32].column(col);
}

// Compares two stored rows on one column: NULLs equal each other and sort first or last as asked.
int CompareStored(const Chunks& chunks, uint64_t x, uint64_t y, size_t col, bool descending, bool nulls_first) {
  const Vector& vx = StoredColumn(chunks, x, col);
  const Vector& vy = StoredColumn(chunks, y, col);
  size_t rx = x & 0xffffffff, ry = y & 0xffffffff;
  bool nx = vx.IsNull(rx), ny = vy.IsNull(ry);
  if (nx || ny) {
    if (nx && ny) return 0;
    return nx == nulls_first ? -1 : 1;
  }
  int c = CompareCells(vx, rx, vy, ry);
  return descending ? -c : c;
}

}  // namespace

Result<std::unique_ptr<SourceState>> PhysicalWindow::InitSource(ExecContext& ctx, int task) const {
  auto run = std::make_unique<Run>();
  run->mem = MemoryReservation(&ctx.memory());
  run->loaded_mem = MemoryReservation(&ctx.memory());
  auto* g = static_cast<WindowGlobal*>(ctx.sink_state(this));
  if (g->spilled) {
    run->pending = CollectRuns(g->spills);
    std::erase_if(run->pending, [](const SpillRun& r) { return r.rows == 0; });
    return std::unique_ptr<SourceState>(std::move(run));
  }
  RETURN_IF_ERROR(Evaluate(ctx, g->buckets[task], run.get()));
  return std::unique_ptr<SourceState>(std::move(run));
}

// Sorts `chunks` by (partition keys, order keys) into run->order and computes every function over them.
Status PhysicalWindow::Evaluate(ExecContext& ctx, const Chunks& chunks, Run* run) const {
  run->chunks = &chunks;
  run->order.clear();
  run->results.clear();
  run->next = 0;
  for (size_t c = 0; c < chunks.size(); c++) {
    for (size_t r = 0; r < chunks[c].count(); r++) run->order.push_back((static_cast<uint64_t>(c) << 32) | r);
  }
  const WindowExpr& w0 = windows_.front();
  size_t keys = w0.partitions.size();
  auto compare_keys = [&](uint64_t x, uint64_t y, bool with_orders) {
    for (size_t k = 0; k < keys; k++) {
      int c = CompareStored(chunks, x, y, input_width_ + k, false, false);
      if (c != 0) return c;
    }
    for (size_t k = 0; with_orders && k < w0.orders.size(); k++) {
      const WindowOrder& o = w0.orders[k];
      int c = CompareStored(chunks, x, y, input_width_ + keys + k, o.descending, o.nulls_first);
      if (c != 0) return c;
    }
    return 0;
  };
  RETURN_IF_ERROR(run->mem.ResizeOrFail(run->order.size() * 24, kWhat));
  std::stable_sort(run->order.begin(), run->order.end(),
                   [&](uint64_t x, uint64_t y) { return compare_keys(x, y, true) < 0; });

  size_t n = run->order.size();
  WindowRun bounds;
  bounds.rows = n;
  bounds.peer_start.resize(n);
  bounds.peer_end.resize(n);
  for (size_t i = 0; i < n; i++) {
    bool new_partition = i == 0 || compare_keys(run->order[i - 1], run->order[i], false) != 0;
    if (new_partition) bounds.partition_starts.push_back(i);
    bool new_peers = new_partition || compare_keys(run->order[i - 1], run->order[i], true) != 0;
    bounds.peer_start[i] = new_peers ? static_cast<uint32_t>(i) : bounds.peer_start[i - 1];
  }
  bounds.partition_starts.push_back(n);
  for (size_t i = n; i-- > 0;) {
    bool last_peer = i + 1 == n || bounds.peer_start[i + 1] != bounds.peer_start[i];
    bounds.peer_end[i] = last_peer ? static_cast<uint32_t>(i + 1) : bounds.peer_end[i + 1];
  }

  for (size_t f = 0; f < windows_.size(); f++) {
    const WindowExpr& w = windows_[f];
    std::vector<Vector> args;
    for (size_t a = 0; a < w.args.size(); a++) {
      args.emplace_back(w.args[a]->type, std::max<size_t>(n, 1));
      size_t col = arg_offset_[f] + a;
      for (size_t i = 0; i < n; i++) {
        uint64_t id = run->order[i];
        args.back().CopyRow(StoredColumn(chunks, id, col), id & 0xffffffff, i);
      }
    }
    std::vector<const Vector*> arg_ptrs;
    for (const auto& v : args) arg_ptrs.push_back(&v);
    run->results.emplace_back(w.type, std::max<size_t>(n, 1));
    uint64_t bytes = n * 24;
    for (const auto& v : run->results) bytes += VectorMemory(v);
    for (const auto& v : args) bytes += VectorMemory(v);
    RETURN_IF_ERROR(run->mem.ResizeOrFail(bytes, kWhat));
    RETURN_IF_ERROR(EvaluateWindow(w, bounds, arg_ptrs, &run->results.back()));
    RETURN_IF_ERROR(ctx.CheckCancel());
  }
  return Status::OK();
}

Status PhysicalWindow::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& run = static_cast<Run&>(state);
  while (run.next == run.order.size() && !run.pending.empty()) {  // spilled: the next partition
    SpillRun next = std::move(run.pending.back());
    run.pending.pop_back();
    RETURN_IF_ERROR(LoadRun(ctx, next, run));
    if (!run.loaded.empty()) {
      RETURN_IF_ERROR(Evaluate(ctx, run.loaded, &run));
    } else {
      run.order.clear();
      run.next = 0;
    }
  }
  size_t n = 0;
  while (run.next < run.order.size() && n < out->capacity()) {
    size_t i = run.next++;
    uint64_t id = run.order[i];
    const Batch& chunk = (*run.chunks)[id >> 32];
    size_t r = id & 0xffffffff;
    for (size_t c = 0; c < input_width_; c++) out->column(c).CopyRow(chunk.column(c), r, n);
    for (size_t f = 0; f < windows_.size(); f++) out->column(input_width_ + f).CopyRow(run.results[f], i, n);
    n++;
  }
  if (n == 0) {  // done: what follows (another window, a sort) gets the memory
    run.loaded.clear();
    run.loaded_mem.Clear();
    run.order = {};
    run.results.clear();
    run.mem.Clear();
  }
  out->set_count(n);
  return Status::OK();
}

static size_t BucketsBytes(const std::vector<Chunks>& buckets) {
  size_t n = 0;
  for (const Chunks& chunks : buckets) {
    for (const Batch& b : chunks) n += b.AllocatedBytes();
  }
  return n;
}

size_t PhysicalWindow::LocalSinkBytes(const LocalSinkState& local) const {
  return BucketsBytes(static_cast<const WindowLocal&>(local).buckets);
}

bool PhysicalWindow::SinkSpilled(const GlobalSinkState& global) const {
  return static_cast<const WindowGlobal&>(global).spilled;
}

size_t PhysicalWindow::GlobalSinkBytes(const GlobalSinkState& global) const {
  return BucketsBytes(static_cast<const WindowGlobal&>(global).buckets);
}

StepInfo PhysicalWindow::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = StepLabelText("window", worktable);
  return info;
}

}  // namespace blueshift
