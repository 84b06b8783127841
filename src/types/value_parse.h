#pragma once

#include <string_view>

#include "types/logical_type.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift {

// Converts text (a client's text-format parameter, a COPY field, a string cast) to a value of the type,
// with PostgreSQL/Redshift's rules: integers with range checks (22003 "value \"x\" is out of range for type
// integer"), numerics rounded to the scale (22003 "numeric field overflow"), booleans (t/true/yes/on/1 ...),
// floats (incl. NaN, Infinity), dates and timestamps (22007), CHAR padding rules and VARCHAR length
// (22001 "value too long for type character varying(n)"). Leading/trailing spaces are allowed for
// numbers, as in PostgreSQL.
Result<Value> ParseValue(const LogicalType& type, std::string_view text);

}  // namespace blueshift
