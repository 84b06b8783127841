#include "main/statement_runner.h"

#include <algorithm>

#include "catalog/access_check.h"
#include "exec/physical_filter.h"
#include "exec/pipeline.h"
#include "load/load_history.h"
#include "main/database.h"
#include "main/distribution_alerts.h"
#include "main/name_lock.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"
#include "system/system_table.h"

namespace blueshift {

LogicalType TypeForOid(int32_t oid) {
  switch (oid) {
    case 16:
      return LogicalType::Boolean();
    case 21:
      return LogicalType::SmallInt();
    case 23:
      return LogicalType::Integer();
    case 20:
      return LogicalType::BigInt();
    case 700:
      return LogicalType::Real();
    case 701:
      return LogicalType::Double();
    case 1700:  // an unconstrained NUMERIC fits no one DECIMAL(p,s): the statement's context decides
      return LogicalType::Null();
    case 1042:
      return LogicalType::Char(LogicalType::kMaxCharLength);
    case 25:
    case 1043:
      return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
    case 1082:
      return LogicalType::Date();
    case 1114:
      return LogicalType::Timestamp();
    case 1184:
      return LogicalType::TimestampTz();
    case 1083:
      return LogicalType::Time();
    case 1266:
      return LogicalType::TimeTz();
    case 1186:
      return LogicalType::Interval();
    default:
      return LogicalType::Null();
  }
}

namespace {

std::vector<ColumnInfo> ToColumnInfo(const std::vector<sql::OutputColumn>& cols) {
  std::vector<ColumnInfo> out;
  for (const auto& c : cols) out.push_back({c.name, c.type, c.table_oid, static_cast<int16_t>(c.column_number)});
  return out;
}

}  // namespace

bool ReadsUserTable(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kGet && op.system_table == nullptr && op.table) return true;
  for (const auto& child : op.children) {
    if (ReadsUserTable(*child)) return true;
  }
  return false;
}

namespace {

Status Unsupported(const std::string& what, int location) {
  return sql::ErrorAt(Status(ErrorCode::kFeatureNotSupported, what + " is not supported yet"), location);
}

// The session's search_path as name resolution uses it: the schemas the setting names that exist, in order
// ("$user" is the schema named like the user, when there is one; quoted names keep their case). When none
// exists, the first one named, so that an unqualified CREATE says which schema is missing.
std::vector<std::string> ResolveSearchPath(const std::string& setting, const std::string& user,
                                           const Catalog& catalog) {
  std::vector<std::string> named;
  size_t start = 0;
  while (start <= setting.size()) {
    size_t comma = setting.find(',', start);
    if (comma == std::string::npos) comma = setting.size();
    std::string item = setting.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (item.size() >= 2 && item.front() == '"' && item.back() == '"') {
      item = item.substr(1, item.size() - 2);
    } else {
      std::transform(item.begin(), item.end(), item.begin(), [](unsigned char c) { return std::tolower(c); });
    }
    if (item == "$user") item = user;
    if (!item.empty()) named.push_back(item);
    start = comma + 1;
  }
  std::vector<std::string> out;
  for (const auto& schema : named) {
    if (catalog.FindSchema(schema) != nullptr) out.push_back(schema);
  }
  if (out.empty()) out.push_back(named.empty() ? "public" : named.front());
  return out;
}

}  // namespace

sql::BindContext StatementRunner::MakeNameContext() {
  sql::BindContext ctx;
  ctx.catalog = &txn_->catalog();
  const std::string& setting = *session_->Hot().search_path;
  const std::string& user = session_->options_.user;
  std::shared_ptr<const Catalog> snapshot = txn_->SnapshotCatalog();
  Session::ResolvedSearchPath& last = session_->search_path_;
  if (!snapshot) {
    ctx.search_path = ResolveSearchPath(setting, user, *ctx.catalog);  // the block's own catalog may change
  } else if (last.catalog == snapshot && last.setting == setting && last.user == user) {
    ctx.search_path = last.schemas;
  } else {
    ctx.search_path = ResolveSearchPath(setting, user, *ctx.catalog);
    last = {std::move(snapshot), setting, user, ctx.search_path};
  }
  ctx.temp_schema = session_->temp_schema_;
  ctx.user = session_->options_.user;
  ctx.database = session_->options_.database;
  ctx.activity = session_->db_->activity();
  return ctx;
}

sql::BindContext StatementRunner::MakeBindContext(std::vector<LogicalType>* param_types,
                                                  const std::vector<Value>* params) {
  sql::BindContext ctx = MakeNameContext();
  ctx.param_types = param_types;
  ctx.params = params;
  ctx.backend_pid = session_->options_.process_id;
  ctx.last_copy_count = load::LoadHistory::Global().LastCopyCount(ctx.backend_pid);
  ctx.last_copy_id = load::LoadHistory::Global().LastCopyId(ctx.backend_pid);
  ctx.last_unload_count = load::LoadHistory::Global().LastUnloadCount(ctx.backend_pid);
  ctx.last_unload_id = load::LoadHistory::Global().LastUnloadId(ctx.backend_pid);
  ctx.last_query_id = session_->last_query_id_;
  ctx.current_setting = [this](const std::string& name) { return CurrentSetting(name); };
  ctx.set_config = [this](const std::string& name, const std::string& value, bool is_local) {
    return SetConfig(name, value, is_local);
  };
  // PG_CANCEL_BACKEND and PG_TERMINATE_BACKEND: users signal their own sessions, superusers any.
  Database* db = session_->db_;
  Activity* activity = db->activity();
  const bool superuser = AccessCheck(*ctx.catalog, ctx.user).superuser();
  ctx.cancel_backend = [activity, user = ctx.user, superuser](int32_t pid) {
    return activity->CancelSession(pid, "", user, superuser);
  };
  ctx.terminate_backend = [db, activity, user = ctx.user, superuser](int32_t pid) {
    RETURN_IF_ERROR(activity->MaySignal(pid, user, superuser));
    if (db->TerminateBackend(pid)) return Status::OK();
    return Status(ErrorCode::kInvalidParameterValue, "PID " + std::to_string(pid) + " is not a backend");
  };
  ctx.statement_start_us = session_->statement_start_us_;
  ctx.transaction_start_us = session_->transaction_start_us_;
  return ctx;
}

Status StatementRunner::Execute(const LogicalOperator& plan, PhysicalOperatorPtr* root, ExecContext* ctx) {
  ASSIGN_OR_RETURN(*root, CreatePhysicalPlan(plan));
  return ExecutePlan(*ctx, **root);
}

Status StatementRunner::RunQuery(const sql::Query& query, const std::vector<Value>* params, ResultSink* sink) {
  std::vector<LogicalType> types;
  if (params) {
    for (const auto& p : *params) types.push_back(p.type());
  }
  std::unique_ptr<sql::Binder> binder;
  ASSIGN_OR_RETURN(auto bound, BindLocked([&] { return MakeBindContext(params ? &types : nullptr, params); },
                                          [&](sql::Binder& b) { return b.BindQuery(query); }, &binder));
  if (!ReadsUserTable(*bound.plan)) session_->MarkLeaderOnly();
  auto plan = Optimize(std::move(bound.plan), txn_);
  ASSIGN_OR_RETURN(auto physical, CreatePhysicalPlan(*plan));
  auto collector = std::make_unique<PhysicalResultCollector>(std::move(physical));
  ExecContext ctx(txn_, session_->db_->store(), &session_->cancel_requested_);
  ctx.set_system_context(MakeNameContext().system());
  ApplyQueryMemoryLimit(&ctx);
  RETURN_IF_ERROR(ExecutePlan(ctx, *collector));
  NoteDistribution(*plan, txn_, session_->db_->store()->num_slices(), &ctx.profile());
  RETURN_IF_ERROR(sink->BeginRows(ToColumnInfo(bound.columns)));
  uint64_t rows = 0;
  RETURN_IF_ERROR(PhysicalResultCollector::ForEachResult(ctx, *collector, [&](Batch& batch) {
    rows += batch.count();
    return sink->Rows(batch);
  }));
  return sink->Complete("SELECT " + std::to_string(rows));
}

Result<bool> StatementRunner::TakeName(char kind, const std::string& schema, const std::string& name) {
  RETURN_IF_ERROR(txn_->Lock(NameLockKey(kind, schema, name), LockMode::kAccessExclusive));
  // A transaction that has read and written nothing yet moves to the newest commit (the one it waited for).
  txn_->RefreshSnapshot();
  auto latest = session_->db_->store()->Current()->catalog;
  const Catalog& mine = txn_->catalog();
  if (kind == 's') return latest->FindSchema(name) && !mine.FindSchema(name);
  auto has = [&](const Catalog& c) { return c.FindTable(schema, name) || c.FindView(schema, name); };
  return has(*latest) && !has(mine);
}

Status StatementRunner::RunCreateSchema(const sql::CreateSchemaStmt& stmt, ResultSink* sink) {
  std::string name = stmt.name.empty() ? stmt.authorization : stmt.name;
  ASSIGN_OR_RETURN(bool taken, TakeName('s', "", name));
  Catalog& cat = txn_->MutableCatalog();
  if (taken) {
    if (stmt.if_not_exists) {
      sink->Notice("NOTICE", "schema \"" + name + "\" already exists, skipping");
      return sink->Complete("CREATE SCHEMA");
    }
    return sql::ErrorAt(Status(ErrorCode::kDuplicateSchema, "schema \"" + name + "\" already exists"), stmt.location);
  }
  if (cat.FindSchema(name)) {
    if (stmt.if_not_exists) {
      sink->Notice("NOTICE", "schema \"" + name + "\" already exists, skipping");
      return sink->Complete("CREATE SCHEMA");
    }
  }
  AccessCheck access(cat, session_->options_.user);
  RETURN_IF_ERROR(sql::ErrorAt(access.Database(session_->options_.database, kPrivCreate), stmt.location));
  std::string owner = session_->options_.user;
  if (!stmt.authorization.empty()) {
    if (!cat.security().FindUser(stmt.authorization))
      return sql::ErrorAt(Status(ErrorCode::kUndefinedObject, "user \"" + stmt.authorization + "\" does not exist"),
                          stmt.location);
    if (stmt.authorization != owner)
      RETURN_IF_ERROR(sql::ErrorAt(access.Superuser("create a schema for another user"), stmt.location));
    owner = stmt.authorization;
  }
  auto r = cat.CreateSchema(name, owner);
  if (!r.ok()) return sql::ErrorAt(r.status(), stmt.location);
  return sink->Complete("CREATE SCHEMA");
}

Status StatementRunner::RunCreateTable(const sql::CreateTableStmt& stmt, ResultSink* sink) {
  if (stmt.as_query) return RunCreateTableAs(stmt, *stmt.as_query, sink);
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  ASSIGN_OR_RETURN(TableDef def, binder.BindCreateTable(stmt));
  RETURN_IF_ERROR(AddTable(std::move(def), stmt, sink).status());
  return sink->Complete("CREATE TABLE");
}

Result<Oid> StatementRunner::AddTable(TableDef def, const sql::CreateTableStmt& stmt, ResultSink* sink) {
  bool taken = false;  // a session's temporary tables are its own: no other transaction takes their names
  if (!def.temporary) {
    ASSIGN_OR_RETURN(taken, TakeName('r', def.schema, def.name));
  }
  if (taken || txn_->catalog().FindTable(def.schema, def.name)) {
    if (stmt.if_not_exists) {
      sink->Notice("NOTICE", "relation \"" + def.name + "\" already exists, skipping");
      return Oid{0};
    }
    return sql::ErrorAt(Status(ErrorCode::kDuplicateTable, "relation \"" + def.name + "\" already exists"),
                        stmt.name.location);
  }
  AccessCheck access(txn_->catalog(), session_->options_.user);
  RETURN_IF_ERROR(sql::ErrorAt(access.Schema(def.schema, kPrivCreate), stmt.name.location));
  def.owner = session_->options_.user;
  if (def.temporary && !txn_->catalog().FindSchema(def.schema)) {
    RETURN_IF_ERROR(txn_->MutableCatalog().CreateSchema(def.schema, session_->options_.user).status());
  }
  ASSIGN_OR_RETURN(Oid oid, txn_->MutableCatalog().CreateTable(std::move(def)));
  ApplyDefaultPrivileges(oid);
  txn_->TableCreated(oid);
  return oid;
}

Status StatementRunner::RunDrop(const sql::DropStmt& stmt, ResultSink* sink) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  if (stmt.object_type == sql::ObjectType::kView) return RunDropView(stmt, sink);
  bool cascade = stmt.behavior == sql::DropBehavior::kCascade;
  for (const auto& name : stmt.names) {
    if (stmt.object_type == sql::ObjectType::kSchema) {
      const std::string& s = name.name();
      if (!txn_->catalog().FindSchema(s)) {
        if (stmt.if_exists) {
          sink->Notice("NOTICE", "schema \"" + s + "\" does not exist, skipping");
          continue;
        }
        return sql::ErrorAt(Status(ErrorCode::kUndefinedSchema, "schema \"" + s + "\" does not exist"), name.location);
      }
      const SchemaDef* sd = txn_->catalog().FindSchema(s);
      RETURN_IF_ERROR(sql::ErrorAt(binder.Access().SchemaOwner(*sd), name.location));
      auto tables = txn_->catalog().TablesInSchema(sd->oid);
      Status st = txn_->MutableCatalog().DropSchema(s, cascade);
      if (!st.ok()) return sql::ErrorAt(st, name.location);
      for (const auto& t : tables) txn_->TableDropped(t->oid);
      continue;
    }
    auto table = binder.ResolveTable(name);
    if (!table.ok()) {
      if (auto view = binder.ResolveView(name); view.ok() && *view)
        return sql::ErrorAt(Status(ErrorCode::kWrongObjectType, "\"" + name.name() + "\" is not a table")
                                .WithHint("Use DROP VIEW to remove a view."),
                            name.location);
      if (stmt.if_exists && (table.status().code() == ErrorCode::kUndefinedTable ||
                             table.status().code() == ErrorCode::kUndefinedSchema)) {
        sink->Notice("NOTICE", "table \"" + name.name() + "\" does not exist, skipping");
        continue;
      }
      if (table.status().code() == ErrorCode::kUndefinedTable || table.status().code() == ErrorCode::kUndefinedSchema)
        return sql::ErrorAt(Status(ErrorCode::kUndefinedTable, "table \"" + name.name() + "\" does not exist"),
                            name.location);
      return table.status();
    }
    Oid oid = (*table)->oid;
    RETURN_IF_ERROR(sql::ErrorAt(binder.Access().TableOwner(**table, kPrivDrop), name.location));
    RETURN_IF_ERROR(DropDependentViews(oid, "table " + (*table)->name, cascade, sink));
    RETURN_IF_ERROR(txn_->MutableCatalog().DropTable(oid));
    txn_->TableDropped(oid);
  }
  return sink->Complete(stmt.object_type == sql::ObjectType::kSchema ? "DROP SCHEMA" : "DROP TABLE");
}

Status StatementRunner::Describe(const sql::Statement& stmt, std::vector<LogicalType>* param_types,
                                 std::vector<ColumnInfo>* columns, bool* returns_rows) {
  *returns_rows = false;
  if (stmt.kind == sql::StmtKind::kSelect) {
    const sql::Query& q = *stmt.As<sql::SelectStmt>().query;
    if (q.body->kind == sql::QueryTerm::Kind::kSelect && q.body->select->into) return Status::OK();  // no rows
    sql::Binder binder(MakeBindContext(param_types, nullptr));
    ASSIGN_OR_RETURN(auto bound, binder.BindQuery(*stmt.As<sql::SelectStmt>().query));
    *columns = ToColumnInfo(bound.columns);
    *returns_rows = true;
    return Status::OK();
  }
  if (stmt.kind == sql::StmtKind::kInsert) {
    sql::Binder binder(MakeBindContext(param_types, nullptr));
    return binder.BindInsert(stmt.As<sql::InsertStmt>()).status();
  }
  if (stmt.kind == sql::StmtKind::kShow) {
    const auto& show = stmt.As<sql::ShowStmt>();
    *columns = show.objects != sql::ShowObjects::kNone ? ShowObjectsColumns(show)
                                                       : std::vector<ColumnInfo>{{show.name, LogicalType::Varchar()}};
    *returns_rows = true;
  }
  if (stmt.kind == sql::StmtKind::kExplain) {
    *columns = {{"QUERY PLAN", LogicalType::Varchar()}};
    *returns_rows = true;
  }
  return Status::OK();
}

Status StatementRunner::Run(const sql::Statement& stmt, std::string_view text, const std::vector<Value>* params,
                            ResultSink* sink) {
  if (session_->read_only_ && session_->in_block_) RETURN_IF_ERROR(CheckReadOnly(stmt, text));
  RETURN_IF_ERROR(LockTargets(stmt));
  switch (stmt.kind) {
    case sql::StmtKind::kSelect: {
      const sql::Query& q = *stmt.As<sql::SelectStmt>().query;
      if (q.body->kind == sql::QueryTerm::Kind::kSelect && q.body->select->into) return RunSelectInto(q, sink);
      return RunQuery(q, params, sink);
    }
    case sql::StmtKind::kInsert:
      return RunInsert(stmt.As<sql::InsertStmt>(), params, sink);
    case sql::StmtKind::kCreateSchema:
      return RunCreateSchema(stmt.As<sql::CreateSchemaStmt>(), sink);
    case sql::StmtKind::kCreateTable:
      return RunCreateTable(stmt.As<sql::CreateTableStmt>(), sink);
    case sql::StmtKind::kDrop:
      return RunDrop(stmt.As<sql::DropStmt>(), sink);
    case sql::StmtKind::kSet:
      return RunSet(stmt.As<sql::SetStmt>(), sink);
    case sql::StmtKind::kShow:
      return RunShow(stmt.As<sql::ShowStmt>(), sink);
    case sql::StmtKind::kReset:
      return RunReset(stmt.As<sql::ResetStmt>(), sink);
    case sql::StmtKind::kExplain:
      return RunExplain(stmt.As<sql::ExplainStmt>(), sink);
    case sql::StmtKind::kUnsupported:
      return Unsupported(stmt.As<sql::UnsupportedStmt>().keywords, stmt.location);
    case sql::StmtKind::kCreateView:
      return RunCreateView(stmt.As<sql::CreateViewStmt>(), text, sink);
    case sql::StmtKind::kUpdate:
      return RunUpdate(stmt.As<sql::UpdateStmt>(), params, sink);
    case sql::StmtKind::kDelete:
      return RunDelete(stmt.As<sql::DeleteStmt>(), params, sink);
    case sql::StmtKind::kTruncate:
      return RunTruncate(stmt.As<sql::TruncateStmt>(), sink);
    case sql::StmtKind::kVacuum:
      return RunVacuum(stmt.As<sql::VacuumStmt>(), sink);
    case sql::StmtKind::kAnalyze:
      return RunAnalyze(stmt.As<sql::AnalyzeStmt>(), sink);
    case sql::StmtKind::kCopy:
      return RunCopy(stmt.As<sql::CopyStmt>(), sink);
    case sql::StmtKind::kUnload:
      return RunUnload(stmt.As<sql::UnloadStmt>(), sink);
    case sql::StmtKind::kAlterTable:
      return RunAlterTable(stmt.As<sql::AlterTableStmt>(), sink);
    case sql::StmtKind::kMerge:
      return RunMerge(stmt.As<sql::MergeStmt>(), params, sink);
    case sql::StmtKind::kCancel:
      return RunCancel(stmt.As<sql::CancelStmt>(), sink);
    case sql::StmtKind::kSecurity:
      return RunSecurity(stmt.As<sql::SecurityStmt>(), sink);
    case sql::StmtKind::kLock:
      return sink->Complete("LOCK TABLE");  // LockTargets took the locks
    case sql::StmtKind::kDatabase:
      return RunDatabase(stmt.As<sql::DatabaseStmt>(), sink);
    case sql::StmtKind::kFunction:
      return RunFunction(stmt.As<sql::FunctionStmt>(), sink);
    case sql::StmtKind::kTransaction:
      break;
  }
  return Status(ErrorCode::kInternal, "statement kind not handled");
}

}  // namespace blueshift
