#pragma once

#include <vector>

#include "catalog/table_def.h"
#include "storage/column_data.h"

namespace blueshift::storage {

// ENCODE AUTO (docs/format/block.md, "ENCODE AUTO"): the encoding a segment stores for a column, chosen from the data.
// Stateless and thread-safe.

// Whether the writer chooses column encodings from the data for this table: ENCODE AUTO (no column names an
// ENCODE) on a permanent table. Temporary tables keep Redshift's RAW.
bool UsesEncodeAuto(const TableDef& table);

// Encodes `sample` (the segment's first block of the column) with every encoding that Redshift allows for
// `type` and the block format implements, and returns the one with the smallest payload. RAW wins ties;
// LZO and ZSTD must beat the best other encoding by more than kGeneralPurposeMargin, because the lightweight
// encodings decode faster; numbers, dates, times and booleans never get them (as Redshift's ENCODE AUTO gives
// them AZ64): a zstd frame of a sorted key column can be a fifth of its AZ64 size, but decoding it costs
// several times as much, and a scan of such a column is often most of a query.
Encoding ChooseAutoEncoding(const LogicalType& type, const ColumnSpan& sample);

// The payload size of `sample` under each candidate encoding for `type` (RAW first, then the lightweight
// encodings, then LZO and ZSTD, as ChooseAutoEncoding weighs them): what ANALYZE COMPRESSION reports as
// Est_reduction_pct = 100 * (1 - bytes / RAW bytes).
struct EncodingTrial {
  Encoding encoding;
  size_t bytes;
};
std::vector<EncodingTrial> TryEncodings(const LogicalType& type, const ColumnSpan& sample);

// A general-purpose compressor is chosen only if its payload is below (1 - margin) of the best lightweight one.
constexpr double kGeneralPurposeMargin = 0.10;

}  // namespace blueshift::storage
