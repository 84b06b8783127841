// VACUUM (docs/design/vacuum.md): Redshift's rules on top of storage::VacuumScheduler.

#include "main/database.h"
#include "main/statement_runner.h"
#include "storage/vacuum_scheduler.h"

namespace blueshift {
namespace {

storage::VacuumMode ModeOf(sql::VacuumMode m) {
  switch (m) {
    case sql::VacuumMode::kSortOnly:
      return storage::VacuumMode::kSortOnly;
    case sql::VacuumMode::kDeleteOnly:
      return storage::VacuumMode::kDeleteOnly;
    case sql::VacuumMode::kReindex:
      return storage::VacuumMode::kReindex;
    case sql::VacuumMode::kRecluster:
      return storage::VacuumMode::kRecluster;
    default:
      return storage::VacuumMode::kFull;
  }
}

// The combinations Redshift's grammar refuses: REINDEX, RECLUSTER, TO n PERCENT and BOOST need a table; TO n
// PERCENT goes with neither REINDEX nor RECLUSTER; BOOST not with REINDEX.
Status CheckVacuumOptions(const sql::VacuumStmt& stmt) {
  auto err = [&](const std::string& m) { return Status(ErrorCode::kSyntaxError, m).WithPosition(stmt.location + 1); };
  bool reindex = stmt.mode == sql::VacuumMode::kReindex;
  bool recluster = stmt.mode == sql::VacuumMode::kRecluster;
  if (!stmt.table && (reindex || recluster)) {
    return err(std::string("VACUUM ") + (reindex ? "REINDEX" : "RECLUSTER") + " requires a table name");
  }
  if (!stmt.table && stmt.boost) return err("VACUUM BOOST requires a table name");
  if (stmt.to_percent && (reindex || recluster)) {
    return err(std::string("TO threshold PERCENT is not allowed with VACUUM ") + (reindex ? "REINDEX" : "RECLUSTER"));
  }
  if (stmt.boost && reindex) return err("BOOST is not allowed with VACUUM REINDEX");
  return Status::OK();
}

// Redshift's VACUUM RECLUSTER does not take tables with interleaved sort keys or with DISTSTYLE ALL (its
// documentation states the rule, not the message).
Status CheckRecluster(const TableDef& def) {
  auto refuse = [&](const char* what) {
    return Status(ErrorCode::kFeatureNotSupported,
                  std::string("VACUUM RECLUSTER is not supported on tables with ") + what);
  };
  if (def.sort_style == SortStyle::kInterleaved) return refuse("interleaved sort keys");
  if (def.dist_style == DistStyle::kAll) return refuse("DISTSTYLE ALL");
  return Status::OK();
}

}  // namespace

Status StatementRunner::RunVacuum(const sql::VacuumStmt& stmt, ResultSink* sink) {
  if (session_->in_block_ || session_->implicit_) {
    return Status(ErrorCode::kActiveSqlTransaction, "VACUUM cannot run inside a transaction block");
  }
  RETURN_IF_ERROR(CheckVacuumOptions(stmt));
  // A system table is left out: Redshift's VACUUM without the privileges succeeds and does nothing.
  ASSIGN_OR_RETURN(auto tables, MaintenanceTables(stmt.table));
  if (stmt.mode == sql::VacuumMode::kRecluster) {
    for (const auto& def : tables) RETURN_IF_ERROR(CheckRecluster(*def));
  }
  // The transaction of a VACUUM writes nothing: the vacuum commits on its own, slice by slice.
  RETURN_IF_ERROR(txn_->Commit());
  storage::VacuumOptions options;
  options.mode = ModeOf(stmt.mode);
  if (stmt.to_percent) options.threshold_percent = static_cast<int>(*stmt.to_percent);
  options.userid = UserIdForName(txn_->catalog(), session_->options_.user);
  // A vacuum works within the session's query memory, as in Redshift, where wlm_query_slot_count gives it more.
  options.limits.memory_bytes = QueryMemoryLimit();
  auto vacuum = session_->db_->vacuum()->BeginUserVacuum();
  for (const auto& def : tables) {
    if (session_->cancel_requested_.load()) {
      return Status(ErrorCode::kQueryCanceled, "canceling statement due to user request");
    }
    // Redshift's VACUUM needs exclusive access to a table to start: it waits for a LOCK, TRUNCATE, ALTER or
    // DROP of the table to end. Its AccessShare lock, held while it vacuums the table, lets reads and writes
    // go on and keeps those waiting (docs/design/transactions.md, "Locks").
    RETURN_IF_ERROR(txn_->Lock(def->oid, LockMode::kAccessShare));
    auto r = vacuum.Run(def->oid, options);
    RenewTransaction();  // releases the lock
    if (r.ok()) continue;
    // A table dropped while a database-wide VACUUM ran (or waited) is simply done.
    if (r.status().code() != ErrorCode::kUndefinedTable) return r.status();
    if (stmt.table) return Status(ErrorCode::kUndefinedTable, "relation \"" + def->name + "\" does not exist");
  }
  if (tables.empty()) RenewTransaction();
  return sink->Complete("VACUUM");
}

}  // namespace blueshift
