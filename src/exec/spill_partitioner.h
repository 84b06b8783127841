#pragma once

#include <memory>
#include <vector>

#include "exec/spill_file.h"

namespace blueshift {

// SpillPartitioner spreads rows over kPartitions partitions by their key hash and writes them to one spill
// file, staging up to kStageRows rows per partition so frames stay large. Level L takes the four hash bits
// below the 4*L top ones, so a partition that is still too big splits again at level L + 1 (hash tables
// index with the low bits). Used by one thread; the file and frame lists are read by any once Finish returned.
class SpillPartitioner {
 public:
  static constexpr int kPartitions = 16;
  static constexpr size_t kStageRows = 512;
  static constexpr int kMaxLevel = 12;

  // types: the spilled columns; blob_width: bytes of per-row blob (0: none).
  SpillPartitioner(SpillSpace* space, std::vector<LogicalType> types, size_t blob_width, int level);

  static int PartitionOf(uint64_t hash, int level) { return static_cast<int>((hash >> (60 - 4 * level)) & 15); }
  int level() const { return level_; }

  // Adds rows rows[0..n) (all of [0, n) when rows is null) of the dense columns, with their hashes
  // (hashes[row]) and, with a blob width, their blobs (blobs + row * blob_width).
  Status Add(const std::vector<const Vector*>& cols, const uint32_t* rows, size_t n, const uint64_t* hashes,
             const uint8_t* blobs);
  // Writes what is staged. REQUIRES: called once, after the last Add.
  Status Finish();

  const std::shared_ptr<SpillFile>& file() const { return file_; }
  const std::vector<SpillFrame>& frames(int partition) const { return frames_[partition]; }
  uint64_t rows(int partition) const { return rows_[partition]; }
  bool empty() const { return !file_; }

 private:
  Status FlushStage(int p);

  SpillSpace* space_;
  std::vector<LogicalType> types_;
  size_t blob_width_;
  int level_;
  std::shared_ptr<SpillFile> file_;  // made at the first row
  std::vector<Batch> stage_;
  std::vector<std::vector<uint64_t>> stage_hashes_;
  std::vector<std::vector<uint8_t>> stage_blobs_;
  std::vector<std::vector<SpillFrame>> frames_;
  std::vector<uint64_t> rows_;
  std::vector<std::vector<uint32_t>> picked_;  // per partition: the rows of the current Add
};

// Frames of one partition, possibly from several files (one per slice that spilled).
struct SpillRun {
  struct Piece {
    std::shared_ptr<SpillFile> file;
    std::vector<SpillFrame> frames;
  };
  std::vector<Piece> pieces;
  int level = 0;  // the level its rows were partitioned at
  uint64_t rows = 0;

  // Adds partition p of a finished partitioner.
  void AddPartition(const SpillPartitioner& from, int p);
};

// Reads each frame of `run` in order into *batch (columns of `types`, as written) and calls fn() after each;
// the first error of ctx.CheckCancel() (asked before each frame), of a read or of fn ends it.
template <typename Context, typename Fn>
Status ReadRunFrames(Context& ctx, const SpillRun& run, const std::vector<LogicalType>& types, SpillBatch* batch,
                     Fn&& fn) {
  for (const auto& piece : run.pieces) {
    for (const SpillFrame& frame : piece.frames) {
      RETURN_IF_ERROR(ctx.CheckCancel());
      RETURN_IF_ERROR(piece.file->Read(frame, types, batch));
      RETURN_IF_ERROR(fn());
    }
  }
  return Status::OK();
}

// The kPartitions runs of a set of finished partitioners of one level.
std::vector<SpillRun> CollectRuns(const std::vector<std::unique_ptr<SpillPartitioner>>& parts);
// Finishes `part` and appends its partitions that hold rows to *runs (a partition split again, or a second
// pass over spilled data, queued behind the runs still pending).
Status FinishInto(std::unique_ptr<SpillPartitioner> part, std::vector<SpillRun>* runs);

}  // namespace blueshift
