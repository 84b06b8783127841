#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "load/copy_job.h"
#include "load/record_scanner.h"

namespace blueshift::load {

// A piece of a streamed split's (decompressed) input that starts and ends at a record boundary (or at the end
// of the input): [0, len) of buf. Bytes of buf past len belong to the next chunk and are never touched by its
// parser. The first chunk holds at least the IGNOREHEADER records.
struct InputChunk {
  std::shared_ptr<char[]> buf;
  size_t len = 0;
  uint64_t offset = 0;     // where buf[0] is in the decompressed file
  int64_t first_line = 1;  // 1-based line number of its first line in the file
};

struct StreamedSplit;

// What a task parses next: a whole split through its own reader, or (stream set) one chunk of a streamed
// split. split null: nothing is left.
struct CopyWork {
  const InputSplit* split = nullptr;
  StreamedSplit* stream = nullptr;
  InputChunk chunk;
};

// CopyScheduler hands a COPY's work to its tasks. Splits are taken in plan order, each task's first one
// fixed (task t takes split t) so that every slice works from the first byte, the rest from a shared queue.
// A streamed split (see PlanSplits: input that cannot be cut by byte ranges) is read by one task at a time
// into chunks of about chunk_bytes, each cut after the last record that ends in it (RecordScanner: a
// sequential scan of quote, escape or JSON nesting state, much cheaper than parsing), that every task parses:
// a task reads while fewer chunks than tasks are waiting, else parses a waiting chunk, else starts the next
// split. Each chunk knows its line number, so STL_LOAD_ERRORS lines stay right. When a task takes a byte-range
// split, the store is told which one the next task will take, so a remote store fetches it ahead. Thread-safe.
class CopyScheduler {
 public:
  CopyScheduler(const CopyJob& job, int tasks, size_t chunk_bytes);
  ~CopyScheduler();

  // The task's next work. Waits only while another task is reading a stream and nothing else is left to do.
  // Fails when a streamed split cannot be read (the load fails).
  Result<CopyWork> Next(int task);
  // A chunk of stream was parsed and held `lines` lines. True when it was the stream's last: the split is
  // done and *total_lines is every line it held.
  bool FinishChunk(StreamedSplit* stream, int64_t lines, int64_t* total_lines);
  // The load failed: waiting tasks stop waiting and no more work is handed out.
  void Abort();

 private:
  // Reads the next chunk of s. REQUIRES: the caller set s.producing (the only producer).
  Status Produce(StreamedSplit& s, InputChunk* chunk, bool* eof);
  // Under mu_: the index of the split the task takes next, or -1.
  int TakeSplit(int task);
  // Under mu_: the byte-range split the next task to need one will take, if the store was not told about it
  // yet (ObjectStore::Prefetch: its transfer overlaps the parsing of the current splits).
  const InputSplit* NextToPrefetch();

  const CopyJob& job_;
  const int tasks_;
  const size_t chunk_bytes_;
  const RecordScanner scanner_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<bool> took_own_;   // per task: its fixed first split is taken
  size_t next_shared_;           // the next split of the shared queue
  size_t prefetched_until_ = 0;  // splits before this one were hinted to the store
  std::vector<std::unique_ptr<StreamedSplit>> active_;
  bool aborted_ = false;
};

}  // namespace blueshift::load
