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
// through ParseValue (22P02, 22003, 22001 ... as for a literal); binary values are accepted for
// bool/int2/int4/int8/float4/float8 and the string types (0A000 for other types, 08P01 for a value of the
// wrong width). A parameter count other than types.size() is 08P01.
Result<std::vector<Value>> DecodeParams(const std::vector<int16_t>& format_codes, const std::vector<RawParam>& raw,
                                        const std::vector<LogicalType>& types);

}  // namespace blueshift::server
