#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/encoding.h"
#include "storage/column_data.h"
#include "util/byte_stream.h"
#include "util/status.h"

namespace blueshift::storage {

// Block payload encoders and decoders, one family per encoding and one file per family (docs/format/block.md).
// Each switches on the physical type at most once; block.cc chooses among them. Stateless and thread-safe.

// Whether the block format implements encoding e for physical type t (the writer stores RAW otherwise).
// Which SQL types may *declare* an encoding is the catalog's rule (EncodingAllowed); this is the storage's.
bool EncodingImplemented(Encoding e, PhysicalType t);
// Bytes EncodeRaw would write for in.
size_t RawPayloadSize(const ColumnSpan& in);

// Appends the payload of in under encoding e. REQUIRES: EncodingImplemented(e, in.type).
void EncodePayload(Encoding e, const ColumnSpan& in, ByteWriter* out);
// Fills out->values (allocated by the caller: row_count values at the physical width, not zeroed) from
// payload: every decoder writes every row.
// String views point into out->owner, which holds payload on entry; a decoder that materializes strings
// (TEXT255, LZO, ...) replaces owner with the buffer it decoded into. A malformed payload is XX001 with a
// short reason; the caller adds which block it was.
Status DecodePayload(Encoding e, PhysicalType type, std::string_view payload, DecodedBlock* out);

// The families. Encoders' REQUIRES: EncodingImplemented for in.type.
void EncodeRaw(const ColumnSpan& in, ByteWriter* out);
void EncodeRunLength(const ColumnSpan& in, ByteWriter* out);
void EncodeAz64(const ColumnSpan& in, ByteWriter* out);
void EncodeByteDict(const ColumnSpan& in, ByteWriter* out);
void EncodeDelta(const ColumnSpan& in, int delta_bytes, ByteWriter* out);   // DELTA 1, DELTA32K 2
void EncodeMostly(const ColumnSpan& in, int value_bytes, ByteWriter* out);  // MOSTLY8 1, MOSTLY16 2, MOSTLY32 4
void EncodeText(const ColumnSpan& in, int code_bytes, ByteWriter* out);     // TEXT255 1, TEXT32K 2
void EncodeLz4(const ColumnSpan& in, ByteWriter* out);                      // LZO
void EncodeZstd(const ColumnSpan& in, ByteWriter* out);

Status DecodeRaw(PhysicalType type, std::string_view payload, DecodedBlock* out);
Status DecodeRunLength(PhysicalType type, std::string_view payload, DecodedBlock* out);
Status DecodeAz64(PhysicalType type, std::string_view payload, DecodedBlock* out);
// An AZ64 block read a few rows at a time (a scan whose filters kept few rows of a batch): the byte offset in
// the payload of each frame of 1024 rows, checked as DecodeAz64 checks the payload; then, for rows[i] >= start,
// the value of block row first + (rows[i] - start) written to dst at index rows[i] (at the physical width).
Status IndexAz64Frames(PhysicalType type, std::string_view payload, uint32_t rows, std::vector<uint32_t>* offsets);
void DecodeAz64Rows(PhysicalType type, std::string_view payload, const std::vector<uint32_t>& offsets, uint32_t first,
                    uint32_t start, const uint32_t* rows, size_t n, uint8_t* dst);
Status DecodeByteDict(PhysicalType type, std::string_view payload, DecodedBlock* out);
// A BYTEDICT block of strings without exceptions kept in dictionary form (out->dict, out->codes; no values):
// *kept says whether it was; if not, the caller decodes it with DecodeByteDict.
Status DecodeByteDictCodes(PhysicalType type, std::string_view payload, DecodedBlock* out, bool* kept);
Status DecodeDelta(PhysicalType type, int delta_bytes, std::string_view payload, DecodedBlock* out);
Status DecodeMostly(PhysicalType type, int value_bytes, std::string_view payload, DecodedBlock* out);
Status DecodeText(int code_bytes, std::string_view payload, DecodedBlock* out);
Status DecodeLz4(PhysicalType type, std::string_view payload, DecodedBlock* out);
Status DecodeZstd(PhysicalType type, std::string_view payload, DecodedBlock* out);
// The RAW payload that an LZO (LZ4) or ZSTD payload holds, decompressed.
Result<std::shared_ptr<const std::string>> ExpandLz4(std::string_view payload);
Result<std::shared_ptr<const std::string>> ExpandZstd(std::string_view payload);

// Decodes a RAW payload that a general-purpose decompressor produced: out->owner becomes `raw` (string views
// point into it).
Status DecodeRawBuffer(PhysicalType type, std::shared_ptr<const std::string> raw, DecodedBlock* out);
// The largest RAW payload a compressed block may claim to expand to (blocks are cut by RAW size).
constexpr size_t kMaxRawPayloadBytes = 4 << 20;

inline Status PayloadCorrupt(const std::string& why) {
  return Status(ErrorCode::kDataCorrupted, why);
}

}  // namespace blueshift::storage
