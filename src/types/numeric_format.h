#pragma once

#include <string>

namespace blueshift {

// Floating-point text as Redshift (PostgreSQL 8) prints it: 15 + extra significant digits for DOUBLE
// PRECISION, 6 + extra for REAL, where extra is the session's extra_float_digits (-15 .. 2, 0 by default);
// "NaN", "Infinity", "-Infinity". With extra = 2 a DOUBLE PRECISION's text reads back as the same double.
std::string FormatDouble(double v, int extra_digits = 0);
std::string FormatReal(float v, int extra_digits = 0);

constexpr int kMinExtraFloatDigits = -15;
constexpr int kMaxExtraFloatDigits = 2;

// The extra_float_digits that result text (the wire's DataRows) uses on this thread: what the innermost
// live ScopedExtraFloatDigits installed, 0 where none is. Casts to VARCHAR keep the default digits.
int SessionExtraFloatDigits();

class ScopedExtraFloatDigits {
 public:
  explicit ScopedExtraFloatDigits(int extra_digits);
  ~ScopedExtraFloatDigits();
  ScopedExtraFloatDigits(const ScopedExtraFloatDigits&) = delete;
  ScopedExtraFloatDigits& operator=(const ScopedExtraFloatDigits&) = delete;

 private:
  int saved_;
};

}  // namespace blueshift
