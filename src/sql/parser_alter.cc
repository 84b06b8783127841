// ALTER TABLE in Redshift's forms: ADD/DROP COLUMN, RENAME, ALTER COLUMN TYPE/ENCODE, ALTER DISTSTYLE/
// DISTKEY/SORTKEY/ENCODE AUTO, OWNER TO, ADD/DROP CONSTRAINT and APPEND FROM.

#include <cctype>

#include "sql/parser_internal.h"

namespace blueshift::sql {

Result<StatementPtr> Parser::ParseAlterTable() {
  Advance();  // ALTER
  Advance();  // TABLE
  auto stmt = std::make_unique<AlterTableStmt>();
  ASSIGN_OR_RETURN(stmt->table, ParseQualifiedName());
  if (AcceptWord("add")) {
    RETURN_IF_ERROR(ParseAlterAdd(stmt.get()));
  } else if (AcceptWord("drop")) {
    RETURN_IF_ERROR(ParseAlterDrop(stmt.get()));
  } else if (AcceptWord("rename")) {
    RETURN_IF_ERROR(ParseAlterRename(stmt.get()));
  } else if (AcceptWord("alter")) {
    RETURN_IF_ERROR(ParseAlterAlter(stmt.get()));
  } else if (AcceptWord("owner")) {
    RETURN_IF_ERROR(ExpectWord("to"));
    stmt->action = AlterTableAction::kOwnerTo;
    ASSIGN_OR_RETURN(stmt->new_name, ParseIdent());
  } else if (AcceptWord("append")) {
    RETURN_IF_ERROR(ExpectWord("from"));
    stmt->action = AlterTableAction::kAppendFrom;
    ASSIGN_OR_RETURN(stmt->source, ParseQualifiedName());
    if (AcceptWord("ignoreextra")) {
      stmt->ignore_extra = true;
    } else if (AcceptWord("filltarget")) {
      stmt->fill_target = true;
    }
  } else {
    return SyntaxError();
  }
  return StatementPtr(std::move(stmt));
}

Status Parser::ParseAlterAdd(AlterTableStmt* stmt) {
  if (Is("constraint") || Is("primary") || Is("unique") || Is("foreign")) {
    stmt->action = AlterTableAction::kAddConstraint;
    ASSIGN_OR_RETURN(stmt->constraint, ParseTableConstraint());
    return Status::OK();
  }
  AcceptWord("column");
  stmt->action = AlterTableAction::kAddColumn;
  ASSIGN_OR_RETURN(stmt->column_def, ParseColumnDef());
  return Status::OK();
}

Status Parser::ParseAlterDrop(AlterTableStmt* stmt) {
  if (AcceptWord("constraint")) {
    stmt->action = AlterTableAction::kDropConstraint;
    ASSIGN_OR_RETURN(stmt->new_name, ParseIdent());
  } else {
    AcceptWord("column");
    stmt->action = AlterTableAction::kDropColumn;
    ASSIGN_OR_RETURN(stmt->column, ParseIdent());
  }
  if (AcceptWord("cascade")) {
    stmt->behavior = DropBehavior::kCascade;
  } else if (AcceptWord("restrict")) {
    stmt->behavior = DropBehavior::kRestrict;
  }
  return Status::OK();
}

Status Parser::ParseAlterRename(AlterTableStmt* stmt) {
  if (AcceptWord("to")) {
    stmt->action = AlterTableAction::kRenameTable;
    ASSIGN_OR_RETURN(stmt->new_name, ParseIdent());
    return Status::OK();
  }
  AcceptWord("column");
  stmt->action = AlterTableAction::kRenameColumn;
  ASSIGN_OR_RETURN(stmt->column, ParseIdent());
  RETURN_IF_ERROR(ExpectWord("to"));
  ASSIGN_OR_RETURN(stmt->new_name, ParseIdent());
  return Status::OK();
}

// After ALTER TABLE t ALTER: COLUMN ..., DISTSTYLE ..., DISTKEY c, [COMPOUND] SORTKEY (...), SORTKEY AUTO|NONE,
// ENCODE AUTO.
Status Parser::ParseAlterAlter(AlterTableStmt* stmt) {
  if (AcceptWord("column")) return ParseAlterColumn(stmt);
  if (AcceptWord("diststyle")) {
    stmt->action = AlterTableAction::kAlterDistStyle;
    if (AcceptWord("all")) {
      stmt->diststyle = DistStyle::kAll;
    } else if (AcceptWord("even")) {
      stmt->diststyle = DistStyle::kEven;
    } else if (AcceptWord("auto")) {
      stmt->diststyle = DistStyle::kAuto;
    } else if (AcceptWord("key")) {
      stmt->diststyle = DistStyle::kKey;
      RETURN_IF_ERROR(ExpectWord("distkey"));
      ASSIGN_OR_RETURN(stmt->column, ParseIdent());
    } else {
      return SyntaxError();
    }
    return Status::OK();
  }
  if (AcceptWord("distkey")) {
    stmt->action = AlterTableAction::kAlterDistKey;
    ASSIGN_OR_RETURN(stmt->column, ParseIdent());
    return Status::OK();
  }
  if (Is("encode") && PeekTok().Is("auto")) {
    pos_ += 2;
    stmt->action = AlterTableAction::kAlterEncodeAuto;
    return Status::OK();
  }
  AcceptWord("compound");
  RETURN_IF_ERROR(ExpectWord("sortkey"));
  stmt->action = AlterTableAction::kAlterSortKey;
  if (AcceptWord("auto")) {
    stmt->sortkey_kind = SortKeyKind::kAuto;
    return Status::OK();
  }
  if (AcceptWord("none")) return Status::OK();
  stmt->sortkey_kind = SortKeyKind::kCompound;
  ASSIGN_OR_RETURN(stmt->sortkey, ParseParenIdentList());
  return Status::OK();
}

// ALTER COLUMN c TYPE t, or ALTER COLUMN c ENCODE e [, ALTER COLUMN c2 ENCODE e2 ...].
Status Parser::ParseAlterColumn(AlterTableStmt* stmt) {
  ASSIGN_OR_RETURN(stmt->column, ParseIdent());
  if (AcceptWord("type")) {
    stmt->action = AlterTableAction::kAlterColumnType;
    ASSIGN_OR_RETURN(stmt->type, ParseTypeName());
    return Status::OK();
  }
  stmt->action = AlterTableAction::kAlterColumnEncode;
  while (true) {
    RETURN_IF_ERROR(ExpectWord("encode"));
    ASSIGN_OR_RETURN(std::string enc, ParseAnyIdent());
    for (auto& ch : enc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    stmt->encodes.emplace_back(stmt->column, std::move(enc));
    if (!AcceptPunct(",")) return Status::OK();
    RETURN_IF_ERROR(ExpectWord("alter"));
    RETURN_IF_ERROR(ExpectWord("column"));
    ASSIGN_OR_RETURN(stmt->column, ParseIdent());
  }
}

}  // namespace blueshift::sql
