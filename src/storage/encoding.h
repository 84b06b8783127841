#pragma once

#include <string_view>

#include "catalog/encoding.h"
#include "storage/column_data.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift::storage {

// Block payload encoders and decoders, one family per encoding (docs/format/block.md). Each switches on the
// physical type once; block.cc chooses among them. Stateless and thread-safe.

// Whether format 1 implements encoding e for physical type t (others are stored as RAW).
bool EncodingImplemented(Encoding e, PhysicalType t);
// Bytes EncodeRaw would write for in.
size_t RawPayloadSize(const ColumnSpan& in);

void EncodeRaw(const ColumnSpan& in, ByteWriter* out);
void EncodeRunLength(const ColumnSpan& in, ByteWriter* out);
// REQUIRES: in.type is kInt16, kInt32 or kInt64.
void EncodeAz64(const ColumnSpan& in, ByteWriter* out);

// Decoders fill out->values (allocated by the caller: row_count values at the physical width) from payload.
// String views point into payload, which lies inside out->owner. A malformed payload is XX001 with a short
// reason; the caller adds which block it was.
Status DecodeRaw(PhysicalType type, std::string_view payload, DecodedBlock* out);
Status DecodeRunLength(PhysicalType type, std::string_view payload, DecodedBlock* out);
Status DecodeAz64(PhysicalType type, std::string_view payload, DecodedBlock* out);

inline Status PayloadCorrupt(const std::string& why) {
  return Status(ErrorCode::kDataCorrupted, why);
}

}  // namespace blueshift::storage
