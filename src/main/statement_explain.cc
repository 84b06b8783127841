// EXPLAIN [VERBOSE] [ANALYZE]: the plan in Redshift's format; with ANALYZE the statement runs first and
// every plan line ends with what its operators did (plan/explain_printer.h).

#include <cstdio>

#include "exec/physical_filter.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/explain_log.h"
#include "main/statement_runner.h"
#include "plan/explain_printer.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"
#include "util/query_id.h"

namespace blueshift {

Result<sql::BoundQuery> StatementRunner::BindExplained(const sql::Statement& stmt) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  switch (stmt.kind) {
    case sql::StmtKind::kSelect:
      return binder.BindQuery(*stmt.As<sql::SelectStmt>().query);
    case sql::StmtKind::kInsert:
      return binder.BindInsert(stmt.As<sql::InsertStmt>());
    case sql::StmtKind::kUpdate:
      return binder.BindUpdate(stmt.As<sql::UpdateStmt>());
    case sql::StmtKind::kDelete:
      return binder.BindDelete(stmt.As<sql::DeleteStmt>());
    default:
      return sql::ErrorAt(Status(ErrorCode::kFeatureNotSupported, "EXPLAIN of this statement is not supported yet"),
                          stmt.location);
  }
}

Result<std::unique_ptr<ExecContext>> StatementRunner::RunExplained(const sql::Statement& stmt,
                                                                   const LogicalOperator& plan,
                                                                   PhysicalOperatorPtr* physical) {
  if (!ReadsUserTable(plan)) session_->MarkLeaderOnly();
  RETURN_IF_ERROR(LockReads(plan));
  // A query's rows are collected and dropped: EXPLAIN ANALYZE returns the plan, as on PostgreSQL.
  if (stmt.kind == sql::StmtKind::kSelect) *physical = std::make_unique<PhysicalResultCollector>(std::move(*physical));
  auto ctx = std::make_unique<ExecContext>(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx->set_system_context(MakeNameContext().system());
  ApplyQueryMemoryLimit(ctx.get());  // runs as the statement itself would, spilling where it would
  RETURN_IF_ERROR(ExecutePlan(*ctx, **physical));
  return ctx;
}

Status StatementRunner::RunExplain(const sql::ExplainStmt& stmt, ResultSink* sink) {
  int64_t start_ns = ProfileNanos();
  ASSIGN_OR_RETURN(auto bound, BindExplained(*stmt.statement));
  auto plan = Optimize(std::move(bound.plan), txn_);
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));  // what cannot run cannot be explained either
  ExplainOptions options;
  options.verbose = stmt.verbose;
  options.analyze = stmt.analyze;
  std::unique_ptr<ExecContext> ctx;
  // EXPLAIN ANALYZE is a query (STL_QUERY, STL_SCAN, SVL_QUERY_SUMMARY): its plan is filed under its id.
  int64_t query = 0;
  if (stmt.analyze) {
    ASSIGN_OR_RETURN(ctx, RunExplained(*stmt.statement, *plan, &physical));
    options.profile = &ctx->profile();
    query = session_->db_->activity()->QueryIdOf(session_->statement_handle_);
  }
  if (query == 0) query = NextQueryId();
  ExplainResult explained = ExplainPlan(*plan, txn_, session_->db_->store()->num_slices(), options);
  RecordExplain(UserIdForName(txn_->catalog(), session_->options_.user), query, explained.nodes);
  std::vector<Value> lines;
  for (auto& line : explained.lines) lines.push_back(Value::Varchar(std::move(line)));
  if (stmt.analyze) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "Execution Time: %.3f ms", static_cast<double>(ProfileNanos() - start_ns) / 1e6);
    lines.push_back(Value::Varchar(buf));
  }
  RETURN_IF_ERROR(SendRows({{"QUERY PLAN", LogicalType::Varchar()}}, lines, sink));
  return sink->Complete("EXPLAIN");
}

}  // namespace blueshift
