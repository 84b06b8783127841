#include "storage/encoding.h"

#include "storage/integer_values.h"

namespace blueshift::storage {

bool EncodingImplemented(Encoding e, PhysicalType t) {
  bool integer = IsIntegerType(t);
  int width = PhysicalWidth(t);
  switch (e) {
    case Encoding::kRaw:
    case Encoding::kRunLength:
    case Encoding::kLzo:
    case Encoding::kZstd:
      return true;
    case Encoding::kByteDict:
      return t != PhysicalType::kBool;
    case Encoding::kAz64:
    case Encoding::kDelta:
      return integer;
    case Encoding::kDelta32k:
    case Encoding::kMostly16:
      return integer && width > 2;
    case Encoding::kMostly8:
      return integer;
    case Encoding::kMostly32:
      return integer && width > 4;
    case Encoding::kText255:
    case Encoding::kText32k:
      return t == PhysicalType::kString;
  }
  return false;
}

void EncodePayload(Encoding e, const ColumnSpan& in, ByteWriter* out) {
  switch (e) {
    case Encoding::kRaw:
      return EncodeRaw(in, out);
    case Encoding::kRunLength:
      return EncodeRunLength(in, out);
    case Encoding::kAz64:
      return EncodeAz64(in, out);
    case Encoding::kByteDict:
      return EncodeByteDict(in, out);
    case Encoding::kDelta:
      return EncodeDelta(in, 1, out);
    case Encoding::kDelta32k:
      return EncodeDelta(in, 2, out);
    case Encoding::kMostly8:
      return EncodeMostly(in, 1, out);
    case Encoding::kMostly16:
      return EncodeMostly(in, 2, out);
    case Encoding::kMostly32:
      return EncodeMostly(in, 4, out);
    case Encoding::kText255:
      return EncodeText(in, 1, out);
    case Encoding::kText32k:
      return EncodeText(in, 2, out);
    case Encoding::kLzo:
      return EncodeLz4(in, out);
    case Encoding::kZstd:
      return EncodeZstd(in, out);
  }
}

Status DecodePayload(Encoding e, PhysicalType type, std::string_view payload, DecodedBlock* out) {
  if (!EncodingImplemented(e, type)) {
    return PayloadCorrupt(std::string("block stores encoding ") + EncodingName(e) + ", which its type cannot have");
  }
  switch (e) {
    case Encoding::kRaw:
      return DecodeRaw(type, payload, out);
    case Encoding::kRunLength:
      return DecodeRunLength(type, payload, out);
    case Encoding::kAz64:
      return DecodeAz64(type, payload, out);
    case Encoding::kByteDict:
      return DecodeByteDict(type, payload, out);
    case Encoding::kDelta:
      return DecodeDelta(type, 1, payload, out);
    case Encoding::kDelta32k:
      return DecodeDelta(type, 2, payload, out);
    case Encoding::kMostly8:
      return DecodeMostly(type, 1, payload, out);
    case Encoding::kMostly16:
      return DecodeMostly(type, 2, payload, out);
    case Encoding::kMostly32:
      return DecodeMostly(type, 4, payload, out);
    case Encoding::kText255:
      return DecodeText(1, payload, out);
    case Encoding::kText32k:
      return DecodeText(2, payload, out);
    case Encoding::kLzo:
      return DecodeLz4(type, payload, out);
    case Encoding::kZstd:
      return DecodeZstd(type, payload, out);
  }
  return PayloadCorrupt("block has an unknown stored encoding");
}

}  // namespace blueshift::storage
