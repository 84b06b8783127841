#pragma once

#include <string>
#include <vector>

#include "types/vector.h"

namespace blueshift {

// Encodes the values of one row across several columns as bytes such that two rows get equal keys exactly
// when their values are equal under GROUP BY / join equality (NULLs equal each other here: callers that
// need SQL's NULL <> NULL check for nulls first). CHAR and VARCHAR values compare without trailing blanks.
void AppendRowKey(const std::vector<const Vector*>& columns, size_t row, std::string* key);

// True when any of the row's values is NULL.
bool RowHasNull(const std::vector<const Vector*>& columns, size_t row);

}  // namespace blueshift
