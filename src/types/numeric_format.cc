#include "types/numeric_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace blueshift {

static std::string FormatFloating(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g", std::max(digits, 1), v);
  return buf;
}

std::string FormatDouble(double v, int extra_digits) {
  return FormatFloating(v, 15 + extra_digits);
}
std::string FormatReal(float v, int extra_digits) {
  return FormatFloating(v, 6 + extra_digits);
}

namespace {
thread_local int tls_extra_float_digits = 0;
}  // namespace

int SessionExtraFloatDigits() {
  return tls_extra_float_digits;
}

ScopedExtraFloatDigits::ScopedExtraFloatDigits(int extra_digits) : saved_(tls_extra_float_digits) {
  tls_extra_float_digits = std::clamp(extra_digits, kMinExtraFloatDigits, kMaxExtraFloatDigits);
}

ScopedExtraFloatDigits::~ScopedExtraFloatDigits() {
  tls_extra_float_digits = saved_;
}

}  // namespace blueshift
