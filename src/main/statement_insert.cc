// INSERT (StatementRunner::RunInsert). INSERT ... SELECT is planned and run like a query. INSERT ... VALUES
// with at most a batch of rows — the single-row INSERT an application sends in autocommit — skips the
// optimizer and the pipeline: its rows are evaluated straight into a batch of exactly their number and
// handed to the insert operator's sink once. The statement's steps (VALUES, the projection, the insert)
// are still recorded for SVL_QUERY_SUMMARY and STL_SCAN as the pipeline would record them.

#include "exec/expr_evaluator.h"
#include "exec/physical_insert.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"

namespace blueshift {

namespace {

// The VALUES operator of a bound `INSERT INTO t [(columns)] VALUES (...), ...` whose projection passes the
// rows through unchanged (the binder has cast every item to its column and filled in the defaults), with
// at most a batch of rows; null for any other plan.
const LogicalOperator* DirectValues(const LogicalOperator& insert) {
  if (insert.kind != LogicalKind::kInsert || insert.children.size() != 1) return nullptr;
  const LogicalOperator& proj = *insert.children[0];
  if (proj.kind != LogicalKind::kProjection || proj.children.size() != 1) return nullptr;
  const LogicalOperator& values = *proj.children[0];
  if (values.kind != LogicalKind::kValues || values.rows.empty() || values.rows.size() > kBatchSize) return nullptr;
  if (proj.exprs.size() != values.value_types.size()) return nullptr;
  for (size_t c = 0; c < proj.exprs.size(); c++) {
    const Expr& e = *proj.exprs[c];
    if (e.kind != ExprKind::kColumnRef || e.binding.table != values.table_index ||
        e.binding.column != static_cast<int>(c))
      return nullptr;
  }
  for (const auto& row : values.rows) {
    if (row.size() != values.value_types.size()) return nullptr;
  }
  return &values;
}

// Evaluates the VALUES rows (as PhysicalValues does) into a batch of exactly their number.
Result<Batch> EvaluateRows(const LogicalOperator& values) {
  Batch rows(values.value_types, values.rows.size());
  for (size_t r = 0; r < values.rows.size(); r++) {
    for (size_t c = 0; c < values.rows[r].size(); c++) {
      const Expr& e = *values.rows[r][c];
      if (e.kind == ExprKind::kConstant) {  // most items: the binder has cast literals to their columns
        rows.column(c).SetValue(r, e.constant);
        continue;
      }
      ASSIGN_OR_RETURN(Value v, ExprEvaluator::EvaluateConstant(e));
      rows.column(c).SetValue(r, v);
    }
  }
  rows.set_count(values.rows.size());
  return rows;
}

// SinkOnce's task: evaluates the rows, sinks them, combines and finalizes, counting into `steps` (the
// source, the projection, the sink).
Status SinkRows(ExecContext& ctx, const PhysicalOperator& root, const LogicalOperator& values, GlobalSinkState& global,
                const std::vector<StepProfile*>& steps) {
  int64_t start_us = ProfileWallMicros();
  for (StepProfile* step : steps) {
    step->tasks[0].ran = true;
    step->tasks[0].start_us = start_us;
  }
  RETURN_IF_ERROR(ctx.CheckCancel());
  int64_t t0 = ProfileNanos();
  Result<Batch> rows = EvaluateRows(values);
  int64_t t1 = ProfileNanos();
  steps.front()->tasks[0].time_ns = t1 - t0;
  RETURN_IF_ERROR(rows.status());
  ASSIGN_OR_RETURN(auto local, root.InitLocalSink(ctx, global));
  bool finished = false;
  for (StepProfile* step : steps) step->tasks[0].rows = rows->count();
  Status st = root.Sink(ctx, *rows, global, *local, &finished);
  StepCounters& sink = steps.back()->tasks[0];
  sink.memory = root.LocalSinkBytes(*local);
  if (st.ok()) st = root.Combine(ctx, global, *local);
  int64_t t2 = ProfileNanos();
  sink.time_ns = t2 - t1;
  int64_t end_us = ProfileWallMicros();
  for (StepProfile* step : steps) step->tasks[0].end_us = end_us;
  RETURN_IF_ERROR(st);
  st = root.Finalize(ctx, global);
  steps.back()->final_ns = ProfileNanos() - t2;
  steps.back()->final_memory = root.GlobalSinkBytes(global);
  return st;
}

// Runs the insert plan's one pipeline (VALUES -> projection -> insert) as one task: the rows of `values`
// evaluated into one batch, which the insert sink takes once; every step's counters are filled as the
// pipeline's task fills them (and kept when the statement fails, as ExecutePlan keeps them).
Status SinkOnce(ExecContext& ctx, const PhysicalOperator& root, const LogicalOperator& values) {
  auto pipeline = BuildPipelines(root);
  if (!pipeline->dependencies.empty() || pipeline->sink != &root)
    return Status(ErrorCode::kInternal, "unexpected plan for INSERT ... VALUES");
  ASSIGN_OR_RETURN(auto global, root.InitGlobalSink(ctx));
  GlobalSinkState* g = global.get();
  ctx.set_sink_state(&root, std::move(global));
  std::vector<StepProfile*> steps = ctx.profile().AddSegment(*pipeline, 1);
  Status st = SinkRows(ctx, root, values, *g, steps);
  ctx.profile().Seal();
  if (StatementProfiles* statement = StatementProfiles::Current()) statement->Add(ctx.shared_profile());
  return st;
}

}  // namespace

Status StatementRunner::RunInsert(const sql::InsertStmt& stmt, const std::vector<Value>* params, ResultSink* sink) {
  std::vector<LogicalType> types;
  if (params) {
    for (const auto& p : *params) types.push_back(p.type());
  }
  sql::BindContext bind_context = MakeBindContext(&types, params);
  SystemContext system = bind_context.system();
  sql::Binder binder(std::move(bind_context));
  ASSIGN_OR_RETURN(auto bound, binder.BindInsert(stmt));
  std::unique_ptr<LogicalOperator> plan = std::move(bound.plan);
  const LogicalOperator* values = DirectValues(*plan);
  if (!values) {
    plan = Optimize(std::move(plan), txn_);
    RETURN_IF_ERROR(LockReads(*plan));
  }
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(std::move(system));
  ApplyQueryMemoryLimit(&ctx);
  if (values) {
    RETURN_IF_ERROR(SinkOnce(ctx, *physical, *values));
  } else {
    RETURN_IF_ERROR(ExecutePlan(ctx, *physical));
  }
  uint64_t rows = PhysicalInsert::RowsInserted(ctx, static_cast<const PhysicalInsert&>(*physical));
  return sink->Complete("INSERT 0 " + std::to_string(rows));
}

}  // namespace blueshift
