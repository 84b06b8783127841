#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/ast_expr.h"

namespace blueshift::sql {

// A statement's shape: its text with every literal number and string replaced by a marker of its kind, and
// the literals it had. Two texts of the same shape parse alike but for the literals' values (their
// positions may differ), which is what lets a session run an INSERT ... VALUES again without parsing and
// binding it (main/insert_shape_cache.h).
struct StatementShape {
  std::string key;
  // A literal as the parser makes its Constant: kind, value (a string unescaped, a number with its sign)
  // and location (where it starts in the text, at its sign).
  struct Literal {
    ConstKind kind;
    std::string value;
    int location;
  };
  std::vector<Literal> literals;  // in text order
};

// The shape of a text that begins with INSERT (any case, after blanks), or nullopt: for any other text and
// for anything the scan does not read exactly as the lexer does (comments, E'' and dollar quoting,
// parameters, exponents, non-ASCII outside strings, ...). A '-' right after '(' or ',' and before a number
// is the number's sign, as the parser folds it.
std::optional<StatementShape> ScanInsertShape(std::string_view text);

}  // namespace blueshift::sql
