// ALTER TABLE. A change the stored rows must follow runs a rewrite plan
// whose new segments replace the table's (the old ones are dropped at commit, like a TRUNCATE).

#include "exec/captured_writes.h"
#include "exec/pipeline.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"

namespace blueshift {

Result<std::vector<std::shared_ptr<const storage::SegmentMeta>>> StatementRunner::RunCaptured(LogicalOperatorPtr plan,
                                                                                              Oid table) {
  plan = Optimize(std::move(plan));
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));
  CapturedWrites writes(txn_);
  ExecContext ctx(&writes, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(MakeNameContext().system());
  RETURN_IF_ERROR(ExecutePlan(ctx, *physical));
  return writes.TakeSegments(table);
}

Status StatementRunner::RunAlterTable(const sql::AlterTableStmt& stmt, ResultSink* sink) {
  // Redshift runs APPEND (which so commits on completion) and ALTER COLUMN TYPE outside transaction blocks.
  const bool append = stmt.action == sql::AlterTableAction::kAppendFrom;
  if ((append || stmt.action == sql::AlterTableAction::kAlterColumnType) &&
      (session_->in_block_ || session_->implicit_)) {
    const std::string what = append ? "ALTER TABLE APPEND" : "ALTER TABLE ALTER COLUMN";
    return sql::ErrorAt(Status(ErrorCode::kActiveSqlTransaction, what + " cannot run inside a transaction block"),
                        stmt.location);
  }
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  if (stmt.action == sql::AlterTableAction::kRenameTable || stmt.action == sql::AlterTableAction::kOwnerTo) {
    ASSIGN_OR_RETURN(auto view, binder.ResolveView(stmt.table));
    if (view) return RunAlterView(stmt, *view, sink);
  }
  if (stmt.action == sql::AlterTableAction::kRenameTable) {
    // The new name is taken as CREATE takes one: a concurrent CREATE or RENAME TO of it waits for this one.
    auto table = binder.ResolveTable(stmt.table);
    if (table.ok() && !(*table)->temporary) {
      ASSIGN_OR_RETURN(bool taken, TakeName('r', (*table)->schema, stmt.new_name));
      if (taken) {
        return sql::ErrorAt(Status(ErrorCode::kDuplicateTable, "relation \"" + stmt.new_name + "\" already exists"),
                            stmt.location);
      }
    }
  }
  LogicalOperatorPtr rewrite;
  ASSIGN_OR_RETURN(TableDef def, binder.BindAlterTable(stmt, &rewrite));
  if (append) {
    // The source's rows move to the target: the target gains them, the source is emptied.
    ASSIGN_OR_RETURN(auto source, binder.ResolveTable(stmt.source));
    ASSIGN_OR_RETURN(auto segments, RunCaptured(std::move(rewrite), def.oid));
    if (!segments.empty()) txn_->AddSegments(def.oid, std::move(segments));
    txn_->TableTruncated(source->oid);
    return sink->Complete("ALTER TABLE");
  }
  if (rewrite) {
    auto segments = RunCaptured(std::move(rewrite), def.oid);
    if (!segments.ok() && segments.status().code() == ErrorCode::kStringDataRightTruncation) {
      return sql::ErrorAt(Status(ErrorCode::kStringDataRightTruncation,
                                 "cannot alter column \"" + stmt.column + "\" of relation \"" + def.name +
                                     "\", target column size should be greater or equal to current maximum "
                                     "column size"),
                          stmt.location);
    }
    RETURN_IF_ERROR(segments.status());
    txn_->TableTruncated(def.oid);
    if (!segments->empty()) txn_->AddSegments(def.oid, std::move(segments).value());
  }
  if (stmt.action == sql::AlterTableAction::kRenameTable || stmt.action == sql::AlterTableAction::kRenameColumn) {
    auto before = txn_->catalog().FindTableByOid(def.oid);
    if (before) RETURN_IF_ERROR(FollowRename(*before, def));
  }
  const Oid oid = def.oid;
  int dropped = -1;
  if (stmt.action == sql::AlterTableAction::kDropColumn) {
    auto before = txn_->catalog().FindTableByOid(oid);
    if (before) dropped = before->FindColumn(stmt.column);
  }
  RETURN_IF_ERROR(txn_->MutableCatalog().ReplaceTable(std::move(def)));
  if (dropped >= 0) {
    auto table = txn_->catalog().FindTableByOid(oid);
    const bool cascade = stmt.behavior == sql::DropBehavior::kCascade;
    if (table) RETURN_IF_ERROR(DropColumnDependents(*table, stmt.column, dropped, cascade, sink));
  }
  return sink->Complete("ALTER TABLE");
}

}  // namespace blueshift
