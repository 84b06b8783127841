#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace blueshift::load {

// What one finished COPY did; PG_LAST_COPY_ID() and PG_LAST_COPY_COUNT() read a session's latest, and
// STL_LOAD_COMMITS can be built from the file list.
struct CopyRecord {
  int64_t query = 0;       // the COPY's query id
  int32_t session = 0;     // process id of the session that ran it
  uint32_t tbl = 0;        // table oid
  uint64_t rows = 0;       // rows loaded (0 when the COPY failed)
  bool committed = false;  // false: the load failed (PG_LAST_COPY_ID still reports it, as Redshift does)
  std::vector<std::string> files;
};

// One input split a committed COPY read, as STL_LOAD_COMMITS shows it.
struct LoadCommitRecord {
  int32_t userid = 100;
  int64_t query = 0;
  int32_t slice = 0;
  std::string filename;
  int64_t lines_scanned = 0;  // lines (text), records (JSON) or rows (Parquet) of the split
  int64_t curtime_us = 0;     // when the split was done, microseconds since 1970 (UTC)
  std::string file_format;    // "Text", "JSON", "Parquet"
  bool is_partial = false;    // the file was split into ranges
  int64_t start_offset = 0;   // the split's first byte (0 when not split)
};

// LoadHistory hands out query ids for COPY/UNLOAD and remembers each session's last COPY. Process-wide,
// thread-safe.
class LoadHistory {
 public:
  static LoadHistory& Global();

  // A new query id, increasing across the process (util/query_id.h: the ids STL_QUERY uses).
  int64_t NextQueryId();
  void RecordCopy(CopyRecord record);
  // The session's last COPY, if it ran one.
  std::optional<CopyRecord> LastCopy(int32_t session) const;
  // PG_LAST_COPY_COUNT(): rows of the session's last COPY (0 when it failed), -1 when none ran.
  int64_t LastCopyCount(int32_t session) const;
  // PG_LAST_COPY_ID(): the query id of the session's last COPY, or -1 when none ran.
  int64_t LastCopyId(int32_t session) const;
  // UNLOAD: the query id when its unloading starts (rows 0), then the rows once it completes.
  void RecordUnload(int32_t session, int64_t query, int64_t rows);
  // PG_LAST_UNLOAD_COUNT(): rows of the session's last UNLOAD, 0 when none ran or it failed while unloading.
  int64_t LastUnloadCount(int32_t session) const;
  // PG_LAST_UNLOAD_ID(): the query id of the session's last UNLOAD, or -1 when none ran.
  int64_t LastUnloadId(int32_t session) const;
  // Drops a session's entries when it ends.
  void ForgetSession(int32_t session);
  // STL_LOAD_COMMITS: the splits of committed loads, the latest kMaxCommits kept.
  void RecordCommits(std::vector<LoadCommitRecord> commits);
  std::vector<LoadCommitRecord> Commits() const;

  static constexpr size_t kMaxCommits = 10000;

 private:
  mutable std::mutex mu_;
  std::vector<LoadCommitRecord> commits_;  // oldest first
  std::map<int32_t, CopyRecord> last_;
  std::map<int32_t, std::pair<int64_t, int64_t>> last_unload_;  // session -> (query id, rows)
};

}  // namespace blueshift::load
