#pragma once

// Parse trees of ALTER TABLE and MERGE (parser_alter.cc, parser_merge.cc). Same conventions as ast_stmt.h.

#include <string>
#include <vector>

#include "sql/ast_stmt.h"

namespace blueshift::sql {

enum class AlterTableAction {
  kAddColumn,          // column_def
  kDropColumn,         // column, behavior
  kRenameTable,        // new_name
  kRenameColumn,       // column, new_name
  kAlterColumnType,    // column, type
  kAlterColumnEncode,  // encodes
  kAlterDistStyle,     // diststyle (and column for KEY)
  kAlterDistKey,       // column
  kAlterSortKey,       // sortkey_kind, sortkey
  kAlterEncodeAuto,
  kOwnerTo,         // new_name
  kAddConstraint,   // constraint
  kDropConstraint,  // new_name (the constraint's name), behavior
  kAppendFrom,      // source, ignore_extra, fill_target
};

struct AlterTableStmt : Statement {
  AlterTableStmt() : Statement(StmtKind::kAlterTable) {}
  QualifiedName table;
  AlterTableAction action = AlterTableAction::kAddColumn;
  ColumnDef column_def;
  std::string column;
  std::string new_name;
  TypeName type;
  std::vector<std::pair<std::string, std::string>> encodes;  // (column, encoding in lower case)
  DistStyle diststyle = DistStyle::kUnspecified;
  SortKeyKind sortkey_kind = SortKeyKind::kUnspecified;  // kAuto; kUnspecified for SORTKEY NONE
  std::vector<std::string> sortkey;
  TableConstraint constraint;
  DropBehavior behavior = DropBehavior::kDefault;
  QualifiedName source;
  bool ignore_extra = false;
  bool fill_target = false;
};

// MERGE INTO target USING source ON cond WHEN MATCHED THEN {UPDATE SET ... | DELETE}
// WHEN NOT MATCHED THEN INSERT [(cols)] VALUES (...); or the simplified MERGE ... REMOVE DUPLICATES.
struct MergeStmt : Statement {
  MergeStmt() : Statement(StmtKind::kMerge) {}
  QualifiedName target;
  std::string target_alias;
  TableRefPtr source;  // a table (with alias); subqueries are rejected by the binder, as Redshift does
  ExprPtr on;
  bool remove_duplicates = false;
  enum class Matched { kNone, kUpdate, kDelete } matched = Matched::kNone;
  std::vector<Assignment> assignments;  // kUpdate
  bool insert = false;
  std::vector<std::string> insert_columns;
  ExprList insert_values;
};

}  // namespace blueshift::sql
