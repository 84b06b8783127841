#include "exec/physical_hash_join.h"

#include <mutex>
#include <unordered_map>

#include "exec/expr_evaluator.h"
#include "exec/row_key.h"

namespace blueshift {

namespace {

std::vector<LogicalType> Concat(const std::vector<LogicalType>& a, const std::vector<LogicalType>& b) {
  std::vector<LogicalType> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// Build rows are kept as copied batches; a row is (batch << 32 | row).
struct BuildRows {
  std::vector<Batch> batches;
};

struct JoinGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> batches;
  std::vector<std::vector<std::string>> keys;  // [batch][row]; empty string = NULL key
  std::unordered_map<std::string, std::vector<uint64_t>> table;
  std::vector<uint64_t> all_rows;  // for keyless joins
  uint64_t build_rows = 0;
  bool has_null_key = false;
};

struct JoinLocal : LocalSinkState {
  std::vector<Batch> batches;
  std::vector<std::vector<std::string>> keys;
  std::vector<std::unique_ptr<ExprEvaluator>> key_evals;
};

const std::vector<uint64_t> kNoMatches;

}  // namespace

struct PhysicalHashJoin::ProbeState : OperatorState {
  std::vector<std::unique_ptr<ExprEvaluator>> key_evals;
  std::unique_ptr<ExprEvaluator> residual;
  JoinGlobal* build = nullptr;
  bool pending = false;                               // in the middle of an input batch
  int phase = 0;                                      // 0: candidate pairs, 1: rows decided by their match flags
  std::vector<const std::vector<uint64_t>*> matches;  // per live input row
  std::vector<uint32_t> matched;                      // per live input row: surviving pairs
  std::vector<uint32_t> pair_left;                    // per pair row: the input row it came from
  Batch pairs;                                        // semi/anti joins: candidate pairs, not output
  size_t k = 0, m = 0;
};

namespace {
std::vector<LogicalType> OutputTypes(JoinType type, const PhysicalOperator& left, const PhysicalOperator& right) {
  if (type == JoinType::kSemi || type == JoinType::kAnti) return left.types();
  return Concat(left.types(), right.types());
}
}  // namespace

PhysicalHashJoin::PhysicalHashJoin(JoinType type, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                                   std::vector<ExprPtr> probe_keys, std::vector<ExprPtr> build_keys, ExprPtr residual,
                                   JoinOptions options)
    : PhysicalOperator(OutputTypes(type, *left, *right)),
      type_(type),
      probe_keys_(std::move(probe_keys)),
      build_keys_(std::move(build_keys)),
      residual_(std::move(residual)),
      left_width_(left->types().size()),
      options_(options),
      pair_types_(Concat(left->types(), right->types())) {
  children.push_back(std::move(left));
  children.push_back(std::move(right));
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

Result<std::unique_ptr<GlobalSinkState>> PhysicalHashJoin::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<JoinGlobal>());
}

Result<std::unique_ptr<LocalSinkState>> PhysicalHashJoin::InitLocalSink(ExecContext&, GlobalSinkState&) const {
  auto l = std::make_unique<JoinLocal>();
  for (const auto& k : build_keys_) l->key_evals.push_back(std::make_unique<ExprEvaluator>(*k));
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalHashJoin::Sink(ExecContext&, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<JoinLocal&>(local);
  std::vector<const Vector*> cols(build_keys_.size());
  for (size_t i = 0; i < cols.size(); i++) RETURN_IF_ERROR(l.key_evals[i]->Evaluate(in, &cols[i]));
  Batch copy(children[1]->types(), std::max<size_t>(in.count(), 1));
  copy.AppendLiveRows(in);
  std::vector<std::string> keys(in.count());
  for (size_t r = 0; r < in.count(); r++) {
    if (options_.nulls_equal || !RowHasNull(cols, r)) {
      keys[r].push_back('k');
      AppendRowKey(cols, r, &keys[r]);
    }
  }
  l.batches.push_back(std::move(copy));
  l.keys.push_back(std::move(keys));
  return Status::OK();
}

Status PhysicalHashJoin::Combine(ExecContext&, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<JoinGlobal&>(global);
  auto& l = static_cast<JoinLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  for (auto& b : l.batches) g.batches.push_back(std::move(b));
  for (auto& k : l.keys) g.keys.push_back(std::move(k));
  return Status::OK();
}

Status PhysicalHashJoin::Finalize(ExecContext&, GlobalSinkState& global) const {
  auto& g = static_cast<JoinGlobal&>(global);
  for (size_t b = 0; b < g.batches.size(); b++) {
    for (size_t r = 0; r < g.keys[b].size(); r++) {
      uint64_t id = (static_cast<uint64_t>(b) << 32) | r;
      g.build_rows++;
      if (probe_keys_.empty()) {
        g.all_rows.push_back(id);
      } else if (!g.keys[b][r].empty()) {
        g.table[g.keys[b][r]].push_back(id);
      } else {
        g.has_null_key = true;
      }
    }
  }
  g.keys.clear();
  return Status::OK();
}

Result<std::unique_ptr<OperatorState>> PhysicalHashJoin::InitOperator(ExecContext& ctx) const {
  auto st = std::make_unique<ProbeState>();
  for (const auto& k : probe_keys_) st->key_evals.push_back(std::make_unique<ExprEvaluator>(*k));
  if (residual_) st->residual = std::make_unique<ExprEvaluator>(*residual_);
  st->build = static_cast<JoinGlobal*>(ctx.sink_state(this));
  if (!EmitsPairs()) st->pairs = Batch(pair_types_);
  return std::unique_ptr<OperatorState>(std::move(st));
}

Status PhysicalHashJoin::StartBatch(const Batch& in, ProbeState& st) const {
  size_t n = in.count();
  st.matches.assign(n, &kNoMatches);
  st.matched.assign(n, 0);
  st.k = st.m = 0;
  st.phase = 0;
  st.pending = true;
  if (probe_keys_.empty()) {
    for (size_t r = 0; r < n; r++) st.matches[r] = &st.build->all_rows;
    return Status::OK();
  }
  std::vector<const Vector*> cols(probe_keys_.size());
  for (size_t i = 0; i < cols.size(); i++) RETURN_IF_ERROR(st.key_evals[i]->Evaluate(in, &cols[i]));
  std::string key;
  bool null_aware = options_.null_aware && st.build->build_rows > 0;
  for (size_t r = 0; r < n; r++) {
    if (!options_.nulls_equal && RowHasNull(cols, r)) {
      if (null_aware) st.matched[r] = 1;  // NULL NOT IN (non-empty set) is NULL: the row does not pass
      continue;
    }
    if (null_aware && st.build->has_null_key) st.matched[r] = 1;  // x NOT IN (..., NULL) is never true
    key.assign("k");
    AppendRowKey(cols, r, &key);
    auto it = st.build->table.find(key);
    if (it != st.build->table.end()) st.matches[r] = &it->second;
  }
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
  // Semi and anti joins without a residual decide each row from its match list alone.
  if (!EmitsPairs() && !st.residual) {
    for (; st.k < in.count(); st.k++) {
      if (!st.matches[st.k]->empty()) st.matched[st.k] = 1;
    }
    out->set_count(0);
    return Status::OK();
  }
  Batch* pairs = EmitsPairs() ? out : &st.pairs;
  pairs->Reset();
  size_t cap = pairs->capacity(), n = 0;
  st.pair_left.clear();
  while (st.k < in.count() && n < cap) {
    const auto& list = *st.matches[st.k];
    uint32_t lrow = in.RowIndex(st.k);
    while (st.m < list.size() && n < cap) {
      uint64_t id = list[st.m++];
      const Batch& b = st.build->batches[id >> 32];
      uint32_t brow = static_cast<uint32_t>(id & 0xffffffff);
      for (size_t c = 0; c < left_width_; c++) pairs->column(c).CopyRow(in.column(c), lrow, n);
      for (size_t c = 0; c < b.num_columns(); c++) pairs->column(left_width_ + c).CopyRow(b.column(c), brow, n);
      st.pair_left.push_back(static_cast<uint32_t>(st.k));
      n++;
    }
    if (st.m >= list.size()) {
      st.k++;
      st.m = 0;
    }
  }
  pairs->set_count(n);
  if (st.residual && n > 0) RETURN_IF_ERROR(st.residual->Select(pairs));
  if (options_.single_match) return CheckSingleMatch(*pairs, st);
  for (size_t i = 0; i < pairs->count(); i++) st.matched[st.pair_left[pairs->RowIndex(i)]] = 1;
  if (!EmitsPairs()) out->set_count(0);
  return Status::OK();
}

void PhysicalHashJoin::EmitFinal(const Batch& in, Batch* out, ProbeState& st) const {
  size_t n = 0;
  bool want_matched = type_ == JoinType::kSemi;
  while (st.k < in.count() && n < out->capacity()) {
    size_t r = st.k++;
    if ((st.matched[r] != 0) != want_matched) continue;
    uint32_t lrow = in.RowIndex(r);
    for (size_t c = 0; c < left_width_; c++) out->column(c).CopyRow(in.column(c), lrow, n);
    for (size_t c = left_width_; c < out->num_columns(); c++) out->column(c).SetNull(n, true);
    n++;
  }
  out->set_count(n);
}

Status PhysicalHashJoin::Execute(ExecContext&, Batch& in, Batch* out, OperatorState& state,
                                 OperatorResult* result) const {
  auto& st = static_cast<ProbeState&>(state);
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

}  // namespace blueshift
