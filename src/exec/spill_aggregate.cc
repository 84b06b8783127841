// Spilling of PhysicalHashAggregate: a slice's table that outgrows its share of the query's memory is
// written to SpillPartitioner partitions as (group keys, key hash, aggregate state bytes) rows and emptied;
// a state that owns memory (MIN/MAX of a string, APPROXIMATE COUNT(DISTINCT)) goes as the bytes its
// function's serialize writes, in a VARBYTE column of its own after the keys.
// Once any table spilled, every table left at the end is written out too, and the output aggregates one
// partition at a time (combining the states of a group's rows); a partition that does not fit either is
// split again on the next four hash bits.

#include <algorithm>
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
    if ((a.distinct && !distinct_pairs_) || (a.function.destroy && !a.function.serialize)) return false;
  }
  return true;
}

std::vector<LogicalType> PhysicalHashAggregate::StateSpillTypes() const {
  std::vector<LogicalType> types = group_types_;
  for (const auto& a : aggregates_) {
    if (a.function.destroy) types.push_back(LogicalType::Varbyte());
  }
  return types;
}

std::unique_ptr<SpillPartitioner> PhysicalHashAggregate::NewSpill(ExecContext& ctx, int level) const {
  if (distinct_pairs_) return std::make_unique<SpillPartitioner>(&ctx.spill(), PairSpillTypes(), 8, level);
  return std::make_unique<SpillPartitioner>(&ctx.spill(), StateSpillTypes(), state_size_, level);
}

Status PhysicalHashAggregate::SpillTable(GroupTable& t, SpillPartitioner* out) const {
  return distinct_pairs_ ? SpillPairs(t, out) : SpillStates(t, out);
}

Status PhysicalHashAggregate::SpillStates(GroupTable& t, SpillPartitioner* out) const {
  std::vector<Vector> owned;  // per aggregate whose state owns memory: the chunk's serialized states
  std::string bytes;
  for (size_t chunk = 0; chunk < t.keys.size(); chunk++) {
    size_t n = t.keys[chunk].count();
    std::vector<const Vector*> cols = t.key_cols[chunk];
    owned.clear();
    for (size_t a = 0; a < aggregates_.size(); a++) {
      const AggregateFunction& fn = aggregates_[a].function;
      if (!fn.destroy) continue;
      Vector& v = owned.emplace_back(LogicalType::Varbyte());
      for (size_t r = 0; r < n; r++) {
        bytes.clear();
        bool has = fn.serialize(fn, t.State(static_cast<uint32_t>(chunk * kBatchSize + r)) + state_offsets_[a], &bytes);
        v.SetNull(r, !has);
        if (has) v.SetString(r, bytes);
      }
    }
    for (const Vector& v : owned) cols.push_back(&v);
    RETURN_IF_ERROR(out->Add(cols, nullptr, n, t.hashes.data() + chunk * kBatchSize,
                             state_size_ ? t.state_chunks[chunk].get() : nullptr));
  }
  return Status::OK();
}

Status PhysicalHashAggregate::LoadStates(const std::vector<const Vector*>& cols, size_t row, const uint8_t* src,
                                         bool fresh, uint8_t* target, uint64_t* owned_bytes) const {
  if (fresh && state_size_) {
    std::memcpy(target, src, state_size_);
    // The owned states' pointers are stale: every one is made fresh before any is read, so that an error
    // leaves states the table can destroy.
    for (size_t a = 0; a < aggregates_.size(); a++) {
      if (aggregates_[a].function.destroy) aggregates_[a].function.init(target + state_offsets_[a]);
    }
  }
  size_t owned = group_types_.size();
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const AggregateFunction& fn = aggregates_[a].function;
    uint8_t* state = target + state_offsets_[a];
    if (!fn.destroy) {
      if (!fresh) RETURN_IF_ERROR(fn.combine(state, src + state_offsets_[a]));
      continue;
    }
    const Vector& v = *cols[owned++];
    if (v.IsNull(row)) continue;
    std::string_view bytes = v.data<std::string_view>()[row];
    if (fresh) {
      RETURN_IF_ERROR(fn.deserialize(fn, state, bytes));
      continue;
    }
    // A state of its own, folded into the group's. What the temporary owns is freed here: not the table's.
    *owned_bytes += TakeOwnedBytes();
    std::vector<uint8_t> other(fn.state_size);
    fn.init(other.data());
    Status st = fn.deserialize(fn, other.data(), bytes);
    (void)TakeOwnedBytes();
    if (st.ok()) st = fn.combine(state, other.data());
    fn.destroy(other.data());
    RETURN_IF_ERROR(st);
  }
  *owned_bytes += TakeOwnedBytes();
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
  if (g.mem.Resize(GlobalSinkBytes(g))) return Status::OK();
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

// Slice-disjoint tables kept whole, and slices' tables whose pairs wait for Finalize, go to the global spill
// once anything spilled.
Status PhysicalHashAggregate::SpillParts(HashAggGlobal& g) const {
  for (const auto& p : g.parts) RETURN_IF_ERROR(SpillTable(*p, g.spill.get()));
  g.parts.clear();
  for (const auto& p : g.pending) RETURN_IF_ERROR(SpillTable(*p.table, g.spill.get()));
  g.pending.clear();
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
  const std::vector<LogicalType> types = StateSpillTypes();
  std::vector<const Vector*> cols(types.size());
  std::vector<const Vector*> keys(group_types_.size());
  std::unique_ptr<SpillPartitioner> split;  // set once the partition turned out too big
  (void)TakeOwnedBytes();
  RETURN_IF_ERROR(ReadRunFrames(ctx, run, types, &batch, [&]() -> Status {
    for (size_t c = 0; c < cols.size(); c++) cols[c] = &batch.rows.column(c);
    std::copy(cols.begin(), cols.begin() + keys.size(), keys.begin());
    size_t n = batch.rows.count();
    if (split) return split->Add(cols, nullptr, n, batch.hashes.data(), batch.blobs.data());
    for (size_t r = 0; r < n; r++) {
      uint32_t before = t.size;
      uint32_t grp = t.FindOrAdd(batch.hashes[r], keys, r);
      // A new group's state is the spilled one; a group met before folds it in.
      RETURN_IF_ERROR(
          LoadStates(cols, r, batch.blobs.data() + r * state_size_, grp == before, t.State(grp), &t.extra_bytes));
    }
    if (st.mem.Resize(t.MemoryUsage())) return Status::OK();
    if (run.level + 1 > SpillPartitioner::kMaxLevel) return ctx.memory().Exceeded(kWhat);
    split = std::make_unique<SpillPartitioner>(&ctx.spill(), types, state_size_, run.level + 1);
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
