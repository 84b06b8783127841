#pragma once

#include <memory>
#include <string>
#include <vector>

#include "load/object_store.h"
#include "load/unload_options.h"
#include "types/batch.h"

namespace blueshift::load {

struct UnloadColumn {
  std::string name;
  LogicalType type;
};

// UnloadWriter formats query results as delimited text or CSV and writes them as Redshift names them:
// PARALLEL ON: <prefix><slice:4>_part_<part:2>[.ext][.gz]; PARALLEL OFF: <prefix><part:3>[.ext][.gz]. A
// file is closed once it reaches MAXFILESIZE; <prefix>manifest lists them (docs/format/unload_manifest.md).
// Not thread-safe.
class UnloadWriter {
 public:
  UnloadWriter(const UnloadOptions& options, ObjectStore* store, std::string prefix, std::vector<UnloadColumn> columns,
               int writers);

  // Fails when files already exist at the prefix (unless ALLOWOVERWRITE), after CLEANPATH removed them.
  Status Prepare();
  // Appends the batch's live rows to writer w's file (w < writers; always 0 with PARALLEL OFF).
  Status Write(const Batch& batch, int w);
  // Closes every file and writes the manifest.
  Status Finish();
  uint64_t rows() const { return rows_; }
  const std::vector<std::string>& files() const { return urls_; }

 private:
  struct Output {
    std::string buffer;
    int part = 0;
    uint64_t rows = 0;
  };
  void AppendRow(const Batch& batch, size_t row, std::string* out) const;
  void AppendField(const std::string& text, std::string* out) const;
  Status Flush(int w, bool last);
  std::string FileName(int w, int part) const;
  Status WriteManifest();

  const UnloadOptions& options_;
  ObjectStore* store_;
  std::string prefix_;
  std::vector<UnloadColumn> columns_;
  std::vector<Output> outputs_;
  std::vector<std::string> urls_;
  std::vector<uint64_t> sizes_, counts_;
  uint64_t rows_ = 0;
};

}  // namespace blueshift::load
