// MERGE INTO target USING source ON cond WHEN MATCHED THEN {UPDATE SET ... | DELETE}
// WHEN NOT MATCHED THEN INSERT [(cols)] VALUES (...), and MERGE ... ON cond REMOVE DUPLICATES.

#include "sql/parser_internal.h"

namespace blueshift::sql {

namespace {

Status ParseMergeAssignments(Parser* p, MergeStmt* stmt) {
  do {
    Assignment a;
    a.location = p->Cur().begin;
    ASSIGN_OR_RETURN(a.column, p->ParseIdent());
    if (!p->Cur().IsOp("=")) return p->SyntaxError();
    p->Advance();
    ASSIGN_OR_RETURN(a.value, p->ParseExpr());
    stmt->assignments.push_back(std::move(a));
  } while (p->AcceptPunct(","));
  return Status::OK();
}

Status ParseMergeInsert(Parser* p, MergeStmt* stmt) {
  RETURN_IF_ERROR(p->ExpectWord("insert"));
  stmt->insert = true;
  if (p->IsPunct("(")) {
    ASSIGN_OR_RETURN(stmt->insert_columns, p->ParseParenIdentList());
  }
  RETURN_IF_ERROR(p->ExpectWord("values"));
  RETURN_IF_ERROR(p->ExpectPunct("("));
  ASSIGN_OR_RETURN(stmt->insert_values, p->ParseExprList());
  return p->ExpectPunct(")");
}

// One WHEN [NOT] MATCHED THEN ... clause; each kind at most once.
Status ParseMergeClause(Parser* p, MergeStmt* stmt) {
  int loc = p->Cur().begin;
  RETURN_IF_ERROR(p->ExpectWord("when"));
  bool negated = p->AcceptWord("not");
  RETURN_IF_ERROR(p->ExpectWord("matched"));
  if (p->Is("and"))
    return p->ErrorAt(ErrorCode::kFeatureNotSupported, "MERGE clauses with extra conditions are not supported",
                      p->Cur().begin);
  RETURN_IF_ERROR(p->ExpectWord("then"));
  if (negated) {
    if (stmt->insert) return p->ErrorAt(ErrorCode::kSyntaxError, "MERGE has more than one NOT MATCHED clause", loc);
    return ParseMergeInsert(p, stmt);
  }
  if (stmt->matched != MergeStmt::Matched::kNone)
    return p->ErrorAt(ErrorCode::kSyntaxError, "MERGE has more than one MATCHED clause", loc);
  if (p->AcceptWord("delete")) {
    stmt->matched = MergeStmt::Matched::kDelete;
    return Status::OK();
  }
  RETURN_IF_ERROR(p->ExpectWord("update"));
  RETURN_IF_ERROR(p->ExpectWord("set"));
  stmt->matched = MergeStmt::Matched::kUpdate;
  return ParseMergeAssignments(p, stmt);
}

}  // namespace

Result<StatementPtr> Parser::ParseMerge() {
  Advance();  // MERGE
  RETURN_IF_ERROR(ExpectWord("into"));
  auto stmt = std::make_unique<MergeStmt>();
  ASSIGN_OR_RETURN(stmt->target, ParseQualifiedName());
  if (AcceptWord("as")) {
    ASSIGN_OR_RETURN(stmt->target_alias, ParseIdent());
  } else if (IsIdentToken() && !Is("using")) {
    stmt->target_alias = Cur().text;
    Advance();
  }
  RETURN_IF_ERROR(ExpectWord("using"));
  ASSIGN_OR_RETURN(stmt->source, ParseTablePrimary());
  RETURN_IF_ERROR(ExpectWord("on"));
  ASSIGN_OR_RETURN(stmt->on, ParseExpr());
  if (Is("remove") && PeekTok().Is("duplicates")) {
    pos_ += 2;
    stmt->remove_duplicates = true;
    return StatementPtr(std::move(stmt));
  }
  RETURN_IF_ERROR(ParseMergeClause(this, stmt.get()));
  RETURN_IF_ERROR(ParseMergeClause(this, stmt.get()));
  if (stmt->matched == MergeStmt::Matched::kNone || !stmt->insert) return SyntaxError();
  return StatementPtr(std::move(stmt));
}

}  // namespace blueshift::sql
