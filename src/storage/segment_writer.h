#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/column_data.h"
#include "storage/column_stats.h"
#include "storage/interleaved_index.h"
#include "storage/segment.h"

namespace blueshift::storage {

inline constexpr char kSegmentMagic[] = "BLUSEGMT";
inline constexpr char kSegmentEndMagic[] = "BLUSEGND";
// The version this code writes (2: block payloads may use every encoding of block.md; 3: a statistics
// section). Readers accept kMinSegmentFormatVersion..kSegmentFormatVersion.
constexpr uint32_t kSegmentFormatVersion = 3;
constexpr uint32_t kMinSegmentFormatVersion = 1;
constexpr uint32_t kMaxRowsPerBlock = 65536;

// Row boundaries shared by every column's blocks: starts of blocks, then the row count (so block k covers
// [b[k], b[k+1])). Greedy: a block ends at kMaxRowsPerBlock rows or before any column's RAW payload would
// pass kBlockPayloadBudget.
std::vector<uint32_t> ChooseBlockBoundaries(const std::vector<ColumnData>& columns);
// The rows of the first block ChooseBlockBoundaries cuts, or max_rows if fewer (ENCODE AUTO's sample).
uint32_t FirstBlockRows(const std::vector<ColumnData>& columns, uint32_t max_rows);

// Writes a segment file (docs/format/segment.md) at path, which must not exist, from the table's rows:
// sorted, cut into blocks, encoded per column, fsynced with its directory. On any error the partial file is
// removed; a full disk is 53100, other I/O errors 58030. Thread-safe for distinct paths. When sketch is not
// null it receives the column sketches written to the statistics section. Without `statistics` (COPY's
// STATUPDATE OFF) no sketch is built and the file has no statistics section. With `encodings` (one per
// column) every column is written with the given encoding instead of the table's (or ENCODE AUTO's trial),
// each block still falling back to RAW when the encoding would be larger for it.
Result<std::shared_ptr<const SegmentMeta>> WriteSegmentFile(const std::string& path, const TableDef& table,
                                                            uint32_t slice, uint64_t id, const std::vector<Batch>& rows,
                                                            std::shared_ptr<const SegmentSketch>* sketch = nullptr,
                                                            bool statistics = true, const SegmentOrder& order = {},
                                                            const std::vector<Encoding>* encodings = nullptr);

// WriteSegmentFile of rows already gathered and in the table's sort order (a fold's, which sorts and
// sketches them itself): `sketch` (one per column) is the statistics section, none when null.
Result<std::shared_ptr<const SegmentMeta>> WriteSortedSegmentFile(const std::string& path, const TableDef& table,
                                                                  uint32_t slice, uint64_t id,
                                                                  const std::vector<ColumnData>& columns,
                                                                  const SegmentSketch* sketch,
                                                                  const std::vector<Encoding>* encodings = nullptr);

// Reads the statistics section of a segment file; null (and OK) for a file of format 1 or 2 or one written
// without statistics, which have none.
// XX001 when the file's trailer, footer or section is damaged.
Result<std::shared_ptr<const SegmentSketch>> ReadSegmentSketch(const std::string& path,
                                                               const std::vector<LogicalType>& types);
// The same for a write-store segment's in-memory image (SegmentMeta::memory_image); `name` is what errors name.
Result<std::shared_ptr<const SegmentSketch>> ReadSegmentSketchFromImage(const std::string& image,
                                                                        const std::string& name,
                                                                        const std::vector<LogicalType>& types);

// The same segment, built in memory for the write store: the bytes WriteSegmentFile would write end up in
// meta->memory_image (nothing touches the disk), except that ENCODE AUTO columns stay RAW and there is no
// statistics section: the fold re-encodes and sketches the rows within about a second, and until then
// Store::SegmentStatistics sketches them from the image when asked. Thread-safe.
Result<std::shared_ptr<const SegmentMeta>> BuildMemorySegment(const TableDef& table, uint32_t slice, uint64_t id,
                                                              const std::vector<Batch>& rows,
                                                              const SegmentOrder& order = {});

}  // namespace blueshift::storage
