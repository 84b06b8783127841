// MERGE: two plans over the transaction's snapshot. The INSERT of unmatched source rows runs first with
// its segments held back, so the UPDATE/DELETE of matched target rows cannot meet them; then the matched
// rows change (a target row matched twice is Redshift's "Found multiple matches" error), then the held
// inserts join the transaction.

#include "exec/captured_writes.h"
#include "exec/physical_delete.h"
#include "exec/physical_update.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"

namespace blueshift {

Status StatementRunner::RunMerge(const sql::MergeStmt& stmt, const std::vector<Value>* params, ResultSink* sink) {
  std::vector<LogicalType> types;
  if (params) {
    for (const auto& p : *params) types.push_back(p.type());
  }
  // The matched rows' plan reads the source and the target: its locks cover the insert's plan too.
  std::unique_ptr<sql::Binder> binder;
  ASSIGN_OR_RETURN(auto matched, BindLocked([&] { return MakeBindContext(params ? &types : nullptr, params); },
                                            [&](sql::Binder& b) { return b.BindMergeMatched(stmt); }, &binder));
  ASSIGN_OR_RETURN(auto unmatched, binder->BindMergeInsert(stmt));
  std::shared_ptr<const TableDef> table = matched.plan->table;
  bool update = matched.plan->kind == LogicalKind::kUpdate;

  auto insert_plan = Optimize(std::move(unmatched.plan));
  ASSIGN_OR_RETURN(auto insert, CreatePhysicalPlan(*insert_plan));
  CapturedWrites held(txn_);
  ExecContext insert_ctx(&held, session_->db_->store(), &session_->cancel_requested_);
  insert_ctx.set_system_context(MakeNameContext().system());
  RETURN_IF_ERROR(ExecutePlan(insert_ctx, *insert));
  uint64_t rows = PhysicalInsert::RowsInserted(insert_ctx, static_cast<const PhysicalInsert&>(*insert));

  auto matched_plan = Optimize(std::move(matched.plan));
  ASSIGN_OR_RETURN(auto input, CreatePhysicalPlan(*matched_plan->children[0]));
  bool single = !stmt.remove_duplicates;
  PhysicalOperatorPtr change;
  if (update) {
    change = std::make_unique<PhysicalUpdate>(table, std::move(input), single);
  } else {
    change = std::make_unique<PhysicalDelete>(table, std::move(input), single);
  }
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(MakeNameContext().system());
  RETURN_IF_ERROR(ExecutePlan(ctx, *change));
  if (update) {
    rows += PhysicalUpdate::RowsUpdated(ctx, static_cast<const PhysicalUpdate&>(*change));
  } else if (single && stmt.matched == sql::MergeStmt::Matched::kDelete) {
    // (an UPDATE bound as a DELETE of the matched rows counts the rows that replace them, inserted above)
    rows += PhysicalDelete::RowsDeleted(ctx, static_cast<const PhysicalDelete&>(*change));
  }
  held.Publish();
  return sink->Complete("MERGE " + std::to_string(rows));
}

}  // namespace blueshift
