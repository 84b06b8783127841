// INSERT, UPDATE, DELETE, TRUNCATE.

#include "sql/parser_internal.h"

namespace blueshift::sql {

Result<StatementPtr> Parser::ParseInsert() {
  Advance();  // INSERT
  RETURN_IF_ERROR(ExpectWord("into"));
  auto stmt = std::make_unique<InsertStmt>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
  if (IsPunct("(") && !LooksLikeQuery()) {
    ASSIGN_OR_RETURN(stmt->columns, ParseParenIdentList());
  }
  if (Is("default") && PeekTok().Is("values")) {
    pos_ += 2;
    stmt->default_values = true;
    return StatementPtr(std::move(stmt));
  }
  if (!(Is("values") || Is("select") || Is("with") || IsPunct("("))) return SyntaxError();
  size_t first = pos_;
  ASSIGN_OR_RETURN(stmt->query, ParseQuery());
  for (size_t k = first; k < pos_ && !stmt->has_subquery; k++) stmt->has_subquery = tokens_[k].Is("select");
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseUpdate() {
  Advance();  // UPDATE
  auto stmt = std::make_unique<UpdateStmt>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
  if (AcceptWord("as")) {
    ASSIGN_OR_RETURN(stmt->alias, ParseIdent());
  } else if (IsIdentToken() && !Is("set")) {
    stmt->alias = Cur().text;
    Advance();
  }
  RETURN_IF_ERROR(ExpectWord("set"));
  do {
    Assignment a;
    a.location = Cur().begin;
    ASSIGN_OR_RETURN(a.column, ParseIdent());
    if (!Cur().IsOp("=")) return SyntaxError();
    Advance();
    if (Is("default") && (PeekTok().IsPunct(",") || PeekTok().Is("from") || PeekTok().Is("where") ||
                          PeekTok().IsPunct(";") || PeekTok().kind == TokenKind::kEof)) {
      a.value = std::make_unique<DefaultExpr>();
      a.value->location = Cur().begin;
      Advance();
    } else {
      ASSIGN_OR_RETURN(a.value, ParseExpr());
    }
    stmt->assignments.push_back(std::move(a));
  } while (AcceptPunct(","));
  if (AcceptWord("from")) {
    ASSIGN_OR_RETURN(stmt->from, ParseFromList());
  }
  if (AcceptWord("where")) {
    ASSIGN_OR_RETURN(stmt->where, ParseExpr());
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseDelete() {
  Advance();  // DELETE
  AcceptWord("from");
  auto stmt = std::make_unique<DeleteStmt>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
  if (AcceptWord("as")) {
    ASSIGN_OR_RETURN(stmt->alias, ParseIdent());
  } else if (IsIdentToken()) {
    stmt->alias = Cur().text;
    Advance();
  }
  if (AcceptWord("using")) {
    ASSIGN_OR_RETURN(stmt->using_tables, ParseFromList());
  }
  if (AcceptWord("where")) {
    ASSIGN_OR_RETURN(stmt->where, ParseExpr());
  }
  return StatementPtr(std::move(stmt));
}

// TRUNCATE and LOCK: the keyword, an optional TABLE, then a list of table names.
template <typename Stmt>
Result<StatementPtr> ParseTableListStatement(Parser* p) {
  p->Advance();
  p->AcceptWord("table");
  auto stmt = std::make_unique<Stmt>();
  do {
    ASSIGN_OR_RETURN(QualifiedName name, p->ParseQualifiedName());
    stmt->tables.push_back(std::move(name));
  } while (p->AcceptPunct(","));
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseTruncate() {
  return ParseTableListStatement<TruncateStmt>(this);
}

Result<StatementPtr> Parser::ParseLock() {
  return ParseTableListStatement<LockStmt>(this);
}

}  // namespace blueshift::sql
