#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/column_stats.h"
#include "storage/segment_stream_writer.h"
#include "storage/store.h"

namespace blueshift::storage {

// VACUUM's external merge (docs/design/vacuum.md, "Memory"). Every segment is sorted by the table's sort key
// within itself, so the live rows of several segments come out in sort-key order by a k-way merge over one
// cursor per segment; each cursor holds one decoded block per column and one batch, and the output goes
// through SegmentStreamWriter, which holds one block per column. When the cursors of every input would not
// fit in limits.memory_bytes, consecutive inputs are first merged into intermediate runs (segment files
// that no version names, removed when merged), as many passes as needed; two inputs are always merged
// together, so the floor is one writer and two cursors. A table without a sort key is concatenated (one
// cursor at a time). The output is cut into segments of about limits.segment_rows rows: a segment ends at
// the first change of the first sort-key column's value past that many rows (so the segments' key ranges
// neither overlap nor touch and all count as sorted), exactly there without a sort key, and never past
// 2^32 - 1 rows.

// How a merge reaches the store.
struct MergeIo {
  // Opens a segment of the table: an input or an intermediate run.
  std::function<Result<std::unique_ptr<SegmentReader>>(const SegmentMeta&)> open;
  // Creates the file of a new segment of the slice; durable false for an intermediate run (not fsynced).
  std::function<Result<std::unique_ptr<SegmentStreamWriter>>(bool durable)> create;
};

struct MergedSegment {
  std::shared_ptr<const SegmentMeta> meta;
  std::shared_ptr<const SegmentSketch> sketch;
  std::string path;
};

struct MergeResult {
  std::vector<MergedSegment> segments;  // in sort-key order; empty when no row is live
  int intermediate_passes = 0;          // passes that wrote intermediate runs
  // With track_rows: where each row of input k went, [k][row] -> row of the concatenation of `segments`
  // (RowMove::kRowGone for a row its delete set held). Empty when not tracked.
  std::vector<std::shared_ptr<const std::vector<uint32_t>>> new_position;
};

// Merges the live rows (as of their delete sets) of `segments`, all of one slice of `table`. On error every
// file it wrote is removed. An INTERLEAVED table merges in the order of `index` (interleaved_index.h), by
// which every input must be sorted, and its output is cut at exactly limits.segment_rows rows (its sorted
// region is recorded by segment, not found from key ranges). REQUIRES: index fits an INTERLEAVED table.
// With track_rows the result says where every input row went (4 bytes per input row, through every pass), so
// that deletes committed to the inputs meanwhile can follow their rows; not tracked when the inputs hold
// 2^32 - 1 rows or more.
Result<MergeResult> MergeSegments(const TableDef& table, const std::vector<SegmentState>& segments,
                                  const RewriteLimits& limits, const MergeIo& io,
                                  const InterleavedIndex* index = nullptr, bool track_rows = false);

// Keeps the rows of `batch` (segment rows [first, first + count)) that `deletes` does not hold, flattened.
void SelectLive(const DeleteSet& deletes, uint64_t first, Batch* batch);

// An upper bound of the memory a merge cursor over `meta` holds: per column its largest decoded block, the
// encoded bytes a string column's blocks keep alive (up to three blocks), and one batch.
uint64_t MergeCursorMemory(const SegmentMeta& meta);

}  // namespace blueshift::storage
