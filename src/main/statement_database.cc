// CREATE / ALTER / DROP DATABASE. The databases are entries of the cluster-wide part of the catalog
// (pg_database, STV_DB_ISOLATION_LEVEL) with their owner, connection limit and isolation level; committing
// one creates or removes the database's own store (main/database_set.h). A database's isolation level decides how
// transactions connected to it are checked at commit (main/transaction.cc): SERIALIZABLE fails read/write cycles with
// 1023, SNAPSHOT only concurrent writers of the same table's rows.

#include <chrono>
#include <thread>

#include "catalog/access_check.h"
#include "main/database.h"
#include "main/session.h"
#include "main/statement_runner.h"
#include "sql/ast_database.h"
#include "sql/parser.h"

namespace blueshift {
namespace {

Status At(Status st, int location) {
  return sql::ErrorAt(std::move(st), location);
}

Status UndefinedDatabase(const std::string& name) {
  return Status(ErrorCode::kInvalidCatalogName, "database \"" + name + "\" does not exist");
}

IsolationLevel LevelOf(const std::string& word) {
  return word == "snapshot" ? IsolationLevel::kSnapshot : IsolationLevel::kSerializable;
}

// The options CREATE and ALTER share.
Status ApplyOptions(const sql::DatabaseStmt& stmt, const Catalog& cat, DatabaseDef* db) {
  if (stmt.owner) {
    if (!cat.security().FindUser(*stmt.owner)) {
      return Status(ErrorCode::kUndefinedObject, "user \"" + *stmt.owner + "\" does not exist");
    }
    db->owner = *stmt.owner;
  }
  if (stmt.connection_limit) {
    if (*stmt.connection_limit < -1 || *stmt.connection_limit > INT32_MAX) {
      return Status(ErrorCode::kInvalidParameterValue,
                    "invalid connection limit: " + std::to_string(*stmt.connection_limit));
    }
    db->connection_limit = static_cast<int32_t>(*stmt.connection_limit);
  }
  if (stmt.isolation) db->isolation = LevelOf(*stmt.isolation);
  return Status::OK();
}

// A database with connected sessions other than `self` (the caller's, when it is connected to it) can be
// neither dropped, renamed nor given another isolation level (PostgreSQL's words, as Redshift's). Sessions
// that are ending (a client that just closed its connection) get up to 2 seconds to go, as PostgreSQL's DROP
// DATABASE waits for them (5 seconds there).
Status NotInUse(Database* db, const std::string& name, size_t self = 0) {
  Database* target = db->FindDatabase(name);
  auto others = [&] { return target && target->SessionCount() > self ? target->SessionCount() - self : 0; };
  size_t sessions = others();
  for (int i = 0; i < 20 && sessions > 0; i++) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    sessions = others();
  }
  if (sessions == 0) return Status::OK();
  return Status(ErrorCode::kObjectInUse, "database \"" + name + "\" is being accessed by other users")
      .WithDetail(
          "There " +
          std::string(sessions == 1 ? "is 1 other session" : "are " + std::to_string(sessions) + " other sessions") +
          " using the database.");
}

// Redshift's ALTER DATABASE ... ISOLATION LEVEL: "You can't alter the isolation level of the dev database" and the
// command "fails if other users are connected to the database", whose open transactions would otherwise mix the
// two levels' rules. dev's is fixed, which is not a state a user can change (0A000, not 55000).
Status IsolationChangeAllowed(Database* db, const std::string& name, const std::string& current) {
  if (name == kDefaultDatabase) {
    return Status(ErrorCode::kFeatureNotSupported, "cannot alter the isolation level of the dev database")
        .WithHint("Create a database with CREATE DATABASE ... ISOLATION LEVEL, or alter another one.");
  }
  return NotInUse(db, name, name == current ? 1 : 0);
}

}  // namespace

Status StatementRunner::RunDatabase(const sql::DatabaseStmt& stmt, ResultSink* sink) {
  const char* verb = stmt.action == sql::DatabaseAction::kCreate  ? "CREATE DATABASE"
                     : stmt.action == sql::DatabaseAction::kAlter ? "ALTER DATABASE"
                                                                  : "DROP DATABASE";
  // Redshift's ALTER DATABASE: the isolation level cannot change within a transaction block.
  const bool isolation = stmt.action == sql::DatabaseAction::kAlter && stmt.isolation;
  if ((stmt.action != sql::DatabaseAction::kAlter || isolation) && (session_->in_block_ || session_->implicit_)) {
    const std::string what = isolation ? "ALTER DATABASE ... ISOLATION LEVEL" : verb;
    return At(Status(ErrorCode::kActiveSqlTransaction, what + " cannot run inside a transaction block"), stmt.location);
  }
  Catalog& cat = txn_->MutableCatalog();
  AccessCheck access(cat, session_->options_.user);
  const DatabaseDef* found = cat.FindDatabase(stmt.name);
  const std::string& current = session_->options_.database;
  if (stmt.action == sql::DatabaseAction::kCreate) {
    if (!access.superuser() && !access.user().createdb) {
      return At(Status(ErrorCode::kInsufficientPrivilege, "permission denied to create database"), stmt.location);
    }
    if (found)
      return At(Status(ErrorCode::kDuplicateDatabase, "database \"" + stmt.name + "\" already exists"), stmt.location);
    if (stmt.collate && *stmt.collate == "case_insensitive") {
      return At(Status(ErrorCode::kFeatureNotSupported, "COLLATE CASE_INSENSITIVE is not supported"),
                stmt.option_location);
    }
    DatabaseDef db;
    db.name = stmt.name;
    db.owner = session_->options_.user;
    // A database created without the clause gets SNAPSHOT, Redshift's default for new databases.
    db.isolation = IsolationLevel::kSnapshot;
    RETURN_IF_ERROR(At(ApplyOptions(stmt, cat, &db), stmt.option_location));
    // dev's oid (kDefaultDatabaseOid) lies in the range other objects take theirs from: step over it.
    Oid oid = cat.TakeOids(1);
    if (oid == kDefaultDatabaseOid) oid = cat.TakeOids(1);
    db.oid = oid;
    cat.PutDatabase(std::move(db));
    return sink->Complete("CREATE DATABASE");
  }
  if (!found) {
    if (stmt.if_exists) {
      sink->Notice("NOTICE", "database \"" + stmt.name + "\" does not exist, skipping");
      return sink->Complete(verb);
    }
    return At(UndefinedDatabase(stmt.name), stmt.location);
  }
  if (!access.superuser() && found->owner != session_->options_.user) {
    return At(Status(ErrorCode::kInsufficientPrivilege, "must be owner of database " + stmt.name), stmt.location);
  }
  if (stmt.action == sql::DatabaseAction::kDrop) {
    if (stmt.name == current || stmt.name == kDefaultDatabase) {
      return At(Status(ErrorCode::kObjectInUse, "cannot drop the currently open database"), stmt.location);
    }
    RETURN_IF_ERROR(At(NotInUse(session_->db_, stmt.name), stmt.location));
    cat.RemoveDatabase(stmt.name);
    cat.MutableSecurity().DropAcl({AclObject::kDatabase, 0, stmt.name});
    return sink->Complete(verb);
  }
  DatabaseDef db = *found;
  if (isolation) RETURN_IF_ERROR(At(IsolationChangeAllowed(session_->db_, stmt.name, current), stmt.option_location));
  if (stmt.rename_to) {
    if (stmt.name == current || stmt.name == kDefaultDatabase) {
      return At(Status(ErrorCode::kObjectInUse, "current database cannot be renamed"), stmt.option_location);
    }
    RETURN_IF_ERROR(At(NotInUse(session_->db_, stmt.name), stmt.location));
    if (cat.FindDatabase(*stmt.rename_to)) {
      return At(Status(ErrorCode::kDuplicateDatabase, "database \"" + *stmt.rename_to + "\" already exists"),
                stmt.option_location);
    }
    cat.RemoveDatabase(db.name);
    // The grants on the database follow it to its new name.
    AclKey old_key{AclObject::kDatabase, 0, db.name};
    if (const auto* acl = cat.security().FindAcl(old_key)) {
      cat.MutableSecurity().PutAcl({AclObject::kDatabase, 0, *stmt.rename_to}, *acl);
      cat.MutableSecurity().DropAcl(old_key);
    }
    db.name = *stmt.rename_to;
  }
  RETURN_IF_ERROR(At(ApplyOptions(stmt, cat, &db), stmt.option_location));
  cat.PutDatabase(std::move(db));
  return sink->Complete(verb);
}

}  // namespace blueshift
