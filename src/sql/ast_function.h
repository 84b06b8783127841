#pragma once

#include <string>
#include <vector>

#include "sql/ast_expr.h"
#include "sql/ast_stmt.h"

namespace blueshift::sql {

// CREATE [OR REPLACE] FUNCTION, DROP FUNCTION and ALTER FUNCTION ... RENAME TO / OWNER TO
// (StmtKind::kFunction). Names are case-folded; argument names (Python UDFs, DROP FUNCTION) are dropped:
// only the argument types identify a function.
enum class FunctionAction { kCreate, kDrop, kRename, kOwner };

struct FunctionStmt : Statement {
  FunctionStmt() : Statement(StmtKind::kFunction) {}
  FunctionAction action = FunctionAction::kCreate;
  QualifiedName name;
  std::vector<TypeName> arg_types;
  // CREATE only.
  bool or_replace = false;
  TypeName return_type;
  std::string volatility;  // "volatile", "stable" or "immutable"
  std::string body;        // the text of the AS string (dollar-quoted or not)
  int body_location = -1;  // of the AS string
  std::string language;    // lower case: "sql", "plpythonu", ...
  int language_location = -1;
  // DROP only.
  DropBehavior behavior = DropBehavior::kDefault;
  // ALTER only: the new name (RENAME TO) or owner (OWNER TO).
  std::string target;
};

}  // namespace blueshift::sql
