// DELETE, UPDATE and TRUNCATE (StatementRunner's data-changing statements besides INSERT).

#include <algorithm>
#include <cctype>

#include "exec/physical_delete.h"
#include "exec/physical_update.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"

namespace blueshift {

namespace {

std::vector<LogicalType> ParamTypes(const std::vector<Value>* params) {
  std::vector<LogicalType> types;
  if (params) {
    for (const auto& p : *params) types.push_back(p.type());
  }
  return types;
}

}  // namespace

Status StatementRunner::RunWrite(const BindWrite& bind, const std::vector<Value>* params, const CountRows& count,
                                 ResultSink* sink, bool single_match) {
  std::vector<LogicalType> types = ParamTypes(params);
  std::unique_ptr<sql::Binder> binder;
  ASSIGN_OR_RETURN(auto bound,
                   BindLocked([&] { return MakeBindContext(params ? &types : nullptr, params); }, bind, &binder));
  auto plan = Optimize(std::move(bound.plan), txn_);
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));
  if (single_match) {
    ASSIGN_OR_RETURN(auto input, CreatePhysicalPlan(*plan->children[0]));
    physical = std::make_unique<PhysicalUpdate>(plan->table, std::move(input), true);
  }
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(MakeNameContext().system());
  ApplyQueryMemoryLimit(&ctx);
  RETURN_IF_ERROR(ExecutePlan(ctx, *physical));
  return sink->Complete(count(ctx, *physical));
}

Status StatementRunner::RunDelete(const sql::DeleteStmt& stmt, const std::vector<Value>* params, ResultSink* sink) {
  return RunWrite([&](sql::Binder& b) { return b.BindDelete(stmt); }, params,
                  [](ExecContext& ctx, const PhysicalOperator& op) {
                    return "DELETE " +
                           std::to_string(PhysicalDelete::RowsDeleted(ctx, static_cast<const PhysicalDelete&>(op)));
                  },
                  sink);
}

// With error_on_nondeterministic_update on, a row that several FROM rows match is Redshift's "Found multiple
// matches to update the same tuple." (DG r_UPDATE); otherwise one of them updates it.
Status StatementRunner::RunUpdate(const sql::UpdateStmt& stmt, const std::vector<Value>* params, ResultSink* sink) {
  std::string strict = session_->GetSetting("error_on_nondeterministic_update");
  std::transform(strict.begin(), strict.end(), strict.begin(), [](unsigned char c) { return std::tolower(c); });
  return RunWrite([&](sql::Binder& b) { return b.BindUpdate(stmt); }, params,
                  [](ExecContext& ctx, const PhysicalOperator& op) {
                    return "UPDATE " +
                           std::to_string(PhysicalUpdate::RowsUpdated(ctx, static_cast<const PhysicalUpdate&>(op)));
                  },
                  sink, strict == "true" || strict == "on" || strict == "1");
}

// Redshift's TRUNCATE commits the transaction it runs in: the work before it commits, the truncation
// commits on its own, and what follows runs in a new transaction (still inside the block, if any).
Status StatementRunner::RunTruncate(const sql::TruncateStmt& stmt, ResultSink* sink) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  std::vector<std::shared_ptr<const TableDef>> tables;
  for (const auto& name : stmt.tables) {
    ASSIGN_OR_RETURN(auto t, binder.ResolveTarget(name, sql::TargetUse::kTruncate));
    if (Status st = binder.Access().TableOwner(*t, kPrivTruncate); !st.ok()) return sql::ErrorAt(st, name.location);
    tables.push_back(std::move(t));
  }
  RETURN_IF_ERROR(txn_->Commit());
  RenewTransaction();
  for (const auto& t : tables) {
    if (txn_->catalog().FindTableByOid(t->oid)) txn_->TableTruncated(t->oid);
  }
  RETURN_IF_ERROR(txn_->Commit());
  RenewTransaction();
  return sink->Complete("TRUNCATE TABLE");
}

void StatementRunner::RenewTransaction() {
  session_->xid_ = session_->db_->activity()->NextXid();  // a new transaction, a new id in the logs too
  session_->txn_ = session_->NewTransaction(static_cast<uint64_t>(session_->xid_));
  txn_ = session_->txn_.get();
}

}  // namespace blueshift
