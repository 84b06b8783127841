// What a session tells the activity log (STL_QUERY, SVL_STATEMENTTEXT, STV_INFLIGHT, ...) about each
// statement, and cancellation by pid (CANCEL, PG_CANCEL_BACKEND).

#include <algorithm>

#include "exec/query_profile.h"
#include "main/activity.h"
#include "main/database.h"
#include "main/session.h"
#include "sql/ast_stmt.h"
#include "storage/store.h"
#include "storage/table_stats.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

// Redshift's filing: statements that run on the compute nodes are queries; definitions are DDL; the rest
// (transaction control, settings, maintenance, ...) are utility statements.
StatementClass ClassOf(const sql::Statement& stmt) {
  switch (stmt.kind) {
    case sql::StmtKind::kSelect:
    case sql::StmtKind::kInsert:
    case sql::StmtKind::kUpdate:
    case sql::StmtKind::kDelete:
    case sql::StmtKind::kMerge:
    case sql::StmtKind::kCopy:
    case sql::StmtKind::kUnload:
      return StatementClass::kQuery;
    case sql::StmtKind::kExplain:  // EXPLAIN ANALYZE runs its statement
      return stmt.As<sql::ExplainStmt>().analyze ? StatementClass::kQuery : StatementClass::kUtility;
    case sql::StmtKind::kCreateSchema:
    case sql::StmtKind::kCreateTable:
    case sql::StmtKind::kCreateView:
    case sql::StmtKind::kDrop:
    case sql::StmtKind::kAlterTable:
    case sql::StmtKind::kTruncate:
    case sql::StmtKind::kDatabase:
    case sql::StmtKind::kFunction:
      return StatementClass::kDdl;
    default:
      return StatementClass::kUtility;
  }
}

}  // namespace

void Session::Cancel(std::string message) {
  {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    cancel_message_ = std::move(message);
  }
  cancel_requested_.store(true);
}

void Session::MarkLeaderOnly() {
  leader_only_ = true;
  db_->activity()->MarkLeaderOnly(statement_handle_);
}

int64_t Session::StatementStarted(const void* statement, std::string_view text) {
  const auto& stmt = *static_cast<const sql::Statement*>(statement);
  Activity* activity = db_->activity();
  if (xid_ == 0) xid_ = activity->NextXid();
  StatementRecord r;
  r.kind = ClassOf(stmt);
  r.xid = xid_;
  r.pid = options_.process_id;
  r.userid = UserIdForName(*db_->store()->Current()->catalog, options_.user);
  r.user = options_.user;
  r.database = options_.database;
  r.label = *Hot().query_group;
  r.text = std::string(text);
  r.start_us = WallClockMicros();
  return activity->StatementStarted(std::move(r));
}

namespace {

// STL_ALERT_EVENT_LOG's "Missing query planner statistics": the scanned tables whose stats_off (as
// SVV_TABLE_INFO shows it) is above 10, i.e. whose sketches cover under the 90% of stored rows the
// optimizer's estimates need (plan/cardinality.h). The sketches are the ones planning just looked up (kept
// in memory); a segment without any is looked up in its file again, as planning does.
std::set<int64_t> TablesWithoutStatistics(const storage::Store& store, const StatementProfiles& profiles) {
  constexpr double kStaleStatsPercent = 10;
  std::set<int64_t> scanned, stale;
  for (const auto& p : profiles.profiles()) {  // the tables of the scan steps that ran (StepLog::Rows' rows)
    for (const auto& step : p->steps()) {
      if (step->info.scan_type != StepInfo::kPermanentScan || step->info.table < 0) continue;
      if (std::any_of(step->tasks.begin(), step->tasks.end(), [](const StepCounters& c) { return c.ran; }))
        scanned.insert(step->info.table);
    }
  }
  if (scanned.empty()) return stale;
  auto current = store.Current();
  const storage::DbVersion& version = *current;
  for (int64_t oid : scanned) {
    auto def = version.catalog->FindTableByOid(static_cast<Oid>(oid));
    auto data = version.tables.find(static_cast<Oid>(oid));
    if (!def || data == version.tables.end()) continue;
    auto off = storage::StatsOffPercent(store, *def, *data->second);
    if (off.ok() && *off > kStaleStatsPercent) stale.insert(oid);
  }
  return stale;
}

}  // namespace

void Session::RecordSteps(int64_t handle, const void* statement, const StatementProfiles& profiles) {
  if (profiles.profiles().empty() || leader_only_) return;
  Activity* activity = db_->activity();
  Activity::Ids ids = activity->IdsOf(handle);  // the user as the statement started (STL_QUERY's)
  if (ids.query == 0 || ClassOf(*static_cast<const sql::Statement*>(statement)) != StatementClass::kQuery) return;
  QuerySteps steps;
  steps.query = ids.query;
  steps.userid = ids.userid;
  steps.pid = options_.process_id;
  steps.xid = ids.xid;
  steps.profiles = profiles.profiles();
  steps.tables_without_statistics = TablesWithoutStatistics(*db_->store(), profiles);
  activity->steps().Record(std::move(steps));
}

void Session::StatementFinished(int64_t handle, const void* statement, Status* status) {
  Activity* activity = db_->activity();
  if (status->code() == ErrorCode::kQueryCanceled) {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    if (!cancel_message_.empty()) *status = Status(ErrorCode::kQueryCanceled, cancel_message_);
    cancel_message_.clear();
  }
  const auto& stmt = *static_cast<const sql::Statement*>(statement);
  int64_t query = activity->QueryIdOf(handle);
  activity->StatementFinished(handle, !status->ok());
  if (query != 0 && ClassOf(stmt) == StatementClass::kQuery && !leader_only_) last_query_id_ = query;
  leader_only_ = false;
}

Status Session::RunStatement(const void* statement, std::string_view text, const std::vector<Value>* params,
                             ResultSink* sink) {
  statement_handle_ = StatementStarted(statement, text);
  StatementProfiles profiles;  // what the statement's plans did, for STL_SCAN and SVL_QUERY_SUMMARY
  Status st;
  {
    ScopedStatementProfiles scope(&profiles);
    st = RunStatementBody(statement, text, params, sink);
  }
  RecordSteps(statement_handle_, statement, profiles);
  StatementFinished(statement_handle_, statement, &st);
  statement_handle_ = 0;
  return st;
}

}  // namespace blueshift
