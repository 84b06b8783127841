// CREATE TABLE: column definitions with Redshift's any-order column attributes, table constraints, LIKE,
// table attributes (BACKUP, DISTSTYLE, DISTKEY, SORTKEY, ENCODE AUTO) and CREATE TABLE AS.

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

Status Invalid(const Parser& p, const std::string& message, int location) {
  return p.ErrorAt(ErrorCode::kInvalidTableDefinition, message, location);
}

}  // namespace

Result<StatementPtr> Parser::ParseCreateTable(bool temp) {
  auto stmt = std::make_unique<CreateTableStmt>();
  stmt->location = tokens_[0].begin;
  Advance();  // TABLE
  stmt->temp = temp;
  if (Is("if")) {
    Advance();
    RETURN_IF_ERROR(ExpectWord("not"));
    RETURN_IF_ERROR(ExpectWord("exists"));
    stmt->if_not_exists = true;
  }
  ASSIGN_OR_RETURN(stmt->name, ParseQualifiedName());
  stmt->location = stmt->name.location;
  if (stmt->name.name()[0] == '#') stmt->temp = true;
  bool ctas_names =
      IsPunct("(") && PeekTok().kind == TokenKind::kIdent && (PeekTok(2).IsPunct(",") || PeekTok(2).IsPunct(")"));
  bool has_elements = IsPunct("(") && !ctas_names;
  if (ctas_names) {
    ASSIGN_OR_RETURN(stmt->ctas_columns, ParseParenIdentList());
  } else if (has_elements) {
    RETURN_IF_ERROR(ParseTableElements(stmt.get()));
  }
  RETURN_IF_ERROR(ParseTableAttributes(&stmt->attributes, !has_elements));
  if (!has_elements) {
    RETURN_IF_ERROR(ExpectWord("as"));
    ASSIGN_OR_RETURN(stmt->as_query, ParseQuery());
  }
  RETURN_IF_ERROR(ValidateCreateTable(*stmt));
  return StatementPtr(std::move(stmt));
}

Status Parser::ParseTableElements(CreateTableStmt* stmt) {
  Advance();  // (
  do {
    RETURN_IF_ERROR(ParseTableElement(stmt));
  } while (AcceptPunct(","));
  return ExpectPunct(")");
}

Status Parser::ParseTableElement(CreateTableStmt* stmt) {
  if (AcceptWord("like")) {
    if (stmt->like) return SyntaxError();
    ASSIGN_OR_RETURN(stmt->like, ParseQualifiedName());
    if (Is("including") || Is("excluding")) {
      stmt->like_including_defaults = Is("including");
      Advance();
      RETURN_IF_ERROR(ExpectWord("defaults"));
    }
    return Status::OK();
  }
  if (Is("constraint") || Is("primary") || Is("unique") || Is("foreign")) {
    ASSIGN_OR_RETURN(TableConstraint c, ParseTableConstraint());
    stmt->constraints.push_back(std::move(c));
    return Status::OK();
  }
  ASSIGN_OR_RETURN(ColumnDef col, ParseColumnDef());
  stmt->columns.push_back(std::move(col));
  return Status::OK();
}

Result<ColumnDef> Parser::ParseColumnDef() {
  ColumnDef col;
  col.location = Cur().begin;
  ASSIGN_OR_RETURN(col.name, ParseIdent());
  ASSIGN_OR_RETURN(col.type, ParseTypeName());
  bool matched = true;
  while (matched) {
    RETURN_IF_ERROR(ParseColumnAttribute(&col, &matched));
  }
  return col;
}

// One column attribute or column constraint; *matched is false when the current token starts none.
Status Parser::ParseColumnAttribute(ColumnDef* col, bool* matched) {
  *matched = true;
  int loc = Cur().begin;
  if (AcceptWord("default")) {
    if (col->default_value) {
      return ErrorAt(ErrorCode::kSyntaxError, "multiple default values specified for column \"" + col->name + "\"",
                     loc);
    }
    ASSIGN_OR_RETURN(col->default_value, ParseExpr());
    // "DEFAULT 'a' COLLATE CASE_INSENSITIVE": the COLLATE is the column attribute, not part of the value.
    if (col->default_value->kind == ExprKind::kCollate) {
      auto& c = col->default_value->As<Collate>();
      if (c.collation.size() == 1 && (c.collation[0] == "case_sensitive" || c.collation[0] == "case_insensitive")) {
        col->collate = c.collation[0];
        ExprPtr arg = std::move(c.arg);
        col->default_value = std::move(arg);
      }
    }
  } else if (Is("identity") || Is("generated")) {
    if (col->identity) return ErrorAt(ErrorCode::kSyntaxError, "multiple identity specifications", loc);
    bool by_default = Is("generated");
    Advance();
    ASSIGN_OR_RETURN(col->identity, ParseIdentityArgs(by_default));
  } else if (AcceptWord("encode")) {
    ASSIGN_OR_RETURN(col->encode, ParseAnyIdent());
  } else if (AcceptWord("distkey")) {
    col->distkey = true;
  } else if (AcceptWord("sortkey")) {
    col->sortkey = true;
  } else if (Is("not") && PeekTok().Is("null")) {
    pos_ += 2;
    if (col->nullability == Nullability::kNull) {
      return ErrorAt(ErrorCode::kSyntaxError, "conflicting NULL/NOT NULL declarations for column \"" + col->name + "\"",
                     loc);
    }
    col->nullability = Nullability::kNotNull;
  } else if (AcceptWord("null")) {
    if (col->nullability == Nullability::kNotNull) {
      return ErrorAt(ErrorCode::kSyntaxError, "conflicting NULL/NOT NULL declarations for column \"" + col->name + "\"",
                     loc);
    }
    col->nullability = Nullability::kNull;
  } else if (Is("primary") && PeekTok().Is("key")) {
    pos_ += 2;
    col->primary_key = true;
  } else if (AcceptWord("unique")) {
    col->unique = true;
  } else if (AcceptWord("references")) {
    ASSIGN_OR_RETURN(col->references, ParseQualifiedName());
    if (AcceptPunct("(")) {
      ASSIGN_OR_RETURN(col->references_column, ParseIdent());
      RETURN_IF_ERROR(ExpectPunct(")"));
    }
  } else if (AcceptWord("collate")) {
    if (!(Is("case_sensitive") || Is("case_insensitive"))) return SyntaxError();
    col->collate = Cur().text;
    Advance();
  } else {
    *matched = false;
  }
  return Status::OK();
}

// IDENTITY(seed, step) or, after GENERATED, BY DEFAULT AS IDENTITY(seed, step).
Result<Identity> Parser::ParseIdentityArgs(bool by_default) {
  Identity identity;
  identity.generated_by_default = by_default;
  if (by_default) {
    RETURN_IF_ERROR(ExpectWord("by"));
    RETURN_IF_ERROR(ExpectWord("default"));
    RETURN_IF_ERROR(ExpectWord("as"));
    RETURN_IF_ERROR(ExpectWord("identity"));
  }
  RETURN_IF_ERROR(ExpectPunct("("));
  ASSIGN_OR_RETURN(identity.seed, ParseInt64());
  RETURN_IF_ERROR(ExpectPunct(","));
  ASSIGN_OR_RETURN(identity.step, ParseInt64());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return identity;
}

Result<TableConstraint> Parser::ParseTableConstraint() {
  TableConstraint c;
  c.location = Cur().begin;
  if (AcceptWord("constraint")) {
    ASSIGN_OR_RETURN(c.name, ParseIdent());
  }
  if (Is("primary") && PeekTok().Is("key")) {
    pos_ += 2;
    c.kind = TableConstraint::Kind::kPrimaryKey;
  } else if (AcceptWord("unique")) {
    c.kind = TableConstraint::Kind::kUnique;
  } else if (Is("foreign") && PeekTok().Is("key")) {
    pos_ += 2;
    c.kind = TableConstraint::Kind::kForeignKey;
  } else {
    return SyntaxError();
  }
  ASSIGN_OR_RETURN(c.columns, ParseParenIdentList());
  if (c.kind != TableConstraint::Kind::kForeignKey) return c;
  RETURN_IF_ERROR(ExpectWord("references"));
  ASSIGN_OR_RETURN(c.ref_table, ParseQualifiedName());
  if (IsPunct("(")) {
    ASSIGN_OR_RETURN(c.ref_columns, ParseParenIdentList());
  }
  return c;
}

// Table attributes in any order. With `ctas`, DISTKEY may name a 1-based column position.
Status Parser::ParseTableAttributes(TableAttributes* attrs, bool ctas) {
  while (true) {
    int loc = Cur().begin;
    if (AcceptWord("backup")) {
      if (attrs->backup) return Invalid(*this, "BACKUP specified more than once", loc);
      if (!(Is("yes") || Is("no"))) return SyntaxError();
      attrs->backup = Is("yes");
      Advance();
    } else if (AcceptWord("diststyle")) {
      if (attrs->diststyle != DistStyle::kUnspecified) return Invalid(*this, "DISTSTYLE specified more than once", loc);
      if (Is("auto"))
        attrs->diststyle = DistStyle::kAuto;
      else if (Is("even"))
        attrs->diststyle = DistStyle::kEven;
      else if (Is("key"))
        attrs->diststyle = DistStyle::kKey;
      else if (Is("all"))
        attrs->diststyle = DistStyle::kAll;
      else
        return SyntaxError();
      Advance();
    } else if (AcceptWord("distkey")) {
      if (!attrs->distkey.empty()) return Invalid(*this, "DISTKEY specified more than once", loc);
      RETURN_IF_ERROR(ExpectPunct("("));
      if (ctas && Cur().kind == TokenKind::kInteger) {
        attrs->distkey = Cur().text;
        Advance();
      } else {
        ASSIGN_OR_RETURN(attrs->distkey, ParseIdent());
      }
      RETURN_IF_ERROR(ExpectPunct(")"));
    } else if (Is("compound") || Is("interleaved") || Is("sortkey")) {
      SortKeyKind kind = Is("interleaved") ? SortKeyKind::kInterleaved : SortKeyKind::kCompound;
      if (!Is("sortkey")) Advance();
      RETURN_IF_ERROR(ExpectWord("sortkey"));
      if (attrs->sortkey_kind != SortKeyKind::kUnspecified) {
        return Invalid(*this, "SORTKEY specified more than once", loc);
      }
      RETURN_IF_ERROR(ParseSortKeyAttribute(attrs, kind));
    } else if (Is("encode") && PeekTok().Is("auto")) {
      pos_ += 2;
      attrs->encode_auto = true;
    } else {
      return Status::OK();
    }
  }
}

Status Parser::ParseSortKeyAttribute(TableAttributes* attrs, SortKeyKind kind) {
  if (kind == SortKeyKind::kCompound && Is("auto")) {
    Advance();
    attrs->sortkey_kind = SortKeyKind::kAuto;
    return Status::OK();
  }
  RETURN_IF_ERROR(ExpectPunct("("));
  do {
    if (Cur().kind == TokenKind::kInteger) {
      attrs->sortkey.push_back(Cur().text);
      Advance();
    } else {
      ASSIGN_OR_RETURN(std::string col, ParseIdent());
      attrs->sortkey.push_back(std::move(col));
    }
  } while (AcceptPunct(","));
  attrs->sortkey_kind = kind;
  return ExpectPunct(")");
}

// Contradictions visible without the catalog. Column names are checked by the binder.
Status Parser::ValidateCreateTable(const CreateTableStmt& stmt) const {
  int loc = stmt.name.location;
  const TableAttributes& a = stmt.attributes;
  int distkeys = a.distkey.empty() ? 0 : 1, sortkeys = 0, pks = 0;
  for (const ColumnDef& col : stmt.columns) {
    distkeys += col.distkey;
    sortkeys += col.sortkey;
    pks += col.primary_key;
  }
  for (const TableConstraint& c : stmt.constraints) pks += c.kind == TableConstraint::Kind::kPrimaryKey;
  if (distkeys > 1)
    return Invalid(*this, "Multiple DISTKEY columns are not allowed. Only one column can be the DISTKEY", loc);
  if (distkeys == 1 && a.diststyle != DistStyle::kUnspecified && a.diststyle != DistStyle::kKey) {
    return Invalid(*this, "DISTKEY can only be used with DISTSTYLE KEY", loc);
  }
  if (a.diststyle == DistStyle::kKey && distkeys == 0 && !stmt.as_query) {
    return Invalid(*this, "DISTSTYLE KEY requires a DISTKEY column", loc);
  }
  if (sortkeys > 1) return Invalid(*this, "Only one column can be defined as a column-level SORTKEY", loc);
  if (sortkeys == 1 && a.sortkey_kind != SortKeyKind::kUnspecified) {
    return Invalid(*this, "SORTKEY cannot be specified both on a column and for the table", loc);
  }
  if (a.sortkey_kind == SortKeyKind::kInterleaved && a.sortkey.size() > 8) {
    return Invalid(*this, "An INTERLEAVED SORTKEY can have at most 8 columns", loc);
  }
  if (pks > 1) {
    return Invalid(*this, "multiple primary keys for table \"" + stmt.name.name() + "\" are not allowed", loc);
  }
  if (stmt.like && (!stmt.columns.empty() || !stmt.constraints.empty())) {
    return Invalid(*this, "LIKE cannot be combined with column definitions", loc);
  }
  return Status::OK();
}

}  // namespace blueshift::sql
