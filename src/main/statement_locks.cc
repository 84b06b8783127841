// The table locks statements take (lock_manager.h): the tables a statement writes, before it binds, and
// the tables its plan reads, before it runs. LOCK itself.

#include <algorithm>
#include <cctype>

#include "main/statement_runner.h"
#include "system/system_table.h"

namespace blueshift {
namespace {

struct Target {
  const sql::QualifiedName* name;
  LockMode mode;
};

// Whether an INSERT reads nothing: VALUES rows without a subquery, or DEFAULT VALUES.
bool InsertsOnlyValues(const sql::InsertStmt& insert) {
  return insert.default_values || (insert.query && insert.query->with.empty() && !insert.has_subquery &&
                                   insert.query->body->kind == sql::QueryTerm::Kind::kValues);
}

// The lock an INSERT or COPY takes. Alone in its transaction and reading nothing, RowExclusive: such loads
// never wait for each other (single-row INSERTs from many clients share one group commit), and they cannot
// close a serializable cycle, having read nothing. Otherwise ShareRowExclusive, as any write of the table
// that may read it: concurrent loaders of one table that also read it (load, then count) take turns, the
// second seeing the first's rows, instead of failing with 1023 (Redshift: "Transaction 2 must wait until
// transaction 1 releases the write lock ... The same behavior would occur if one or both transactions
// contained an INSERT command instead of a COPY command").
LockMode LoadLock(bool alone, bool reads) {
  return alone && !reads ? LockMode::kRowExclusive : LockMode::kShareRowExclusive;
}

// alone: the statement is its transaction (autocommit).
std::vector<Target> WriteTargets(const sql::Statement& stmt, bool alone) {
  std::vector<Target> out;
  auto each = [&](const std::vector<sql::QualifiedName>& names, LockMode mode) {
    for (const auto& n : names) out.push_back({&n, mode});
  };
  switch (stmt.kind) {
    case sql::StmtKind::kInsert: {
      const auto& insert = stmt.As<sql::InsertStmt>();
      out.push_back({&insert.table, LoadLock(alone, !InsertsOnlyValues(insert))});
      break;
    }
    case sql::StmtKind::kCopy:
      out.push_back({&stmt.As<sql::CopyStmt>().table, LoadLock(alone, /*reads=*/false)});
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
    case sql::StmtKind::kAlterTable: {
      const auto& alter = stmt.As<sql::AlterTableStmt>();
      out.push_back({&alter.table, LockMode::kAccessExclusive});
      // APPEND FROM moves the source's rows out: the source is written too.
      if (alter.action == sql::AlterTableAction::kAppendFrom)
        out.push_back({&alter.source, LockMode::kAccessExclusive});
      break;
    }
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

// The statement's first two words in upper case, modifiers (OR REPLACE, TEMP) left out: CREATE USER, GRANT.
std::string LeadingWords(std::string_view text) {
  std::string out;
  int words = 0;
  for (size_t at = 0; words < 2 && at < text.size();) {
    size_t begin = text.find_first_not_of(" \t\r\n", at);
    if (begin == std::string_view::npos) break;
    at = std::min(text.find_first_of(" \t\r\n(;", begin), text.size());
    std::string w(text.substr(begin, at - begin));
    for (char& c : w) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (w == "OR" || w == "REPLACE" || w == "TEMP" || w == "TEMPORARY") continue;
    out += (words++ ? " " : "") + w;
    if (w == "GRANT" || w == "REVOKE") break;
  }
  return out;
}

}  // namespace

Status StatementRunner::LockTargets(const sql::Statement& stmt) {
  // An INSERT the session has bound against this catalog version, search_path and user writes the table
  // it resolved then: no need to resolve the name again.
  bool alone = !session_->in_block_ && !session_->implicit_;
  if (const InsertShapeCache::Entry* cached = CachedInsertOf(stmt); cached && SeesCatalogAsBound(*cached)) {
    RETURN_IF_ERROR(txn_->Lock(cached->table->oid, LoadLock(alone, !InsertsOnlyValues(stmt.As<sql::InsertStmt>()))));
    txn_->RefreshSnapshot();
    return txn_->Access(cached->table->oid, /*write=*/true);
  }
  auto targets = WriteTargets(stmt, alone);
  const sql::DropStmt* drop = stmt.kind == sql::StmtKind::kDrop ? &stmt.As<sql::DropStmt>() : nullptr;
  const bool drops_schema =
      drop && drop->object_type == sql::ObjectType::kSchema && drop->behavior == sql::DropBehavior::kCascade;
  if (targets.empty() && !drops_schema) return Status::OK();
  sql::Binder binder(MakeNameContext());
  std::vector<Oid> written;
  for (const Target& t : targets) {
    // LOCK reports what it cannot lock; every other statement reports it when bound.
    auto table = stmt.kind == sql::StmtKind::kLock ? binder.ResolveTarget(*t.name, sql::TargetUse::kLock)
                                                   : binder.ResolveTable(*t.name);
    if (stmt.kind == sql::StmtKind::kLock) RETURN_IF_ERROR(table.status());
    if (!table.ok() || FindSystemTableByOid((*table)->oid)) continue;
    RETURN_IF_ERROR(txn_->Lock((*table)->oid, t.mode));
    if (stmt.kind != sql::StmtKind::kLock) written.push_back((*table)->oid);
  }
  // DROP SCHEMA ... CASCADE drops the schema's tables: it waits for their users as DROP TABLE does.
  if (drops_schema) {
    for (const auto& name : drop->names) {
      const SchemaDef* schema = txn_->catalog().FindSchema(name.name());
      if (!schema) continue;  // the statement reports it
      for (const auto& table : txn_->catalog().TablesInSchema(schema->oid)) {
        RETURN_IF_ERROR(txn_->Lock(table->oid, LockMode::kAccessExclusive));
        written.push_back(table->oid);
      }
    }
  }
  // A statement that opens its transaction sees what the holder of a lock it waited for committed.
  txn_->RefreshSnapshot();
  // A load appends rows whatever the table holds; every other write depends on the rows there (an UPDATE's
  // scan, a TRUNCATE, a rewrite), so it also reads the table (conflict_tracker.h).
  const bool blind = stmt.kind == sql::StmtKind::kInsert || stmt.kind == sql::StmtKind::kCopy;
  for (Oid oid : written) {
    RETURN_IF_ERROR(txn_->Access(oid, /*write=*/true));
    if (!blind) RETURN_IF_ERROR(txn_->Access(oid, /*write=*/false));
  }
  return Status::OK();
}

Status StatementRunner::CheckReadOnly(const sql::Statement& stmt, std::string_view text) {
  std::string command;
  switch (stmt.kind) {
    case sql::StmtKind::kInsert:
    case sql::StmtKind::kCopy:
    case sql::StmtKind::kUpdate:
    case sql::StmtKind::kDelete:
    case sql::StmtKind::kMerge: {
      // Writes to the session's temporary tables are allowed.
      sql::Binder binder(MakeNameContext());
      auto table = binder.ResolveTable(*WriteTargets(stmt, /*alone=*/false).front().name);
      if (table.ok() && (*table)->temporary) return Status::OK();
      command = stmt.kind == sql::StmtKind::kInsert   ? "INSERT"
                : stmt.kind == sql::StmtKind::kCopy   ? "COPY FROM"
                : stmt.kind == sql::StmtKind::kUpdate ? "UPDATE"
                : stmt.kind == sql::StmtKind::kDelete ? "DELETE"
                                                      : "MERGE";
      break;
    }
    case sql::StmtKind::kSelect: {
      const sql::Query& q = *stmt.As<sql::SelectStmt>().query;
      if (q.body->kind != sql::QueryTerm::Kind::kSelect || !q.body->select->into) return Status::OK();
      command = "SELECT INTO";
      break;
    }
    case sql::StmtKind::kCreateSchema:
      command = "CREATE SCHEMA";
      break;
    case sql::StmtKind::kCreateTable:
      command = "CREATE TABLE";
      break;
    case sql::StmtKind::kCreateView:
      command = "CREATE VIEW";
      break;
    case sql::StmtKind::kDrop: {
      sql::ObjectType type = stmt.As<sql::DropStmt>().object_type;
      command = type == sql::ObjectType::kTable  ? "DROP TABLE"
                : type == sql::ObjectType::kView ? "DROP VIEW"
                                                 : "DROP SCHEMA";
      break;
    }
    case sql::StmtKind::kAlterTable:
      command = "ALTER TABLE";
      break;
    case sql::StmtKind::kTruncate:
      command = "TRUNCATE TABLE";
      break;
    case sql::StmtKind::kLock:
      command = "LOCK TABLE";
      break;
    case sql::StmtKind::kSecurity:
    case sql::StmtKind::kDatabase:
    case sql::StmtKind::kFunction:
      command = LeadingWords(text);
      break;
    default:
      return Status::OK();
  }
  return sql::ErrorAt(
      Status(ErrorCode::kReadOnlySqlTransaction, "cannot execute " + command + " in a read-only transaction"),
      stmt.location);
}

Result<sql::BoundQuery> StatementRunner::BindLocked(const std::function<sql::BindContext()>& context,
                                                    const BindWrite& bind, std::unique_ptr<sql::Binder>* binder) {
  for (int attempt = 0;; ++attempt) {
    binder->reset();  // first: each binder restores the clock it found
    *binder = std::make_unique<sql::Binder>(context());
    ASSIGN_OR_RETURN(sql::BoundQuery bound, bind(**binder));
    ASSIGN_OR_RETURN(bool reads, LockReadsOf(*bound.plan));
    // A statement that reads no table takes no snapshot (Redshift's rule for a SELECT of no table).
    if (!reads || attempt >= 2 || !txn_->RefreshSnapshot()) return bound;
  }
}

Result<bool> StatementRunner::LockReadsOf(const LogicalOperator& plan) {
  bool reads = false;
  if (plan.kind == LogicalKind::kGet && plan.table && !FindSystemTableByOid(plan.table->oid)) {
    RETURN_IF_ERROR(txn_->Lock(plan.table->oid, LockMode::kAccessShare));
    RETURN_IF_ERROR(txn_->Access(plan.table->oid, /*write=*/false));
    reads = true;
  }
  for (const auto& child : plan.children) {
    ASSIGN_OR_RETURN(bool child_reads, LockReadsOf(*child));
    reads = reads || child_reads;
  }
  return reads;
}

Status StatementRunner::LockReads(const LogicalOperator& plan) {
  return LockReadsOf(plan).status();
}

}  // namespace blueshift
