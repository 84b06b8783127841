// Session and transaction statements: BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ABORT, SET,
// RESET, SHOW, CANCEL, EXPLAIN.

#include "sql/parser_internal.h"

namespace blueshift::sql {

Result<StatementPtr> Parser::ParseTransaction() {
  auto stmt = std::make_unique<TransactionStmt>();
  bool start = Is("start");
  stmt->txn = (Is("begin") || start)        ? TxnKind::kBegin
              : (Is("commit") || Is("end")) ? TxnKind::kCommit
                                            : TxnKind::kRollback;
  Advance();
  if (start) {
    RETURN_IF_ERROR(ExpectWord("transaction"));
  } else if (!AcceptWord("work")) {
    AcceptWord("transaction");
  }
  if (stmt->txn != TxnKind::kBegin) return StatementPtr(std::move(stmt));
  while (!AtStatementEnd()) {
    if (Is("isolation") && PeekTok().Is("level")) {
      pos_ += 2;
      if (AcceptWord("serializable")) {
        stmt->isolation_level = "serializable";
      } else if (Is("read") && (PeekTok().Is("committed") || PeekTok().Is("uncommitted"))) {
        stmt->isolation_level = "read " + PeekTok().text;
        pos_ += 2;
      } else if (Is("repeatable") && PeekTok().Is("read")) {
        stmt->isolation_level = "repeatable read";
        pos_ += 2;
      } else {
        return SyntaxError();
      }
    } else if (Is("read") && (PeekTok().Is("only") || PeekTok().Is("write"))) {
      stmt->read_only = PeekTok().Is("only");
      pos_ += 2;
    } else {
      return SyntaxError();
    }
    AcceptPunct(",");
  }
  return StatementPtr(std::move(stmt));
}

Result<std::string> Parser::ParseVarName() {
  ASSIGN_OR_RETURN(std::string name, ParseAnyIdent());
  while (AcceptPunct(".")) {
    ASSIGN_OR_RETURN(std::string part, ParseAnyIdent());
    name += "." + part;
  }
  return name;
}

Result<StatementPtr> Parser::ParseSet() {
  Advance();  // SET
  auto stmt = std::make_unique<SetStmt>();
  if (Is("session") && PeekTok().Is("authorization")) {
    pos_ += 2;
    stmt->name = "session_authorization";
  } else {
    if (AcceptWord("session")) {
      stmt->scope = SetStmt::Scope::kSession;
    } else if (AcceptWord("local")) {
      stmt->scope = SetStmt::Scope::kLocal;
    }
    if (Is("time") && PeekTok().Is("zone")) {
      pos_ += 2;
      stmt->name = "timezone";
    } else if (Is("session") && PeekTok().Is("authorization")) {
      pos_ += 2;
      stmt->name = "session_authorization";
    } else {
      ASSIGN_OR_RETURN(stmt->name, ParseVarName());
      if (!AcceptWord("to") && !(Cur().IsOp("=") && (Advance(), true))) return SyntaxError();
    }
  }
  if (AcceptWord("default") || (stmt->name == "timezone" && AcceptWord("local"))) {
    stmt->to_default = true;
    return StatementPtr(std::move(stmt));
  }
  do {
    ASSIGN_OR_RETURN(SetValue v, ParseSetValue());
    stmt->values.push_back(std::move(v));
  } while (AcceptPunct(","));
  return StatementPtr(std::move(stmt));
}

Result<SetValue> Parser::ParseSetValue() {
  SetValue v;
  v.location = Cur().begin;
  std::string sign;
  if (Cur().IsOp("-") || Cur().IsOp("+")) {
    sign = Cur().text == "-" ? "-" : "";
    Advance();
    if (Cur().kind != TokenKind::kInteger && Cur().kind != TokenKind::kDecimal) return SyntaxError();
  }
  switch (Cur().kind) {
    case TokenKind::kString:
      v.kind = SetValue::Kind::kString;
      break;
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
      v.kind = SetValue::Kind::kNumber;
      break;
    case TokenKind::kIdent:
      v.kind = SetValue::Kind::kWord;
      break;
    default:
      return SyntaxError();
  }
  v.text = sign + Cur().text;
  Advance();
  return v;
}

Result<StatementPtr> Parser::ParseReset() {
  Advance();  // RESET
  auto stmt = std::make_unique<ResetStmt>();
  if (Is("time") && PeekTok().Is("zone")) {
    pos_ += 2;
    stmt->name = "timezone";
  } else if (Is("session") && PeekTok().Is("authorization")) {
    pos_ += 2;
    stmt->name = "session_authorization";
  } else {
    ASSIGN_OR_RETURN(stmt->name, ParseVarName());
  }
  return StatementPtr(std::move(stmt));
}

// SHOW DATABASES | SCHEMAS FROM DATABASE d | TABLES FROM SCHEMA [d.]s | COLUMNS FROM TABLE [d.]s.t |
// FUNCTIONS FROM SCHEMA [d.]s, then
// [LIKE 'pattern'] [LIMIT n]. The words are only these listings when what follows fits (SHOW DATABASES
// alone, or FROM); anything else is a setting's name.
Status Parser::ParseShowObjects(ShowStmt* stmt) {
  struct Listing {
    const char* word;
    ShowObjects objects;
    const char* from;
    size_t min_parts, max_parts;
  };
  static constexpr Listing kListings[] = {{"databases", ShowObjects::kDatabases, nullptr, 0, 0},
                                          {"schemas", ShowObjects::kSchemas, "database", 1, 1},
                                          {"tables", ShowObjects::kTables, "schema", 1, 2},
                                          {"columns", ShowObjects::kColumns, "table", 2, 3},
                                          {"functions", ShowObjects::kFunctions, "schema", 1, 2}};
  for (const Listing& l : kListings) {
    if (!Is(l.word)) continue;
    Advance();
    stmt->objects = l.objects;
    if (l.from != nullptr) {
      RETURN_IF_ERROR(ExpectWord("from"));
      RETURN_IF_ERROR(ExpectWord(l.from));
      ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
      if (name.parts.size() < l.min_parts || name.parts.size() > l.max_parts)
        return ErrorAt(ErrorCode::kSyntaxError, "improper qualified name (too many or too few dotted names)",
                       name.location);
      stmt->path = std::move(name.parts);
    }
    if (AcceptWord("like")) {
      ASSIGN_OR_RETURN(std::string pattern, ParseStringLit());
      stmt->like = std::move(pattern);
    }
    if (AcceptWord("limit")) {
      int at = Cur().begin;
      ASSIGN_OR_RETURN(int64_t n, ParseInt64());
      if (n < 0 || n > 10000)
        return ErrorAt(ErrorCode::kInvalidParameterValue, "LIMIT must be between 0 and 10000", at);
      stmt->limit = n;
    }
    return Status::OK();
  }
  return SyntaxError();
}

Result<StatementPtr> Parser::ParseShow() {
  Advance();  // SHOW
  auto stmt = std::make_unique<ShowStmt>();
  bool listing = (Is("databases") && (PeekTok().Is("like") || PeekTok().Is("limit") ||
                                      PeekTok().kind == TokenKind::kEof || PeekTok().IsPunct(";"))) ||
                 ((Is("schemas") || Is("tables") || Is("columns") || Is("functions")) && PeekTok().Is("from"));
  if (listing) {
    RETURN_IF_ERROR(ParseShowObjects(stmt.get()));
  } else if (Is("time") && PeekTok().Is("zone")) {
    pos_ += 2;
    stmt->name = "timezone";
  } else if (Is("transaction") && PeekTok().Is("isolation") && PeekTok(2).Is("level")) {
    pos_ += 3;
    stmt->name = "transaction_isolation";
  } else {
    ASSIGN_OR_RETURN(stmt->name, ParseVarName());
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCancel() {
  Advance();  // CANCEL
  auto stmt = std::make_unique<CancelStmt>();
  if (Cur().kind != TokenKind::kInteger) return SyntaxError();
  stmt->pid = std::stoll(Cur().text.substr(0, 18));
  Advance();
  if (Cur().kind == TokenKind::kString) {
    stmt->message = Cur().text;
    Advance();
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseExplain() {
  Advance();  // EXPLAIN
  auto stmt = std::make_unique<ExplainStmt>();
  while (true) {
    if (AcceptWord("verbose")) {
      stmt->verbose = true;
    } else if (AcceptWord("analyze") || AcceptWord("analyse")) {
      stmt->analyze = true;
    } else {
      break;
    }
  }
  int begin = Cur().begin;
  if (AtStatementEnd()) return SyntaxError();
  size_t first = pos_;
  ASSIGN_OR_RETURN(stmt->statement, ParseStatement());
  // As PostgreSQL's grammar: only statements that run a plan can be explained; anything else is a syntax
  // error at its first word.
  const Statement& target = *stmt->statement;
  bool explainable = target.kind == StmtKind::kSelect || target.kind == StmtKind::kInsert ||
                     target.kind == StmtKind::kUpdate || target.kind == StmtKind::kDelete ||
                     target.kind == StmtKind::kMerge ||
                     (target.kind == StmtKind::kCreateTable && target.As<CreateTableStmt>().as_query);
  if (!explainable) {
    const Token& t = tokens_[first];
    return ErrorAt(ErrorCode::kSyntaxError,
                   "syntax error at or near \"" + std::string(text_.substr(t.begin, t.end - t.begin)) + "\"", t.begin);
  }
  stmt->statement->location = stmt->statement->text_begin = begin;
  stmt->statement->text_end = tokens_[pos_ - 1].end;
  return StatementPtr(std::move(stmt));
}

}  // namespace blueshift::sql
