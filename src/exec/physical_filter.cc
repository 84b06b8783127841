#include "exec/physical_filter.h"

#include <mutex>

#include "exec/expr_evaluator.h"

namespace blueshift {

namespace {
struct EvalState : OperatorState {
  std::vector<std::unique_ptr<ExprEvaluator>> evaluators;
};
}  // namespace

Result<std::unique_ptr<OperatorState>> PhysicalFilter::InitOperator(ExecContext&) const {
  auto st = std::make_unique<EvalState>();
  st->evaluators.push_back(std::make_unique<ExprEvaluator>(*predicate_));
  return std::unique_ptr<OperatorState>(std::move(st));
}

Status PhysicalFilter::Execute(ExecContext&, Batch& in, Batch* out, OperatorState& state,
                               OperatorResult* result) const {
  auto& st = static_cast<EvalState&>(state);
  RETURN_IF_ERROR(st.evaluators[0]->Select(&in));
  std::swap(in, *out);
  *result = OperatorResult::kNeedMoreInput;
  return Status::OK();
}

static std::vector<LogicalType> ExprTypes(const std::vector<ExprPtr>& exprs) {
  std::vector<LogicalType> t;
  for (const auto& e : exprs) t.push_back(e->type);
  return t;
}

PhysicalProjection::PhysicalProjection(std::vector<ExprPtr> exprs)
    : PhysicalOperator(ExprTypes(exprs)), exprs_(std::move(exprs)) {}

std::string PhysicalProjection::Detail() const {
  std::string s;
  for (size_t i = 0; i < exprs_.size(); i++) s += (i ? ", " : "") + exprs_[i]->ToString();
  return s;
}

bool PhysicalProjection::ForwardsKeyFilter(int column, size_t* child, int* child_column) const {
  const Expr& e = *exprs_[column];
  if (e.kind != ExprKind::kColumnRef || e.position < 0) return false;
  *child = 0;
  *child_column = e.position;
  return true;
}

Result<std::unique_ptr<OperatorState>> PhysicalProjection::InitOperator(ExecContext&) const {
  auto st = std::make_unique<EvalState>();
  for (const auto& e : exprs_) st->evaluators.push_back(std::make_unique<ExprEvaluator>(*e));
  return std::unique_ptr<OperatorState>(std::move(st));
}

// Copies n dense values into dst. Strings stay where src's views point (the input batch's columns, or the
// evaluator's scratch), which live until the pipeline's next batch: what keeps rows copies them
// (Vector::GatherViewsFrom). Copying their bytes was TPC-H Q16's 5.3M instructions a run (36,000 strings
// between its aggregate and its sort).
static void CopyDense(const Vector& src, size_t n, Vector* dst) {
  if (dst->capacity() < n) dst->Reserve(n);
  std::memcpy(dst->raw_data(), src.raw_data(), n * src.type().FixedWidth());
  if (src.may_have_nulls()) {
    std::memcpy(dst->validity(), src.validity(), n);
    dst->MarkMayHaveNulls();
  }
}

Status PhysicalProjection::Execute(ExecContext&, Batch& in, Batch* out, OperatorState& state,
                                   OperatorResult* result) const {
  auto& st = static_cast<EvalState&>(state);
  size_t n = in.count();
  for (size_t i = 0; i < exprs_.size(); i++) {
    const Vector* v;
    RETURN_IF_ERROR(st.evaluators[i]->Evaluate(in, &v));
    CopyDense(*v, n, &out->column(i));
  }
  out->set_count(n);
  *result = OperatorResult::kNeedMoreInput;
  return Status::OK();
}

namespace {
struct ValuesState : SourceState {
  size_t next = 0;
};
}  // namespace

Result<std::unique_ptr<SourceState>> PhysicalValues::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<ValuesState>());
}

Status PhysicalValues::GetData(ExecContext&, SourceState& state, Batch* out) const {
  auto& st = static_cast<ValuesState&>(state);
  size_t n = 0;
  while (st.next < rows_.size() && n < out->capacity()) {
    const auto& row = rows_[st.next++];
    for (size_t c = 0; c < row.size(); c++) {
      ASSIGN_OR_RETURN(Value v, ExprEvaluator::EvaluateConstant(*row[c]));
      out->column(c).SetValue(n, v);
    }
    n++;
  }
  out->set_count(n);
  return Status::OK();
}

namespace {
struct LimitGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> rows;
  int64_t seen = 0;
};
struct LimitSource : SourceState {
  size_t next = 0;
};
}  // namespace

std::string PhysicalLimit::Detail() const {
  std::string s;
  if (limit_ >= 0) s += "limit " + std::to_string(limit_);
  if (offset_ > 0) s += (s.empty() ? "" : " ") + std::string("offset ") + std::to_string(offset_);
  return s;
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalLimit::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<LimitGlobal>());
}

Status PhysicalLimit::Sink(ExecContext&, Batch& in, GlobalSinkState& global, LocalSinkState&, bool* finished) const {
  auto& g = static_cast<LimitGlobal&>(global);
  std::lock_guard<std::mutex> lock(g.mu);
  int64_t want = limit_ < 0 ? INT64_MAX : offset_ + limit_;
  Batch copy(types());
  for (size_t k = 0; k < in.count() && g.seen < want; k++, g.seen++) {
    if (g.seen < offset_) continue;
    if (copy.count() == copy.capacity()) {
      g.rows.push_back(std::move(copy));
      copy = Batch(types());
    }
    copy.AppendRow(in, k);
  }
  if (copy.count()) g.rows.push_back(std::move(copy));
  *finished = g.seen >= want;
  return Status::OK();
}

Result<std::unique_ptr<SourceState>> PhysicalLimit::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<LimitSource>());
}

Status PhysicalLimit::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<LimitSource&>(state);
  auto* g = static_cast<LimitGlobal*>(ctx.sink_state(this));
  if (st.next < g->rows.size()) std::swap(*out, g->rows[st.next++]);
  return Status::OK();
}

namespace {
// Results beyond the query's memory limit go to a spill file, in arrival order.
struct CollectorGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> batches;
  MemoryReservation mem;
  uint64_t bytes = 0;
  std::unique_ptr<SpillFile> file;
  std::vector<SpillFrame> frames;

  Status Spill(ExecContext& ctx, const Batch& b) {
    if (!file) {
      ASSIGN_OR_RETURN(file, ctx.spill().NewFile());
    }
    ASSIGN_OR_RETURN(SpillFrame f, file->Append(b, nullptr, nullptr, 0));
    frames.push_back(f);
    return Status::OK();
  }
};
}  // namespace

PhysicalResultCollector::PhysicalResultCollector(PhysicalOperatorPtr child) : PhysicalOperator(child->types()) {
  children.push_back(std::move(child));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalResultCollector::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<CollectorGlobal>();
  g->mem = MemoryReservation(&ctx.memory());
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Status PhysicalResultCollector::Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState&,
                                     bool*) const {
  auto& g = static_cast<CollectorGlobal&>(global);
  // Own the rows: the input's vectors may point into scan buffers that are reused.
  Batch copy(types(), std::max<size_t>(in.count(), 1));
  copy.AppendLiveRows(in);
  std::lock_guard<std::mutex> lock(g.mu);
  if (g.file) return g.Spill(ctx, copy);
  g.bytes += BatchMemory(copy);
  g.batches.push_back(std::move(copy));
  if (g.mem.Resize(g.bytes)) return Status::OK();
  for (const Batch& b : g.batches) RETURN_IF_ERROR(g.Spill(ctx, b));
  g.batches.clear();
  g.mem.Clear();
  return Status::OK();
}

Status PhysicalResultCollector::ForEachResult(ExecContext& ctx, const PhysicalResultCollector& op,
                                              const std::function<Status(Batch&)>& fn) {
  auto* g = static_cast<CollectorGlobal*>(ctx.sink_state(&op));
  SpillBatch spilled;
  for (const SpillFrame& f : g->frames) {
    RETURN_IF_ERROR(g->file->Read(f, op.types(), &spilled));
    RETURN_IF_ERROR(fn(spilled.rows));
  }
  for (Batch& b : g->batches) RETURN_IF_ERROR(fn(b));
  return Status::OK();
}

std::vector<Batch>& PhysicalResultCollector::Results(ExecContext& ctx, const PhysicalResultCollector& op) {
  return static_cast<CollectorGlobal*>(ctx.sink_state(&op))->batches;
}

StepInfo PhysicalFilter::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  info.filter = true;
  return info;
}

// Constant rows: Redshift's "scan of a constant value", table 0.
StepInfo PhysicalValues::DescribeStep(StepRole, int) const {
  StepInfo info;
  info.label = StepLabelText("scan", 0);
  info.scan_type = StepInfo::kTransientScan;
  info.table = 0;
  return info;
}

StepInfo PhysicalLimit::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = "limit";
  return info;
}

StepInfo PhysicalResultCollector::DescribeStep(StepRole role, int worktable) const {
  StepInfo info = PhysicalOperator::DescribeStep(role, worktable);
  if (role == StepRole::kSink) info.label = "return";
  return info;
}

}  // namespace blueshift
