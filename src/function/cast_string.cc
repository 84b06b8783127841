#include <string>
#include <string_view>

#include "function/cast_internal.h"
#include "types/date_style.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/numeric_format.h"
#include "types/time_zone.h"
#include "types/value_parse.h"
#include "types/varbyte.h"

namespace blueshift::cast_internal {
namespace {

std::string_view StripTrailingBlanks(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && s[e - 1] == ' ') e--;
  return s.substr(0, e);
}

// Largest prefix of s of at most n bytes that does not split a UTF-8 sequence.
size_t Utf8Prefix(std::string_view s, size_t n) {
  if (s.size() <= n) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) n--;
  return n;
}

}  // namespace

// Fits s into the target's length: explicit and implicit casts cut silently (PostgreSQL), assignment
// errors with 22001 when a non-blank would be cut. CHAR targets are blank-padded to their length.
Status FitString(std::string_view s, const LogicalType& to, CastContext context, Vector* out, size_t row) {
  size_t n = static_cast<size_t>(to.length());
  if (s.size() > n) {
    if (context == CastContext::kAssignment && s.substr(n).find_first_not_of(' ') != std::string_view::npos) {
      return Status(ErrorCode::kStringDataRightTruncation, "value too long for type " + to.ToString());
    }
    s = s.substr(0, Utf8Prefix(s, n));
  }
  if (to.id() == TypeId::kChar && s.size() < n) {
    char* buf = out->arena().Allocate(n);
    std::memcpy(buf, s.data(), s.size());
    std::memset(buf + s.size(), ' ', n - s.size());
    out->data<std::string_view>()[row] = std::string_view(buf, n);
    return Status::OK();
  }
  out->SetString(row, s);
  return Status::OK();
}

std::string FormatForCast(const Vector& in, size_t row) {
  const LogicalType& t = in.type();
  switch (t.id()) {
    case TypeId::kBoolean:
      return in.data<uint8_t>()[row] ? "true" : "false";
    case TypeId::kSmallInt:
      return std::to_string(in.data<int16_t>()[row]);
    case TypeId::kInteger:
      return std::to_string(in.data<int32_t>()[row]);
    case TypeId::kBigInt:
      return std::to_string(in.data<int64_t>()[row]);
    case TypeId::kDecimal:
      if (t.physical() == PhysicalType::kInt64) return FormatDecimal(in.data<int64_t>()[row], t.scale());
      return FormatDecimal(in.data<int128_t>()[row], t.scale());
    case TypeId::kReal:
      return FormatReal(in.data<float>()[row]);
    case TypeId::kDouble:
      return FormatDouble(in.data<double>()[row]);
    case TypeId::kDate:
      return FormatDateInStyle(in.data<int32_t>()[row], SessionDateStyle());
    case TypeId::kTimestamp:
      return FormatTimestampInStyle(in.data<int64_t>()[row], SessionDateStyle());
    case TypeId::kTimestampTz:
      return FormatTimestampTzInStyle(in.data<int64_t>()[row], SessionTimeZone(), SessionDateStyle());
    case TypeId::kTime:
      return FormatTime(in.data<int64_t>()[row]);
    case TypeId::kChar:
    case TypeId::kVarchar:
      return std::string(in.data<std::string_view>()[row]);
    case TypeId::kVarbyte:
      return HexEncode(in.data<std::string_view>()[row]);
    case TypeId::kTimeTz:
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return in.GetValue(row).ToString();
    case TypeId::kNull:
      return "";
  }
  return "";
}

Status CastToString(const Vector& in, size_t n, Vector* out, CastContext context) {
  const LogicalType& to = out->type();
  bool from_string = in.type().IsString();
  bool from_char = in.type().id() == TypeId::kChar;
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    if (from_string) {
      std::string_view s = in.data<std::string_view>()[i];
      // bpchar -> varchar drops the padding, as PostgreSQL does.
      if (from_char && to.id() == TypeId::kVarchar) s = StripTrailingBlanks(s);
      RETURN_IF_ERROR(FitString(s, to, context, out, i));
    } else {
      RETURN_IF_ERROR(FitString(FormatForCast(in, i), to, context, out, i));
    }
  }
  return Status::OK();
}

Status CastFromString(const Vector& in, size_t n, Vector* out) {
  const LogicalType& to = out->type();
  bool from_char = in.type().id() == TypeId::kChar;
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    std::string_view s = in.data<std::string_view>()[i];
    if (from_char) s = StripTrailingBlanks(s);
    ASSIGN_OR_RETURN(Value v, ParseValue(to, s));
    out->SetValue(i, v);
  }
  return Status::OK();
}

}  // namespace blueshift::cast_internal
