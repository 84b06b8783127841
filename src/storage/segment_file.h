#pragma once

// Pieces of the segment file format (docs/format/segment.md) shared by the two writers: WriteSegmentFile and
// BuildMemorySegment (segment_writer.h), which hold a whole segment's rows, and SegmentStreamWriter
// (segment_stream_writer.h), which holds one block per column.

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "storage/column_data.h"
#include "storage/column_stats.h"
#include "storage/segment.h"

namespace blueshift::storage {

// The 36-byte file header.
std::string SegmentFileHeader(const TableDef& table, uint32_t slice, uint64_t id);

// The footer and trailer of a segment whose blocks meta->columns lists; stats_offset/stats_size locate the
// statistics section (format 3).
std::string SegmentFooterAndTrailer(const SegmentMeta& meta, uint64_t footer_offset, uint64_t stats_offset,
                                    uint32_t stats_size);

// Appends the statistics section (none when sketch is null: a load with STATUPDATE OFF, statistics size 0),
// footer and trailer after the blocks meta->columns lists and sets meta->file_bytes. Out is a WritableFile or
// an in-memory image: Append(bytes) and size().
template <typename Out>
Status AppendStatisticsAndFooter(const SegmentSketch* sketch, SegmentMeta* meta, Out* out) {
  uint64_t stats_offset = out->size();
  std::string stats = sketch ? sketch->Serialize(meta->types) : std::string();
  RETURN_IF_ERROR(out->Append(stats));
  RETURN_IF_ERROR(
      out->Append(SegmentFooterAndTrailer(*meta, out->size(), stats_offset, static_cast<uint32_t>(stats.size()))));
  meta->file_bytes = out->size();
  return Status::OK();
}

// The encoding column c is stored in: the declared one, or under ENCODE AUTO the one chosen from the column's
// first block. A write-store segment (write_store) stays RAW: it lives until a fold re-encodes its rows, and
// trying every candidate on a row or two would dominate a single-row INSERT.
Encoding SegmentColumnEncoding(const TableDef& table, size_t c, const ColumnSpan& first_block, bool write_store);

// The greedy rule that cuts rows into blocks: a block ends at kMaxRowsPerBlock rows or before any column's
// RAW payload (values plus the validity bitmap) would pass kBlockPayloadBudget. Fed row by row with each
// column's RAW cost of the row (RowCost).
class BlockFill {
 public:
  explicit BlockFill(size_t columns) : bytes_(columns, 0) {}
  // Whether a row with these per-column costs fits in the block being filled (an empty block takes any row).
  bool Fits(const size_t* cost) const;
  void Add(const size_t* cost);
  void Reset();
  uint32_t rows() const { return rows_; }

 private:
  std::vector<size_t> bytes_;
  uint32_t rows_ = 0;
};

// The RAW bytes one value takes in a block: the physical width, or for a string 4 plus its length.
inline size_t RowCost(PhysicalType type, const uint8_t* values, size_t row) {
  if (type != PhysicalType::kString) return PhysicalWidth(type);
  return 4 + reinterpret_cast<const std::string_view*>(values)[row].size();
}

}  // namespace blueshift::storage
