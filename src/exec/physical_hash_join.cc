#include "exec/physical_hash_join.h"

#include <mutex>

#include "exec/expr_evaluator.h"
#include "exec/hash_join_state.h"
#include "exec/key_hash.h"
#include "util/parallel.h"

namespace blueshift {

namespace {

std::vector<LogicalType> Concat(const std::vector<LogicalType>& a, const std::vector<LogicalType>& b) {
  std::vector<LogicalType> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::vector<LogicalType> TypesOf(const std::vector<ExprPtr>& exprs) {
  std::vector<LogicalType> t;
  for (const auto& e : exprs) t.push_back(e->type);
  return t;
}

}  // namespace

namespace {
std::vector<LogicalType> OutputTypes(JoinType type, const PhysicalOperator& left, const PhysicalOperator& right,
                                     const std::vector<int>& output) {
  if (type == JoinType::kSemi || type == JoinType::kAnti) return left.types();
  std::vector<LogicalType> all = Concat(left.types(), right.types());
  if (output.empty()) return all;
  std::vector<LogicalType> kept;
  for (int c : output) kept.push_back(all[static_cast<size_t>(c)]);
  return kept;
}

// Marks the input positions an expression reads.
void MarkPositions(const Expr& e, std::vector<uint8_t>* read) {
  if (e.kind == ExprKind::kColumnRef && e.position >= 0 && static_cast<size_t>(e.position) < read->size())
    (*read)[static_cast<size_t>(e.position)] = 1;
  for (const auto& c : e.children) MarkPositions(*c, read);
}

constexpr size_t kRowsPerBucket = 2;

// The first entry from `pos` to `end` of a bucket whose key equals probe row r, or kNoBuildRow. Inline: it
// runs once per probe row. With hash_is_key, equal hashes mean equal keys and the build row's key is not read.
inline __attribute__((always_inline)) uint32_t NextMatch(const JoinGlobal& g, uint32_t pos, uint32_t end,
                                                         const std::vector<const Vector*>& probe, size_t r, uint64_t h,
                                                         bool hash_is_key) {
  const JoinGlobal::Entry* entries = g.entries.data();
  for (; pos < end; pos++) {
    uint32_t id = entries[pos].id;
    if (entries[pos].hash == h && (hash_is_key || KeysEqual(probe, r, g.key_cols[id / kBatchSize], id % kBatchSize)))
      return pos;
  }
  return kNoBuildRow;
}
}  // namespace

PhysicalHashJoin::PhysicalHashJoin(JoinType type, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                                   std::vector<ExprPtr> probe_keys, std::vector<ExprPtr> build_keys, ExprPtr residual,
                                   JoinOptions options, std::vector<int> output)
    : PhysicalOperator(OutputTypes(type, *left, *right, output)),
      type_(type),
      probe_keys_(std::move(probe_keys)),
      build_keys_(std::move(build_keys)),
      residual_(std::move(residual)),
      left_width_(left->types().size()),
      options_(options),
      pair_types_(Concat(left->types(), right->types())) {
  children.push_back(std::move(left));
  children.push_back(std::move(right));
  if (EmitsPairs() && !output.empty()) {
    output_ = std::move(output);
    gathered_.assign(pair_types_.size(), 0);
    for (int c : output_) gathered_[static_cast<size_t>(c)] = 1;
    if (residual_) MarkPositions(*residual_, &gathered_);
  }
  // One integer key (both sides of one type): its hash is a bijection of the value (key_hash.cc mixes the
  // sign-extended value with an invertible finalizer), so equal hashes are equal keys. NULLs, whose hash
  // could equal a value's, never reach the chains unless NULLs match each other.
  if (probe_keys_.size() == 1 && !options_.nulls_equal) {
    PhysicalType t = probe_keys_[0]->type.physical();
    hash_is_key_ =
        t == PhysicalType::kBool || t == PhysicalType::kInt16 || t == PhysicalType::kInt32 || t == PhysicalType::kInt64;
  }
  // Two narrow integer keys on both sides hash to a bijection of the pair (key_hash.h).
  std::vector<PhysicalType> probe_types, build_types;
  for (const auto& k : probe_keys_) probe_types.push_back(k->type.physical());
  for (const auto& k : build_keys_) build_types.push_back(k->type.physical());
  if (!options_.nulls_equal && TwoNarrowIntegerKeys(probe_types) && TwoNarrowIntegerKeys(build_types))
    hash_is_key_ = true;
}

std::string PhysicalHashJoin::Name() const {
  switch (type_) {
    case JoinType::kInner:
      return "Hash Join";
    case JoinType::kLeft:
      return "Hash Left Join";
    case JoinType::kSemi:
      return "Hash Semi Join";
    case JoinType::kAnti:
      return options_.null_aware ? "Hash Anti Join (NOT IN)" : "Hash Anti Join";
  }
  return "Hash Join";
}

std::string PhysicalHashJoin::Detail() const {
  std::string s;
  for (size_t i = 0; i < probe_keys_.size(); i++)
    s += (i ? " AND " : "") + probe_keys_[i]->ToString() + " = " + build_keys_[i]->ToString();
  if (residual_) s += (s.empty() ? "" : " AND ") + residual_->ToString();
  return s.empty() ? s : "cond: " + s;
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalHashJoin::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<JoinGlobal>();
  g->mem = MemoryReservation(&ctx.memory());
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalHashJoin::InitLocalSink(ExecContext& ctx, GlobalSinkState&) const {
  auto l = std::make_unique<JoinLocal>();
  l->mem = MemoryReservation(&ctx.memory());
  for (const auto& k : build_keys_) l->key_evals.push_back(std::make_unique<ExprEvaluator>(*k));
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

void AppendBuildRows(BuildChunks* chunks, const std::vector<LogicalType>& payload_types,
                     const std::vector<LogicalType>& key_types, const Batch& in, const std::vector<const Vector*>& cols,
                     size_t n, const uint64_t* hashes, const uint8_t* null_rows) {
  BuildChunks& c = *chunks;
  std::vector<uint32_t> rows(std::min(n, kBatchSize));
  for (size_t done = 0; done < n;) {
    if (c.payload.empty() || c.payload.back().count() == kBatchSize) {
      c.payload.emplace_back(payload_types);
      c.keys.emplace_back(key_types);
      c.hashes.emplace_back();
      c.null_key.emplace_back();
    }
    Batch& payload = c.payload.back();
    Batch& keys = c.keys.back();
    size_t at = payload.count();
    size_t take = std::min(n - done, kBatchSize - at);
    for (size_t i = 0; i < take; i++) rows[i] = in.RowIndex(done + i);
    for (size_t col = 0; col < payload.num_columns(); col++)
      payload.column(col).GatherFrom(in.column(col), rows.data(), take, at);
    for (size_t i = 0; i < take; i++) rows[i] = static_cast<uint32_t>(done + i);
    for (size_t col = 0; col < cols.size(); col++) keys.column(col).GatherFrom(*cols[col], rows.data(), take, at);
    payload.set_count(at + take);
    keys.set_count(at + take);
    c.hashes.back().insert(c.hashes.back().end(), hashes + done, hashes + done + take);
    auto& nk = c.null_key.back();
    if (null_rows) {
      nk.resize(at);
      nk.insert(nk.end(), null_rows + done, null_rows + done + take);
      c.has_null_key = true;
    } else if (!nk.empty()) {
      nk.resize(at + take, 0);
    }
    done += take;
  }
}

Status PhysicalHashJoin::Sink(ExecContext& ctx, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<JoinLocal&>(local);
  size_t n = in.count();
  if (n == 0) return Status::OK();
  std::vector<const Vector*> cols(build_keys_.size());
  for (size_t i = 0; i < cols.size(); i++) RETURN_IF_ERROR(l.key_evals[i]->Evaluate(in, &cols[i]));
  l.hash_buf.resize(n);
  HashKeys(cols, n, l.hash_buf.data());
  bool nulls = !options_.nulls_equal && FindNullKeys(cols, n, &l.null_rows);
  AppendBuild(&l.chunks, in, cols, n, l.hash_buf.data(), nulls ? l.null_rows.data() : nullptr);
  l.rows_seen += n;
  return CheckBuildMemory(ctx, l);
}

void PhysicalHashJoin::AppendBuild(BuildChunks* chunks, const Batch& in, const std::vector<const Vector*>& cols,
                                   size_t n, const uint64_t* hashes, const uint8_t* null_rows) const {
  AppendBuildRows(chunks, children[1]->types(), TypesOf(build_keys_), in, cols, n, hashes, null_rows);
}

Status PhysicalHashJoin::Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<JoinGlobal&>(global);
  auto& l = static_cast<JoinLocal&>(local);
  if (l.spill) return CombineSpilled(ctx, g, l);
  uint64_t bytes = l.meter.Measure(l.chunks);
  std::lock_guard<std::mutex> lock(g.mu);
  g.rows_seen += l.rows_seen;
  BuildChunks& from = l.chunks;
  BuildChunks& to = g.chunks;
  for (size_t i = 0; i < from.payload.size(); i++) {
    to.payload.push_back(std::move(from.payload[i]));
    to.keys.push_back(std::move(from.keys[i]));
    to.hashes.push_back(std::move(from.hashes[i]));
    to.null_key.push_back(std::move(from.null_key[i]));
  }
  to.has_null_key |= from.has_null_key;
  l.mem.Clear();
  g.bytes += bytes;
  return CheckGlobalBuildMemory(ctx, g);
}

Status PhysicalHashJoin::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<JoinGlobal&>(global);
  if (!g.spilled) {
    uint64_t ids = g.chunks.payload.size() * kBatchSize;
    uint64_t buckets = 1;
    while (buckets * kRowsPerBucket < ids) buckets <<= 1;
    if (g.mem.Resize(g.bytes + ids * sizeof(JoinGlobal::Entry) + buckets * 8)) {
      RETURN_IF_ERROR(BuildTable(&g, std::max(ctx.num_slices(), 1)));
      g.key_sets.Reset(filter_keys_.size());
      return Status::OK();
    }
    if (!SpillableJoin()) return ctx.memory().Exceeded("a hash join's build side");
  }
  return FinalizeSpilled(ctx, g);
}

bool PhysicalHashJoin::AcceptsKeyFilters() const {
  return (type_ == JoinType::kInner || type_ == JoinType::kSemi) && !options_.nulls_equal && !options_.null_aware;
}

void PhysicalHashJoin::RequestKeyFilter(size_t key) {
  filter_keys_.resize(build_keys_.size());
  filter_keys_[key] = true;
}

const KeySet* PhysicalHashJoin::KeyFilter(ExecContext& ctx, size_t key, uint64_t scan_rows) const {
  auto* g = static_cast<JoinGlobal*>(ctx.sink_state(this));
  if (g == nullptr || key >= filter_keys_.size() || !filter_keys_[key]) return nullptr;
  return g->key_sets.Get(key, build_keys_[key]->type, g->chunks.keys, g->build_rows, scan_rows);
}

bool PhysicalHashJoin::ForwardsKeyFilter(int column, size_t* child, int* child_column) const {
  if (!output_.empty()) {
    if (column < 0 || column >= static_cast<int>(output_.size())) return false;
    column = output_[static_cast<size_t>(column)];
  }
  if (column < static_cast<int>(left_width_)) {
    *child = 0;
    *child_column = column;
    return true;
  }
  if (!EmitsPairs()) return false;
  *child = 1;
  *child_column = column - static_cast<int>(left_width_);
  return true;
}

Status PhysicalHashJoin::BuildTable(JoinGlobal* global, size_t threads) const {
  JoinGlobal& g = *global;
  BuildChunks& c = g.chunks;
  size_t ids = c.payload.size() * kBatchSize;
  if (ids >= kNoBuildRow)
    return Status(ErrorCode::kOutOfMemory, "out of memory: hash join build side has too many rows");
  for (const auto& p : c.payload) g.build_rows += p.count();
  // About two rows per bucket: a bucket's entries lie side by side, so a probe reads its few extra
  // candidates' hashes at no extra cache miss, and the starts stay small enough to stay in cache.
  size_t buckets = 1;
  while (buckets * kRowsPerBucket < g.build_rows) buckets <<= 1;
  if (probe_keys_.empty()) buckets = 1;  // every row matches every row: one chain
  g.mask = buckets - 1;
  g.key_cols.resize(c.keys.size());
  for (size_t ch = 0; ch < c.keys.size(); ch++) {
    for (size_t k = 0; k < c.keys[ch].num_columns(); k++) g.key_cols[ch].push_back(&c.keys[ch].column(k));
  }
  // A counting sort of the rows by bucket: count each bucket's rows, sum the counts up into the buckets'
  // starts, then place every row at its bucket's next free entry, in insertion order. The counts and the
  // places are read and written in random order: prefetched ahead. A large build is sorted by several
  // threads, thread t owning the buckets b with b % threads == t (no two write one count or entry): from
  // 64K rows on, where the random writes cost more than a thread's start and its pass over every hash.
  if (g.build_rows < (size_t{1} << 16) || probe_keys_.empty()) threads = 1;
  std::vector<uint32_t> fill(buckets + 1, 0);
  for (const auto& nk : c.null_key) {
    if (std::find(nk.begin(), nk.end(), 1) != nk.end()) g.has_null_key = true;
  }
  auto each_row = [&c, &g](size_t t, size_t threads, uint32_t* slots, bool place) {
    constexpr size_t kAhead = 16, kPlaceAhead = 8;
    const uint64_t mask = g.mask;
    JoinGlobal::Entry* entries = g.entries.data();
    for (size_t ch = 0; ch < c.payload.size(); ch++) {
      const uint64_t* hs = c.hashes[ch].data();
      const auto& nk = c.null_key[ch];
      size_t n = c.payload[ch].count();
      for (size_t r = 0; r < n; r++) {
        if (r + kAhead < n) __builtin_prefetch(&slots[(hs[r + kAhead] & mask) + (place ? 0 : 1)], 1);
        // Placing: the entry a row kPlaceAhead rows ahead will take (its bucket's start is in cache by now).
        if (place && r + kPlaceAhead < n) __builtin_prefetch(&entries[slots[hs[r + kPlaceAhead] & mask]], 1);
        if (!nk.empty() && nk[r]) continue;
        uint64_t h = hs[r];
        if (threads > 1 && (h & mask) % threads != t) continue;
        if (place) {
          entries[slots[h & mask]++] = JoinGlobal::Entry{h, static_cast<uint32_t>(ch * kBatchSize + r)};
        } else {
          slots[(h & mask) + 1]++;
        }
      }
    }
  };
  auto run = [&](bool place) { RunParallel(threads, [&](size_t t) { each_row(t, threads, fill.data(), place); }); };
  run(false);
  for (size_t b = 1; b <= buckets; b++) fill[b] += fill[b - 1];
  g.starts = fill;
  g.entries.resize(fill[buckets]);
  run(true);
  for (auto& hs : c.hashes) std::vector<uint64_t>().swap(hs);
  return Status::OK();
}

Result<std::unique_ptr<OperatorState>> PhysicalHashJoin::InitOperator(ExecContext& ctx) const {
  auto st = std::make_unique<ProbeState>();
  for (const auto& k : probe_keys_) st->key_evals.push_back(std::make_unique<ExprEvaluator>(*k));
  if (residual_) st->residual = std::make_unique<ExprEvaluator>(*residual_);
  st->build = static_cast<JoinGlobal*>(ctx.sink_state(this));
  if (!EmitsPairs() || !output_.empty()) st->pairs = Batch(pair_types_);
  return std::unique_ptr<OperatorState>(std::move(st));
}

Status PhysicalHashJoin::StartBatch(const Batch& in, ProbeState& st) const {
  size_t n = in.count();
  const JoinGlobal& g = *st.build;
  st.first.assign(n, kNoBuildRow);
  st.matched.assign(n, 0);
  st.k = 0;
  st.phase = 0;
  st.pending = true;
  st.key_cols.resize(probe_keys_.size());
  for (size_t i = 0; i < st.key_cols.size(); i++) RETURN_IF_ERROR(st.key_evals[i]->Evaluate(in, &st.key_cols[i]));
  st.hashes.resize(n);
  HashKeys(st.key_cols, n, st.hashes.data());
  bool nulls = !options_.nulls_equal && FindNullKeys(st.key_cols, n, &st.null_rows);
  bool null_aware = options_.null_aware && g.build_rows > 0;
  // A software pipeline over the rows, so that cache misses of rows ahead overlap with the work on this
  // one: the bucket starts kHeadAhead rows ahead are prefetched, those kHashAhead rows ahead read (and their
  // first entries prefetched), and the bucket of this row searched for its first match.
  constexpr size_t kHeadAhead = 16, kHashAhead = 8;
  const uint32_t* starts = g.starts.data();
  const JoinGlobal::Entry* entries = g.entries.data();
  const uint64_t* hashes = st.hashes.data();
  const uint64_t mask = g.mask;
  st.end.resize(n);
  uint32_t* first = st.first.data();
  uint32_t* end = st.end.data();
  uint32_t* matched = st.matched.data();
  auto load_head = [&](size_t r) {
    uint64_t b = hashes[r] & mask;
    uint32_t from = starts[b], to = starts[b + 1];
    if (from != to) __builtin_prefetch(&entries[from]);
    first[r] = from != to ? from : kNoBuildRow;
    end[r] = to;
  };
  for (size_t r = 0; r < std::min(n, kHeadAhead); r++) __builtin_prefetch(&starts[hashes[r] & mask]);
  for (size_t r = 0; r < std::min(n, kHashAhead); r++) load_head(r);
  for (size_t r = 0; r < n; r++) {
    if (r + kHeadAhead < n) __builtin_prefetch(&starts[hashes[r + kHeadAhead] & mask]);
    if (r + kHashAhead < n) load_head(r + kHashAhead);
    if (nulls && st.null_rows[r]) {
      if (null_aware) matched[r] = 1;  // NULL NOT IN (non-empty set) is NULL: the row does not pass
      first[r] = kNoBuildRow;
      continue;
    }
    if (null_aware && g.has_null_key) matched[r] = 1;  // x NOT IN (..., NULL) is never true
    if (first[r] != kNoBuildRow) first[r] = NextMatch(g, first[r], end[r], st.key_cols, r, hashes[r], hash_is_key_);
  }
  st.cur = n > 0 ? st.first[0] : kNoBuildRow;
  return Status::OK();
}

Status PhysicalHashJoin::CheckSingleMatch(const Batch& pairs, ProbeState& st) const {
  for (size_t i = 0; i < pairs.count(); i++) {
    if (++st.matched[st.pair_left[pairs.RowIndex(i)]] > 1)
      return Status(ErrorCode::kCardinalityViolation, "more than one row returned by a subquery used as an expression");
  }
  return Status::OK();
}

Status PhysicalHashJoin::EmitPairs(const Batch& in, Batch* out, ProbeState& st) const {
  const JoinGlobal& g = *st.build;
  size_t n_in = in.count();
  // Semi and anti joins without a residual decide each row from whether it has a match.
  if (!EmitsPairs() && !st.residual) {
    for (; st.k < n_in; st.k++) {
      if (st.first[st.k] != kNoBuildRow) st.matched[st.k] = 1;
    }
    out->set_count(0);
    return Status::OK();
  }
  Batch* pairs = EmitsPairs() && output_.empty() ? out : &st.pairs;
  pairs->Reset();
  size_t cap = pairs->capacity(), n = 0;
  st.pair_left.clear();
  st.probe_rows.resize(cap);
  st.build_ids.resize(cap);
  while (st.k < n_in && n < cap) {
    size_t k = st.k;
    while (st.cur != kNoBuildRow && n < cap) {
      st.probe_rows[n] = in.RowIndex(k);
      st.build_ids[n] = g.entries[st.cur].id;
      st.pair_left.push_back(static_cast<uint32_t>(k));
      n++;
      st.cur = NextMatch(g, st.cur + 1, st.end[k], st.key_cols, k, st.hashes[k], hash_is_key_);
    }
    if (st.cur == kNoBuildRow) {
      st.k++;
      if (st.k < n_in) st.cur = st.first[st.k];
    }
  }
  // Only the columns that go out or that the residual reads (all of them unless the join is narrowed). The
  // probe side's strings are not copied: the pairs go on while `in` is alive, and what keeps rows copies them.
  auto wanted = [&](size_t c) { return gathered_.empty() || gathered_[c]; };
  for (size_t c = 0; c < left_width_; c++) {
    if (wanted(c)) pairs->column(c).GatherViewsFrom(in.column(c), st.probe_rows.data(), n, 0);
  }
  for (size_t c = left_width_; c < pairs->num_columns(); c++) {
    if (wanted(c))
      GatherChunked(g.chunks.payload, c - left_width_, st.build_ids.data(), n, &pairs->column(c), 0, g.transient);
  }
  pairs->set_count(n);
  if (st.residual && n > 0) RETURN_IF_ERROR(st.residual->Select(pairs));
  if (options_.single_match) RETURN_IF_ERROR(CheckSingleMatch(*pairs, st));
  for (size_t i = 0; i < pairs->count() && !options_.single_match; i++)
    st.matched[st.pair_left[pairs->RowIndex(i)]] = 1;
  if (!EmitsPairs()) {
    out->set_count(0);
  } else if (!output_.empty()) {
    // The emitted columns move into out (their vectors swap places: nothing is copied).
    out->Reset();
    for (size_t j = 0; j < output_.size(); j++) std::swap(out->column(j), pairs->column(output_[j]));
    if (pairs->has_selection()) {
      std::copy(pairs->selection(), pairs->selection() + pairs->count(), out->mutable_selection());
      out->SetSelection(pairs->count());
    } else {
      out->set_count(pairs->count());
    }
  }
  return Status::OK();
}

void PhysicalHashJoin::EmitFinal(const Batch& in, Batch* out, ProbeState& st) const {
  // The rows that go out, then each column gathered at once (TPC-H Q16's NOT IN keeps 118,000 rows), strings
  // as views of in's: out goes on while in is alive, and a run of one build row's matches keeps its identity
  // (PhysicalHashAggregate::HashRunHeads).
  std::vector<uint32_t>& rows = st.probe_rows;
  rows.clear();
  const bool want_matched = type_ == JoinType::kSemi;
  while (st.k < in.count() && rows.size() < out->capacity()) {
    size_t r = st.k++;
    if ((st.matched[r] != 0) == want_matched) rows.push_back(in.RowIndex(r));
  }
  const size_t n = rows.size();
  out->Reset();
  for (size_t j = 0; j < out->num_columns(); j++) {
    size_t c = output_.empty() ? j : static_cast<size_t>(output_[j]);
    if (c < left_width_) {
      out->column(j).GatherViewsFrom(in.column(c), rows.data(), n, 0);
    } else {
      for (size_t i = 0; i < n; i++) out->column(j).SetNull(i, true);
    }
  }
  out->set_count(n);
}

Status PhysicalHashJoin::Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state,
                                 OperatorResult* result) const {
  auto& st = static_cast<ProbeState&>(state);
  if (!st.pending && st.build->spilled && !st.replaying) {
    RETURN_IF_ERROR(DivertProbe(ctx, in, st));  // rows whose partition is on disk wait for FinishExecute
    if (in.count() == 0) {
      *result = OperatorResult::kNeedMoreInput;
      return Status::OK();
    }
  }
  if (!st.pending) RETURN_IF_ERROR(StartBatch(in, st));
  *result = OperatorResult::kHaveMoreOutput;
  if (st.phase == 0) {
    RETURN_IF_ERROR(EmitPairs(in, out, st));
    if (st.k < in.count()) return Status::OK();
    if (type_ != JoinType::kInner) {
      st.phase = 1;
      st.k = 0;
      return Status::OK();
    }
  } else {
    EmitFinal(in, out, st);
    if (st.k < in.count()) return Status::OK();
  }
  st.pending = false;
  *result = OperatorResult::kNeedMoreInput;
  return Status::OK();
}

static size_t ChunksBytes(const BuildChunks& c) {
  size_t n = 0;
  for (const Batch& b : c.payload) n += b.AllocatedBytes();
  for (const Batch& b : c.keys) n += b.AllocatedBytes();
  for (const auto& h : c.hashes) n += h.size() * sizeof(uint64_t);
  for (const auto& k : c.null_key) n += k.size();
  return n;
}

size_t PhysicalHashJoin::LocalSinkBytes(const LocalSinkState& local) const {
  return ChunksBytes(static_cast<const JoinLocal&>(local).chunks);
}

bool PhysicalHashJoin::SinkSpilled(const GlobalSinkState& global) const {
  return static_cast<const JoinGlobal&>(global).spilled;
}

size_t PhysicalHashJoin::GlobalSinkBytes(const GlobalSinkState& global) const {
  const auto& g = static_cast<const JoinGlobal&>(global);
  return ChunksBytes(g.chunks) + g.starts.size() * sizeof(uint32_t) + g.entries.size() * sizeof(JoinGlobal::Entry);
}

// The build side is the hash step; the probe is a hash join, or a nested loop when no key is equal.
StepInfo PhysicalHashJoin::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = StepLabelText("hash", worktable);
  if (role == StepRole::kOperator) info.label = StepLabelText(probe_keys_.empty() ? "nloop" : "hjoin", worktable);
  return info;
}

}  // namespace blueshift
