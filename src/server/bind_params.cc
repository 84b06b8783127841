#include "server/bind_params.h"

#include <charconv>
#include <cstring>
#include <string>

#include "server/numeric_binary.h"
#include "types/interval.h"
#include "types/timetz.h"
#include "types/value_parse.h"
#include "types/varbyte.h"

namespace blueshift::server {

namespace {

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

int64_t SignExtend(uint64_t v, size_t width) {
  if (width == 8) return static_cast<int64_t>(v);
  const uint64_t sign = uint64_t{1} << (8 * width - 1);
  return static_cast<int64_t>((v ^ sign) - sign);
}

Status WrongWidth(size_t index) {
  return Status(ErrorCode::kProtocolViolation,
                "incorrect binary data format in bind parameter " + std::to_string(index + 1));
}

template <typename T>
std::string ToText(T v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, static_cast<size_t>(end - buf));
}

// PostgreSQL's binary date and timestamp count from 2000-01-01; ours from 1970-01-01.
constexpr int64_t kPgEpochDays = 10957;
constexpr int64_t kPgEpochMicros = kPgEpochDays * 86400 * 1000000;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

// DATE (int32 days), TIMESTAMP and TIMESTAMPTZ (int64 microseconds, UTC for timestamptz) and TIME (int64
// microseconds since midnight) in binary. PostgreSQL's infinities (the extreme values) have no counterpart.
Result<Value> BinaryDateTime(std::string_view bytes, const LogicalType& type, size_t index) {
  const size_t width = type.id() == TypeId::kDate ? 4 : 8;
  if (bytes.size() != width) return WrongWidth(index);
  const int64_t v = SignExtend(ReadBigEndian(bytes), width);
  switch (type.id()) {
    case TypeId::kDate:
      if (v == INT32_MAX || v == INT32_MIN) return Status(ErrorCode::kDatetimeFieldOverflow, "date out of range");
      return Value::FromInt(type, v + kPgEpochDays);
    case TypeId::kTime:
      if (v < 0 || v > kMicrosPerDay) return Status(ErrorCode::kDatetimeFieldOverflow, "time out of range");
      return Value::FromInt(type, v);
    default:
      if (v == INT64_MAX || v == INT64_MIN) {
        return Status(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
      }
      return Value::FromInt(type, v + kPgEpochMicros);
  }
}

// The binary value as the text PostgreSQL would print, which ParseValue then checks against the type: an
// int8 value sent for an integer parameter gets the usual range check, a NUMERIC is rounded to the scale.
Result<std::string> BinaryToText(std::string_view bytes, const LogicalType& type, size_t index) {
  const size_t n = bytes.size();
  if (type.IsString()) return std::string(bytes);
  if (type.IsVarbyte()) return HexEncode(bytes);  // binary VARBYTE is the bytes; ParseValue reads hex
  if (type.id() == TypeId::kDecimal) return DecodeBinaryNumeric(bytes);
  if (type.id() == TypeId::kBoolean) {
    if (n != 1) return WrongWidth(index);
    return std::string(bytes[0] ? "t" : "f");
  }
  if (type.IsInteger()) {
    if (n != 2 && n != 4 && n != 8) return WrongWidth(index);
    return ToText(SignExtend(ReadBigEndian(bytes), n));
  }
  if (type.id() == TypeId::kReal || type.id() == TypeId::kDouble) {
    uint64_t bits = ReadBigEndian(bytes);
    if (n == 4) {
      float f;
      uint32_t b32 = static_cast<uint32_t>(bits);
      std::memcpy(&f, &b32, 4);
      return ToText(f);
    }
    if (n != 8) return WrongWidth(index);
    double d;
    std::memcpy(&d, &bits, 8);
    return ToText(d);
  }
  if (type.id() == TypeId::kTimeTz) {  // int64 local microseconds, int32 seconds west of UTC
    if (n != 12) return WrongWidth(index);
    int64_t micros = static_cast<int64_t>(ReadBigEndian(bytes.substr(0, 8)));
    int64_t west = SignExtend(ReadBigEndian(bytes.substr(8)), 4);
    if (micros < 0 || micros > kMicrosPerDay || west > kMaxTimeTzOffset || west < -kMaxTimeTzOffset)
      return Status(ErrorCode::kDatetimeFieldOverflow, "time with time zone out of range");
    return FormatTimeTz(PackTimeTz({micros, static_cast<int32_t>(-west)}));
  }
  if (type.IsInterval()) {  // int64 microseconds, int32 days, int32 months
    if (n != 16) return WrongWidth(index);
    int64_t micros = static_cast<int64_t>(ReadBigEndian(bytes.substr(0, 8)));
    int64_t days = SignExtend(ReadBigEndian(bytes.substr(8, 4)), 4);
    int64_t months = SignExtend(ReadBigEndian(bytes.substr(12)), 4);
    return FormatInterval({months, micros + days * kMicrosPerDay});
  }
  return Status(ErrorCode::kInternal, "no binary decoder for parameter type " + type.ToString());
}

// The type whose binary form a parameter arrives in: the declared OID's, else the parameter's own.
LogicalType WireType(int32_t oid, const LogicalType& param) {
  switch (oid) {
    case 16:
      return LogicalType::Boolean();
    case 20:
      return LogicalType::BigInt();
    case 21:
      return LogicalType::SmallInt();
    case 23:
      return LogicalType::Integer();
    case 700:
      return LogicalType::Real();
    case 701:
      return LogicalType::Double();
    case 1700:
      return param.id() == TypeId::kDecimal ? param : LogicalType::Decimal(38, 0);
    case 25:
    case 1042:
    case 1043:
      return LogicalType::Varchar();
    case 1082:
      return LogicalType::Date();
    case 1083:
      return LogicalType::Time();
    case 1114:
      return LogicalType::Timestamp();
    case 1184:
      return LogicalType::TimestampTz();
    case 6551:
      return LogicalType::Varbyte(LogicalType::kMaxVarbyteLength);
    case 1266:
      return LogicalType::TimeTz();
    case 1186:
      return param.IsInterval() ? param : LogicalType::Interval();
    default:
      return param;
  }
}

Result<Value> DecodeParam(int16_t format, const RawParam& raw, const LogicalType& type, int32_t declared_oid,
                          size_t index) {
  if (!raw.has_value()) return Value::NullOf(type);
  if (format == 0) return ParseValue(type, *raw);
  if (format != 1) return Status(ErrorCode::kProtocolViolation, "unsupported format code: " + std::to_string(format));
  const LogicalType wire = WireType(declared_oid, type);
  std::string text;
  switch (wire.id()) {
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      ASSIGN_OR_RETURN(Value v, BinaryDateTime(*raw, wire, index));
      if (wire == type) return v;
      text = v.ToString();
      break;
    }
    default:
      ASSIGN_OR_RETURN(text, BinaryToText(*raw, wire, index));
  }
  return ParseValue(type, text);
}

}  // namespace

Result<std::vector<Value>> DecodeParams(const std::vector<int16_t>& format_codes, const std::vector<RawParam>& raw,
                                        const std::vector<LogicalType>& types,
                                        const std::vector<int32_t>& declared_oids) {
  if (raw.size() != types.size()) {
    return Status(ErrorCode::kProtocolViolation, "bind message supplies " + std::to_string(raw.size()) +
                                                     " parameters, but prepared statement requires " +
                                                     std::to_string(types.size()));
  }
  if (format_codes.size() > 1 && format_codes.size() != raw.size()) {
    return Status(ErrorCode::kProtocolViolation, "bind message has " + std::to_string(format_codes.size()) +
                                                     " parameter formats but " + std::to_string(raw.size()) +
                                                     " parameters");
  }
  std::vector<Value> values;
  values.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    int16_t format = format_codes.empty() ? 0 : format_codes.size() == 1 ? format_codes[0] : format_codes[i];
    const int32_t oid = i < declared_oids.size() ? declared_oids[i] : 0;
    ASSIGN_OR_RETURN(Value v, DecodeParam(format, raw[i], types[i], oid, i));
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace blueshift::server
