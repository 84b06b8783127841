#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sql/ast.h"
#include "util/status.h"

namespace blueshift::sql {

// Parses a string holding zero or more ';'-separated statements (empty statements are skipped). On error,
// returns kSyntaxError (or kInvalidTableDefinition for contradictory table attributes) with a 1-based
// character position into `text`. The returned tree does not point into `text`.
Result<std::vector<std::unique_ptr<Statement>>> Parse(std::string_view text);

// True for words that cannot be used as a bare column or table alias (SELECT, FROM, JOIN, QUALIFY ...).
// `word` must be lower case.
bool IsKeywordReserved(std::string_view word);

}  // namespace blueshift::sql
