#pragma once

#include <string>

namespace blueshift {

// Floating-point text as Redshift (PostgreSQL 8 with extra_float_digits = 0) prints it: 15 significant
// digits for DOUBLE PRECISION, 6 for REAL; "NaN", "Infinity", "-Infinity".
std::string FormatDouble(double v);
std::string FormatReal(float v);

}  // namespace blueshift
