#include "catalog/encoding.h"

#include <cctype>

namespace blueshift {

namespace {
struct EncodingInfo {
  Encoding encoding;
  const char* name;
};
constexpr EncodingInfo kEncodings[] = {
    {Encoding::kRaw, "raw"},           {Encoding::kAz64, "az64"},
    {Encoding::kByteDict, "bytedict"}, {Encoding::kDelta, "delta"},
    {Encoding::kDelta32k, "delta32k"}, {Encoding::kLzo, "lzo"},
    {Encoding::kMostly8, "mostly8"},   {Encoding::kMostly16, "mostly16"},
    {Encoding::kMostly32, "mostly32"}, {Encoding::kRunLength, "runlength"},
    {Encoding::kText255, "text255"},   {Encoding::kText32k, "text32k"},
    {Encoding::kZstd, "zstd"},
};
}  // namespace

const char* EncodingName(Encoding e) {
  return kEncodings[static_cast<int>(e)].name;
}

std::optional<Encoding> ParseEncoding(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "none") return Encoding::kRaw;
  for (const auto& info : kEncodings) {
    if (lower == info.name) return info.encoding;
  }
  return std::nullopt;
}

bool EncodingAllowed(Encoding e, const LogicalType& type) {
  TypeId t = type.id();
  bool integer_like = t == TypeId::kSmallInt || t == TypeId::kInteger || t == TypeId::kBigInt || t == TypeId::kDecimal;
  // TIMETZ and the interval columns are 8-byte integers on disk: the integer encodings apply to them.
  bool temporal = type.IsTemporal() || t == TypeId::kTime || t == TypeId::kTimeTz || t == TypeId::kIntervalYM ||
                  t == TypeId::kIntervalDS;
  switch (e) {
    case Encoding::kRaw:
    case Encoding::kZstd:
      return true;
    case Encoding::kRunLength:
      return t != TypeId::kVarbyte;  // Redshift allows only RAW, LZO and ZSTD for VARBYTE
    case Encoding::kAz64:
      return integer_like || temporal;
    case Encoding::kByteDict:
      return t != TypeId::kBoolean && t != TypeId::kVarbyte;
    case Encoding::kDelta:
      return integer_like || temporal;
    case Encoding::kDelta32k:
      return (integer_like && t != TypeId::kSmallInt) || temporal;
    case Encoding::kLzo:
      return integer_like || temporal || type.IsString() || type.IsVarbyte();
    case Encoding::kMostly8:
      return integer_like;
    case Encoding::kMostly16:
      return integer_like && t != TypeId::kSmallInt;
    case Encoding::kMostly32:
      return t == TypeId::kBigInt || t == TypeId::kDecimal;
    case Encoding::kText255:
    case Encoding::kText32k:
      return t == TypeId::kVarchar;
  }
  return false;
}

Encoding DefaultEncoding(const LogicalType& type, bool is_sortkey, bool temp_table) {
  if (is_sortkey || temp_table) return Encoding::kRaw;
  switch (type.id()) {
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDecimal:
    case TypeId::kDate:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kIntervalYM:  // unverified: Redshift's docs name AZ64 for TIME/TIMETZ, not for intervals
    case TypeId::kIntervalDS:
      return Encoding::kAz64;
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kVarbyte:
      return Encoding::kLzo;
    default:
      return Encoding::kRaw;
  }
}

}  // namespace blueshift
