#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/logical_type.h"
#include "util/status.h"

namespace blueshift {

// 10^n for n in [0, 38].
int128_t Pow10(int n);

std::string Int128ToString(int128_t v);

// "-12.30" for unscaled -1230 at scale 2.
std::string FormatDecimal(int128_t unscaled, int scale);

// Parses a numeric literal ("12.345", "-1e3", " 7 ") into an unscaled integer at the given scale, rounding
// half away from zero. Errors: 22P02 for bad syntax, 22003 "numeric field overflow" when the value needs
// more than precision digits.
Result<int128_t> ParseDecimal(std::string_view text, int precision, int scale);

// The number of integer digits ("precision - scale") a decimal literal needs, and its scale, as a literal's
// type is inferred: 12.50 -> numeric(4,2).
void DecimalLiteralShape(std::string_view text, int* precision, int* scale);

// Moves an unscaled value from one scale to another (rounding half away from zero when narrowing).
int128_t RescaleDecimal(int128_t v, int from_scale, int to_scale);

// True when |v| < 10^precision.
bool DecimalFits(int128_t v, int precision);

}  // namespace blueshift
