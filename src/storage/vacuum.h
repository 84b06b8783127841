#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "storage/store.h"
#include "storage/table_layout.h"

namespace blueshift::storage {

enum class VacuumMode : uint8_t { kFull, kSortOnly, kDeleteOnly, kReindex, kRecluster };

struct VacuumOptions {
  VacuumMode mode = VacuumMode::kFull;
  int threshold_percent = 95;  // TO n PERCENT
  bool background = false;     // the automatic vacuum: its STL_VACUUM rows are prefixed "[VacuumBG] "
  int32_t userid = 100;
  // Checked between slices: when it becomes true the vacuum stops early (what it committed stays).
  const std::atomic<bool>* stop = nullptr;
  // Memory of each slice's rewrite and the size of the segments it writes (docs/design/vacuum.md, "Memory").
  RewriteLimits limits;
};

// Segments of a slice with fewer than segment_rows rows: what a vacuum of a table without a sort key merges.
size_t SmallSegments(std::span<const SegmentState> segments, uint64_t segment_rows);

// One STL_VACUUM row (docs: STL_VACUUM).
struct VacuumEvent {
  int32_t userid = 0;
  int64_t xid = 0;
  Oid table_id = 0;
  std::string status;
  int64_t rows = 0;  // rows in the table (deleted ones included) at that moment
  int64_t sorted_rows = 0;
  int64_t blocks = 0;
  int64_t eventtime_us = 0;  // microseconds since 1970-01-01 (a TIMESTAMP value)
  int64_t reclaimable_rows = 0;
  int64_t reclaimable_space_mb = 0;
  int32_t is_recluster = 0;
  // Kept for SVV_VACUUM_SUMMARY on "Finished" rows: rewritten sort partitions and elapsed time.
  int64_t sort_partitions = 0;
  int64_t elapsed_us = 0;
};

// The vacuum history of one store, newest last, bounded (the oldest rows are dropped past kMaxEvents, as
// STL tables keep only recent history). Thread-safe.
class VacuumLog {
 public:
  static constexpr size_t kMaxEvents = 10000;
  // Files `e`, and hands it to the observer (which persists it: main/activity.h).
  void Add(VacuumEvent e);
  std::vector<VacuumEvent> Snapshot() const;
  int64_t NextXid() { return next_xid_.fetch_add(1) + 1; }
  // The history kept from before a restart, oldest first (the observer does not see it); later xids
  // continue past theirs. REQUIRES: called before the first Add.
  void Restore(std::vector<VacuumEvent> events);
  // Called (outside the log's lock) with every event added from now on; set once, before vacuums run.
  void SetObserver(std::function<void(const VacuumEvent&)> observer) { observer_ = std::move(observer); }

 private:
  std::function<void(const VacuumEvent&)> observer_;
  mutable std::mutex mu_;
  std::deque<VacuumEvent> events_;
  std::atomic<int64_t> next_xid_{0};
};

// What one table's vacuum did.
struct VacuumTableResult {
  bool skipped = false;
  uint64_t rows_before = 0, rows_after = 0;
  uint64_t sorted_before = 0, sorted_after = 0;
  uint64_t blocks_before = 0, blocks_after = 0;
  uint64_t bytes_rewritten = 0;  // segment bytes read and rewritten
  int64_t elapsed_us = 0;
};

// Vacuums table `table` of store's current version per Redshift's rules (docs/design/vacuum.md): the sort phase
// runs unless at least threshold_percent of the rows are sorted; the delete phase runs unless at least
// threshold_percent of the rows are live. Works slice by slice: reads the slice's segments as of the current
// version, rewrites them (merged and sorted, or one by one without deleted rows) and commits each slice on
// its own under `commit_mu` (the database's commit order), so readers never wait: they keep the version they
// pinned. Rows deleted while a slice is rewritten are deleted in its new segments by the slice's commit;
// when that is not possible (an INTERLEAVED slice whose unsorted segments were sorted in pieces first) the
// slice is redone from the new version, up to a few times, and then left for the next vacuum: concurrent
// writers never make a vacuum fail. Logs Started/Finished/Skipped rows into `log`.
Result<VacuumTableResult> VacuumTable(Store* store, std::mutex* commit_mu, Oid table, const VacuumOptions& options,
                                      VacuumLog* log);

}  // namespace blueshift::storage
