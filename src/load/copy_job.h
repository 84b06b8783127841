#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "load/field_converter.h"
#include "load/json_reader.h"
#include "load/load_error_log.h"
#include "load/load_history.h"
#include "load/load_options.h"
#include "load/object_store.h"
#include "load/time_format.h"
#include "types/value.h"

namespace blueshift::load {

namespace parquet {
struct ParquetFile;
class ParquetValueConverter;
}  // namespace parquet

// A piece of one input file that one task parses: records starting in [begin, end) of the file. Only plain
// uncompressed line-based text (no CSV, ESCAPE or REMOVEQUOTES) is cut into byte ranges; any other input
// larger than copy_split_bytes, every compressed file and COPY FROM STDIN is streamed instead: one task at a
// time reads it into record-aligned chunks that every task parses (load/copy_scheduler.h).
struct InputSplit {
  std::string url;
  uint64_t file_size = 0;
  uint64_t begin = 0;
  uint64_t end = 0;  // UINT64_MAX: to the end of the file
  bool streamed = false;
  InputSplit() = default;
  InputSplit(std::string u, uint64_t size, uint64_t b, uint64_t e)
      : url(std::move(u)), file_size(size), begin(b), end(e) {}
  // Parquet: the file's footer and the row group this split reads (begin/end are unused).
  std::shared_ptr<const parquet::ParquetFile> parquet;
  int row_group = -1;
};

// Files larger than this are split across slices (the session setting copy_split_bytes, a blueshift
// extension, changes it; tests make it small).
constexpr uint64_t kDefaultSplitBytes = 32ull << 20;

// The session setting copy_split_bytes: a positive integer number of bytes (22023 otherwise).
Result<uint64_t> ParseCopySplitBytes(const std::string& value);

// Splits every file into byte ranges of split_bytes or marks it streamed (see InputSplit), largest first.
std::vector<InputSplit> PlanSplits(const std::vector<ObjectInfo>& files, const CopyOptions& options,
                                   uint64_t split_bytes);

class CopyScheduler;

// The mutable part of a running COPY, shared by its tasks.
struct CopyProgress {
  CopyProgress();
  ~CopyProgress();
  // Hands out the splits and chunks; made by the first task (load/copy_scheduler.h).
  std::once_flag scheduler_once;
  std::unique_ptr<CopyScheduler> scheduler;
  std::atomic<int64_t> errors{0};
  std::atomic<uint64_t> rows{0};
  std::atomic<bool> failed{false};  // a task hit a fatal error or MAXERROR; the others stop early
  std::mutex mu;
  LoadErrorRecord first_error;            // guarded by mu; err_code 0 until an error is logged
  std::vector<LoadCommitRecord> commits;  // guarded by mu; one per finished split (STL_LOAD_COMMITS)
};

// Everything a COPY's tasks share: what to read, how to convert it and where each field goes. Built once
// per statement by CopyJob::Create; immutable afterwards except for `progress`.
struct CopyJob {
  std::shared_ptr<const TableDef> table;
  CopyOptions options;
  std::shared_ptr<ObjectStore> store;
  std::vector<InputSplit> splits;
  uint64_t split_bytes = kDefaultSplitBytes;  // also the size of a streamed split's chunks (at most 4 MB)
  // Input field i (or JSON value i) fills table column targets[i].
  std::vector<int> targets;
  // Per table column: the converter of a loaded column (null for omitted ones) and the value an omitted
  // column takes (its DEFAULT, or NULL; IDENTITY columns stay NULL for the insert to generate).
  std::vector<std::unique_ptr<FieldConverter>> converters;
  std::vector<Value> defaults;
  // Parquet: per input field i, how leaf column i is stored into column targets[i].
  std::vector<std::shared_ptr<const parquet::ParquetValueConverter>> parquet_converters;
  std::vector<JsonPath> json_paths;  // JSON with a JSONPaths file: one path per target
  bool json_ignore_case = false;     // JSON 'auto ignorecase'
  TimeFormat date_format;
  TimeFormat time_format;
  int64_t query_id = 0;
  int32_t session_pid = 0;
  std::shared_ptr<CopyProgress> progress = std::make_shared<CopyProgress>();

  // Builds the converters. REQUIRES: targets, defaults (one per column) and options set.
  Status Prepare();
  // Records a rejected row in the load error log; the status that ends the load when MAXERROR is
  // exceeded, else OK.
  Status Reject(LoadErrorRecord record) const;
  // Redshift's "Load into table 'x' failed.  Check 'stl_load_errors' ..." (XX000) with the first error.
  Status LoadFailed() const;
};

}  // namespace blueshift::load
