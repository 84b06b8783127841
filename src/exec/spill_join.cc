// Grace hash join for PhysicalHashJoin. A build side that outgrows the query's memory is written to
// SpillPartitioner partitions (payload columns, then the key columns; key hash per row) by the slice that
// holds it. Probe rows then go to their task's own partitions (rows with a NULL key, which match nothing,
// are answered at once), and when the task's input ends it loads one build partition at a time into a hash
// table and runs its waiting probe rows through the usual probe code. Build rows with a NULL key never
// match and are not written; whether there was one (NOT IN) and how many build rows there were stay known.

#include "exec/hash_join_state.h"
#include "exec/key_hash.h"
#include "exec/physical_hash_join.h"

namespace blueshift {

namespace {
constexpr const char* kJoinWhat = "a hash join's build side";
}  // namespace

Status PhysicalHashJoin::SpillBuild(ExecContext& ctx, BuildChunks* chunks,
                                    std::unique_ptr<SpillPartitioner>* out) const {
  if (!*out) {
    std::vector<LogicalType> types = children[1]->types();
    for (const auto& k : build_keys_) types.push_back(k->type);
    *out = std::make_unique<SpillPartitioner>(&ctx.spill(), std::move(types), 0, 0);
  }
  BuildChunks& c = *chunks;
  std::vector<uint32_t> rows;
  for (size_t i = 0; i < c.payload.size(); i++) {
    std::vector<const Vector*> cols;
    for (size_t col = 0; col < c.payload[i].num_columns(); col++) cols.push_back(&c.payload[i].column(col));
    for (size_t col = 0; col < c.keys[i].num_columns(); col++) cols.push_back(&c.keys[i].column(col));
    rows.clear();
    for (uint32_t r = 0; r < c.payload[i].count(); r++) {
      if (c.null_key[i].empty() || !c.null_key[i][r]) rows.push_back(r);
    }
    RETURN_IF_ERROR((*out)->Add(cols, rows.data(), rows.size(), c.hashes[i].data(), nullptr));
  }
  bool had_null_key = c.has_null_key;
  c = BuildChunks();
  c.has_null_key = had_null_key;
  return Status::OK();
}

Status PhysicalHashJoin::CheckBuildMemory(ExecContext& ctx, JoinLocal& l) const {
  if (l.mem.Resize(l.meter.Measure(l.chunks))) return Status::OK();
  if (!SpillableJoin()) return ctx.memory().Exceeded(kJoinWhat);
  RETURN_IF_ERROR(SpillBuild(ctx, &l.chunks, &l.spill));
  l.meter = ChunkMeter();
  l.mem.Clear();
  return Status::OK();
}

Status PhysicalHashJoin::CheckGlobalBuildMemory(ExecContext& ctx, JoinGlobal& g) const {
  if (g.mem.Resize(g.bytes)) return Status::OK();
  if (!SpillableJoin()) return ctx.memory().Exceeded(kJoinWhat);
  RETURN_IF_ERROR(SpillBuild(ctx, &g.chunks, &g.spill));
  g.bytes = 0;
  g.mem.Clear();
  g.spilled = true;
  return Status::OK();
}

Status PhysicalHashJoin::CombineSpilled(ExecContext& ctx, JoinGlobal& g, JoinLocal& l) const {
  RETURN_IF_ERROR(SpillBuild(ctx, &l.chunks, &l.spill));
  l.mem.Clear();
  RETURN_IF_ERROR(l.spill->Finish());
  std::lock_guard<std::mutex> lock(g.mu);
  g.spills.push_back(std::move(l.spill));
  g.spilled = true;
  g.rows_seen += l.rows_seen;
  g.chunks.has_null_key |= l.chunks.has_null_key;
  return Status::OK();
}

Status PhysicalHashJoin::FinalizeSpilled(ExecContext& ctx, JoinGlobal& g) const {
  RETURN_IF_ERROR(SpillBuild(ctx, &g.chunks, &g.spill));
  if (g.spill) {
    RETURN_IF_ERROR(g.spill->Finish());
    g.spills.push_back(std::move(g.spill));
  }
  g.bytes = 0;
  g.mem.Clear();
  g.spilled = true;
  g.runs = CollectRuns(g.spills);
  bool has_null_key = g.chunks.has_null_key;
  RETURN_IF_ERROR(BuildTable(&g));  // an empty table: probe rows with NULL keys still meet it
  g.build_rows = g.rows_seen;
  g.has_null_key = has_null_key;
  return Status::OK();
}

Status PhysicalHashJoin::DivertProbe(ExecContext& ctx, Batch& in, ProbeState& st) const {
  in.Flatten();
  size_t n = in.count();
  st.key_cols.resize(probe_keys_.size());
  for (size_t i = 0; i < st.key_cols.size(); i++) RETURN_IF_ERROR(st.key_evals[i]->Evaluate(in, &st.key_cols[i]));
  st.hashes.resize(n);
  HashKeys(st.key_cols, n, st.hashes.data());
  bool nulls = !options_.nulls_equal && FindNullKeys(st.key_cols, n, &st.null_rows);
  std::vector<uint32_t> divert;
  uint32_t* keep = in.mutable_selection();
  size_t kept = 0;
  for (uint32_t r = 0; r < n; r++) {
    if (nulls && st.null_rows[r]) {
      keep[kept++] = r;
    } else {
      divert.push_back(r);
    }
  }
  if (!st.probe_spill) st.probe_spill = std::make_unique<SpillPartitioner>(&ctx.spill(), children[0]->types(), 0, 0);
  std::vector<const Vector*> cols;
  for (size_t c = 0; c < in.num_columns(); c++) cols.push_back(&in.column(c));
  RETURN_IF_ERROR(st.probe_spill->Add(cols, divert.data(), divert.size(), st.hashes.data(), nullptr));
  in.SetSelection(kept);
  return Status::OK();
}

Status PhysicalHashJoin::LoadPartition(ExecContext& ctx, ProbeState& st) const {
  st.part_table.reset();
  st.mem.Clear();
  auto t = std::make_unique<JoinGlobal>();
  std::vector<LogicalType> types = children[1]->types();
  size_t width = types.size();
  for (const auto& k : build_keys_) types.push_back(k->type);
  SpillBatch batch;
  ChunkMeter meter;
  RETURN_IF_ERROR(ReadRunFrames(ctx, st.global->runs[st.part], types, &batch, [&]() -> Status {
    std::vector<const Vector*> keys;
    for (size_t k = 0; k < build_keys_.size(); k++) keys.push_back(&batch.rows.column(width + k));
    AppendBuild(&t->chunks, batch.rows, keys, batch.rows.count(), batch.hashes.data(), nullptr);
    if (!st.mem.Resize(meter.Measure(t->chunks))) return ctx.memory().Exceeded("a hash join's partition");
    return Status::OK();
  }));
  uint64_t ids = t->chunks.payload.size() * kBatchSize;
  if (!st.mem.Resize(meter.Measure(t->chunks) + ids * sizeof(JoinGlobal::Entry) + ids * 8))
    return ctx.memory().Exceeded("a hash join's partition");
  RETURN_IF_ERROR(BuildTable(t.get()));
  t->build_rows = st.global->build_rows;
  t->has_null_key = st.global->has_null_key;
  t->transient = true;
  st.part_table = std::move(t);
  st.build = st.part_table.get();
  return Status::OK();
}

Status PhysicalHashJoin::FinishExecute(ExecContext& ctx, Batch* out, OperatorState& state,
                                       OperatorResult* result) const {
  auto& st = static_cast<ProbeState&>(state);
  out->set_count(0);
  *result = OperatorResult::kNeedMoreInput;
  if (!st.probe_spill) return Status::OK();
  if (st.part < 0) {  // the task's input just ended
    RETURN_IF_ERROR(st.probe_spill->Finish());
    st.global = st.build;
    st.replaying = true;
    st.part = 0;
    st.frame = 0;
  }
  while (st.part < SpillPartitioner::kPartitions) {
    const auto& frames = st.probe_spill->frames(st.part);
    if (!st.pending && st.frame < frames.size()) {
      if (st.frame == 0) RETURN_IF_ERROR(LoadPartition(ctx, st));
      RETURN_IF_ERROR(st.probe_spill->file()->Read(frames[st.frame++], children[0]->types(), &st.probe_batch));
    }
    if (st.pending || st.probe_batch.rows.count() > 0) {
      OperatorResult r;
      RETURN_IF_ERROR(Execute(ctx, st.probe_batch.rows, out, st, &r));
      if (r == OperatorResult::kNeedMoreInput) st.probe_batch.rows.set_count(0);
      *result = OperatorResult::kHaveMoreOutput;
      return Status::OK();
    }
    st.part++;
    st.frame = 0;
  }
  st.part_table.reset();
  st.mem.Clear();
  st.build = st.global;
  return Status::OK();
}

}  // namespace blueshift
