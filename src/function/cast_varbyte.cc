// Casts to and from VARBYTE. Redshift casts VARBYTE only to and from CHAR, VARCHAR, SMALLINT, INTEGER and
// BIGINT: strings convert byte for byte (their UTF-8 encoding; a CHAR keeps its blank padding), integers as
// their big-endian two's complement bytes (2, 4 or 8 of them).

#include <cstring>

#include "function/cast_internal.h"
#include "types/varbyte.h"

namespace blueshift::cast_internal {
namespace {

Status TooLong(const LogicalType& to) {
  return Status(ErrorCode::kStringDataRightTruncation, "value too long for type " + to.ToString());
}

std::string BigEndian(uint64_t v, int width) {
  std::string out(static_cast<size_t>(width), '\0');
  for (int i = width - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(v & 0xFF);
    v >>= 8;
  }
  return out;
}

// The bytes of row i as the cast reads them.
std::string SourceBytes(const Vector& in, size_t i) {
  switch (in.type().id()) {
    case TypeId::kSmallInt:
      return BigEndian(static_cast<uint16_t>(in.data<int16_t>()[i]), 2);
    case TypeId::kInteger:
      return BigEndian(static_cast<uint32_t>(in.data<int32_t>()[i]), 4);
    case TypeId::kBigInt:
      return BigEndian(static_cast<uint64_t>(in.data<int64_t>()[i]), 8);
    default:
      return std::string(in.data<std::string_view>()[i]);
  }
}

// Reads up to `width` bytes as a big-endian two's complement integer of that width; a shorter value is
// zero-extended on the left.
Result<int64_t> IntegerFromBytes(std::string_view b, int width, const LogicalType& to) {
  if (b.size() > static_cast<size_t>(width)) {
    return Status(ErrorCode::kNumericValueOutOfRange, "value out of range for type " + to.ToString());
  }
  uint64_t v = 0;
  for (char c : b) v = v << 8 | static_cast<uint8_t>(c);
  if (width == 2) return static_cast<int16_t>(static_cast<uint16_t>(v));
  if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

}  // namespace

bool IsVarbyteCastPartner(const LogicalType& t) {
  return t.IsVarbyte() || t.IsString() || t.IsInteger();
}

Status CastToVarbyte(const Vector& in, size_t n, Vector* out, CastContext context) {
  const LogicalType& to = out->type();
  size_t limit = static_cast<size_t>(to.length());
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    std::string bytes = SourceBytes(in, i);
    if (bytes.size() > limit) {
      if (context == CastContext::kAssignment) return TooLong(to);
      bytes.resize(limit);
    }
    out->SetString(i, bytes);
  }
  return Status::OK();
}

Status CastFromVarbyte(const Vector& in, size_t n, Vector* out, CastContext context) {
  const LogicalType& to = out->type();
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    std::string_view b = in.data<std::string_view>()[i];
    if (to.IsInteger()) {
      int width = to.FixedWidth();
      ASSIGN_OR_RETURN(int64_t v, IntegerFromBytes(b, width, to));
      if (width == 2) out->data<int16_t>()[i] = static_cast<int16_t>(v);
      if (width == 4) out->data<int32_t>()[i] = static_cast<int32_t>(v);
      if (width == 8) out->data<int64_t>()[i] = v;
      continue;
    }
    if (!IsValidUtf8(b)) {
      return Status(ErrorCode::kInvalidTextRepresentation, "invalid byte sequence for encoding \"UTF8\"");
    }
    RETURN_IF_ERROR(FitString(b, to, context, out, i));
  }
  return Status::OK();
}

}  // namespace blueshift::cast_internal
