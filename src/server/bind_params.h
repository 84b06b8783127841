#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "types/logical_type.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift::server {

// One parameter of a Bind message: its bytes, or nullopt for NULL (length -1).
using RawParam = std::optional<std::string_view>;

// Converts Bind's parameter values to values of the prepared statement's parameter types.
// format_codes: none (all text), one (for all) or one per parameter (08P01 otherwise). Text values go
// through ParseValue (22P02, 22003, 22001 ... as for a literal); binary values in PostgreSQL's binary form of
// every type (docs/format/wire.md): an integer of any width for an integer type (range-checked), NUMERIC
// rounded to the parameter's scale, dates and times from 2000-01-01 (08P01 for a value of the wrong width). A parameter
// count other than types.size() is 08P01.
// declared_oids: the types Parse declared (may be shorter; 0 = none): a binary value is read in its declared
// type's form and then converted to the parameter's type (a binary NUMERIC for a parameter whose context made
// it VARCHAR, say); without a declaration, in the parameter type's form.
Result<std::vector<Value>> DecodeParams(const std::vector<int16_t>& format_codes, const std::vector<RawParam>& raw,
                                        const std::vector<LogicalType>& types,
                                        const std::vector<int32_t>& declared_oids = {});

}  // namespace blueshift::server
