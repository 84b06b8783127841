#include "exec/physical_mark_join.h"

#include <atomic>
#include <mutex>

#include "exec/expr_evaluator.h"
#include "exec/hash_join_state.h"
#include "exec/key_hash.h"
#include "exec/memory_tracker.h"

namespace blueshift {

namespace {

constexpr uint32_t kNone = UINT32_MAX;

std::vector<LogicalType> KeyTypes(const std::vector<ExprPtr>& exprs) {
  std::vector<LogicalType> t;
  for (const auto& e : exprs) t.push_back(e->type);
  return t;
}

std::vector<LogicalType> Concat(std::vector<LogicalType> a, const std::vector<LogicalType>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

struct PhysicalMarkJoin::Global : GlobalSinkState {
  std::mutex mu;
  int phase = 0;     // 0: left rows arrive; 1: right rows probe; 2: done
  BuildChunks left;  // the left rows (payload) and their keys
  uint64_t left_bytes = 0;
  std::vector<std::vector<const Vector*>> key_cols;  // per chunk
  std::vector<uint32_t> heads, next;
  std::vector<uint64_t> hashes;  // per id
  uint64_t mask = 0;
  std::unique_ptr<std::atomic<uint8_t>[]> marked;  // per id: some right row matched it
  uint64_t rows = 0;                               // left rows
  KeySetCache key_sets;
  MemoryReservation mem;
};

struct PhysicalMarkJoin::Local : LocalSinkState {
  int phase = 0;
  std::vector<std::unique_ptr<ExprEvaluator>> key_evals;
  std::unique_ptr<ExprEvaluator> residual;
  BuildChunks left;
  ChunkMeter meter;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> null_rows;
  std::vector<const Vector*> cols;
  std::vector<uint32_t> right_rows, left_ids;
  Batch pairs;
  MemoryReservation mem;  // the left rows held until Combine
};

struct PhysicalMarkJoin::Source : SourceState {
  size_t chunk = 0;
  size_t step = 1;
  size_t row = 0;
};

PhysicalMarkJoin::PhysicalMarkJoin(JoinType type, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                                   std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys, ExprPtr residual)
    : PhysicalOperator(left->types()),
      type_(type),
      left_keys_(std::move(left_keys)),
      right_keys_(std::move(right_keys)),
      residual_(std::move(residual)),
      pair_types_(Concat(left->types(), right->types())) {
  children.push_back(std::move(left));
  children.push_back(std::move(right));
}

std::string PhysicalMarkJoin::Name() const {
  return type_ == JoinType::kSemi ? "Hash Semi Join (left built)" : "Hash Anti Join (left built)";
}

std::string PhysicalMarkJoin::Detail() const {
  std::string s;
  for (size_t i = 0; i < left_keys_.size(); i++)
    s += (i ? " AND " : "") + left_keys_[i]->ToString() + " = " + right_keys_[i]->ToString();
  if (residual_) s += (s.empty() ? "" : " AND ") + residual_->ToString();
  return s;
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalMarkJoin::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<Global>();
  g->mem = MemoryReservation(&ctx.memory());
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalMarkJoin::InitLocalSink(ExecContext& ctx,
                                                                        GlobalSinkState& global) const {
  auto& g = static_cast<Global&>(global);
  auto l = std::make_unique<Local>();
  l->mem = MemoryReservation(&ctx.memory());
  {
    std::lock_guard<std::mutex> lock(g.mu);
    l->phase = g.phase;
  }
  for (const auto& k : l->phase == 0 ? left_keys_ : right_keys_)
    l->key_evals.push_back(std::make_unique<ExprEvaluator>(*k));
  if (l->phase == 1) {
    if (residual_) l->residual = std::make_unique<ExprEvaluator>(*residual_);
    l->pairs = Batch(pair_types_);
  }
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalMarkJoin::Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
                              bool* finished) const {
  auto& l = static_cast<Local&>(local);
  if (in.count() == 0) return Status::OK();
  if (l.phase == 0) return SinkLeft(ctx, in, l);
  auto& g = static_cast<Global&>(global);
  if (g.left.payload.empty()) {
    *finished = true;  // no left row to mark: the right side need not be read further
    return Status::OK();
  }
  return Probe(in, g, l);
}

Status PhysicalMarkJoin::SinkLeft(ExecContext& ctx, Batch& in, Local& l) const {
  size_t n = in.count();
  l.cols.resize(left_keys_.size());
  for (size_t i = 0; i < l.cols.size(); i++) RETURN_IF_ERROR(l.key_evals[i]->Evaluate(in, &l.cols[i]));
  l.hashes.resize(n);
  HashKeys(l.cols, n, l.hashes.data());
  bool nulls = FindNullKeys(l.cols, n, &l.null_rows);
  AppendBuildRows(&l.left, children[0]->types(), KeyTypes(left_keys_), in, l.cols, n, l.hashes.data(),
                  nulls ? l.null_rows.data() : nullptr);
  if (!l.mem.Resize(l.meter.Measure(l.left))) return ctx.memory().Exceeded("a semi join's left side");
  return Status::OK();
}

Status PhysicalMarkJoin::Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<Global&>(global);
  auto& l = static_cast<Local&>(local);
  if (l.phase != 0) return Status::OK();
  std::lock_guard<std::mutex> lock(g.mu);
  BuildChunks& from = l.left;
  g.left_bytes += l.meter.Measure(from);
  l.mem.Clear();
  if (!g.mem.Resize(g.left_bytes)) return ctx.memory().Exceeded("a semi join's left side");
  for (size_t i = 0; i < from.payload.size(); i++) {
    g.left.payload.push_back(std::move(from.payload[i]));
    g.left.keys.push_back(std::move(from.keys[i]));
    g.left.hashes.push_back(std::move(from.hashes[i]));
    g.left.null_key.push_back(std::move(from.null_key[i]));
  }
  return Status::OK();
}

Status PhysicalMarkJoin::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<Global&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  if (g.phase++ != 0) return Status::OK();
  // Chain the left rows: heads[hash & mask] is a bucket's first id, next[id] the following one.
  BuildChunks& c = g.left;
  size_t ids = c.payload.size() * kBatchSize;
  size_t rows = 0;
  for (const auto& b : c.payload) rows += b.count();
  g.rows = rows;
  g.key_sets.Reset(filter_keys_.size());
  size_t buckets = 1;
  while (buckets < 2 * rows) buckets <<= 1;
  if (!g.mem.Resize(g.left_bytes + ids * 13 + buckets * 4)) return ctx.memory().Exceeded("a semi join's left side");
  g.mask = buckets - 1;
  g.heads.assign(buckets, kNone);
  g.next.assign(ids, kNone);
  g.hashes.assign(ids, 0);
  g.marked.reset(new std::atomic<uint8_t>[ids]());
  g.key_cols.resize(c.keys.size());
  for (size_t ch = 0; ch < c.keys.size(); ch++) {
    for (size_t k = 0; k < c.keys[ch].num_columns(); k++) g.key_cols[ch].push_back(&c.keys[ch].column(k));
    const auto& nk = c.null_key[ch];
    for (size_t r = c.payload[ch].count(); r-- > 0;) {
      if (!nk.empty() && nk[r]) continue;
      uint32_t id = static_cast<uint32_t>(ch * kBatchSize + r);
      uint64_t h = c.hashes[ch][r];
      g.hashes[id] = h;
      g.next[id] = g.heads[h & g.mask];
      g.heads[h & g.mask] = id;
    }
    std::vector<uint64_t>().swap(c.hashes[ch]);
  }
  return Status::OK();
}

// Marks the left rows the batch's rows match: candidate pairs by hash and key, then the residual.
Status PhysicalMarkJoin::Probe(Batch& in, Global& g, Local& l) const {
  size_t n = in.count();
  l.cols.resize(right_keys_.size());
  for (size_t i = 0; i < l.cols.size(); i++) RETURN_IF_ERROR(l.key_evals[i]->Evaluate(in, &l.cols[i]));
  l.hashes.resize(n);
  HashKeys(l.cols, n, l.hashes.data());
  bool nulls = FindNullKeys(l.cols, n, &l.null_rows);
  l.right_rows.clear();
  l.left_ids.clear();
  auto flush = [&]() -> Status {
    if (l.left_ids.empty()) return Status::OK();
    Batch& pairs = l.pairs;
    pairs.Reset();
    size_t m = l.left_ids.size();
    size_t width = children[0]->types().size();
    for (size_t col = 0; col < width; col++)
      GatherChunked(g.left.payload, col, l.left_ids.data(), m, &pairs.column(col), 0, false);
    for (size_t col = 0; col < in.num_columns(); col++)
      pairs.column(width + col).GatherFrom(in.column(col), l.right_rows.data(), m, 0);
    pairs.set_count(m);
    RETURN_IF_ERROR(l.residual->Select(&pairs));
    for (size_t k = 0; k < pairs.count(); k++)
      g.marked[l.left_ids[pairs.RowIndex(k)]].store(1, std::memory_order_relaxed);
    l.right_rows.clear();
    l.left_ids.clear();
    return Status::OK();
  };
  for (size_t r = 0; r < n; r++) {
    if (nulls && l.null_rows[r]) continue;
    uint64_t h = l.hashes[r];
    for (uint32_t id = g.heads[h & g.mask]; id != kNone; id = g.next[id]) {
      if (g.hashes[id] != h || !KeysEqual(l.cols, r, g.key_cols[id / kBatchSize], id % kBatchSize)) continue;
      if (!l.residual) {
        g.marked[id].store(1, std::memory_order_relaxed);
        continue;
      }
      if (g.marked[id].load(std::memory_order_relaxed)) continue;  // already decided
      l.right_rows.push_back(in.RowIndex(r));
      l.left_ids.push_back(id);
      if (l.left_ids.size() == kBatchSize) RETURN_IF_ERROR(flush());
    }
  }
  return flush();
}

int PhysicalMarkJoin::SourceTasks(ExecContext& ctx) const {
  return std::max(ctx.num_slices(), 1);
}

Result<std::unique_ptr<SourceState>> PhysicalMarkJoin::InitSource(ExecContext& ctx, int task) const {
  auto st = std::make_unique<Source>();
  st->chunk = static_cast<size_t>(task);
  st->step = static_cast<size_t>(SourceTasks(ctx));
  return std::unique_ptr<SourceState>(std::move(st));
}

// Each task emits every step-th chunk's kept rows.
Status PhysicalMarkJoin::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<Source&>(state);
  auto* g = static_cast<Global*>(ctx.sink_state(this));
  const bool want = type_ == JoinType::kSemi;
  std::vector<uint32_t> rows;
  while (st.chunk < g->left.payload.size()) {
    const Batch& chunk = g->left.payload[st.chunk];
    size_t base = st.chunk * kBatchSize;
    rows.clear();
    for (size_t r = 0; r < chunk.count(); r++) {
      if ((g->marked[base + r].load(std::memory_order_relaxed) != 0) == want) rows.push_back(static_cast<uint32_t>(r));
    }
    st.chunk += st.step;
    if (rows.empty()) continue;
    for (size_t col = 0; col < chunk.num_columns(); col++)
      out->column(col).GatherFrom(chunk.column(col), rows.data(), rows.size(), 0);
    out->set_count(rows.size());
    return Status::OK();
  }
  return Status::OK();
}

size_t PhysicalMarkJoin::GlobalSinkBytes(const GlobalSinkState& global) const {
  return static_cast<const Global&>(global).left_bytes;
}

void PhysicalMarkJoin::RequestKeyFilter(size_t key) {
  filter_keys_.resize(left_keys_.size());
  filter_keys_[key] = true;
}

const KeySet* PhysicalMarkJoin::KeyFilter(ExecContext& ctx, size_t key, uint64_t scan_rows) const {
  auto* g = static_cast<Global*>(ctx.sink_state(this));
  if (g == nullptr || key >= filter_keys_.size() || !filter_keys_[key]) return nullptr;
  {
    std::lock_guard<std::mutex> lock(g->mu);
    if (g->phase < 1) return nullptr;
  }
  return g->key_sets.Get(key, left_keys_[key]->type, g->left.keys, g->rows, scan_rows);
}

// Its output rows are left rows, kept or dropped whole: a filter on a left column may drop left rows first.
bool PhysicalMarkJoin::ForwardsKeyFilter(int column, size_t* child, int* child_column) const {
  *child = 0;
  *child_column = column;
  return true;
}

}  // namespace blueshift
