#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "exec/expr_evaluator.h"
#include "exec/memory_tracker.h"
#include "exec/physical_hash_join.h"
#include "exec/runtime_filter.h"
#include "exec/spill_partitioner.h"

namespace blueshift {

// The execution state of PhysicalHashJoin (physical_hash_join.cc, spill_join.cc).

constexpr uint32_t kNoBuildRow = UINT32_MAX;

// The build side: rows copied into chunks of up to kBatchSize rows (payload columns and, separately, the
// evaluated key columns); a row's id is chunk * kBatchSize + row. The hash table (JoinGlobal) groups the ids
// by bucket: bucket b = hash & mask holds entries[starts[b] .. starts[b + 1]), each a row's full key hash and
// its id, in insertion order. A probe reads one bucket's candidates side by side instead of following a
// chain of dependent loads through the whole table.
// Rows with a NULL key (when NULLs never match) are kept for LEFT/anti semantics but not chained.
struct BuildChunks {
  std::vector<Batch> payload;
  std::vector<Batch> keys;
  std::vector<std::vector<uint64_t>> hashes;
  std::vector<std::vector<uint8_t>> null_key;
  bool has_null_key = false;
};

// Appends rows [0, n) of `in` (its live rows) to the chunks: all columns as payload, the dense key columns
// `cols` with their hashes, and which rows have a NULL key (null_rows, or none).
void AppendBuildRows(BuildChunks* chunks, const std::vector<LogicalType>& payload_types,
                     const std::vector<LogicalType>& key_types, const Batch& in, const std::vector<const Vector*>& cols,
                     size_t n, const uint64_t* hashes, const uint8_t* null_rows);

// Bytes of a BuildChunks as rows arrive at its last chunk; full chunks are measured once.
struct ChunkMeter {
  size_t counted = 0;
  uint64_t bytes = 0;
  uint64_t Measure(const BuildChunks& c) {
    for (; counted + 1 < c.payload.size(); counted++) bytes += ChunkBytes(c, counted);
    return bytes + (c.payload.empty() ? 0 : ChunkBytes(c, c.payload.size() - 1));
  }
  static uint64_t ChunkBytes(const BuildChunks& c, size_t i) {
    return BatchMemory(c.payload[i]) + BatchMemory(c.keys[i]) + c.hashes[i].capacity() * 8 + c.null_key[i].capacity();
  }
};

struct JoinGlobal : GlobalSinkState {
  std::mutex mu;
  BuildChunks chunks;
  std::vector<uint32_t> starts;  // per bucket, and one past the last
  struct Entry {
    uint64_t hash;
    uint32_t id;
  };
  std::vector<Entry> entries;
  uint64_t mask = 0;
  uint64_t build_rows = 0;
  bool has_null_key = false;
  // A spilled join's table of one partition, replaced by the next one's: its rows do not outlive the
  // query, so the probe's output copies their strings instead of pointing at them.
  bool transient = false;
  std::vector<std::vector<const Vector*>> key_cols;  // per chunk, its key columns
  MemoryReservation mem;
  uint64_t bytes = 0;      // of chunks
  uint64_t rows_seen = 0;  // build rows, spilled ones included
  // Spilled (grace join): the build rows are on disk in partitions, runs[p] holds partition p's frames.
  bool spilled = false;
  std::unique_ptr<SpillPartitioner> spill;
  std::vector<std::unique_ptr<SpillPartitioner>> spills;
  std::vector<SpillRun> runs;
  // The build keys' values for runtime filters (PhysicalHashJoin::KeyFilter), made on request.
  KeySetCache key_sets;
};

struct JoinLocal : LocalSinkState {
  BuildChunks chunks;
  std::vector<std::unique_ptr<ExprEvaluator>> key_evals;
  std::vector<uint8_t> null_rows;
  std::vector<uint64_t> hash_buf;
  MemoryReservation mem;
  ChunkMeter meter;
  uint64_t rows_seen = 0;
  std::unique_ptr<SpillPartitioner> spill;
};

struct PhysicalHashJoin::ProbeState : OperatorState {
  std::vector<std::unique_ptr<ExprEvaluator>> key_evals;
  std::unique_ptr<ExprEvaluator> residual;
  JoinGlobal* build = nullptr;
  bool pending = false;                 // in the middle of an input batch
  int phase = 0;                        // 0: candidate pairs, 1: rows decided by their match flags
  std::vector<const Vector*> key_cols;  // the batch's probe keys (dense)
  std::vector<uint64_t> hashes;         // per live input row
  std::vector<uint32_t> first;          // per live input row: the entry of its first matching build row, or kNoBuildRow
  std::vector<uint32_t> end;            // per live input row: the end of its bucket's entries
  std::vector<uint8_t> null_rows;
  std::vector<uint32_t> matched;    // per live input row: surviving pairs
  std::vector<uint32_t> pair_left;  // per pair row: the input row (live index) it came from
  std::vector<uint32_t> probe_rows, build_ids;
  Batch pairs;  // semi/anti joins: candidate pairs, not output
  size_t k = 0;
  uint32_t cur = kNoBuildRow;  // the entry of the next build row to emit for row k
  // Grace join: this task's probe rows of spilled partitions, joined by FinishExecute one partition at a time.
  std::unique_ptr<SpillPartitioner> probe_spill;
  JoinGlobal* global = nullptr;  // the whole build side, while build points at a partition's table
  bool replaying = false;
  int part = -1;
  size_t frame = 0;  // next frame of partition `part` of probe_spill
  std::unique_ptr<JoinGlobal> part_table;
  MemoryReservation mem;  // part_table's
  SpillBatch probe_batch;
};

}  // namespace blueshift
