#pragma once

#include <string>
#include <string_view>

#include "types/logical_type.h"
#include "util/status.h"

namespace blueshift::server {

// PostgreSQL's binary NUMERIC (docs/format/wire.md, "Binary values"): int16 ndigits, int16 weight, int16 sign
// (0x0000 positive, 0x4000 negative, 0xC000 NaN), int16 dscale, then ndigits int16 base-10000 digits, most
// significant first; the value is sum(digit[i] * 10000^(weight - i)). Leading and trailing zero digits are
// left out; zero is ndigits = 0, weight = 0.

// The binary form of unscaled * 10^-scale, dscale = scale.
std::string EncodeBinaryNumeric(int128_t unscaled, int scale);

// The decimal text ("-12.3400", "0.5", "NaN") of a binary NUMERIC, for the type's own parser to round and
// range-check. An ill-formed value (wrong length, a digit above 9999, an unknown sign) is an error.
Result<std::string> DecodeBinaryNumeric(std::string_view bytes);

}  // namespace blueshift::server
