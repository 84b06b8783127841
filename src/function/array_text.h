#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "function/scalar_function.h"

namespace blueshift {

// blueshift has no array column type: the arrays the catalog tables hold (pg_index.indkey, pg_constraint.conkey,
// current_schemas(), ...) are text in PostgreSQL's output forms, and these functions read them:
//   "{1,2}", "{public,\"a b\",NULL}"  an array literal, subscripts from 1;
//   "1 2"                             an int2vector/oidvector, subscripts from 0 (as PostgreSQL numbers them).
struct ArrayText {
  int lower = 1;
  std::vector<std::optional<std::string>> elements;  // nullopt: a NULL element
};

// The type such an array has in expressions: VARCHAR(max).
LogicalType ArrayTextType();

// 22P02 "malformed array literal" for text that is neither form.
Result<ArrayText> ParseArrayText(std::string_view text);

// Checks the strings of a cast to a PostgreSQL array type (LogicalType::PgArray): each is that kind's text
// form (blank-separated for int2vector/oidvector, braces otherwise) with elements of its element type.
// 22P02 "malformed array literal" or the element's conversion error. REQUIRES: v's type is a PgArray.
Status CheckArrayText(const Vector& v, size_t n);

// arr[i]: the element as text; NULL outside the bounds. Arguments (varchar, bigint).
BoundScalarFunction ArraySubscriptFunction();

// The element at 0-based position pos whatever the array's lower bound (for expanding an array into rows);
// NULL outside it. Arguments (varchar, bigint).
BoundScalarFunction ArrayElementFunction();

// The number of elements; 0A000 past `limit` (how far a set-returning function in a select list expands).
// Argument (varchar).
BoundScalarFunction ArrayCountFunction(int64_t limit);

// x op ANY (arr) / x op ALL (arr), with PostgreSQL's NULL rules. Each element is cast to x's type (22P02 when
// it is not a value of that type) and compared with op (=, <>, <, <=, >, >=). Arguments (x's type, varchar).
// 42883 for another operator.
Result<BoundScalarFunction> ArrayQuantifiedFunction(const std::string& op, bool all, const LogicalType& x);

}  // namespace blueshift
