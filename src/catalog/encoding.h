#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "types/logical_type.h"

namespace blueshift {

// Column compression encodings, by Redshift's names. How each is laid out on disk is in
// docs/format/block.md; which types each accepts follows Redshift's type matrix.
enum class Encoding : uint8_t {
  kRaw = 0,
  kAz64,
  kByteDict,
  kDelta,
  kDelta32k,
  kLzo,
  kMostly8,
  kMostly16,
  kMostly32,
  kRunLength,
  kText255,
  kText32k,
  kZstd,
};

// "RAW", "AZ64", ... as Redshift spells them in lower case ("raw", "az64") for system views.
const char* EncodingName(Encoding e);
// Case-insensitive; "none" is RAW's synonym.
std::optional<Encoding> ParseEncoding(std::string_view name);
// Whether Redshift accepts the encoding for a column of this type.
bool EncodingAllowed(Encoding e, const LogicalType& type);
// The encoding Redshift gives a column that names none: RAW for sort keys, booleans, floats and temp tables;
// AZ64 for integers, decimals, dates and timestamps; LZO for strings.
Encoding DefaultEncoding(const LogicalType& type, bool is_sortkey, bool temp_table);

}  // namespace blueshift
