// CREATE / ALTER / DROP DATABASE, in Redshift's syntax: CREATE DATABASE name [WITH] [OWNER [=] user]
// [CONNECTION LIMIT {n | UNLIMITED}] [COLLATE {CASE_SENSITIVE | CASE_INSENSITIVE}] [ISOLATION LEVEL
// {SERIALIZABLE | SNAPSHOT}]; ALTER DATABASE name {RENAME TO new | OWNER TO user | CONNECTION LIMIT ... |
// ISOLATION LEVEL ...}; DROP DATABASE [IF EXISTS] name. Forms that need another cluster (FROM DATASHARE,
// FROM INTEGRATION, FROM ARN, IAM_ROLE) are left to ParseUnsupported by the caller.

#include "sql/ast_database.h"
#include "sql/parser_internal.h"

namespace blueshift::sql {

bool Parser::IsDatabaseStatement() const {
  if (!Is("create") && !Is("alter") && !Is("drop")) return false;
  if (!PeekTok().Is("database")) return false;
  // CREATE DATABASE name FROM ... / IAM_ROLE ...: other clusters' data, not supported here.
  return !Is("create") || (!PeekTok(3).Is("from") && !PeekTok(3).Is("iam_role"));
}

Status Parser::ParseDatabaseOption(DatabaseStmt* stmt) {
  bool create = stmt->action == DatabaseAction::kCreate;
  if (stmt->option_location < 0) stmt->option_location = Cur().begin;
  if (AcceptWord("owner")) {
    if (create) {
      AcceptPunct("=");
    } else {
      RETURN_IF_ERROR(ExpectWord("to"));
    }
    ASSIGN_OR_RETURN(stmt->owner, ParseIdent());
  } else if (AcceptWord("connection")) {
    RETURN_IF_ERROR(ExpectWord("limit"));
    if (AcceptWord("unlimited")) {
      stmt->connection_limit = -1;
    } else {
      ASSIGN_OR_RETURN(stmt->connection_limit, ParseInt64());
    }
  } else if (create && AcceptWord("collate")) {
    if (!Is("case_sensitive") && !Is("case_insensitive")) return SyntaxError();
    stmt->collate = Cur().text;
    Advance();
  } else if (AcceptWord("isolation")) {
    RETURN_IF_ERROR(ExpectWord("level"));
    if (!Is("serializable") && !Is("snapshot")) return SyntaxError();
    stmt->isolation = Cur().text;
    Advance();
  } else if (!create && AcceptWord("rename")) {
    RETURN_IF_ERROR(ExpectWord("to"));
    ASSIGN_OR_RETURN(stmt->rename_to, ParseIdent());
  } else {
    return SyntaxError();
  }
  return Status::OK();
}

Result<StatementPtr> Parser::ParseDatabase() {
  auto stmt = std::make_unique<DatabaseStmt>();
  stmt->action = Is("create") ? DatabaseAction::kCreate : Is("alter") ? DatabaseAction::kAlter : DatabaseAction::kDrop;
  pos_ += 2;  // verb, DATABASE
  if (stmt->action == DatabaseAction::kDrop && Is("if") && PeekTok().Is("exists")) {
    pos_ += 2;
    stmt->if_exists = true;
  }
  ASSIGN_OR_RETURN(stmt->name, ParseIdent());
  if (stmt->action == DatabaseAction::kDrop) return StatementPtr(std::move(stmt));
  if (stmt->action == DatabaseAction::kCreate) {
    AcceptWord("with");
    while (!AtStatementEnd()) RETURN_IF_ERROR(ParseDatabaseOption(stmt.get()));
  } else {
    // ALTER DATABASE takes one change.
    RETURN_IF_ERROR(ParseDatabaseOption(stmt.get()));
    if (!AtStatementEnd()) return SyntaxError();
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace blueshift::sql
