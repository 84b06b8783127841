// The table locks statements take (lock_manager.h): the tables a statement writes, before it binds, and
// the tables its plan reads, before it runs. LOCK itself.

#include "main/statement_runner.h"
#include "system/system_table.h"

namespace blueshift {
namespace {

struct Target {
  const sql::QualifiedName* name;
  LockMode mode;
};

std::vector<Target> WriteTargets(const sql::Statement& stmt) {
  std::vector<Target> out;
  auto each = [&](const std::vector<sql::QualifiedName>& names, LockMode mode) {
    for (const auto& n : names) out.push_back({&n, mode});
  };
  switch (stmt.kind) {
    case sql::StmtKind::kInsert:
      out.push_back({&stmt.As<sql::InsertStmt>().table, LockMode::kRowExclusive});
      break;
    case sql::StmtKind::kCopy:
      out.push_back({&stmt.As<sql::CopyStmt>().table, LockMode::kRowExclusive});
      break;
    case sql::StmtKind::kUpdate:
      out.push_back({&stmt.As<sql::UpdateStmt>().table, LockMode::kShareRowExclusive});
      break;
    case sql::StmtKind::kDelete:
      out.push_back({&stmt.As<sql::DeleteStmt>().table, LockMode::kShareRowExclusive});
      break;
    case sql::StmtKind::kMerge:
      out.push_back({&stmt.As<sql::MergeStmt>().target, LockMode::kShareRowExclusive});
      break;
    case sql::StmtKind::kAlterTable:
      out.push_back({&stmt.As<sql::AlterTableStmt>().table, LockMode::kAccessExclusive});
      break;
    case sql::StmtKind::kTruncate:
      each(stmt.As<sql::TruncateStmt>().tables, LockMode::kAccessExclusive);
      break;
    case sql::StmtKind::kLock:
      each(stmt.As<sql::LockStmt>().tables, LockMode::kAccessExclusive);
      break;
    case sql::StmtKind::kDrop:
      if (stmt.As<sql::DropStmt>().object_type == sql::ObjectType::kTable) {
        each(stmt.As<sql::DropStmt>().names, LockMode::kAccessExclusive);
      }
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

Status StatementRunner::LockTargets(const sql::Statement& stmt) {
  // An INSERT the session has bound against this catalog version, search_path and user writes the table
  // it resolved then: no need to resolve the name again.
  if (const InsertShapeCache::Entry* cached = CachedInsertOf(stmt); cached && SeesCatalogAsBound(*cached)) {
    RETURN_IF_ERROR(txn_->Lock(cached->table->oid, LockMode::kRowExclusive));
    txn_->RefreshSnapshot();
    return txn_->Access(cached->table->oid, /*write=*/true);
  }
  auto targets = WriteTargets(stmt);
  if (targets.empty()) return Status::OK();
  sql::Binder binder(MakeNameContext());
  std::vector<Oid> written;
  for (const Target& t : targets) {
    auto table = binder.ResolveTable(*t.name);
    if (!table.ok()) {
      if (stmt.kind == sql::StmtKind::kLock) return table.status();
      continue;  // the statement itself reports it
    }
    if (FindSystemTableByOid((*table)->oid)) {
      if (stmt.kind != sql::StmtKind::kLock) continue;
      return sql::ErrorAt(
          Status(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + (*table)->name + "\" is a system table"),
          t.name->location);
    }
    RETURN_IF_ERROR(txn_->Lock((*table)->oid, t.mode));
    if (stmt.kind != sql::StmtKind::kLock) written.push_back((*table)->oid);
  }
  // A statement that opens its transaction sees what the holder of a lock it waited for committed.
  txn_->RefreshSnapshot();
  for (Oid oid : written) RETURN_IF_ERROR(txn_->Access(oid, /*write=*/true));
  return Status::OK();
}

Status StatementRunner::LockReads(const LogicalOperator& plan) {
  if (plan.kind == LogicalKind::kGet && plan.table && !FindSystemTableByOid(plan.table->oid)) {
    RETURN_IF_ERROR(txn_->Lock(plan.table->oid, LockMode::kAccessShare));
    RETURN_IF_ERROR(txn_->Access(plan.table->oid, /*write=*/false));
  }
  for (const auto& child : plan.children) RETURN_IF_ERROR(LockReads(*child));
  return Status::OK();
}

}  // namespace blueshift
