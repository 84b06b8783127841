#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "load/object_store.h"
#include "load/parquet_writer.h"
#include "load/unload_options.h"
#include "types/batch.h"

namespace blueshift::load {

struct UnloadColumn {
  std::string name;
  LogicalType type;
};

// UnloadWriter formats query results as delimited text, CSV, JSON (one object per line) or Parquet and
// writes them as Redshift names them: PARALLEL ON: <prefix><slice:4>_part_<part:2>[.ext][.gz]; PARALLEL
// OFF: <prefix><part:3>[.ext][.gz]; Parquet adds .parquet. With PARTITION BY the files go under
// <prefix>/<col>=<value>/... per distinct partition value (the partition columns left out of the files
// unless INCLUDE). A file is closed once it reaches MAXFILESIZE; <prefix>manifest lists them
// (docs/format/unload_manifest.md). Not thread-safe.
class UnloadWriter {
 public:
  UnloadWriter(const UnloadOptions& options, ObjectStore* store, std::string prefix, std::vector<UnloadColumn> columns,
               int writers);

  // Checks PARTITION BY's columns; fails when files already exist at the prefix (unless ALLOWOVERWRITE), after
  // CLEANPATH removed them.
  Status Prepare();
  // Appends the batch's live rows to writer w's file (any w; PARALLEL OFF uses one writer).
  Status Write(const Batch& batch, int w);
  // Closes every file and writes the manifest.
  Status Finish();
  uint64_t rows() const { return rows_; }
  const std::vector<std::string>& files() const { return urls_; }

 private:
  struct Output {
    std::string buffer;
    std::unique_ptr<parquet::ParquetFileWriter> parquet;  // FORMAT AS PARQUET: the open file
    int part = 0;
    uint64_t rows = 0;
  };
  struct Partition {
    std::string dir;  // "" or "col=value/.../"
    std::vector<Output> outputs;
  };
  Partition& PartitionOf(const Batch& batch, size_t row);
  void AppendRow(const Batch& batch, size_t row, std::string* out) const;
  void AppendJsonRow(const Batch& batch, size_t row, std::string* out) const;
  void AppendField(const std::string& text, std::string* out) const;
  Status WriteRow(Partition& p, const Batch& batch, size_t row, int w);
  Status Flush(Partition& p, int w, bool last);
  std::string FileName(const Partition& p, int w, int part) const;
  parquet::ParquetFileWriter& ParquetOutput(Output& o) const;
  Status WriteManifest();

  const UnloadOptions& options_;
  ObjectStore* store_;
  std::string prefix_;
  std::vector<UnloadColumn> columns_;
  std::vector<int> data_columns_;       // the columns written into files
  std::vector<int> partition_columns_;  // PARTITION BY's columns, in its order
  size_t writers_;
  std::map<std::string, Partition> partitions_;  // by dir
  std::vector<std::string> urls_;
  std::vector<uint64_t> sizes_, counts_;
  uint64_t rows_ = 0;
};

}  // namespace blueshift::load
