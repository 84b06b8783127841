#include "exec/physical_hash_aggregate.h"

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <numeric>
#include <set>

#include "exec/aggregate_table.h"
#include "exec/expr_evaluator.h"
#include "exec/row_key.h"
#include "function/aggregate_single.h"
#include "util/parallel.h"

namespace blueshift {

namespace {
std::vector<LogicalType> OutputTypes(const std::vector<ExprPtr>& groups, const std::vector<AggregateExpr>& aggs) {
  std::vector<LogicalType> t;
  for (const auto& g : groups) t.push_back(g->type);
  for (const auto& a : aggs) t.push_back(a.function.return_type);
  return t;
}
size_t Align16(size_t n) {
  return (n + 15) & ~size_t(15);
}
}  // namespace

using AggGlobal = HashAggGlobal;
using AggLocal = HashAggLocal;
using AggSource = HashAggSource;

PhysicalHashAggregate::PhysicalHashAggregate(std::vector<ExprPtr> groups, std::vector<AggregateExpr> aggregates)
    : PhysicalOperator(OutputTypes(groups, aggregates)),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {
  for (const auto& g : groups_) group_types_.push_back(g->type);
  // Packed keys: not for one integer column, which the table keeps inline as it is.
  int bits = 0;
  std::vector<Packing> packing;
  bool packable = !group_types_.empty();
  for (const auto& t : group_types_) {
    int width = 0;
    switch (t.physical()) {
      case PhysicalType::kBool:
        width = 2;
        break;
      case PhysicalType::kInt16:
        width = 17;
        break;
      case PhysicalType::kInt32:
        width = 33;
        break;
      case PhysicalType::kString:
        width = t.IsString() && t.length() <= 1 ? 9 : 0;
        break;
      default:
        break;
    }
    if (width == 0) packable = false;
    packing.push_back({t.physical(), bits, t.IsString()});
    bits += width;
  }
  bool single_integer = group_types_.size() == 1 && (group_types_[0].physical() == PhysicalType::kInt16 ||
                                                     group_types_[0].physical() == PhysicalType::kInt32);
  if (packable && bits <= 64 && !single_integer) packing_ = std::move(packing);
  for (const auto& a : aggregates_) {
    state_offsets_.push_back(state_size_);
    state_size_ += Align16(a.function.state_size);
  }
  distinct_pairs_ = DistinctPairsApply(aggregates_);
  if (!distinct_pairs_) return;
  pair_value_ = &DistinctValue(*aggregates_[0].args[0]);
  ExprPtr column = Expr::Position(0, pair_value_->type);
  for (const auto& a : aggregates_)
    pair_args_.push_back(a.args[0]->Equals(*pair_value_) ? nullptr : ReplaceDistinctValue(*a.args[0], *column));
}

namespace {
// Whether a cast from `from` to `to` keeps distinct values distinct: an integer widened to a wider integer
// or to a decimal with room for its digits (SUM(DISTINCT x) of an INTEGER x reads x::BIGINT).
bool Injective(const LogicalType& from, const LogicalType& to) {
  static constexpr int kDigits[] = {5, 10, 19};  // SMALLINT, INTEGER, BIGINT
  if (!from.IsInteger()) return false;
  const int digits = kDigits[static_cast<int>(from.id()) - static_cast<int>(TypeId::kSmallInt)];
  if (to.IsInteger()) return to.id() >= from.id();
  return to.id() == TypeId::kDecimal && to.precision() - to.scale() >= digits;
}

}  // namespace

// The value a DISTINCT aggregate's argument reads: the argument under the casts that keep it distinct.
const Expr& PhysicalHashAggregate::DistinctValue(const Expr& arg) {
  const Expr* e = &arg;
  while (e->kind == ExprKind::kCast && Injective(e->children[0]->type, e->type)) e = e->children[0].get();
  return *e;
}

// arg with its DistinctValue replaced by `value`.
ExprPtr PhysicalHashAggregate::ReplaceDistinctValue(const Expr& arg, const Expr& value) {
  if (&DistinctValue(arg) == &arg) return value.Clone();
  ExprPtr e = arg.Clone();
  e->children[0] = ReplaceDistinctValue(*arg.children[0], value);
  return e;
}

bool PhysicalHashAggregate::DistinctPairsApply(const std::vector<AggregateExpr>& aggregates) {
  if (aggregates.empty() || aggregates[0].args.size() != 1) return false;
  static const char* kFolding[] = {"count", "sum", "avg", "min", "max"};
  const Expr& x = DistinctValue(*aggregates[0].args[0]);
  for (const auto& a : aggregates) {
    if (!a.distinct || a.args.size() != 1 || !DistinctValue(*a.args[0]).Equals(x)) return false;
    if (std::none_of(std::begin(kFolding), std::end(kFolding), [&](const char* n) { return a.function.name == n; }))
      return false;
  }
  PhysicalType t = x.type.physical();
  return t == PhysicalType::kBool || t == PhysicalType::kInt16 || t == PhysicalType::kInt32;
}

PhysicalHashAggregate::~PhysicalHashAggregate() = default;

std::string PhysicalHashAggregate::Detail() const {
  std::string s;
  for (const auto& a : aggregates_) s += (s.empty() ? "" : ", ") + a.ToString();
  if (!groups_.empty()) {
    s += " group by ";
    for (size_t i = 0; i < groups_.size(); i++) s += (i ? ", " : "") + groups_[i]->ToString();
  }
  return s;
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalHashAggregate::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<AggGlobal>();
  g->mem = MemoryReservation(&ctx.memory());
  g->table = std::make_unique<GroupTable>(*this);
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalHashAggregate::InitLocalSink(ExecContext& ctx, GlobalSinkState&) const {
  auto l = std::make_unique<AggLocal>();
  l->mem = MemoryReservation(&ctx.memory());
  l->table = std::make_unique<GroupTable>(*this);
  // Sized for the slice's share of the expected groups, within limits: a wrong estimate costs little, and
  // the table starts within a sixteenth of the slice's share of the query's memory (up to 80 bytes a group).
  constexpr double kMinReserve = 4096, kMaxReserve = 1 << 20, kBytesPerGroup = 80;
  const int slices = std::max(ctx.num_slices(), 1);
  double share = std::min(expected_groups_ / slices, kMaxReserve);
  if (uint64_t limit = ctx.memory().limit(); limit != 0)
    share = std::min(share, static_cast<double>(limit) / 16 / slices / kBytesPerGroup);
  if (share >= kMinReserve) {
    auto groups = static_cast<size_t>(share);
    l->table->Reserve(groups);
    l->table->hashes.reserve(groups);
  }
  for (const auto& g : groups_) l->group_evals.push_back(std::make_unique<ExprEvaluator>(*g));
  for (const auto& a : aggregates_) {
    l->arg_evals.emplace_back();
    for (const auto& e : a.args) l->arg_evals.back().push_back(std::make_unique<ExprEvaluator>(*e));
  }
  if (distinct_pairs_) l->arg_evals[0][0] = std::make_unique<ExprEvaluator>(*pair_value_);  // x, uncast
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalHashAggregate::Sink(ExecContext& ctx, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<AggLocal&>(local);
  size_t n = in.count();
  std::vector<const Vector*> key_cols(groups_.size());
  for (size_t i = 0; i < groups_.size(); i++) RETURN_IF_ERROR(l.group_evals[i]->Evaluate(in, &key_cols[i]));
  std::vector<uint32_t>& group_of = l.group_of;
  group_of.resize(n);
  l.hashes.resize(n);
  l.codes.resize(n);
  if (groups_.empty()) {
    // One group (an aggregate without GROUP BY, count(*) of a table): every row is in it.
    if (l.table->size == 0 && n > 0) {
      HashGroups(key_cols, 1, l.hashes.data(), l.codes.data());
      if (packed()) {
        l.table->FindOrAddCode(l.hashes[0], l.codes[0], key_cols, 0);
      } else {
        l.table->FindOrAdd(l.hashes[0], key_cols, 0);
      }
    }
    std::fill(group_of.begin(), group_of.end(), 0);
  } else if (!FindFewPackedGroups(key_cols, n, l)) {
    const bool runs = !packed() && HashRunHeads(key_cols, n, l);
    if (!runs) HashGroups(key_cols, n, l.hashes.data(), l.codes.data());
    constexpr size_t kAhead = 16;
    for (size_t r = 0; r < std::min(n, kAhead); r++) l.table->PrefetchSlot(l.hashes[r]);
    for (size_t r = 0; r < n; r++) {
      if (r + kAhead < n) l.table->PrefetchSlot(l.hashes[r + kAhead]);
      if (runs && l.repeats[r]) {
        group_of[r] = group_of[r - 1];
        continue;
      }
      // A row with the previous row's key is in its group: no probe, no comparison with the group's stored
      // key (rows come in runs of one group, a join's matches of one build row: TPC-H Q16's parts).
      if (r > 0 && !packed() && l.hashes[r] == l.hashes[r - 1] && l.table->KeysMatch(key_cols, r, key_cols, r - 1)) {
        group_of[r] = group_of[r - 1];
        continue;
      }
      group_of[r] = packed() ? l.table->FindOrAddCode(l.hashes[r], l.codes[r], key_cols, r)
                             : l.table->FindOrAdd(l.hashes[r], key_cols, r);
      // Its states are read below: start loading them now (a big table's states are cache misses, TPC-H
      // Q18's 1.5 million orders), overlapped with the next rows' probes.
      __builtin_prefetch(l.table->State(group_of[r]));
    }
  }
  if (distinct_pairs_) {
    // Each row's (group, x) pair joins the set; the aggregates fold the set's values at Finalize.
    const Vector* x;
    RETURN_IF_ERROR(l.arg_evals[0][0]->Evaluate(in, &x));
    const PhysicalType t = pair_value_->type.physical();
    const bool nulls = x->may_have_nulls();
    std::vector<uint64_t>& codes = l.codes;  // free here: the pairs' codes
    size_t m = 0;
    for (size_t r = 0; r < n; r++) {
      if (!(nulls && x->IsNull(r))) codes[m++] = PairSet::Code(group_of[r], PairSet::Bits(*x, r, t));
    }
    l.table->InsertPairs(codes.data(), m);
    return CheckLocalMemory(ctx, l);
  }
  std::string key;
  // Each row's group's states, found once for every aggregate.
  bool have_base = false;  // l.base holds each row's group's states (found when an aggregate needs them)
  l.states.resize(n);
  uint8_t** states = l.states.data();
  // Few groups so far (TPC-H Q1's four): the rows ordered by group, so that an aggregate with a
  // single-state fast path folds each group's rows in one call.
  const uint32_t groups = l.table->size;
  const bool few = groups <= kFewGroups;
  std::array<uint32_t, kFewGroups + 1> start{};
  if (few && groups_.empty()) {
    l.by_group.resize(n);
    std::iota(l.by_group.begin(), l.by_group.end(), 0u);
    start[1] = static_cast<uint32_t>(n);
  } else if (few) {
    l.by_group.resize(n);
    for (size_t r = 0; r < n; r++) start[group_of[r] + 1]++;
    for (uint32_t g = 0; g < groups; g++) start[g + 1] += start[g];
    std::array<uint32_t, kFewGroups> at{};
    std::copy(start.begin(), start.begin() + groups, at.begin());
    for (size_t r = 0; r < n; r++) l.by_group[at[group_of[r]]++] = static_cast<uint32_t>(r);
  }
  (void)TakeOwnedBytes();  // not this table's
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const AggregateExpr& agg = aggregates_[a];
    std::vector<const Vector*> args(agg.args.size());
    for (size_t i = 0; i < args.size(); i++) RETURN_IF_ERROR(l.arg_evals[a][i]->Evaluate(in, &args[i]));
    SingleStateUpdate single = few && !agg.distinct ? FindSingleStateUpdate(agg.function) : nullptr;
    if (single != nullptr) {
      std::span<const Vector* const> span(args.data(), args.size());
      for (uint32_t g = 0; g < groups; g++) {
        if (start[g + 1] == start[g]) continue;
        RETURN_IF_ERROR(
            single(l.table->State(g) + state_offsets_[a], span, l.by_group.data() + start[g], start[g + 1] - start[g]));
      }
      continue;
    }
    if (agg.distinct) {
      for (size_t r = 0; r < n; r++) {
        if (RowHasNull(args, r)) continue;
        key.clear();
        AppendRowKey(args, r, &key);
        std::vector<Value> row;
        for (const Vector* v : args) row.push_back(v->GetValue(r));
        if (l.table->distinct_values[a][group_of[r]].emplace(key, std::move(row)).second)
          l.table->extra_bytes += key.size() + 96;
      }
      continue;
    }
    if (!have_base) {
      l.base.resize(n);
      for (size_t r = 0; r < n; r++) l.base[r] = l.table->State(group_of[r]);
      have_base = true;
    }
    const size_t offset = state_offsets_[a];
    for (size_t r = 0; r < n; r++) states[r] = l.base[r] + offset;
    RETURN_IF_ERROR(agg.function.update(states, std::span<const Vector* const>(args.data(), args.size()), n));
  }
  l.table->extra_bytes += TakeOwnedBytes();  // strings, sketches or rows the states came to own
  return CheckLocalMemory(ctx, l);
}

Status PhysicalHashAggregate::Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<AggGlobal&>(global);
  auto& l = static_cast<AggLocal&>(local);
  if (l.spill) return CombineSpilled(ctx, g, l);
  std::lock_guard<std::mutex> lock(g.mu);
  if (SliceDisjoint() && !g.spilled) {
    if (l.table->size > 0) g.parts.push_back(std::move(l.table));
    l.mem.Clear();
    return CheckGlobalMemory(ctx, g);
  }
  if (g.table->size == 0) {
    // The first slice to finish hands its table over whole: nothing to re-insert (the combine runs under
    // the lock, one slice at a time).
    std::swap(g.table, l.table);
    l.mem.Clear();
    return CheckGlobalMemory(ctx, g);
  }
  if (distinct_pairs_) return CombinePairs(ctx, g, l);
  GroupTable& src = *l.table;
  g.table->Reserve(g.table->size + src.size);
  (void)TakeOwnedBytes();
  for (uint32_t sg = 0; sg < src.size; sg++) {
    if (sg % kBatchSize == 0) RETURN_IF_ERROR(CheckGlobalMemory(ctx, g));
    GroupTable& dst = *g.table;
    uint32_t dg = dst.FindOrAdd(src.hashes[sg], src.key_cols[sg / kBatchSize], sg % kBatchSize);
    for (size_t a = 0; a < aggregates_.size(); a++) {
      if (aggregates_[a].distinct) {
        auto& from = src.distinct_values[a][sg];
        auto& to = dst.distinct_values[a][dg];
        size_t before = to.size();
        to.insert(from.begin(), from.end());
        dst.extra_bytes += (to.size() - before) * 128;
        continue;
      }
      RETURN_IF_ERROR(
          aggregates_[a].function.combine(dst.State(dg) + state_offsets_[a], src.State(sg) + state_offsets_[a]));
    }
    dst.extra_bytes += TakeOwnedBytes();
  }
  return Status::OK();
}

// The slice's groups join the merged table; its pairs wait for Finalize, which merges every slice's pairs
// into the merged table's partition by partition (MergePairs). The memory is asked for first (the group ids
// the pairs are renumbered to would not survive a spill half-way): when refused, or once the merged table
// has spilled, the slice's table goes to disk as it is.
Status PhysicalHashAggregate::CombinePairs(ExecContext& ctx, HashAggGlobal& g, HashAggLocal& l) const {
  GroupTable& src = *l.table;
  l.mem.Clear();
  if (g.spilled || !g.mem.Resize(GlobalSinkBytes(g) + src.MemoryUsage())) {
    if (!g.spill) g.spill = NewSpill(ctx, 0);
    RETURN_IF_ERROR(SpillPairs(src, g.spill.get()));
    l.table.reset();
    g.spilled = true;
    return Status::OK();
  }
  g.table->Reserve(g.table->size + src.size);
  std::vector<uint32_t> to(src.size);
  // Serial (the last slice to finish maps its groups while the others wait): each group's first slot is
  // loaded a few groups ahead, so that the merged table's cache misses overlap.
  constexpr uint32_t kAhead = 16;
  for (uint32_t sg = 0; sg < std::min(src.size, kAhead); sg++) g.table->PrefetchSlot(src.hashes[sg]);
  for (uint32_t sg = 0; sg < src.size; sg++) {
    if (sg + kAhead < src.size) g.table->PrefetchSlot(src.hashes[sg + kAhead]);
    to[sg] = g.table->FindOrAdd(src.hashes[sg], src.key_cols[sg / kBatchSize], sg % kBatchSize);
  }
  g.pending.push_back({std::move(l.table), std::move(to)});
  return CheckGlobalMemory(ctx, g);
}

bool PhysicalHashAggregate::SliceDisjoint() const {
  if (!slice_disjoint_ || groups_.empty() || !empty_input_groups_.empty()) return false;
  for (const auto& a : aggregates_) {
    if (a.distinct) return false;
  }
  return true;
}

Status PhysicalHashAggregate::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<AggGlobal&>(global);
  if (!g.spilled) RETURN_IF_ERROR(CheckGlobalMemory(ctx, g));  // spills the table when it is too big
  if (g.spilled) return FinalizeSpilled(ctx, g);
  if (!g.parts.empty()) {
    if (g.table->size > 0) g.parts.push_back(std::move(g.table));
    g.table = std::make_unique<GroupTable>(*this);
    return Status::OK();
  }
  GroupTable& t = *g.table;
  if (groups_.empty() && t.size == 0) t.FindOrAdd(0, {}, 0);
  if (t.size == 0) {
    for (const auto& row : empty_input_groups_) {
      std::vector<Vector> values;
      for (size_t c = 0; c < row.size(); c++) {
        values.emplace_back(group_types_[c], 1);
        values.back().SetValue(0, row[c]);
      }
      std::vector<const Vector*> cols;
      for (const auto& v : values) cols.push_back(&v);
      uint64_t hash = 0;
      uint64_t code;
      HashGroups(cols, 1, &hash, &code);
      t.FindOrAdd(hash, cols, 0);
    }
  }
  if (distinct_pairs_) return MergePairs(ctx, g);
  // Fold DISTINCT aggregates' values in now that every slice's values are merged.
  for (size_t a = 0; a < aggregates_.size(); a++) {
    if (!aggregates_[a].distinct) continue;
    const AggregateFunction& fn = aggregates_[a].function;
    std::vector<Vector> arg_vectors;
    std::vector<const Vector*> args;
    for (const LogicalType& type : fn.arg_types) arg_vectors.emplace_back(type, 1);
    for (const Vector& v : arg_vectors) args.push_back(&v);
    for (uint32_t grp = 0; grp < t.size; grp++) {
      uint8_t* st = t.State(grp) + state_offsets_[a];
      for (const auto& [key, row] : t.distinct_values[a][grp]) {
        for (size_t i = 0; i < arg_vectors.size(); i++) {
          arg_vectors[i].Reset();
          arg_vectors[i].SetValue(0, row[i]);
        }
        uint8_t* states[1] = {st};
        RETURN_IF_ERROR(fn.update(states, std::span<const Vector* const>(args.data(), args.size()), 1));
      }
    }
  }
  return Status::OK();
}

// Folds pairs' values into their groups' states, a batch of pairs per update call of each aggregate.
class PhysicalHashAggregate::PairFolder {
 public:
  explicit PairFolder(const PhysicalHashAggregate& op)
      : op_(op),
        values_({op.pair_value_->type}),
        widen_(op.aggregates_.size()),
        group_(kBatchSize),
        states_(kBatchSize) {
    for (size_t a = 0; a < op.aggregates_.size(); a++) {
      if (op.pair_args_[a]) widen_[a] = std::make_unique<ExprEvaluator>(*op.pair_args_[a]);
    }
  }

  // The pairs of `set` (of t's groups) into t's states.
  Status Fold(GroupTable& t, const PairSet& set) {
    const PhysicalType p = op_.pair_value_->type.physical();
    Vector& x = values_.column(0);  // x as column 0, which a widening argument reads
    const std::vector<uint64_t>& slots = set.slots;
    for (size_t at = 0; at < slots.size();) {
      // The next batch of pairs: their groups and values.
      size_t n = 0;
      x.Reset();
      // Branch-free: each slot is written at n, which only a pair's moves on (about half the slots are empty).
      for (; at < slots.size() && n < kBatchSize; at++) {
        const uint64_t code = slots[at];
        group_[n] = static_cast<uint32_t>(code >> 32);
        PairSet::SetBits(&x, n, p, static_cast<uint32_t>(code));
        n += code != PairSet::kEmpty;
      }
      if (n == 0) break;
      x.SetAllValid(n);
      values_.set_count(n);
      for (size_t a = 0; a < op_.aggregates_.size(); a++) {
        const Vector* args[1] = {&x};
        if (widen_[a]) RETURN_IF_ERROR(widen_[a]->Evaluate(values_, &args[0]));
        for (size_t k = 0; k < n; k++) states_[k] = t.State(group_[k]) + op_.state_offsets_[a];
        RETURN_IF_ERROR(op_.aggregates_[a].function.update(states_.data(), std::span<const Vector* const>(args, 1), n));
      }
    }
    return Status::OK();
  }

 private:
  const PhysicalHashAggregate& op_;
  Batch values_;
  std::vector<std::unique_ptr<ExprEvaluator>> widen_;
  std::vector<uint32_t> group_;
  std::vector<uint8_t*> states_;
};

// Every slice's pairs into the merged table's and folded into its groups' states: one task per slice, each
// taking partitions in turn (a partition's groups are its own, so the tasks never share a state).
Status PhysicalHashAggregate::MergePairs(ExecContext& ctx, HashAggGlobal& g) const {
  GroupTable& t = *g.table;
  uint64_t pairs = t.PairBound();
  for (const auto& p : g.pending) pairs += p.table->PairBound();
  // A task per slice once the pairs are many enough to pay for a thread.
  constexpr uint64_t kPairsPerTask = 16384;
  const size_t tasks = std::clamp<size_t>(pairs / kPairsPerTask, 1, std::max(ctx.num_slices(), 1));
  std::atomic<size_t> next{0};
  auto run = [&]() -> Status {
    try {
      PairFolder folder(*this);
      std::vector<uint64_t> codes;
      for (size_t part; (part = next.fetch_add(1)) < GroupTable::kPairParts;) {
        PairSet& dst = t.pairs[part];
        size_t want = dst.Bound();
        for (const auto& p : g.pending) want += p.table->pairs[part].Bound();
        dst.Reserve(want);  // once, for every slice's pairs (repeats counted: at most twice the room)
        dst.Flush();
        // The slices' pairs renumbered to the merged groups (branch-free, as in PairFolder::Fold), those in
        // their sets and those pending.
        size_t n = 0;
        for (const auto& p : g.pending) {
          const PairSet& src = p.table->pairs[part];
          if (src.size > 0) {
            codes.resize(n + src.slots.size());
            for (uint64_t code : src.slots) {
              const bool empty = code == PairSet::kEmpty;
              const uint32_t group = empty ? 0 : static_cast<uint32_t>(code >> 32);
              codes[n] = PairSet::Code(p.to[group], static_cast<uint32_t>(code));
              n += !empty;
            }
          }
          codes.resize(n + src.pending.size());
          for (uint64_t code : src.pending)
            codes[n++] = PairSet::Code(p.to[static_cast<uint32_t>(code >> 32)], static_cast<uint32_t>(code));
        }
        dst.InsertAll(codes.data(), n);
        RETURN_IF_ERROR(folder.Fold(t, dst));
      }
      return Status::OK();
    } catch (const std::bad_alloc&) {
      return Status(ErrorCode::kOutOfMemory, "out of memory");
    } catch (const std::exception& e) {
      return Status(ErrorCode::kInternal, std::string("internal error: ") + e.what());
    }
  };
  std::vector<Status> results(tasks);
  RunParallel(tasks, [&](size_t i) { results[i] = run(); });
  g.pending.clear();
  for (const Status& st : results) RETURN_IF_ERROR(st);
  return Status::OK();
}

Status PhysicalHashAggregate::FoldDistinctPairs(GroupTable& t) const {
  t.FlushPairs();
  PairFolder folder(*this);
  for (const PairSet& set : t.pairs) RETURN_IF_ERROR(folder.Fold(t, set));
  return Status::OK();
}

// The groups of an in-memory table go out in chunks spread over one task per slice, so that what follows
// the aggregate (a sort, a join's probe, HAVING) runs on every slice; spilled partitions go out in one task.
int PhysicalHashAggregate::SourceTasks(ExecContext& ctx) const {
  auto* g = static_cast<AggGlobal*>(ctx.sink_state(this));
  if (g == nullptr || g->spilled) return 1;
  if (!g->parts.empty()) return static_cast<int>(std::min<size_t>(std::max(ctx.num_slices(), 1), g->parts.size()));
  if (g->table->size <= kBatchSize) return 1;
  size_t chunks = (g->table->size + kBatchSize - 1) / kBatchSize;
  return static_cast<int>(std::min<size_t>(std::max(ctx.num_slices(), 1), chunks));
}

Result<std::unique_ptr<SourceState>> PhysicalHashAggregate::InitSource(ExecContext& ctx, int task) const {
  auto st = std::make_unique<AggSource>();
  auto* g = static_cast<AggGlobal*>(ctx.sink_state(this));
  st->mem = MemoryReservation(&ctx.memory());
  st->tasks = static_cast<uint32_t>(SourceTasks(ctx));
  st->next = static_cast<uint32_t>(task) * static_cast<uint32_t>(kBatchSize);
  if (!g->parts.empty()) {
    st->part = static_cast<size_t>(task);
    st->next = 0;
  }
  if (g->spilled) st->pending = CollectRuns(g->spills);
  if (g->spilled && distinct_pairs_)
    st->folded = std::make_unique<SpillPartitioner>(&ctx.spill(), group_types_, state_size_, 0);
  return std::unique_ptr<SourceState>(std::move(st));
}

Status PhysicalHashAggregate::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<AggSource&>(state);
  auto* g = static_cast<AggGlobal*>(ctx.sink_state(this));
  if (g->spilled) return GetSpilledData(ctx, st, out);
  size_t n = 0;
  if (!g->parts.empty()) {
    while (n == 0 && st.part < g->parts.size()) {
      GroupTable& part = *g->parts[st.part];
      RETURN_IF_ERROR(EmitGroups(part, &st.next, part.size, out, &n));
      if (st.next == part.size) {
        st.part += st.tasks;
        st.next = 0;
      }
    }
    out->set_count(n);
    return Status::OK();
  }
  GroupTable& t = *g->table;
  while (n == 0 && st.next < t.size) {
    uint32_t chunk_end = std::min<uint32_t>(t.size, (st.next / kBatchSize + 1) * kBatchSize);
    RETURN_IF_ERROR(EmitGroups(t, &st.next, chunk_end, out, &n));
    if (st.next == chunk_end) st.next += (st.tasks - 1) * static_cast<uint32_t>(kBatchSize);  // its next chunk
  }
  out->set_count(n);
  return Status::OK();
}

Status PhysicalHashAggregate::EmitGroups(GroupTable& t, uint32_t* next, uint32_t end, Batch* out,
                                         size_t* emitted) const {
  size_t& n = *emitted;
  uint32_t rows[kBatchSize];
  while (*next < end && n < out->capacity()) {
    // The groups up to the end of their key chunk, a key column at a time (one gather of its rows).
    const uint32_t first = *next, in_chunk = first % kBatchSize;
    const auto m = static_cast<uint32_t>(std::min<size_t>({end - first, kBatchSize - in_chunk, out->capacity() - n}));
    const Batch& chunk = t.keys[first / kBatchSize];
    std::iota(rows, rows + m, in_chunk);
    for (size_t c = 0; c < groups_.size(); c++) out->column(c).GatherFrom(chunk.column(c), rows, m, n);
    for (size_t a = 0; a < aggregates_.size(); a++) {
      const AggregateFunction& fn = aggregates_[a].function;
      Vector* col = &out->column(groups_.size() + a);
      for (uint32_t i = 0; i < m; i++) RETURN_IF_ERROR(fn.finalize(t.State(first + i) + state_offsets_[a], col, n + i));
    }
    *next += m;
    n += m;
  }
  return Status::OK();
}

size_t PhysicalHashAggregate::LocalSinkBytes(const LocalSinkState& local) const {
  const auto& table = static_cast<const AggLocal&>(local).table;
  return table ? table->MemoryUsage() : 0;
}

bool PhysicalHashAggregate::SinkSpilled(const GlobalSinkState& global) const {
  return static_cast<const AggGlobal&>(global).spilled;
}

size_t PhysicalHashAggregate::GlobalSinkBytes(const GlobalSinkState& global) const {
  const auto& g = static_cast<const AggGlobal&>(global);
  size_t bytes = g.table ? g.table->MemoryUsage() : 0;
  for (const auto& p : g.parts) bytes += p->MemoryUsage();
  for (const auto& p : g.pending) bytes += p.table->MemoryUsage();
  return bytes;
}

// A filter on a group key is a filter on the groups: the input rows of the groups it drops may go first.
bool PhysicalHashAggregate::ForwardsKeyFilter(int column, size_t* child, int* child_column) const {
  if (column >= static_cast<int>(groups_.size()) || !empty_input_groups_.empty()) return false;
  const Expr& e = *groups_[column];
  if (e.kind != ExprKind::kColumnRef || e.position < 0) return false;
  *child = 0;
  *child_column = e.position;
  return true;
}

StepInfo PhysicalHashAggregate::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = StepLabelText("aggr", worktable);
  return info;
}

}  // namespace blueshift
