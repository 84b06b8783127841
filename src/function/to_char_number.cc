// TO_CHAR(number, format): digit positions 9 (blank when not needed) and 0 (always a digit), the decimal
// point (. or D), group separators (, or G), signs (S, MI, PL, SG; otherwise '-' or a blank before the first
// digit; S before the digits sits right before the first digit), PR (negative values in angle brackets), RN
// rn (Roman numerals of the rounded value, 1 to 3999, right-aligned in 15 characters), $ and L (a '$'), and FM
// (no padding, no trailing zeros from 9s). Too many integer digits print as '#', as in PostgreSQL.

#include <cmath>
#include <cstdio>

#include "function/string_kernels.h"
#include "types/decimal.h"

namespace blueshift::scalar_internal {
namespace {

struct NumberFormat {
  std::string_view text;
  int int_positions = 0;
  int frac_positions = 0;
  int first_zero = -1;  // integer position from which digits are always printed
  bool fm = false;
  bool explicit_sign = false;
  bool lead_sign = false;  // S before any digit: printed where the default sign would be
  bool brackets = false;   // PR
};

NumberFormat Analyze(std::string_view f) {
  NumberFormat nf;
  nf.text = f;
  bool frac = false;
  for (size_t i = 0; i < f.size(); i++) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(f[i])));
    if (c == 'P' && i + 1 < f.size() && std::toupper(static_cast<unsigned char>(f[i + 1])) == 'R') {
      nf.brackets = nf.explicit_sign = true;
      i++;
      continue;
    }
    if (c == 'S' && !(i + 1 < f.size() && std::toupper(static_cast<unsigned char>(f[i + 1])) == 'G') &&
        nf.int_positions == 0 && !frac)
      nf.lead_sign = true;
    if (c == '9' || c == '0') {
      if (frac) {
        nf.frac_positions++;
      } else {
        if (c == '0' && nf.first_zero < 0) nf.first_zero = nf.int_positions;
        nf.int_positions++;
      }
    } else if (c == '.' || c == 'D') {
      frac = true;
    } else if (c == 'F' && i + 1 < f.size() && std::toupper(static_cast<unsigned char>(f[i + 1])) == 'M') {
      nf.fm = true;
      i++;
    } else if (c == 'S' ||
               (i + 1 < f.size() && ((c == 'P' && std::toupper(static_cast<unsigned char>(f[i + 1])) == 'L') ||
                                     (c == 'M' && std::toupper(static_cast<unsigned char>(f[i + 1])) == 'I')))) {
      nf.explicit_sign = true;
    }
  }
  return nf;
}

// The absolute value's digits rounded to `frac` fraction digits.
void Digits(const Vector* v, size_t i, int frac, bool* negative, std::string* int_part, std::string* frac_part) {
  std::string text;
  const LogicalType& t = v->type();
  if (t.id() == TypeId::kReal || t.id() == TypeId::kDouble) {
    double d = t.id() == TypeId::kReal ? v->data<float>()[i] : v->data<double>()[i];
    *negative = std::signbit(d) && d != 0;
    char buf[400];
    std::snprintf(buf, sizeof(buf), "%.*f", frac, std::fabs(d));
    text = buf;
  } else {
    int scale = t.id() == TypeId::kDecimal ? t.scale() : 0;
    int128_t u = t.physical() == PhysicalType::kInt128 ? v->data<int128_t>()[i] : IntAt(v, i);
    *negative = u < 0;
    text = FormatDecimal(RescaleDecimal(u < 0 ? -u : u, scale, frac), frac);
  }
  size_t dot = text.find('.');
  *int_part = text.substr(0, dot);
  *frac_part = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (*int_part == "0") int_part->clear();
}

// RN: the value rounded to an integer in Roman numerals, right-aligned in 15 characters (FM: not padded);
// fifteen '#' outside 1..3999.
void AppendRoman(const Vector* v, size_t i, bool fm, bool lower, std::string* out) {
  bool negative;
  std::string int_part, frac_part;
  Digits(v, i, 0, &negative, &int_part, &frac_part);
  int value = int_part.empty() || int_part.size() > 4 ? (int_part.empty() ? 0 : 4000) : std::stoi(int_part);
  if (negative || value < 1 || value > 3999) {
    out->append(15, '#');
    return;
  }
  static const struct {
    int value;
    const char* text;
  } kNumerals[] = {{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"},
                   {40, "XL"},  {10, "X"},   {9, "IX"},  {5, "V"},    {4, "IV"},  {1, "I"}};
  std::string roman;
  for (const auto& n : kNumerals) {
    for (; value >= n.value; value -= n.value) roman += n.text;
  }
  if (lower)
    for (char& ch : roman) ch = static_cast<char>(ch - 'A' + 'a');
  if (!fm && roman.size() < 15) out->append(15 - roman.size(), ' ');
  out->append(roman);
}

std::string FormatNumber(const NumberFormat& nf, const Vector* v, size_t i) {
  bool negative;
  std::string int_part, frac_part, out;
  Digits(v, i, nf.frac_positions, &negative, &int_part, &frac_part);
  if (int_part.empty() && nf.int_positions > 0 && (nf.frac_positions == 0 || nf.first_zero < 0)) {
    int_part = nf.frac_positions == 0 ? "0" : "";
  }
  bool overflow = static_cast<int>(int_part.size()) > nf.int_positions;
  int pos = 0, frac_pos = 0;
  bool started = false, in_frac = false;
  auto put_sign = [&] {
    if (nf.brackets) {
      out += negative ? "<" : (nf.fm ? "" : " ");
    } else if (nf.lead_sign) {
      out += negative ? '-' : '+';
    } else if (!nf.explicit_sign) {
      out += negative ? "-" : (nf.fm ? "" : " ");
    }
  };
  std::string_view f = nf.text;
  for (size_t k = 0; k < f.size(); k++) {
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(f[k])));
    auto next_is = [&](char x) { return k + 1 < f.size() && std::toupper(static_cast<unsigned char>(f[k + 1])) == x; };
    if ((c == '9' || c == '0') && !in_frac) {
      int from_right = nf.int_positions - pos++;
      bool have = from_right <= static_cast<int>(int_part.size());
      bool zero = nf.first_zero >= 0 && pos - 1 >= nf.first_zero;
      if (overflow) {
        if (!started) put_sign();
        started = true;
        out += '#';
      } else if (have || zero) {
        if (!started) put_sign();
        started = true;
        out += have ? int_part[int_part.size() - from_right] : '0';
      } else if (!nf.fm) {
        out += ' ';
      }
    } else if (c == '9' || c == '0') {
      out += overflow ? '#' : (frac_pos < static_cast<int>(frac_part.size()) ? frac_part[frac_pos] : '0');
      frac_pos++;
    } else if (c == '.' || c == 'D') {
      if (!started) put_sign();
      started = true;
      in_frac = true;
      out += '.';
    } else if (c == ',' || c == 'G') {
      if (started)
        out += ',';
      else if (!nf.fm)
        out += ' ';
    } else if (c == 'F' && next_is('M')) {
      k++;
    } else if (c == 'P' && next_is('R')) {
      out += negative ? ">" : (nf.fm ? "" : " ");
      k++;
    } else if (c == 'R' && next_is('N')) {
      AppendRoman(v, i, nf.fm, f[k] == 'r', &out);
      k++;
    } else if (c == 'S' && !next_is('G')) {
      if (!nf.lead_sign) out += negative ? '-' : '+';
    } else if ((c == 'M' && next_is('I')) || (c == 'P' && next_is('L')) || (c == 'S' && next_is('G'))) {
      out += c == 'M' ? (negative ? "-" : (nf.fm ? "" : " "))
                      : (c == 'P' ? (negative ? " " : "+") : (negative ? "-" : "+"));
      k++;
    } else if (c == '$' || c == 'L') {
      out += '$';
    } else {
      out += f[k];
    }
  }
  if (nf.fm && in_frac) {
    while (!out.empty() && out.back() == '0') out.pop_back();
  }
  return out;
}

Status ToCharNumber(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    *buf = FormatNumber(Analyze(StrAt(args[1], i)), args[0], i);
    return std::string_view(*buf);
  });
}

}  // namespace

Result<BoundScalarFunction> ResolveToCharNumber(const std::string& name, const std::vector<LogicalType>& args,
                                                const std::vector<Value>&) {
  return MakeBound(name, {args[0], LogicalType::Varchar()}, LogicalType::Varchar(LogicalType::kMaxVarcharLength),
                   ToCharNumber);
}

}  // namespace blueshift::scalar_internal
