#pragma once

#include <memory>

#include "exec/physical_operator.h"
#include "load/copy_job.h"
#include "load/copy_scheduler.h"
#include "load/delimited_parser.h"
#include "load/json_reader.h"
#include "load/parquet_column_reader.h"
#include "load/row_builder.h"
#include "load/split_reader.h"

namespace blueshift::load {

// One task's state while it runs a COPY: the split it reads and the decoders. Internal to the load module.
struct CopyTask : SourceState {
  explicit CopyTask(const CopyJob& job) : job(job), parser(job.options), rows(job) {}

  const CopyJob& job;
  int slice = 0;  // the task's number, reported as its slice
  SplitReader reader;
  const InputSplit* split = nullptr;  // null: take the next one
  StreamedSplit* stream = nullptr;    // set: the reader holds one chunk of this streamed split
  int64_t header_left = 0;
  int64_t line = 0;                // 0-based line of the next record within the split
  const void* retained = nullptr;  // the buffer this batch already keeps alive
  DelimitedParser parser;
  JsonDocument json;
  std::vector<Field> fields;
  RowBuilder rows;
  // Parquet: the decoded row group of the current split and the next row of it to store.
  std::vector<parquet::ColumnValues> columns;
  size_t next_row = 0;
  bool row_group_loaded = false;

  // Keeps the reader's current buffer alive as long as out's strings may point into it.
  void RetainBuffer(Batch* out);
};

// Parses records of the task's split into out until it is full or the buffer is used up. Sets task.split
// to null when the split is done.
Status DecodeDelimited(CopyTask& task, Batch* out);
Status DecodeJson(CopyTask& task, Batch* out);
Status DecodeParquet(CopyTask& task, Batch* out);

}  // namespace blueshift::load
