#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exec/memory_tracker.h"
#include "types/batch.h"
#include "util/status.h"

namespace blueshift {

class SpillFile;

// SpillSpace is one query's directory for spill files, DIR/tmp/spill-<n>, made when the first file is
// asked for and removed with everything in it when the space is destroyed (the statement's end, whether
// it succeeded, failed or was cancelled). A crash leaves it behind; Store::Open empties DIR/tmp. Thread-safe.
class SpillSpace {
 public:
  SpillSpace(std::string data_dir, MemoryTracker* tracker) : data_dir_(std::move(data_dir)), tracker_(tracker) {}
  ~SpillSpace();
  SpillSpace(const SpillSpace&) = delete;
  SpillSpace& operator=(const SpillSpace&) = delete;

  // A new empty file in the space. The file must be destroyed before the space.
  Result<std::unique_ptr<SpillFile>> NewFile();
  // How many files this query made (statistics).
  int files_created() const { return next_file_.load(); }

 private:
  std::string data_dir_;
  MemoryTracker* tracker_;
  std::mutex mu_;
  std::string dir_;  // empty until the first file
  std::atomic<int> next_file_{0};
};

// Where one spilled batch lies in its file.
struct SpillFrame {
  uint64_t offset = 0;
  uint32_t bytes = 0;
  uint32_t rows = 0;
};

// A batch read back from a spill file: its rows and, when they were written, each row's key hash and a
// fixed-width byte blob per row (an aggregate's states).
struct SpillBatch {
  Batch rows;
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> blobs;
  size_t blob_width = 0;
};

// SpillFile holds frames (docs/format/spill.md): batches appended by one writer and read back, in any
// order and from any thread, once their Append returned. The file is deleted when the object is destroyed.
class SpillFile {
 public:
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends the rows [0, rows.count()) of a batch without a selection, with optional per-row hashes and
  // blob_width-byte blobs. Not thread-safe with other Appends.
  Result<SpillFrame> Append(const Batch& rows, const uint64_t* hashes, const uint8_t* blobs, size_t blob_width);
  // Reads a frame into *out (columns of `types`, which must be the ones written). Thread-safe.
  Status Read(const SpillFrame& frame, const std::vector<LogicalType>& types, SpillBatch* out) const;
  uint64_t size() const { return size_; }

 private:
  friend class SpillSpace;
  SpillFile(std::string path, int fd, MemoryTracker* tracker) : path_(std::move(path)), fd_(fd), tracker_(tracker) {}
  std::string path_;
  int fd_;
  MemoryTracker* tracker_;
  uint64_t size_ = 0;
};

}  // namespace blueshift
