// CREATE SCHEMA / TABLE / VIEW and DROP. Column definitions and table attributes are in
// parser_create_table.cc.

#include "sql/parser_internal.h"

namespace blueshift::sql {

Result<StatementPtr> Parser::ParseCreate() {
  size_t start = pos_;
  Advance();  // CREATE
  bool or_replace = false;
  if (Is("or") && PeekTok().Is("replace")) {
    pos_ += 2;
    or_replace = true;
  }
  if (Is("view")) return ParseCreateView(or_replace);
  if (!or_replace && Is("schema")) return ParseCreateSchema();
  bool local = !or_replace && AcceptWord("local");
  bool temp = !or_replace && (AcceptWord("temporary") || AcceptWord("temp"));
  if (local && !temp) return SyntaxError();
  if (Is("table")) return ParseCreateTable(temp);
  if (temp) return SyntaxError();
  pos_ = start;
  return ParseUnsupported();
}

Result<StatementPtr> Parser::ParseCreateSchema() {
  Advance();  // SCHEMA
  auto stmt = std::make_unique<CreateSchemaStmt>();
  if (Is("if")) {
    Advance();
    RETURN_IF_ERROR(ExpectWord("not"));
    RETURN_IF_ERROR(ExpectWord("exists"));
    stmt->if_not_exists = true;
  }
  if (!Is("authorization")) {
    ASSIGN_OR_RETURN(stmt->name, ParseIdent());
  }
  if (AcceptWord("authorization")) {
    ASSIGN_OR_RETURN(stmt->authorization, ParseIdent());
  } else if (stmt->name.empty()) {
    return SyntaxError();
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseCreateView(bool or_replace) {
  Advance();  // VIEW
  auto stmt = std::make_unique<CreateViewStmt>();
  stmt->or_replace = or_replace;
  ASSIGN_OR_RETURN(stmt->name, ParseQualifiedName());
  if (IsPunct("(")) {
    ASSIGN_OR_RETURN(stmt->columns, ParseParenIdentList());
  }
  RETURN_IF_ERROR(ExpectWord("as"));
  ASSIGN_OR_RETURN(stmt->query, ParseQuery());
  if (AcceptWord("with")) {
    RETURN_IF_ERROR(ExpectWord("no"));
    RETURN_IF_ERROR(ExpectWord("schema"));
    RETURN_IF_ERROR(ExpectWord("binding"));
    stmt->no_schema_binding = true;
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> Parser::ParseDrop() {
  size_t start = pos_;
  Advance();  // DROP
  auto stmt = std::make_unique<DropStmt>();
  if (AcceptWord("table")) {
    stmt->object_type = ObjectType::kTable;
  } else if (AcceptWord("view")) {
    stmt->object_type = ObjectType::kView;
  } else if (AcceptWord("schema")) {
    stmt->object_type = ObjectType::kSchema;
  } else {
    pos_ = start;
    return ParseUnsupported();
  }
  if (Is("if") && PeekTok().Is("exists")) {
    pos_ += 2;
    stmt->if_exists = true;
  }
  do {
    ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
    if (stmt->object_type == ObjectType::kSchema && name.parts.size() > 1) {
      return ErrorAt(ErrorCode::kSyntaxError, "improper qualified name (too many dotted names)", name.location);
    }
    stmt->names.push_back(std::move(name));
  } while (AcceptPunct(","));
  if (AcceptWord("cascade")) {
    stmt->behavior = DropBehavior::kCascade;
  } else if (AcceptWord("restrict")) {
    stmt->behavior = DropBehavior::kRestrict;
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace blueshift::sql
