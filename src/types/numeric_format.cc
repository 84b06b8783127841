#include "types/numeric_format.h"

#include <cmath>
#include <cstdio>

namespace blueshift {

static std::string FormatFloating(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g", digits, v);
  return buf;
}

std::string FormatDouble(double v) {
  return FormatFloating(v, 15);
}
std::string FormatReal(float v) {
  return FormatFloating(v, 6);
}

}  // namespace blueshift
