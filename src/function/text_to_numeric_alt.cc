// TEXT_TO_INT_ALT(text [, format]) and TEXT_TO_NUMERIC_ALT(text [, format] [, precision, scale]): Teradata-style
// casts. The text may carry a sign before or after the digits ('123-'), an exponent ('-123E-2'), a currency
// ('$', 'USD', 'US Dollars', before or after, spaces allowed between it and the number) and the insertion
// characters / , : % and inner hyphens, which are ignored; blank text is 0. The optional format phrase (a
// literal) bounds the digits before and after the radix (9 and Z positions, 9(n), 9(I), 9(F)), places an implied
// radix (V), reads the last digit as a signed zoned decimal (S: '{' and A-I are +0..+9, '}' and J-R are
// -0..-9) and names the currency (L or O '$', C or U 'USD', N or A 'US Dollars'). TEXT_TO_INT_ALT truncates the
// fraction; TEXT_TO_NUMERIC_ALT rounds half to even to its scale (default DECIMAL(38, 0)).

#include <algorithm>
#include <cctype>
#include <memory>

#include "function/string_kernels.h"
#include "types/decimal.h"

namespace blueshift::scalar_internal {
namespace {

constexpr int kAny = -1;  // 9(I) or 9(F): any number of digits

// What a format phrase asks of the text.
struct FormatSpec {
  bool present = false;
  int int_digits = kAny;  // digit positions before the radix
  int frac_digits = 0;    // digit positions after the radix (or the implied V)
  bool implied_radix = false;
  bool zoned_sign = false;
};

// A number read from text: value = (negative ? -1 : 1) * digits * 10^-scale.
struct ParsedNumber {
  bool negative = false;
  std::string digits;
  int scale = 0;
};

Status BadFormat(std::string_view format, const std::string& why) {
  return Status(ErrorCode::kInvalidParameterValue, "Invalid format phrase \"" + std::string(format) + "\": " + why);
}

Status BadInput(std::string_view text) {
  return Status(ErrorCode::kInvalidTextRepresentation,
                "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

// Reads a repeat count "(n)", "(I)" or "(F)" after a 9 or Z at format[*pos]; 1 when there is none.
Result<int> RepeatCount(std::string_view f, size_t* pos) {
  if (*pos >= f.size() || f[*pos] != '(') return 1;
  size_t close = f.find(')', *pos);
  if (close == std::string_view::npos) return BadFormat(f, "unbalanced parenthesis");
  std::string_view inner = f.substr(*pos + 1, close - *pos - 1);
  *pos = close + 1;
  if (inner == "I" || inner == "i" || inner == "F" || inner == "f") return kAny;
  int n = 0;
  for (char c : inner) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || n > 1000) return BadFormat(f, "bad repeat count");
    n = n * 10 + (c - '0');
  }
  if (inner.empty() || n == 0) return BadFormat(f, "bad repeat count");
  return n;
}

void AddDigits(int* slot, int n) {
  if (*slot != kAny) *slot = n == kAny ? kAny : *slot + n;
}

Result<FormatSpec> ParseFormat(std::string_view f) {
  FormatSpec spec;
  spec.present = true;
  spec.int_digits = 0;
  bool radix = false, saw_nine = false, any_digit = false;
  int currencies = 0;
  for (size_t pos = 0; pos < f.size();) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(f[pos++])));
    if (c == '9' || c == 'Z') {
      if (spec.zoned_sign) return BadFormat(f, "S must follow the last digit");
      if (c == 'Z' && saw_nine) return BadFormat(f, "Z cannot follow 9");
      saw_nine |= c == '9';
      any_digit = true;
      ASSIGN_OR_RETURN(int n, RepeatCount(f, &pos));
      AddDigits(radix ? &spec.frac_digits : &spec.int_digits, n);
    } else if (c == '.' || c == 'D' || c == 'V') {
      if (radix) return BadFormat(f, "more than one radix");
      radix = true;
      spec.implied_radix = c == 'V';
    } else if (c == 'S') {
      if (spec.zoned_sign || !any_digit) return BadFormat(f, "S must follow the last digit");
      spec.zoned_sign = true;
      AddDigits(radix ? &spec.frac_digits : &spec.int_digits, 1);
    } else if (c == 'L' || c == 'C' || c == 'N' || c == 'O' || c == 'U' || c == 'A' || c == '$') {
      if (++currencies > 1) return BadFormat(f, "only one currency symbol is allowed");
    } else {
      return BadFormat(f, std::string("'") + f[pos - 1] + "' is not supported");
    }
  }
  if (!any_digit) return BadFormat(f, "no digit positions");
  if (spec.zoned_sign && radix && !spec.implied_radix) return BadFormat(f, "S cannot appear with a radix");
  return spec;
}

// Strips a currency marker at either end of s (and the blanks between it and the number).
void StripCurrency(std::string_view* s) {
  for (std::string_view cur : {std::string_view("US Dollars"), std::string_view("USD"), std::string_view("$")}) {
    if (s->starts_with(cur)) {
      s->remove_prefix(cur.size());
      break;
    }
    if (s->ends_with(cur)) {
      s->remove_suffix(cur.size());
      break;
    }
  }
  while (!s->empty() && s->front() == ' ') s->remove_prefix(1);
  while (!s->empty() && s->back() == ' ') s->remove_suffix(1);
}

// The value of a signed zoned decimal's last character, or -1; *negative is set for '}' and J-R.
int ZonedDigit(char c, bool* negative) {
  if (std::isdigit(static_cast<unsigned char>(c))) return c - '0';
  if (c == '{') return 0;
  if (c >= 'A' && c <= 'I') return c - 'A' + 1;
  *negative = true;
  if (c == '}') return 0;
  if (c >= 'J' && c <= 'R') return c - 'J' + 1;
  return -1;
}

bool IsIgnored(char c) {
  return c == '/' || c == ',' || c == ':' || c == '%';
}

// Reads the exponent after 'E' at s[pos...]; false when malformed.
bool ReadExponent(std::string_view s, size_t pos, int* exponent) {
  bool neg = false;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) neg = s[pos++] == '-';
  if (pos >= s.size()) return false;
  int e = 0;
  for (; pos < s.size(); pos++) {
    if (!std::isdigit(static_cast<unsigned char>(s[pos]))) return false;
    e = std::min(e * 10 + (s[pos] - '0'), 100000);
  }
  *exponent = neg ? -e : e;
  return true;
}

Result<ParsedNumber> ParseText(std::string_view text, const FormatSpec& spec) {
  ParsedNumber p;
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return p;
  StripCurrency(&s);
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    p.negative = s.front() == '-';
    s.remove_prefix(1);
  } else if (!s.empty() && (s.back() == '+' || s.back() == '-')) {
    p.negative = s.back() == '-';
    s.remove_suffix(1);
  }
  StripCurrency(&s);
  int zoned = -1;
  if (spec.zoned_sign && !s.empty()) {
    bool neg = false;
    zoned = ZonedDigit(s.back(), &neg);
    if (zoned < 0) return BadInput(text);
    p.negative = p.negative != neg;
    s.remove_suffix(1);
  }
  bool point = false, any = zoned >= 0;
  int int_digits = 0, frac_digits = 0, exponent = 0;
  for (size_t i = 0; i < s.size(); i++) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      any = true;
      if (point) frac_digits++;
      if (!point && (int_digits > 0 || c != '0')) int_digits++;
      if (!p.digits.empty() || c != '0') p.digits.push_back(c);
      if (point) p.scale++;
    } else if (c == '.' && !point && !spec.implied_radix) {
      point = true;
    } else if ((c == 'E' || c == 'e') && any && !spec.zoned_sign) {
      if (!ReadExponent(s, i + 1, &exponent)) return BadInput(text);
      break;
    } else if (!(IsIgnored(c) || (c == '-' && any && i + 1 < s.size()))) {
      return BadInput(text);
    }
  }
  if (zoned >= 0) {
    if (!p.digits.empty() || zoned != 0) p.digits.push_back(static_cast<char>('0' + zoned));
    if (point) {
      p.scale++;
      frac_digits++;
    } else if (int_digits > 0 || zoned != 0) {
      int_digits++;
    }
  }
  if (!any) return BadInput(text);
  if (spec.implied_radix && spec.frac_digits != kAny) {
    // The last frac_digits digits written are the fraction.
    p.scale = spec.frac_digits;
    const int written = int_digits + frac_digits;
    frac_digits = std::min(written, spec.frac_digits);
    int_digits = std::max(0, written - spec.frac_digits);
  }
  if (spec.present && ((spec.int_digits != kAny && int_digits > spec.int_digits) ||
                       (spec.frac_digits != kAny && !spec.implied_radix && frac_digits > spec.frac_digits)))
    return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("The value \"" + std::string(text) + "\" does not fit the format phrase.");
  p.scale -= exponent;
  return p;
}

// The number at the given scale: truncated, or rounded half to even. 22003 when it needs more than
// max_digits digits.
Result<int128_t> ToScale(const ParsedNumber& p, int scale, bool round, int max_digits) {
  std::string d = p.digits;
  const int shift = scale - p.scale;
  if (shift >= 0) {
    if (!d.empty() && static_cast<int>(d.size()) + shift > max_digits)
      return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow");
    if (!d.empty()) d.append(static_cast<size_t>(shift), '0');
  } else {
    const size_t drop = std::min(d.size(), static_cast<size_t>(-shift));
    const std::string dropped = d.substr(d.size() - drop);
    d.resize(d.size() - drop);
    bool up = false;
    if (round && static_cast<size_t>(-shift) == drop && !dropped.empty()) {
      const bool rest_zero = dropped.find_first_not_of('0', 1) == std::string::npos;
      const bool odd = !d.empty() && (d.back() - '0') % 2 == 1;
      up = dropped[0] > '5' || (dropped[0] == '5' && (!rest_zero || odd));
    }
    if (static_cast<int>(d.size()) > max_digits)
      return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow");
    int128_t v = 0;
    for (char c : d) v = v * 10 + (c - '0');
    v += up;
    if (!DecimalFits(v, max_digits)) return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow");
    return p.negative ? -v : v;
  }
  int128_t v = 0;
  for (char c : d) v = v * 10 + (c - '0');
  return p.negative ? -v : v;
}

struct AltCast {
  FormatSpec format;
  int precision = LogicalType::kMaxDecimalPrecision;
  int scale = 0;
  bool to_int = false;
};

Status TextToNumberAlt(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& cast = *static_cast<const AltCast*>(data);
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(ParsedNumber p, ParseText(StrAt(args[0], i), cast.format));
    Result<int128_t> v = ToScale(p, cast.scale, !cast.to_int, cast.precision);
    if (cast.to_int) {
      if (!v.ok() || *v < INT32_MIN || *v > INT32_MAX)
        return Status(ErrorCode::kNumericValueOutOfRange, "integer out of range");
      out->data<int32_t>()[i] = static_cast<int32_t>(*v);
      continue;
    }
    if (!v.ok()) return v.status();
    StoreInt128(out, i, *v);
  }
  return Status::OK();
}

bool TextOrNull(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

// The format argument: a string literal.
Result<FormatSpec> FormatArg(const std::string& name, const std::vector<LogicalType>& args,
                             const std::vector<Value>& constants, size_t i) {
  const Value* f = ConstantArg(constants, i);
  if (!TextOrNull(args[i]) || f == nullptr || !f->type().IsString())
    return Status(ErrorCode::kFeatureNotSupported, "the format argument of " + name + " must be a string literal");
  return ParseFormat(f->GetString());
}

Result<int> IntegerArg(const std::string& name, const std::vector<LogicalType>& args,
                       const std::vector<Value>& constants, size_t i) {
  const Value* v = ConstantArg(constants, i);
  if (!args[i].IsInteger() || v == nullptr)
    return Status(ErrorCode::kFeatureNotSupported, "the precision and scale of " + name + " must be integer constants");
  return static_cast<int>(v->GetInt());
}

std::vector<LogicalType> ArgTypes(const std::vector<LogicalType>& args) {
  std::vector<LogicalType> types;
  for (const LogicalType& t : args)
    types.push_back(t.IsInteger() ? LogicalType::Integer() : LogicalType::Varchar(LogicalType::kMaxVarcharLength));
  return types;
}

Result<BoundScalarFunction> ResolveTextToIntAlt(const std::string& name, const std::vector<LogicalType>& args,
                                                const std::vector<Value>& constants) {
  if (args.empty() || args.size() > 2 || !TextOrNull(args[0])) return NoSuchFunction(name, args);
  auto cast = std::make_shared<AltCast>();
  cast->to_int = true;
  if (args.size() == 2) {
    if (!TextOrNull(args[1])) return NoSuchFunction(name, args);
    ASSIGN_OR_RETURN(cast->format, FormatArg(name, args, constants, 1));
  }
  return MakeBound(name, ArgTypes(args), LogicalType::Integer(), TextToNumberAlt, cast);
}

Result<BoundScalarFunction> ResolveTextToNumericAlt(const std::string& name, const std::vector<LogicalType>& args,
                                                    const std::vector<Value>& constants) {
  if (args.empty() || args.size() > 4 || !TextOrNull(args[0])) return NoSuchFunction(name, args);
  const bool has_format = args.size() == 2 || args.size() == 4;
  if (has_format && !TextOrNull(args[1])) return NoSuchFunction(name, args);
  for (size_t i = has_format ? 2 : 1; i < args.size(); i++)
    if (!args[i].IsInteger()) return NoSuchFunction(name, args);
  auto cast = std::make_shared<AltCast>();
  if (has_format) {
    ASSIGN_OR_RETURN(cast->format, FormatArg(name, args, constants, 1));
  }
  if (args.size() >= 3) {
    ASSIGN_OR_RETURN(cast->precision, IntegerArg(name, args, constants, args.size() - 2));
    ASSIGN_OR_RETURN(cast->scale, IntegerArg(name, args, constants, args.size() - 1));
    if (cast->precision < 1 || cast->precision > LogicalType::kMaxDecimalPrecision)
      return Status(ErrorCode::kInvalidParameterValue,
                    "NUMERIC precision " + std::to_string(cast->precision) + " must be between 1 and 38");
    if (cast->scale < 0 || cast->scale > cast->precision)
      return Status(ErrorCode::kInvalidParameterValue, "NUMERIC scale " + std::to_string(cast->scale) +
                                                           " must be between 0 and precision " +
                                                           std::to_string(cast->precision));
  }
  return MakeBound(name, ArgTypes(args), LogicalType::Decimal(cast->precision, cast->scale), TextToNumberAlt, cast);
}

}  // namespace

std::vector<ScalarEntry> TextToNumericAltFunctions() {
  return {{"text_to_int_alt", ResolveTextToIntAlt}, {"text_to_numeric_alt", ResolveTextToNumericAlt}};
}

}  // namespace blueshift::scalar_internal
