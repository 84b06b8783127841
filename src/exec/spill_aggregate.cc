// Spilling of PhysicalHashAggregate: a slice's table that outgrows its share of the query's memory is
// written to SpillPartitioner partitions as (group keys, key hash, aggregate state bytes) rows and emptied.
// Once any table spilled, every table left at the end is written out too, and the output aggregates one
// partition at a time (combining the states of a group's rows); a partition that does not fit either is
// split again on the next four hash bits.

#include <cstring>

#include "exec/aggregate_table.h"
#include "exec/physical_hash_aggregate.h"

namespace blueshift {

namespace {
constexpr const char* kWhat = "a hash aggregate";
}  // namespace

bool PhysicalHashAggregate::Spillable() const {
  if (groups_.empty() && !distinct_pairs_) return false;
  for (const auto& a : aggregates_) {
    if ((a.distinct && !distinct_pairs_) || a.function.destroy) return false;
  }
  return true;
}

std::unique_ptr<SpillPartitioner> PhysicalHashAggregate::NewSpill(ExecContext& ctx, int level) const {
  if (distinct_pairs_) return std::make_unique<SpillPartitioner>(&ctx.spill(), PairSpillTypes(), 8, level);
  return std::make_unique<SpillPartitioner>(&ctx.spill(), group_types_, state_size_, level);
}

Status PhysicalHashAggregate::SpillTable(GroupTable& t, SpillPartitioner* out) const {
  return distinct_pairs_ ? SpillPairs(t, out) : SpillStates(t, out);
}

Status PhysicalHashAggregate::SpillStates(GroupTable& t, SpillPartitioner* out) const {
  for (size_t chunk = 0; chunk < t.keys.size(); chunk++) {
    size_t n = t.keys[chunk].count();
    RETURN_IF_ERROR(out->Add(t.key_cols[chunk], nullptr, n, t.hashes.data() + chunk * kBatchSize,
                             state_size_ ? t.state_chunks[chunk].get() : nullptr));
  }
  return Status::OK();
}

Status PhysicalHashAggregate::CheckLocalMemory(ExecContext& ctx, HashAggLocal& l) const {
  if (l.mem.Resize(l.table->MemoryUsage())) return Status::OK();
  if (!Spillable()) return ctx.memory().Exceeded(kWhat);
  if (!l.spill) l.spill = NewSpill(ctx, 0);
  RETURN_IF_ERROR(SpillTable(*l.table, l.spill.get()));
  l.table = std::make_unique<GroupTable>(*this);
  (void)l.mem.Resize(l.table->MemoryUsage());  // smaller than before: never refused
  return Status::OK();
}

Status PhysicalHashAggregate::CheckGlobalMemory(ExecContext& ctx, HashAggGlobal& g) const {
  uint64_t bytes = g.table->MemoryUsage();
  for (const auto& p : g.parts) bytes += p->MemoryUsage();
  if (g.mem.Resize(bytes)) return Status::OK();
  if (!Spillable()) return ctx.memory().Exceeded(kWhat);
  if (!g.spill) g.spill = NewSpill(ctx, 0);
  RETURN_IF_ERROR(SpillParts(g));
  RETURN_IF_ERROR(SpillTable(*g.table, g.spill.get()));
  g.table = std::make_unique<GroupTable>(*this);
  g.spilled = true;
  (void)g.mem.Resize(g.table->MemoryUsage());
  return Status::OK();
}

Status PhysicalHashAggregate::CombineSpilled(ExecContext&, HashAggGlobal& g, HashAggLocal& l) const {
  RETURN_IF_ERROR(SpillTable(*l.table, l.spill.get()));  // the slice's rest joins its spilled groups
  l.table.reset();
  l.mem.Clear();
  RETURN_IF_ERROR(l.spill->Finish());
  std::lock_guard<std::mutex> lock(g.mu);
  g.spills.push_back(std::move(l.spill));
  g.spilled = true;
  return Status::OK();
}

// Slice-disjoint tables kept whole go to the global spill once anything spilled.
Status PhysicalHashAggregate::SpillParts(HashAggGlobal& g) const {
  for (const auto& p : g.parts) RETURN_IF_ERROR(SpillTable(*p, g.spill.get()));
  g.parts.clear();
  return Status::OK();
}

Status PhysicalHashAggregate::FinalizeSpilled(ExecContext& ctx, HashAggGlobal& g) const {
  if (!g.spill) g.spill = NewSpill(ctx, 0);
  RETURN_IF_ERROR(SpillParts(g));
  RETURN_IF_ERROR(SpillTable(*g.table, g.spill.get()));
  g.table = std::make_unique<GroupTable>(*this);
  g.mem.Clear();
  RETURN_IF_ERROR(g.spill->Finish());
  g.spills.push_back(std::move(g.spill));
  return Status::OK();
}

Status PhysicalHashAggregate::LoadRun(ExecContext& ctx, const SpillRun& run, HashAggSource& st) const {
  st.current = std::make_unique<GroupTable>(*this);
  st.next = 0;
  GroupTable& t = *st.current;
  SpillBatch batch;
  std::vector<const Vector*> cols(group_types_.size());
  std::unique_ptr<SpillPartitioner> split;  // set once the partition turned out too big
  RETURN_IF_ERROR(ReadRunFrames(ctx, run, group_types_, &batch, [&]() -> Status {
    for (size_t c = 0; c < cols.size(); c++) cols[c] = &batch.rows.column(c);
    size_t n = batch.rows.count();
    if (split) return split->Add(cols, nullptr, n, batch.hashes.data(), batch.blobs.data());
    for (size_t r = 0; r < n; r++) {
      uint32_t before = t.size;
      uint32_t grp = t.FindOrAdd(batch.hashes[r], cols, r);
      const uint8_t* src = batch.blobs.data() + r * state_size_;
      if (grp == before) {  // a new group: its state is the spilled one
        if (state_size_) std::memcpy(t.State(grp), src, state_size_);
        continue;
      }
      for (size_t a = 0; a < aggregates_.size(); a++)
        RETURN_IF_ERROR(aggregates_[a].function.combine(t.State(grp) + state_offsets_[a], src + state_offsets_[a]));
    }
    if (st.mem.Resize(t.MemoryUsage())) return Status::OK();
    if (run.level + 1 > SpillPartitioner::kMaxLevel) return ctx.memory().Exceeded(kWhat);
    split = std::make_unique<SpillPartitioner>(&ctx.spill(), group_types_, state_size_, run.level + 1);
    RETURN_IF_ERROR(SpillStates(t, split.get()));
    st.current.reset();
    st.mem.Clear();
    return Status::OK();
  }));
  if (!split) return st.mem.ResizeOrFail(t.MemoryUsage(), kWhat);
  return FinishInto(std::move(split), &st.pending);
}

Status PhysicalHashAggregate::GetSpilledData(ExecContext& ctx, HashAggSource& st, Batch* out) const {
  size_t n = 0;
  while (n < out->capacity()) {
    if (st.current && st.next < st.current->size) {
      RETURN_IF_ERROR(EmitGroups(*st.current, &st.next, st.current->size, out, &n));
      continue;
    }
    st.current.reset();
    st.mem.Clear();
    // Every pair partition is folded: now the groups' states, combined partition by partition.
    if (st.pending.empty() && st.folded) RETURN_IF_ERROR(FinishInto(std::move(st.folded), &st.pending));
    if (st.pending.empty()) break;
    SpillRun run = std::move(st.pending.back());
    st.pending.pop_back();
    RETURN_IF_ERROR(st.folded ? FoldPairRun(ctx, run, st) : LoadRun(ctx, run, st));
  }
  out->set_count(n);
  return Status::OK();
}

}  // namespace blueshift
