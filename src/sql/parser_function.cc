// CREATE [OR REPLACE] FUNCTION name ( [ [arg_name] type [, ...] ] ) RETURNS type
//   { VOLATILE | STABLE | IMMUTABLE } AS $$ body $$ LANGUAGE { sql | plpythonu }   (the clauses after RETURNS in
//   any order, as PostgreSQL takes them);
// DROP FUNCTION name ( [ [arg_name] type [, ...] ] ) [ CASCADE | RESTRICT ];
// ALTER FUNCTION name ( [types] ) { RENAME TO new_name | OWNER TO user }.

#include "sql/ast_function.h"
#include "sql/parser_internal.h"

namespace blueshift::sql {

bool Parser::IsFunctionStatement() const {
  if (Is("create") && PeekTok().Is("or") && PeekTok(2).Is("replace")) return PeekTok(3).Is("function");
  return (Is("create") || Is("drop") || Is("alter")) && PeekTok().Is("function");
}

Result<std::vector<TypeName>> Parser::ParseFunctionArgTypes() {
  RETURN_IF_ERROR(ExpectPunct("("));
  std::vector<TypeName> types;
  if (AcceptPunct(")")) return types;
  do {
    // "[arg_name] type": a type followed by more than ',' or ')' was the argument's name.
    size_t start = pos_;
    auto type = ParseTypeName();
    if (!type.ok() || (!IsPunct(",") && !IsPunct(")"))) {
      pos_ = start;
      RETURN_IF_ERROR(ParseIdent().status());
      ASSIGN_OR_RETURN(type, ParseTypeName());
    }
    types.push_back(std::move(type).value());
  } while (AcceptPunct(","));
  RETURN_IF_ERROR(ExpectPunct(")"));
  return types;
}

Status Parser::ParseCreateFunctionClause(FunctionStmt* stmt) {
  for (const char* v : {"volatile", "stable", "immutable"}) {
    if (AcceptWord(v)) {
      stmt->volatility = v;
      return Status::OK();
    }
  }
  if (AcceptWord("as")) {
    stmt->body_location = Cur().begin;
    ASSIGN_OR_RETURN(stmt->body, ParseStringLit());
    return Status::OK();
  }
  if (Is("language")) {
    Advance();
    stmt->language_location = Cur().begin;
    if (Cur().kind == TokenKind::kString) {
      ASSIGN_OR_RETURN(stmt->language, ParseStringLit());
      for (char& c : stmt->language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      ASSIGN_OR_RETURN(stmt->language, ParseAnyIdent());
    }
    return Status::OK();
  }
  return SyntaxError();
}

Result<StatementPtr> Parser::ParseFunctionStatement() {
  auto stmt = std::make_unique<FunctionStmt>();
  stmt->action = Is("create") ? FunctionAction::kCreate : Is("drop") ? FunctionAction::kDrop : FunctionAction::kRename;
  Advance();
  if (stmt->action == FunctionAction::kCreate && AcceptWord("or")) {
    RETURN_IF_ERROR(ExpectWord("replace"));
    stmt->or_replace = true;
  }
  RETURN_IF_ERROR(ExpectWord("function"));
  ASSIGN_OR_RETURN(stmt->name, ParseQualifiedName());
  ASSIGN_OR_RETURN(stmt->arg_types, ParseFunctionArgTypes());
  if (stmt->action == FunctionAction::kDrop) {
    if (AcceptWord("cascade")) {
      stmt->behavior = DropBehavior::kCascade;
    } else if (AcceptWord("restrict")) {
      stmt->behavior = DropBehavior::kRestrict;
    }
  } else if (stmt->action == FunctionAction::kRename) {
    if (AcceptWord("owner"))
      stmt->action = FunctionAction::kOwner;
    else
      RETURN_IF_ERROR(ExpectWord("rename"));
    RETURN_IF_ERROR(ExpectWord("to"));
    ASSIGN_OR_RETURN(stmt->target, ParseIdent());
  } else {
    RETURN_IF_ERROR(ExpectWord("returns"));
    ASSIGN_OR_RETURN(stmt->return_type, ParseTypeName());
    while (!AtStatementEnd()) RETURN_IF_ERROR(ParseCreateFunctionClause(stmt.get()));
    if (stmt->body_location < 0)
      return ErrorAt(ErrorCode::kInvalidFunctionDefinition, "no function body specified", Cur().begin);
    if (stmt->language.empty()) return ErrorAt(ErrorCode::kSyntaxError, "no language specified", Cur().begin);
  }
  if (!AtStatementEnd()) return SyntaxError();
  return StatementPtr(std::move(stmt));
}

}  // namespace blueshift::sql
