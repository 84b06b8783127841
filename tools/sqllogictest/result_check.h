#pragma once

#include <string>
#include <vector>

#include "connection.h"
#include "test_file.h"

namespace blueshift::slt {

using Rows = std::vector<std::vector<std::string>>;

// Puts actual rows in the form they are compared in: R columns printed with three decimals, then sorted
// as the record asks. REQUIRES: every row has types.size() values.
Rows NormalizeActual(const Rows& rows, const Record& record);

// Splits the expected lines into rows of values (tab-separated; a line with no tab splits on single
// spaces when that gives exactly the column count; one value per line when the line count is
// rows × columns) and normalizes them like NormalizeActual. False with *error when the lines do not fit the
// column count.
bool ParseExpected(const Record& record, Rows* rows, std::string* error);

// Whether actual rows are the expected ones: equal values, or an expected value "<REGEX>:pattern" whose
// ECMAScript regex matches the whole actual value (for values that vary between runs, such as times).
bool RowsMatch(const Rows& expected, const Rows& actual);

// Renders rows as the lines a test file would hold (tab-separated).
std::string RenderRows(const Rows& rows);

// Whether an error matches what a statement error record expects: empty matches any error; five
// characters of SQLSTATE form match the SQLSTATE, optionally followed by text that must occur in the
// message; "<REGEX>:pattern" searches the message with an ECMAScript regex; anything else must occur in
// the message.
bool ErrorMatches(const std::string& expected, const QueryResult& result);

}  // namespace blueshift::slt
