#include "types/decimal.h"

#include <cctype>

namespace blueshift {

int128_t Pow10(int n) {
  static const auto kTable = [] {
    struct T {
      int128_t v[39];
    } t;
    t.v[0] = 1;
    for (int i = 1; i <= 38; i++) t.v[i] = t.v[i - 1] * 10;
    return t;
  }();
  return kTable.v[n];
}

std::string Int128ToString(int128_t v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  char buf[48];
  int i = sizeof(buf);
  while (u) {
    buf[--i] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  if (neg) buf[--i] = '-';
  return std::string(buf + i, sizeof(buf) - i);
}

std::string FormatDecimal(int128_t unscaled, int scale) {
  if (scale == 0) return Int128ToString(unscaled);
  bool neg = unscaled < 0;
  std::string digits = Int128ToString(neg ? -unscaled : unscaled);
  if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
  digits.insert(digits.size() - scale, ".");
  return neg ? "-" + digits : digits;
}

bool DecimalFits(int128_t v, int precision) {
  int128_t limit = Pow10(precision);
  return v < limit && v > -limit;
}

int128_t RescaleDecimal(int128_t v, int from_scale, int to_scale) {
  if (to_scale >= from_scale) return v * Pow10(to_scale - from_scale);
  int128_t div = Pow10(from_scale - to_scale);
  int128_t q = v / div;
  int128_t r = v % div;
  if (r < 0) r = -r;
  if (r * 2 >= div) q += v < 0 ? -1 : 1;
  return q;
}

static Status BadNumeric(std::string_view text) {
  return Status(ErrorCode::kInvalidTextRepresentation,
                "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

Result<int128_t> ParseDecimal(std::string_view text, int precision, int scale) {
  size_t i = 0, n = text.size();
  while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) i++;
  while (n > i && std::isspace(static_cast<unsigned char>(text[n - 1]))) n--;
  bool neg = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) neg = text[i++] == '-';
  // Collect up to 40 significant digits; track the decimal exponent of the last kept digit.
  int128_t mant = 0;
  int exp10 = 0, kept = 0;
  bool any = false, seen_point = false, round_up = false, dropped = false;
  for (; i < n; i++) {
    char ch = text[i];
    if (ch == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(ch))) break;
    any = true;
    if (kept < 38 && !(mant == 0 && ch == '0' && seen_point == false && kept == 0)) {
      mant = mant * 10 + (ch - '0');
      if (mant != 0) kept++;
      if (seen_point) exp10--;
    } else if (kept >= 38) {
      if (!dropped) round_up = ch >= '5';
      dropped = true;
      if (!seen_point) exp10++;
    } else if (seen_point) {
      exp10--;
    }
  }
  if (!any) return BadNumeric(text);
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    bool eneg = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) eneg = text[i++] == '-';
    int e = 0;
    bool edigits = false;
    while (i < n && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (e < 10000) e = e * 10 + (text[i] - '0');
      i++;
      edigits = true;
    }
    if (!edigits) return BadNumeric(text);
    exp10 += eneg ? -e : e;
  }
  if (i != n) return BadNumeric(text);
  if (round_up) mant += 1;
  // value = mant * 10^exp10; want unscaled = value * 10^scale.
  int shift = exp10 + scale;
  int128_t result;
  if (shift >= 0) {
    if (shift > 38 || (mant != 0 && !DecimalFits(mant, 38 - shift)))
      return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow");
    result = mant * Pow10(shift);
  } else {
    result = -shift > 38 ? 0 : RescaleDecimal(mant, -shift, 0);
  }
  if (!DecimalFits(result, precision))
    return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("A field with precision " + std::to_string(precision) + ", scale " + std::to_string(scale) +
                    " must round to an absolute value less than 10^" + std::to_string(precision - scale) + ".");
  return neg ? -result : result;
}

void DecimalLiteralShape(std::string_view text, int* precision, int* scale) {
  int int_digits = 0, frac_digits = 0;
  bool point = false, leading = true;
  for (char ch : text) {
    if (ch == '.') {
      point = true;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(ch))) continue;
    if (point) {
      frac_digits++;
    } else if (!(leading && ch == '0')) {
      leading = false;
      int_digits++;
    }
  }
  *scale = frac_digits;
  *precision = std::max(1, int_digits + frac_digits);
}

}  // namespace blueshift
