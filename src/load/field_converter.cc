#include "load/field_converter.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "types/decimal.h"
#include "types/value_parse.h"
#include "types/varbyte.h"

namespace blueshift::load {

namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool AllBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\v' && c != '\f') return false;
  }
  return true;
}

const char* TypeLabel(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt:
      return "Short Integer";
    case TypeId::kInteger:
      return "Integer";
    case TypeId::kBigInt:
      return "Long Integer";
    case TypeId::kDecimal:
      return "Decimal";
    case TypeId::kReal:
      return "Float";
    case TypeId::kDouble:
      return "Double";
    case TypeId::kBoolean:
      return "Boolean";
    default:
      return "String";
  }
}

// Bytes of the UTF-8 sequence starting with lead, 0 when lead cannot start one.
int SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool ValidSequence(const unsigned char* p, int len) {
  for (int i = 1; i < len; i++) {
    if ((p[i] & 0xC0) != 0x80) return false;
  }
  if (len == 3 && p[0] == 0xE0 && p[1] < 0xA0) return false;   // overlong
  if (len == 3 && p[0] == 0xED && p[1] >= 0xA0) return false;  // surrogates
  if (len == 4 && p[0] == 0xF0 && p[1] < 0x90) return false;
  if (len == 4 && p[0] == 0xF4 && p[1] >= 0x90) return false;
  return true;
}

// Cuts s to at most n bytes without splitting a UTF-8 sequence.
size_t Utf8Cut(const char* s, size_t size, size_t n) {
  if (size <= n) return size;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) n--;
  return n;
}

// DECIMAL(p <= 18) is stored as int64, wider ones as int128 (LogicalType::physical()).
void StoreDecimal(int128_t v, Vector* out, size_t row) {
  if (out->type().physical() == PhysicalType::kInt64) {
    out->data<int64_t>()[row] = static_cast<int64_t>(v);
  } else {
    out->data<int128_t>()[row] = v;
  }
}

}  // namespace

std::string EscapeInvalidUtf8(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t valid = ValidUtf8Prefix(s.data() + i, s.size() - i);
    out.append(s.substr(i, valid));
    i += valid;
    if (i == s.size()) break;
    char hex[8];
    std::snprintf(hex, sizeof(hex), "\\x%02X", static_cast<unsigned char>(s[i]));
    out.append(hex);
    i++;
  }
  return out;
}

size_t ValidUtf8Prefix(const char* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    auto* p = reinterpret_cast<const unsigned char*>(s + i);
    int len = SequenceLength(*p);
    if (len == 0 || i + len > n || !ValidSequence(p, len)) return i;
    i += len;
  }
  return n;
}

FieldConverter::FieldConverter(LogicalType type, const CopyOptions& options, const TimeFormat* date_format,
                               const TimeFormat* time_format, bool not_null)
    : type_(type),
      options_(options),
      date_format_(date_format),
      time_format_(time_format),
      not_null_(not_null),
      null_string_(options.NullString()) {}

bool FieldConverter::Fail(int code, const std::string& what, std::string_view value, FieldError* err) const {
  err->code = code;
  err->reason = what;
  if (!value.empty()) err->reason += ", Value '" + std::string(value.substr(0, 64)) + "'";
  return false;
}

bool FieldConverter::IsNullField(const Field& f) const {
  std::string_view s = f.view();
  if (f.null_marker == 1 || (f.null_marker < 0 && !f.quoted && s == null_string_)) return true;
  // An empty VARBYTE field is a zero-length value, as an empty string is a string.
  bool text_like = type_.IsString() || type_.IsVarbyte();
  if (s.empty()) return !text_like || (options_.empty_as_null && !f.quoted);
  if (text_like) return options_.blanks_as_null && AllBlank(s);
  return AllBlank(s);
}

bool FieldConverter::ConvertNull(Vector* out, size_t row, FieldError* err) const {
  if (not_null_) {
    err->code = kErrNotNull;
    err->reason = "Missing data for not-null field";
    return false;
  }
  out->SetNull(row, true);
  return true;
}

bool FieldConverter::Convert(Field f, Vector* out, size_t row, FieldError* err) const {
  if (IsNullField(f)) return ConvertNull(out, row, err);
  std::string_view s = f.view();
  out->validity()[row] = 1;
  bool ok = false;
  switch (type_.id()) {
    case TypeId::kChar:
    case TypeId::kVarchar:
      ok = ConvertString(f, out, row, err);
      break;
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      ok = ConvertInteger(TrimSpaces(s), out, row, err);
      break;
    case TypeId::kDecimal:
      ok = ConvertDecimal(TrimSpaces(s), out, row, err);
      break;
    case TypeId::kReal:
    case TypeId::kDouble:
      ok = ConvertFloat(TrimSpaces(s), out, row, err);
      break;
    case TypeId::kBoolean:
      ok = ConvertBoolean(TrimSpaces(s), out, row, err);
      break;
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
      ok = ConvertTemporal(s, out, row, err);
      break;
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      ok = ConvertInterval(TrimSpaces(s), out, row, err);
      break;
    case TypeId::kVarbyte: {
      // Text and CSV carry VARBYTE as hex, the form UNLOAD writes.
      std::string bytes;
      if (!HexDecode(s, &bytes)) return Fail(kErrInvalidDigit, "Invalid hex digit in VARBYTE value", s, err);
      if (bytes.size() > static_cast<size_t>(type_.length())) {
        if (!options_.truncate_columns) return Fail(kErrOutOfRange, "Binary length exceeds DDL length", {}, err);
        bytes.resize(static_cast<size_t>(type_.length()));
      }
      out->SetString(row, bytes);
      ok = true;
      break;
    }
    case TypeId::kNull:
      ok = Fail(kErrUnknown, "Invalid data type", s, err);
      break;
  }
  return ok;
}

bool FieldConverter::ConvertString(Field f, Vector* out, size_t row, FieldError* err) const {
  size_t valid = ValidUtf8Prefix(f.data, f.size);
  while (valid < f.size) {
    if (!options_.accept_inv_chars) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "%02x", static_cast<unsigned char>(f.data[valid]));
      return Fail(kErrBadUtf8,
                  std::string("String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex "
                              "sequence: ") +
                      hex,
                  {}, err);
    }
    f.data[valid] = options_.inv_char_replacement;
    valid += 1 + ValidUtf8Prefix(f.data + valid + 1, f.size - valid - 1);
  }
  size_t n = f.size;
  if (options_.trim_blanks && type_.id() == TypeId::kVarchar) {
    while (n > 0 && f.data[n - 1] == ' ') n--;
  }
  size_t limit = static_cast<size_t>(type_.length());
  if (n > limit) {
    if (options_.truncate_columns) {
      n = Utf8Cut(f.data, n, limit);
    } else if (type_.id() == TypeId::kChar && AllBlank(std::string_view(f.data + limit, n - limit))) {
      n = limit;
    } else {
      return Fail(kErrOutOfRange, "String length exceeds DDL length", {}, err);
    }
  }
  auto* views = out->data<std::string_view>();
  if (type_.id() == TypeId::kVarchar) {
    views[row] = std::string_view(f.data, n);
    return true;
  }
  char* padded = out->arena().Allocate(limit);
  std::memcpy(padded, f.data, n);
  std::memset(padded + n, ' ', limit - n);
  views[row] = std::string_view(padded, limit);
  return true;
}

bool FieldConverter::ConvertInteger(std::string_view s, Vector* out, size_t row, FieldError* err) const {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == s.size()) {
    return Fail(kErrInvalidDigit,
                "Invalid digit, Value '" + std::string(s) + "', Pos 0, Type: " + TypeLabel(type_.id()), {}, err);
  }
  uint64_t v = 0;
  for (size_t k = i; k < s.size(); k++) {
    unsigned d = static_cast<unsigned char>(s[k]) - '0';
    if (d > 9) {
      return Fail(kErrInvalidDigit,
                  "Invalid digit, Value '" + std::string(1, s[k]) + "', Pos " + std::to_string(k) +
                      ", Type: " + TypeLabel(type_.id()),
                  {}, err);
    }
    if (v > (UINT64_MAX - d) / 10)
      return Fail(kErrOutOfRange, std::string("Overflow for type ") + TypeLabel(type_.id()), s, err);
    v = v * 10 + d;
  }
  uint64_t max = type_.id() == TypeId::kSmallInt ? INT16_MAX : type_.id() == TypeId::kInteger ? INT32_MAX : INT64_MAX;
  if (v > max + (neg ? 1 : 0))
    return Fail(kErrOutOfRange, std::string("Overflow for type ") + TypeLabel(type_.id()), s, err);
  int64_t x = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  switch (type_.id()) {
    case TypeId::kSmallInt:
      out->data<int16_t>()[row] = static_cast<int16_t>(x);
      break;
    case TypeId::kInteger:
      out->data<int32_t>()[row] = static_cast<int32_t>(x);
      break;
    default:
      out->data<int64_t>()[row] = x;
      break;
  }
  return true;
}

bool FieldConverter::ConvertDecimal(std::string_view s, Vector* out, size_t row, FieldError* err) const {
  const int scale = type_.scale();
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  int128_t v = 0;
  int frac = 0, digits = 0;
  bool point = false, round_up = false;
  for (; i < s.size(); i++) {
    char c = s[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c == 'e' || c == 'E') break;
    if (c < '0' || c > '9')
      return Fail(kErrInvalidDigit,
                  "Invalid digit, Value '" + std::string(1, c) + "', Pos " + std::to_string(i) + ", Type: Decimal", {},
                  err);
    digits++;
    if (point && frac >= scale) {
      if (frac == scale && options_.round_decimals && c >= '5') round_up = true;
      frac++;
      continue;
    }
    if (point) frac++;
    if (v > Pow10(38)) return Fail(kErrOutOfRange, "Numeric data overflow (result precision)", s, err);
    v = v * 10 + (c - '0');
  }
  if (digits == 0) return Fail(kErrBadDecimal, "Invalid decimal value", s, err);
  if (i < s.size()) {  // an exponent: the general parser (which rounds)
    auto r = ParseDecimal(s, type_.precision(), scale);
    if (!r.ok()) return Fail(kErrBadDecimal, "Invalid decimal value", s, err);
    StoreDecimal(*r, out, row);
    return true;
  }
  if (frac < scale) v *= Pow10(scale - frac);
  if (round_up) v += 1;
  if (!DecimalFits(v, type_.precision()))
    return Fail(kErrOutOfRange, "Numeric data overflow (result precision)", s, err);
  StoreDecimal(neg ? -v : v, out, row);
  return true;
}

bool FieldConverter::ConvertFloat(std::string_view s, Vector* out, size_t row, FieldError* err) const {
  double d = 0;
  std::string_view body = s;
  bool neg = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
  if (ptr != body.data() + body.size() || body.empty()) {
    return Fail(kErrBadFloat, std::string("Invalid digit, Pos 0, Type: ") + TypeLabel(type_.id()), s, err);
  }
  if (ec == std::errc::result_out_of_range) return Fail(kErrOutOfRange, "Overflow for type Float", s, err);
  if (neg) d = -d;
  if (type_.id() == TypeId::kReal) {
    float f = static_cast<float>(d);
    if (std::isinf(f) && !std::isinf(d)) return Fail(kErrOutOfRange, "Overflow for type Float", s, err);
    out->data<float>()[row] = f;
  } else {
    out->data<double>()[row] = d;
  }
  return true;
}

// Intervals load from their text form (what UNLOAD writes: "1 year 2 mons", "3 days 04:05:06"), with the
// column's qualifier deciding a bare number's unit.
bool FieldConverter::ConvertInterval(std::string_view s, Vector* out, size_t row, FieldError* err) const {
  Result<Value> v = ParseValue(type_, s);
  if (!v.ok()) {
    bool range = v.status().code() == ErrorCode::kDatetimeFieldOverflow;
    return Fail(range ? kErrOutOfRange : kErrUnknown, v.status().message(), s, err);
  }
  out->SetValue(row, *v);
  return true;
}

bool FieldConverter::ConvertBoolean(std::string_view s, Vector* out, size_t row, FieldError* err) const {
  auto is = [&](const char* w) {
    if (s.size() != std::strlen(w)) return false;
    for (size_t i = 0; i < s.size(); i++) {
      if (std::tolower(static_cast<unsigned char>(s[i])) != w[i]) return false;
    }
    return true;
  };
  bool v;
  if (is("t") || is("true") || is("1") || is("y") || is("yes") || is("on")) {
    v = true;
  } else if (is("f") || is("false") || is("0") || is("n") || is("no") || is("off")) {
    v = false;
  } else {
    return Fail(kErrBadBoolean, "Invalid boolean value", s, err);
  }
  out->data<uint8_t>()[row] = v ? 1 : 0;
  return true;
}

bool FieldConverter::ConvertTemporal(std::string_view s, Vector* out, size_t row, FieldError* err) const {
  if (type_.id() == TypeId::kDate) {
    int32_t days = 0;
    if (date_format_->ParseDate(s, &days)) return (out->data<int32_t>()[row] = days, true);
    if (options_.accept_any_date) return (out->SetNull(row, true), true);
    return Fail(kErrBadDate,
                "Invalid Date Format - date value did not match format specified [" + date_format_->spec() + "]", s,
                err);
  }
  if (type_.id() == TypeId::kTimestampTz || type_.id() == TypeId::kTime || type_.id() == TypeId::kTimeTz) {
    // Text with an offset or zone name is read in that zone, text without one as UTC (the loading thread
    // has no session time zone), as Redshift's COPY does.
    Result<Value> v = ParseValue(type_, TrimSpaces(s));
    if (v.ok()) return (out->data<int64_t>()[row] = v->GetInt(), true);
    if (options_.accept_any_date) return (out->SetNull(row, true), true);
    return Fail(kErrBadTimestamp, "Invalid timestamp format or value [" + time_format_->spec() + "]", s, err);
  }
  int64_t us = 0;
  if (time_format_->ParseTimestamp(s, &us)) return (out->data<int64_t>()[row] = us, true);
  if (options_.accept_any_date) return (out->SetNull(row, true), true);
  return Fail(kErrBadTimestamp, "Invalid timestamp format or value [" + time_format_->spec() + "]", s, err);
}

std::string FieldConverter::StlTypeName() const {
  switch (type_.id()) {
    case TypeId::kBoolean:
      return "bool";
    case TypeId::kSmallInt:
      return "int2";
    case TypeId::kInteger:
      return "int4";
    case TypeId::kBigInt:
      return "int8";
    case TypeId::kDecimal:
      return "numeric";
    case TypeId::kReal:
      return "float4";
    case TypeId::kDouble:
      return "float8";
    case TypeId::kChar:
      return "char";
    case TypeId::kVarchar:
      return "varchar";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    case TypeId::kTimestampTz:
      return "timestamptz";
    case TypeId::kTime:
      return "time";
    case TypeId::kVarbyte:
      return "varbyte";
    case TypeId::kTimeTz:
      return "timetz";
    case TypeId::kIntervalYM:
      return "intervaly2m";
    case TypeId::kIntervalDS:
      return "intervald2s";
    case TypeId::kInterval:
      return "interval";
    case TypeId::kNull:
      break;
  }
  return "unknown";
}

std::string FieldConverter::StlColLength() const {
  if (type_.IsString()) return std::to_string(type_.length());
  if (type_.id() == TypeId::kDecimal) return std::to_string(type_.precision()) + "," + std::to_string(type_.scale());
  return "0";
}

}  // namespace blueshift::load
