#include "server/bind_params.h"

#include <charconv>
#include <cstring>
#include <string>

#include "types/value_parse.h"

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

// The binary value as the text PostgreSQL would print, which ParseValue then checks against the type: an
// int8 value sent for an integer parameter gets the usual range check.
Result<std::string> BinaryToText(std::string_view bytes, const LogicalType& type, size_t index) {
  const size_t n = bytes.size();
  if (type.IsString()) return std::string(bytes);
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
  return Status(ErrorCode::kFeatureNotSupported,
                "binary format for parameter of type " + type.ToString() + " is not supported yet");
}

Result<Value> DecodeParam(int16_t format, const RawParam& raw, const LogicalType& type, size_t index) {
  if (!raw.has_value()) return Value::NullOf(type);
  if (format == 0) return ParseValue(type, *raw);
  if (format != 1) return Status(ErrorCode::kProtocolViolation, "unsupported format code: " + std::to_string(format));
  ASSIGN_OR_RETURN(std::string text, BinaryToText(*raw, type, index));
  return ParseValue(type, text);
}

}  // namespace

Result<std::vector<Value>> DecodeParams(const std::vector<int16_t>& format_codes, const std::vector<RawParam>& raw,
                                        const std::vector<LogicalType>& types) {
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
    ASSIGN_OR_RETURN(Value v, DecodeParam(format, raw[i], types[i], i));
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace blueshift::server
