#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "types/batch.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift::storage {

class InterleavedIndex;  // storage/interleaved_index.h

// The zone map and location of one block: rows [first_row, first_row + row_count) of one column of a
// segment. min/max are over the non-null values (has_minmax false when all are null).
struct BlockInfo {
  uint32_t first_row = 0;
  uint32_t row_count = 0;
  uint32_t null_count = 0;
  bool has_minmax = false;
  Value min;
  Value max;
  Encoding encoding = Encoding::kRaw;
  uint64_t offset = 0;  // in the segment file
  uint32_t size = 0;    // encoded bytes, header included
};

// What the manifest keeps about an immutable segment: enough to plan a scan without opening it.
// All columns of a segment are cut at the same row boundaries: block k of every column covers the same rows.
struct SegmentMeta {
  uint64_t id = 0;
  uint32_t slice = 0;
  uint64_t row_count = 0;
  uint64_t file_bytes = 0;
  std::vector<LogicalType> types;               // [column], the column types the segment was written with
  std::vector<std::vector<BlockInfo>> columns;  // [column][block], blocks in row order
  // A segment of the write store: the bytes of its segment file, held in memory (and logged in the WAL)
  // until it is folded into a larger segment or written out at a checkpoint. Null for a segment file.
  std::shared_ptr<const std::string> memory_image;
  // A write-store segment of one row (a single-row INSERT's) also keeps that row's values, one per column of
  // `types`, so that a fold takes them instead of opening and decoding the image (about 8K instructions of
  // each INSERT). Null otherwise, and for segments the log replayed (it holds the image alone). In memory only.
  std::shared_ptr<const std::vector<Value>> memory_row;
  // A segment written by the first load into an empty slice of an INTERLEAVED table: the index it was sorted
  // by, built from its rows, which the commit makes the slice's index (TableData::interleaved) if the slice
  // is still empty then. Null otherwise. In memory only.
  std::shared_ptr<const InterleavedIndex> proposed_index;

  // The encoding this segment stores a column in, for system views: the stored encoding covering the most
  // rows among the column's blocks (under ENCODE AUTO that is the segment's choice unless most blocks fell
  // back to RAW). RAW for a column without rows. REQUIRES: 0 <= column < columns.size().
  Encoding StoredEncoding(int column) const;
};

// Deleted row positions of a segment as of one version; sorted, unique. Immutable once published: a commit
// that deletes more rows makes a new DeleteSet.
struct DeleteSet {
  std::vector<uint32_t> rows;
  bool Contains(uint32_t row) const;  // binary search
};

struct SegmentState {
  std::shared_ptr<const SegmentMeta> meta;
  std::shared_ptr<const DeleteSet> deletes;  // null when no row is deleted
};

// SegmentReader decodes row ranges of a segment's columns. One reader per scanning thread (it caches the
// last decoded block of each column, so sequential ranges decode each block once).
class SegmentReader {
 public:
  virtual ~SegmentReader() = default;
  // Fills out (whose columns have the types of `columns`, in that order) with rows
  // [first_row, first_row + count) of those columns. REQUIRES count <= out->capacity(), the range inside the
  // segment. Verifies each block's checksum on first use: a mismatch is XX001 naming the table, column,
  // segment and block. Replaces out's previous contents (its vectors are Reset()); sets out->count() to
  // count and each vector's validity. String views point into decoded blocks that the vectors' arenas retain
  // (no copy), so they stay valid until the vector is Reset. With `live` (ascending row offsets in [0,
  // count)), only those rows are wanted: a column may leave the others' values zero instead of decoding them
  // (validity is always complete). A column past the segment's own (ALTER TABLE ADD COLUMN added it to the table
  // after the segment was written, without a rewrite) reads as NULL.
  virtual Status Read(const std::vector<int>& columns, uint64_t first_row, size_t count, Batch* out,
                      const std::vector<uint32_t>* live = nullptr) = 0;
  // Column blocks decoded so far (EXPLAIN ANALYZE's "blocks read").
  virtual uint64_t blocks_decoded() const = 0;
};

}  // namespace blueshift::storage
