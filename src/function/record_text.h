#pragma once

#include <string>
#include <utility>
#include <vector>

#include "function/scalar_function.h"

namespace blueshift {

// Composite values (the rows set-returning functions such as information_schema._pg_expandarray return)
// are text in PostgreSQL's record output form, "(1,2)", "(a,\"b c\",)" (an empty field is NULL). Their
// field names and types travel with the function that made them, as RecordFields.
struct RecordFields {
  std::vector<std::pair<std::string, LogicalType>> fields;
  // The index of a field by name, or -1.
  int Find(const std::string& name) const;
};

inline constexpr const char* kRecordFunctionName = "record";

// ROW(a, b, ...) as record text; data() is the RecordFields. Arguments: the fields' types.
BoundScalarFunction RecordFunction(std::shared_ptr<const RecordFields> fields);

// Field `index` of a record text, cast to `type` (NULL for an empty field). Argument (varchar).
BoundScalarFunction RecordFieldFunction(int index, const LogicalType& type);

}  // namespace blueshift
