#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "storage/store.h"
#include "util/status.h"

namespace blueshift {

class Database;

// WriteStoreFolder is the background thread that folds the write store into segment files: per table and
// slice, the small in-memory segments that single-row INSERTs and small UPDATEs left (together with the
// slice's newest segment files while they are small) are rewritten as one sorted segment file and
// committed as one record of the write-ahead log; once the log has grown past kCheckpointLogBytes, a
// checkpoint writes a manifest and starts the log over. Readers see the same rows before and after. A fold that races
// with a delete of the same rows fails that commit (40001) and is simply tried again on a later round.
class WriteStoreFolder {
 public:
  // Starts the thread. REQUIRES: db outlives this object.
  explicit WriteStoreFolder(Database* db);
  ~WriteStoreFolder();  // stops and joins the thread

  // One round over every table now; returns the segments folded. Thread-safe.
  Result<int> FoldNow();
  // A commit added `segments` write-store segments: once kSegmentsToFold more arrived, the next round starts
  // at once instead of at its time, so that under a stream of single-row INSERTs a slice's segment list
  // (which every commit copies) stays near kSegmentsToFold long. Thread-safe; cheap.
  void Grew(size_t segments);

  // A slice is folded once it holds this many write-store segments, or at least every kRoundsPerFold rounds
  // (a fold is a log record, cheap for writers; fewer write-store segments make scans cheaper, and every
  // commit copies the table's segment list, so a long one costs each single-row INSERT).
  static constexpr size_t kSegmentsToFold = 64;
  static constexpr int kRoundMillis = 100;
  static constexpr int kRoundsPerFold = 10;
  // The log size at which a round ends with a checkpoint.
  static constexpr uint64_t kCheckpointLogBytes = 64ull << 20;
  // The newest segment files join a fold while each has fewer rows than this, kFoldFanIn - 1 files of a
  // size at a time (FoldSet in the .cc).
  static constexpr uint64_t kSmallSegmentRows = 16384;
  static constexpr size_t kFoldFanIn = 8;

  // What a fold of one slice (its segments, oldest first) takes: every write-store segment, preceded by the
  // newest segment files when they complete a tier (the .cc says how). Empty without write-store segments.
  static std::vector<storage::SegmentState> FoldSet(std::span<const storage::SegmentState> slice);

 private:
  void Run();
  Result<int> Round(bool fold_all);
  // Folds one slice of one table; returns the write-store segments folded (0 when the commit lost a race).
  Result<int> FoldSlice(const TableDef& table, uint32_t slice, const std::vector<storage::SegmentState>& segments);

  Database* db_;
  // Fault injection for crash tests (environment BLUESHIFT_TEST_FOLD_PAUSE_MS): each fold says so on stderr
  // and waits this long between writing its segment file and committing it.
  int pause_ms_ = 0;
  std::mutex round_mu_;  // one round at a time
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool wake_ = false;               // guarded by mu_: Grew asks for a round now
  std::atomic<uint64_t> grown_{0};  // write-store segments committed so far
  std::thread thread_;
};

}  // namespace blueshift
