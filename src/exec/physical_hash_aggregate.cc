#include "exec/physical_hash_aggregate.h"

#include <map>
#include <mutex>
#include <set>

#include "exec/expr_evaluator.h"
#include "exec/key_hash.h"
#include "exec/row_key.h"

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

// Groups: an open-addressing table (linear probing) of group ids keyed by the groups' key hashes; each
// group's key values (columnar, in chunks of kBatchSize groups) and its aggregate states (one block of
// state_size bytes per group). DISTINCT aggregates keep each group's distinct argument rows and fold them in
// at Finalize.
struct PhysicalHashAggregate::GroupTable {
  static constexpr uint32_t kEmpty = UINT32_MAX;
  const PhysicalHashAggregate& op;
  std::vector<uint32_t> slots;
  std::vector<uint64_t> hashes;                      // per group
  std::vector<Batch> keys;                           // chunks of kBatchSize groups
  std::vector<std::vector<const Vector*>> key_cols;  // per chunk, its columns
  std::vector<std::unique_ptr<uint8_t[]>> state_chunks;
  // [aggregate][group] -> distinct argument keys and the argument values of that row
  std::vector<std::vector<std::map<std::string, std::vector<Value>>>> distinct_values;
  uint32_t size = 0;

  explicit GroupTable(const PhysicalHashAggregate& o)
      : op(o), slots(64, kEmpty), distinct_values(o.aggregates_.size()) {}
  ~GroupTable() {
    for (uint32_t g = 0; g < size; g++) {
      for (size_t a = 0; a < op.aggregates_.size(); a++) {
        const auto& fn = op.aggregates_[a].function;
        if (fn.destroy) fn.destroy(State(g) + op.state_offsets_[a]);
      }
    }
  }

  size_t Bytes() const {
    size_t n = slots.size() * sizeof(uint32_t) + hashes.size() * sizeof(uint64_t);
    for (const Batch& b : keys) n += b.AllocatedBytes();
    return n + state_chunks.size() * kBatchSize * std::max<size_t>(op.state_size_, 1);
  }

  uint8_t* State(uint32_t g) {
    return state_chunks[g / kBatchSize].get() + static_cast<size_t>(g % kBatchSize) * op.state_size_;
  }

  void Grow() {
    slots.assign(slots.size() * 2, kEmpty);
    size_t mask = slots.size() - 1;
    for (uint32_t g = 0; g < size; g++) {
      size_t s = hashes[g] & mask;
      while (slots[s] != kEmpty) s = (s + 1) & mask;
      slots[s] = g;
    }
  }

  // Finds or adds the group of row `row` of the key vectors, whose key hash is h.
  uint32_t FindOrAdd(uint64_t h, const std::vector<const Vector*>& key_vecs, size_t row) {
    size_t mask = slots.size() - 1;
    size_t s = h & mask;
    for (; slots[s] != kEmpty; s = (s + 1) & mask) {
      uint32_t g = slots[s];
      if (hashes[g] == h && KeysEqual(key_vecs, row, key_cols[g / kBatchSize], g % kBatchSize)) return g;
    }
    uint32_t g = size++;
    slots[s] = g;
    hashes.push_back(h);
    if (g % kBatchSize == 0) {
      keys.emplace_back(op.group_types_);
      key_cols.emplace_back();
      for (size_t c = 0; c < op.group_types_.size(); c++) key_cols.back().push_back(&keys.back().column(c));
      state_chunks.emplace_back(new uint8_t[kBatchSize * std::max<size_t>(op.state_size_, 1)]);
    }
    Batch& chunk = keys.back();
    for (size_t c = 0; c < key_vecs.size(); c++) chunk.column(c).CopyRow(*key_vecs[c], row, g % kBatchSize);
    chunk.set_count(g % kBatchSize + 1);
    uint8_t* st = State(g);
    for (size_t a = 0; a < op.aggregates_.size(); a++) op.aggregates_[a].function.init(st + op.state_offsets_[a]);
    for (auto& d : distinct_values) d.emplace_back();
    if (size * 2 > slots.size()) Grow();
    return g;
  }
};

namespace {
struct AggGlobal : GlobalSinkState {
  std::mutex mu;
  std::unique_ptr<PhysicalHashAggregate::GroupTable> table;
};
struct AggLocal : LocalSinkState {
  std::unique_ptr<PhysicalHashAggregate::GroupTable> table;
  std::vector<std::unique_ptr<ExprEvaluator>> group_evals;
  std::vector<std::vector<std::unique_ptr<ExprEvaluator>>> arg_evals;
  std::vector<uint64_t> hashes;
};
struct AggSource : SourceState {
  uint32_t next = 0;
};
}  // namespace

PhysicalHashAggregate::PhysicalHashAggregate(std::vector<ExprPtr> groups, std::vector<AggregateExpr> aggregates)
    : PhysicalOperator(OutputTypes(groups, aggregates)),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {
  for (const auto& g : groups_) group_types_.push_back(g->type);
  for (const auto& a : aggregates_) {
    state_offsets_.push_back(state_size_);
    state_size_ += Align16(a.function.state_size);
  }
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

Result<std::unique_ptr<GlobalSinkState>> PhysicalHashAggregate::InitGlobalSink(ExecContext&) const {
  auto g = std::make_unique<AggGlobal>();
  g->table = std::make_unique<GroupTable>(*this);
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalHashAggregate::InitLocalSink(ExecContext&, GlobalSinkState&) const {
  auto l = std::make_unique<AggLocal>();
  l->table = std::make_unique<GroupTable>(*this);
  for (const auto& g : groups_) l->group_evals.push_back(std::make_unique<ExprEvaluator>(*g));
  for (const auto& a : aggregates_) {
    l->arg_evals.emplace_back();
    for (const auto& e : a.args) l->arg_evals.back().push_back(std::make_unique<ExprEvaluator>(*e));
  }
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalHashAggregate::Sink(ExecContext&, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<AggLocal&>(local);
  size_t n = in.count();
  std::vector<const Vector*> key_cols(groups_.size());
  for (size_t i = 0; i < groups_.size(); i++) RETURN_IF_ERROR(l.group_evals[i]->Evaluate(in, &key_cols[i]));
  std::vector<uint32_t> group_of(n);
  l.hashes.resize(n);
  HashKeys(key_cols, n, l.hashes.data());
  for (size_t r = 0; r < n; r++) group_of[r] = l.table->FindOrAdd(l.hashes[r], key_cols, r);
  std::string key;
  std::vector<uint8_t*> states(n);
  for (size_t a = 0; a < aggregates_.size(); a++) {
    const AggregateExpr& agg = aggregates_[a];
    std::vector<const Vector*> args(agg.args.size());
    for (size_t i = 0; i < args.size(); i++) RETURN_IF_ERROR(l.arg_evals[a][i]->Evaluate(in, &args[i]));
    if (agg.distinct) {
      for (size_t r = 0; r < n; r++) {
        if (RowHasNull(args, r)) continue;
        key.clear();
        AppendRowKey(args, r, &key);
        std::vector<Value> row;
        for (const Vector* v : args) row.push_back(v->GetValue(r));
        l.table->distinct_values[a][group_of[r]].emplace(key, std::move(row));
      }
      continue;
    }
    for (size_t r = 0; r < n; r++) states[r] = l.table->State(group_of[r]) + state_offsets_[a];
    RETURN_IF_ERROR(agg.function.update(states.data(), std::span<const Vector* const>(args.data(), args.size()), n));
  }
  return Status::OK();
}

Status PhysicalHashAggregate::Combine(ExecContext&, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<AggGlobal&>(global);
  auto& l = static_cast<AggLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  GroupTable& src = *l.table;
  GroupTable& dst = *g.table;
  for (uint32_t sg = 0; sg < src.size; sg++) {
    uint32_t dg = dst.FindOrAdd(src.hashes[sg], src.key_cols[sg / kBatchSize], sg % kBatchSize);
    for (size_t a = 0; a < aggregates_.size(); a++) {
      if (aggregates_[a].distinct) {
        auto& from = src.distinct_values[a][sg];
        dst.distinct_values[a][dg].insert(from.begin(), from.end());
        continue;
      }
      RETURN_IF_ERROR(
          aggregates_[a].function.combine(dst.State(dg) + state_offsets_[a], src.State(sg) + state_offsets_[a]));
    }
  }
  return Status::OK();
}

Status PhysicalHashAggregate::Finalize(ExecContext&, GlobalSinkState& global) const {
  auto& g = static_cast<AggGlobal&>(global);
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
      HashKeys(cols, 1, &hash);
      t.FindOrAdd(hash, cols, 0);
    }
  }
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

Result<std::unique_ptr<SourceState>> PhysicalHashAggregate::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<AggSource>());
}

Status PhysicalHashAggregate::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<AggSource&>(state);
  GroupTable& t = *static_cast<AggGlobal*>(ctx.sink_state(this))->table;
  size_t n = 0;
  while (st.next < t.size && n < out->capacity()) {
    uint32_t grp = st.next++;
    const Batch& chunk = t.keys[grp / kBatchSize];
    for (size_t c = 0; c < groups_.size(); c++) out->column(c).CopyRow(chunk.column(c), grp % kBatchSize, n);
    for (size_t a = 0; a < aggregates_.size(); a++) {
      RETURN_IF_ERROR(
          aggregates_[a].function.finalize(t.State(grp) + state_offsets_[a], &out->column(groups_.size() + a), n));
    }
    n++;
  }
  out->set_count(n);
  return Status::OK();
}

size_t PhysicalHashAggregate::LocalSinkBytes(const LocalSinkState& local) const {
  return static_cast<const AggLocal&>(local).table->Bytes();
}

size_t PhysicalHashAggregate::GlobalSinkBytes(const GlobalSinkState& global) const {
  return static_cast<const AggGlobal&>(global).table->Bytes();
}

StepInfo PhysicalHashAggregate::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = StepLabelText("aggr", worktable);
  return info;
}

}  // namespace blueshift
