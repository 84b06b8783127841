#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace blueshift::load {

// One field of a rejected row as STL_LOADERROR_DETAIL shows it: the fields up to and including the one that
// failed.
struct LoadErrorField {
  int32_t field = 0;  // 1-based position in the record
  std::string colname;
  std::string value;  // at most 1024 bytes of the field's text
  bool is_null = false;
  std::string type;
  std::string col_length;
};

// One rejected input row, with the columns Redshift's STL_LOAD_ERRORS has (docs/format/load_errors.md).
struct LoadErrorRecord {
  int32_t userid = 100;
  int32_t slice = 0;
  uint32_t tbl = 0;                    // table oid
  int64_t starttime_us = 0;            // microseconds since 1970-01-01 (UTC)
  int32_t session = 0;                 // the session's process id
  int64_t query = 0;                   // the COPY's query id
  std::string filename;                // the source URL or path
  int64_t line_number = 0;             // 1-based line (JSON: record) number in the file
  std::string colname;                 // the column whose value failed, empty for record-level errors
  std::string type;                    // the column's type name ("int4", "varchar", ...)
  std::string col_length;              // "10" for varchar(10), "18,4" for numeric(18,4), else empty
  int32_t position = 0;                // 0-based byte position of the field within the line
  std::string raw_line;                // at most 1024 bytes of the line
  std::string raw_field_value;         // at most 1024 bytes of the field
  int32_t err_code = 0;                // 1200..1224
  std::string err_reason;              // at most 100 bytes
  int64_t start_offset = 0;            // byte offset of the line in the (uncompressed) file
  std::vector<LoadErrorField> detail;  // STL_LOADERROR_DETAIL (at most 20 rejected rows per task keep it)
};

// LoadErrorLog keeps the most recent rejected rows of every COPY in this process, oldest dropped first —
// what STL_LOAD_ERRORS shows. Thread-safe.
class LoadErrorLog {
 public:
  static constexpr size_t kDefaultCapacity = 10000;

  // The process-wide log.
  static LoadErrorLog& Global();

  explicit LoadErrorLog(size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // Fields longer than the STL column widths are cut to them.
  void Add(LoadErrorRecord record);
  // Every record held, oldest first.
  std::vector<LoadErrorRecord> Snapshot() const;
  // The records of one query, oldest first.
  std::vector<LoadErrorRecord> ForQuery(int64_t query) const;
  void Clear();

 private:
  mutable std::mutex mu_;
  size_t capacity_;
  std::vector<LoadErrorRecord> ring_;
  size_t next_ = 0;  // where the next record goes once the ring is full
};

}  // namespace blueshift::load
