#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "storage/column_data.h"
#include "storage/column_stats.h"
#include "storage/segment.h"
#include "storage/segment_file.h"
#include "util/file.h"

namespace blueshift::storage {

// SegmentStreamWriter writes one segment file (docs/format/segment.md) from rows that arrive already in their
// final order, a range of a batch at a time. It holds only the block being filled, per column, and writes
// each block as soon as it is cut (the same greedy rule as WriteSegmentFile), so its memory does not grow
// with the segment: blocks land in the file row group by row group (block k of every column, then block
// k + 1), which the footer's offsets describe. Zone maps, encodings (ENCODE AUTO chooses from the first
// block) and the statistics section are those of WriteSegmentFile. Not thread-safe.
class SegmentStreamWriter {
 public:
  // Creates the file at path, which must not exist (53100 on a full disk, 58030 on other I/O errors). A
  // segment that is not durable (an intermediate run of a merge, never committed) is not fsynced.
  static Result<std::unique_ptr<SegmentStreamWriter>> Create(const std::string& path, const TableDef& table,
                                                             uint32_t slice, uint64_t id, bool durable = true);
  ~SegmentStreamWriter();  // removes the file unless Finish succeeded

  // Appends rows [from, from + n) of batch, whose columns are the table's (no selection vector).
  Status Append(const Batch& batch, size_t from, size_t n);
  // Writes the last block, the statistics section, the footer and trailer, and (when durable) fsyncs the file
  // and its directory. REQUIRES: at least one row was appended. On error the file is removed.
  Result<std::shared_ptr<const SegmentMeta>> Finish(std::shared_ptr<const SegmentSketch>* sketch);

  uint64_t rows() const { return rows_; }
  const std::string& path() const { return path_; }

  // An upper bound of the memory a writer for `table` holds: one block of every column being filled, an
  // encoded block and the sketches' bookkeeping.
  static uint64_t MemoryBound(const TableDef& table);

 private:
  SegmentStreamWriter(std::string path, const TableDef& table, uint32_t slice, uint64_t id);
  Status FlushBlock();  // encodes and writes the pending rows as block k of every column

  struct Pending {
    ColumnData data;                  // count rows; values sized for a full block
    std::unique_ptr<char[]> strings;  // the pending rows' string bytes (at most a block's budget)
    size_t string_bytes = 0;
    Encoding encoding = Encoding::kRaw;  // chosen at the first block
    bool encoding_chosen = false;
  };

  std::string path_;
  TableDef table_;
  std::unique_ptr<WritableFile> file_;
  std::shared_ptr<SegmentMeta> meta_;
  std::vector<Pending> pending_;  // [column]
  std::vector<ColumnSketchBuilder> sketches_;
  BlockFill fill_;
  std::vector<size_t> cost_;  // per column, scratch for fill_
  uint64_t rows_ = 0;
  bool durable_ = true;
  bool finished_ = false;
};

}  // namespace blueshift::storage
