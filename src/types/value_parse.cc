#include "types/value_parse.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include "types/datetime.h"
#include "types/decimal.h"
#include "types/interval.h"
#include "types/time_zone.h"
#include "types/timetz.h"
#include "types/utc_offset.h"
#include "types/varbyte.h"

// CHAR(n) follows PostgreSQL's bpchar: a parsed CHAR value is stored blank-padded to n bytes (so its text
// output is padded), input longer than n is an error unless the excess is all blanks, and comparisons and
// LENGTH ignore trailing blanks (function/comparison.cc, function/string_functions.cc). VARCHAR(n) counts
// bytes, as Redshift does; excess trailing blanks are cut silently, any other excess is 22001.

namespace blueshift {
namespace {

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) b++;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) e--;
  return s.substr(b, e - b);
}

Status SyntaxError(const char* type_name, std::string_view text) {
  return Status(ErrorCode::kInvalidTextRepresentation,
                std::string("invalid input syntax for type ") + type_name + ": \"" + std::string(text) + "\"");
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

Result<Value> ParseBoolean(std::string_view text) {
  std::string_view t = Trim(text);
  static const char* const kTrue[] = {"t", "true", "y", "yes", "on", "1"};
  static const char* const kFalse[] = {"f", "false", "n", "no", "off", "0"};
  for (const char* s : kTrue) {
    if (EqualsIgnoreCase(t, s)) return Value::Boolean(true);
  }
  for (const char* s : kFalse) {
    if (EqualsIgnoreCase(t, s)) return Value::Boolean(false);
  }
  return SyntaxError("boolean", text);
}

Result<Value> ParseInteger(const LogicalType& type, std::string_view text) {
  std::string_view t = Trim(text);
  size_t i = 0;
  bool neg = false;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
  if (i == t.size()) return SyntaxError(type.ToString().c_str(), text);
  int128_t v = 0;
  bool big = false;
  for (; i < t.size(); i++) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return SyntaxError(type.ToString().c_str(), text);
    if (!big) v = v * 10 + (t[i] - '0');
    if (v > (int128_t(1) << 80)) big = true;
  }
  if (neg) v = -v;
  int64_t lo = INT64_MIN, hi = INT64_MAX;
  if (type.id() == TypeId::kSmallInt) lo = INT16_MIN, hi = INT16_MAX;
  if (type.id() == TypeId::kInteger) lo = INT32_MIN, hi = INT32_MAX;
  if (big || v < lo || v > hi) {
    return Status(ErrorCode::kNumericValueOutOfRange,
                  "value \"" + std::string(text) + "\" is out of range for type " + type.ToString());
  }
  return Value::FromInt(type, static_cast<int64_t>(v));
}

Result<Value> ParseFloating(const LogicalType& type, std::string_view text) {
  const char* name = type.id() == TypeId::kReal ? "real" : "double precision";
  std::string_view t = Trim(text);
  double d;
  bool neg = !t.empty() && t[0] == '-';
  std::string_view body = (!t.empty() && (t[0] == '-' || t[0] == '+')) ? t.substr(1) : t;
  if (EqualsIgnoreCase(t, "nan")) {
    d = std::nan("");
  } else if (EqualsIgnoreCase(body, "infinity") || EqualsIgnoreCase(body, "inf")) {
    d = neg ? -INFINITY : INFINITY;
  } else {
    if (body.empty() || !(std::isdigit(static_cast<unsigned char>(body[0])) || body[0] == '.')) {
      return SyntaxError(name, text);
    }
    auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
    if (ptr != body.data() + body.size()) return SyntaxError(name, text);
    if (ec == std::errc::result_out_of_range || (type.id() == TypeId::kReal && std::isinf(static_cast<float>(d)))) {
      return Status(ErrorCode::kNumericValueOutOfRange, "\"" + std::string(t) + "\" is out of range for type " + name);
    }
    if (neg) d = -d;
  }
  if (type.id() == TypeId::kReal) return Value::Real(static_cast<float>(d));
  return Value::Double(d);
}

bool AllBlanks(std::string_view s) {
  return s.find_first_not_of(' ') == std::string_view::npos;
}

Result<Value> ParseString(const LogicalType& type, std::string_view text) {
  size_t n = static_cast<size_t>(type.length());
  if (text.size() > n) {
    if (!AllBlanks(text.substr(n))) {
      return Status(ErrorCode::kStringDataRightTruncation, "value too long for type " + type.ToString());
    }
    text = text.substr(0, n);
  }
  if (type.id() == TypeId::kVarchar) return Value::Varchar(std::string(text));
  std::string s(text);
  s.resize(n, ' ');
  return Value::Char(std::move(s), type.length());
}

// VARBYTE's text form is its output form, hex (COPY from text/CSV, text-format parameters).
Result<Value> ParseVarbyte(const LogicalType& type, std::string_view text) {
  std::string bytes;
  if (!HexDecode(text, &bytes)) return SyntaxError("varbyte", text);
  if (bytes.size() > static_cast<size_t>(type.length())) {
    return Status(ErrorCode::kStringDataRightTruncation, "value too long for type " + type.ToString());
  }
  return Value::Varbyte(std::move(bytes));
}

}  // namespace

Result<Value> ParseValue(const LogicalType& type, std::string_view text) {
  switch (type.id()) {
    case TypeId::kNull:
      return Value();
    case TypeId::kBoolean:
      return ParseBoolean(text);
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return ParseInteger(type, text);
    case TypeId::kDecimal: {
      ASSIGN_OR_RETURN(int128_t v, ParseDecimal(text, type.precision(), type.scale()));
      return Value::Decimal(v, type.precision(), type.scale());
    }
    case TypeId::kReal:
    case TypeId::kDouble:
      return ParseFloating(type, text);
    case TypeId::kChar:
    case TypeId::kVarchar:
      return ParseString(type, text);
    case TypeId::kDate: {
      ASSIGN_OR_RETURN(int32_t d, ParseDate(text));
      return Value::Date(d);
    }
    case TypeId::kTimestamp: {
      ASSIGN_OR_RETURN(int64_t ts, ParseTimestamp(text));
      return Value::Timestamp(ts);
    }
    case TypeId::kTimestampTz: {
      ASSIGN_OR_RETURN(int64_t ts, ParseTimestampTz(text, SessionTimeZone()));
      return Value::FromInt(type, ts);
    }
    case TypeId::kTime: {
      std::string_view zone;  // a zone given for a TIME is ignored, as PostgreSQL does ('23:59:58+00')
      ASSIGN_OR_RETURN(int64_t t, ParseTime(text, &zone));
      int32_t offset;
      if (!zone.empty() && !ParseIsoOffset(zone, &offset) && zone != "Z" && zone != "z" && !TimeZone::Find(zone).ok())
        return Status(ErrorCode::kInvalidDatetimeFormat,
                      "invalid input syntax for type time: \"" + std::string(text) + "\"");
      return Value::FromInt(type, t);
    }
    case TypeId::kVarbyte:
      return ParseVarbyte(type, text);
    case TypeId::kTimeTz: {
      ASSIGN_OR_RETURN(int64_t t, ParseTimeTz(text, SessionTimeZone()));
      return Value::FromInt(type, t);
    }
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval: {
      ASSIGN_OR_RETURN(IntervalParts parts, ParseInterval(text, type.interval_fields()));
      ASSIGN_OR_RETURN(int128_t raw, IntervalToType(type, parts));
      return Value::FromInt128(type, raw);
    }
  }
  return SyntaxError(type.ToString().c_str(), text);
}

}  // namespace blueshift
