#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "exec/memory_tracker.h"
#include "exec/physical_sort.h"
#include "exec/spill_file.h"

namespace blueshift {

// Whether row ra of a sorts before row rb of b under the ORDER BY keys (same column types).
bool SortRowLess(const std::vector<SortKey>& keys, const Batch& a, size_t ra, const Batch& b, size_t rb);

// SortRowLess with each key's physical type looked up once, for loops that compare many rows (merges).
class RowComparator {
 public:
  RowComparator(const std::vector<SortKey>& keys, const std::vector<LogicalType>& types);
  bool Less(const Batch& a, size_t ra, const Batch& b, size_t rb) const;

 private:
  struct Key {
    int column;
    PhysicalType type;
    bool trim_blanks, descending, nulls_first;
  };
  std::vector<Key> keys_;
};

// Row ids (batch << 32 | row) of the rows of the batches (no selections), stably sorted by the keys: the
// first `limit` of them (every row when there are fewer).
std::vector<uint64_t> SortRowIds(const std::vector<SortKey>& keys, const std::vector<Batch>& batches,
                                 size_t limit = SIZE_MAX);

// A sorted run written to a spill file: its frames in order.
struct SortedRun {
  std::shared_ptr<SpillFile> file;
  std::vector<SpillFrame> frames;
};

// Sorts the batches (no selections) and writes them as one run in frames of kBatchSize rows.
Result<SortedRun> WriteSortedRun(SpillSpace* space, const std::vector<SortKey>& keys,
                                 const std::vector<Batch>& batches);

// SortMerger merges sorted runs into one ordered stream (ties go to the earlier run, so a stable sort stays
// stable). It holds one frame per run, charged to a reservation: with too many runs for the memory limit it
// first merges groups of them into longer runs. Used by one thread.
class SortMerger {
 public:
  SortMerger(ExecContext& ctx, std::vector<LogicalType> types, std::vector<SortKey> keys);
  // REQUIRES: before the first Next.
  Status Start(std::vector<SortedRun> runs);
  // Fills out with the next rows; out->count() == 0 at the end.
  Status Next(Batch* out);

 private:
  struct Cursor {
    SortedRun run;
    size_t frame = 0;  // the frame `batch` holds
    size_t row = 0;
    SpillBatch batch;
  };
  Status Open(std::vector<SortedRun> runs);
  Status Advance(size_t c);  // moves cursor c one row on, reading its next frame when needed
  bool CursorLess(size_t x, size_t y) const;
  void SiftDown(size_t i);

  ExecContext& ctx_;
  std::vector<LogicalType> types_;
  std::vector<SortKey> keys_;
  RowComparator less_;
  std::vector<Cursor> cursors_;
  std::vector<size_t> heap_;  // cursor ids, a min-heap by current row
  MemoryReservation mem_;
};

}  // namespace blueshift
