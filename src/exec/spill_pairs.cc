// Spilling of PhysicalHashAggregate's DISTINCT pairs (COUNT(DISTINCT x) ... GROUP BY, TPC-H Q16). A table
// that outgrows its share of the query's memory is written out as one row per pair, (group keys, x), and
// emptied; a group whose x values were all NULL is written as one row with x NULL, so that it is still
// output. Rows are partitioned by a hash of the whole pair, so that a partition stays smaller than the
// query's memory even when a few groups hold most of the pairs (one group of many distinct values). A
// partition's duplicate pairs meet in one set, so each partition folds its distinct values into its groups'
// states; a group's values in different partitions are disjoint, so its partial states combine as those of
// different slices do: they go to a second partitioner of (group keys, key hash, states) rows, which
// LoadRun aggregates as any spilled table's. A partition whose pairs do not fit splits on the next four
// bits of the pair hash.

#include <cstring>

#include "exec/aggregate_table.h"
#include "exec/physical_hash_aggregate.h"

namespace blueshift {

namespace {
constexpr const char* kWhat = "a hash aggregate";

// The partitioning hash of the pair (a group of key hash h, value bits x).
uint64_t PairHash(uint64_t h, uint32_t x) {
  return MixHash(h ^ (static_cast<uint64_t>(x) + 1) * 0x9E3779B97F4A7C15ULL);
}
}  // namespace

std::vector<LogicalType> PhysicalHashAggregate::PairSpillTypes() const {
  std::vector<LogicalType> types = group_types_;
  types.push_back(pair_value_->type);
  return types;
}

// Rows of (group keys, x) with the pair's hash, and the group's key hash as an 8-byte blob.
Status PhysicalHashAggregate::SpillPairs(GroupTable& t, SpillPartitioner* out) const {
  const std::vector<LogicalType> types = PairSpillTypes();
  const size_t x_col = group_types_.size();
  const PhysicalType xt = types.back().physical();
  Batch rows(types);
  std::vector<const Vector*> cols;
  for (size_t c = 0; c < types.size(); c++) cols.push_back(&rows.column(c));
  std::vector<uint64_t> hashes(kBatchSize), group_hashes(kBatchSize);
  size_t n = 0;
  // Row n: group g's keys and, unless null, the value bits *x.
  auto add = [&](uint32_t g, const uint32_t* x) -> Status {
    const std::vector<const Vector*>& keys = t.key_cols[g / kBatchSize];
    for (size_t c = 0; c < x_col; c++)
      GroupTable::CopyKey(*keys[c], g % kBatchSize, t.key_types[c], &rows.column(c), n);
    Vector& xv = rows.column(x_col);
    if (x != nullptr) {
      xv.validity()[n] = 1;
      PairSet::SetBits(&xv, n, xt, *x);
    } else {
      xv.SetNull(n, true);
    }
    group_hashes[n] = t.hashes[g];
    hashes[n] = x != nullptr ? PairHash(t.hashes[g], *x) : t.hashes[g];
    if (++n < kBatchSize) return Status::OK();
    rows.set_count(n);
    Status s = out->Add(cols, nullptr, n, hashes.data(), reinterpret_cast<const uint8_t*>(group_hashes.data()));
    rows.Reset();
    n = 0;
    return s;
  };
  std::vector<uint8_t> paired(t.size, 0);
  t.FlushPairs();
  for (const PairSet& set : t.pairs) {
    for (uint64_t code : set.slots) {
      if (code == PairSet::kEmpty) continue;
      const auto g = static_cast<uint32_t>(code >> 32);
      const auto x = static_cast<uint32_t>(code);
      paired[g] = 1;
      RETURN_IF_ERROR(add(g, &x));
    }
  }
  for (uint32_t g = 0; g < t.size; g++) {
    if (!paired[g]) RETURN_IF_ERROR(add(g, nullptr));
  }
  rows.set_count(n);
  return out->Add(cols, nullptr, n, hashes.data(), reinterpret_cast<const uint8_t*>(group_hashes.data()));
}

Status PhysicalHashAggregate::FoldPairRun(ExecContext& ctx, const SpillRun& run, HashAggSource& st) const {
  const std::vector<LogicalType> types = PairSpillTypes();
  const PhysicalType xt = types.back().physical();
  auto t = std::make_unique<GroupTable>(*this);
  SpillBatch batch;
  std::vector<const Vector*> cols(types.size());
  std::vector<const Vector*> keys(group_types_.size());
  std::vector<uint64_t> group_hashes, codes;
  std::unique_ptr<SpillPartitioner> split;  // set once the partition turned out too big
  RETURN_IF_ERROR(ReadRunFrames(ctx, run, types, &batch, [&]() -> Status {
    for (size_t c = 0; c < cols.size(); c++) cols[c] = &batch.rows.column(c);
    std::copy(cols.begin(), cols.begin() + static_cast<std::ptrdiff_t>(keys.size()), keys.begin());
    const size_t n = batch.rows.count();
    if (split) return split->Add(cols, nullptr, n, batch.hashes.data(), batch.blobs.data());
    group_hashes.resize(n);
    std::memcpy(group_hashes.data(), batch.blobs.data(), n * sizeof(uint64_t));
    const Vector& x = *cols.back();
    codes.clear();
    for (size_t r = 0; r < n; r++) {
      uint32_t g = t->FindOrAdd(group_hashes[r], keys, r);
      if (!x.IsNull(r)) codes.push_back(PairSet::Code(g, PairSet::Bits(x, r, xt)));
    }
    t->InsertPairs(codes.data(), codes.size());
    if (st.mem.Resize(t->MemoryUsage())) return Status::OK();
    if (run.level + 1 > SpillPartitioner::kMaxLevel) return ctx.memory().Exceeded(kWhat);
    split = NewSpill(ctx, run.level + 1);
    RETURN_IF_ERROR(SpillPairs(*t, split.get()));
    t.reset();
    st.mem.Clear();
    return Status::OK();
  }));
  if (!split) {
    RETURN_IF_ERROR(FoldDistinctPairs(*t));
    RETURN_IF_ERROR(SpillStates(*t, st.folded.get()));
    st.mem.Clear();
    return Status::OK();
  }
  return FinishInto(std::move(split), &st.pending);
}

}  // namespace blueshift
