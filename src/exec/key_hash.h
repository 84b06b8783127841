#pragma once

#include <cstdint>
#include <vector>

#include "types/batch.h"

namespace blueshift {

// Vectorized hashing and comparison of multi-column keys for hash joins and aggregation. Two keys are equal
// exactly when AppendRowKey (exec/row_key.h) would encode them alike: CHAR values without trailing blanks,
// -0.0 = 0.0, all NaNs one value, NULL equal to NULL (callers that need NULL <> NULL filter NULLs first).
// Equal keys hash alike; the hash is in-memory only (never stored, may change).

// hashes[i] = hash of row i of the dense key columns, for i in [0, n).
void HashKeys(const std::vector<const Vector*>& columns, size_t n, uint64_t* hashes);

// Whether row a of columns `left` equals row b of columns `right` (same types, column by column).
bool KeysEqual(const std::vector<const Vector*>& left, size_t a, const std::vector<const Vector*>& right, size_t b);

// rows_with_null[i] = 1 when any key column is NULL at row i (dense, n rows); returns whether any is.
bool FindNullKeys(const std::vector<const Vector*>& columns, size_t n, std::vector<uint8_t>* rows_with_null);

// Copies row ids[i] of the chunked columns (chunk = id / kBatchSize, row = id % kBatchSize; each chunk's
// column `col`) to rows [dst, dst + n) of out.
void GatherChunked(const std::vector<Batch>& chunks, size_t col, const uint32_t* ids, size_t n, Vector* out,
                   size_t dst);

}  // namespace blueshift
