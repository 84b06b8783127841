#pragma once

#include <memory>
#include <string>

#include "storage/column_data.h"
#include "storage/segment.h"
#include "util/byte_stream.h"

namespace blueshift::storage {

// One column block in the layout of docs/format/block.md: header with zone map, null bitmap, payload,
// CRC32C. Stateless and thread-safe.

// The largest block a writer may produce, header and checksum included.
constexpr size_t kMaxBlockBytes = 1 << 20;
// RAW payload budget per block: leaves room for a header whose zone map holds two maximal strings.
constexpr size_t kBlockPayloadBudget = kMaxBlockBytes - 132 * 1024;

// Encodes rows of one column as a block, with `declared` if the format implements it for the type and its
// payload is no larger than RAW's, else RAW. Fills info's row_count, null_count, zone map, stored encoding and size
// (first_row and offset are the caller's). Returns the block bytes.
std::string EncodeBlock(Encoding declared, const LogicalType& type, const ColumnSpan& in, BlockInfo* info);
// The same block appended to `out` (its checksum covers the block's own bytes): no intermediate copy, and a
// RAW payload is written in place.
void AppendBlock(Encoding declared, const LogicalType& type, const ColumnSpan& in, BlockInfo* info, ByteWriter* out);

// Verifies the checksum of a block read from disk, checks its header against the manifest's `expected`,
// and decodes it. out->owner is set to bytes (string views point into it). Any fault is XX001 with a reason
// that does not name the block: the caller knows which block it was. With keep_encoded, a BYTEDICT block of
// strings may stay in dictionary form (out->dict and out->codes, no values) and an AZ64 block stays encoded
// (out->az64: rows decoded one by one, or all by MaterializeBlock). checksum_verified: bytes whose checksum an
// earlier DecodeBlock verified (RawBlockCache keeps only such); it is not computed again. expanded (may be
// null), for an LZO or ZSTD block: the block's RAW payload decompressed by an earlier read, used instead of
// decompressing again when set and of the size the payload claims; otherwise set to what this read
// decompressed. Unchanged for other encodings.
Status DecodeBlock(std::shared_ptr<const std::string> bytes, const LogicalType& type, const BlockInfo& expected,
                   DecodedBlock* out, bool keep_encoded = false, bool checksum_verified = false,
                   std::shared_ptr<const std::string>* expanded = nullptr);
// Decodes every row of a block DecodeBlock kept encoded as AZ64 into its values (a no-op otherwise).
Status MaterializeBlock(PhysicalType type, DecodedBlock* block);

}  // namespace blueshift::storage
