#pragma once

#include <string_view>
#include <vector>

#include "load/copy_job.h"
#include "load/split_reader.h"
#include "types/batch.h"

namespace blueshift::load {

// Where a record came from, for STL_LOAD_ERRORS. Cheap to build per record: the line number is resolved
// only when the record is rejected.
struct RecordLocation {
  const InputSplit* split = nullptr;
  SplitReader* reader = nullptr;
  int64_t line_in_split = 0;  // 0-based line of the record within its split
  uint64_t offset = 0;        // byte offset of the record in the file
  std::string_view raw_line;
  // Where the record starts in the parsed buffer, when raw_line is a copy made before unquoting rewrote the
  // buffer (field positions are measured from here); null: raw_line itself.
  const char* record_start = nullptr;
};

// RowBuilder turns a record's fields (input order) into one row of a batch of the table's column types:
// field i goes to column targets[i] through its converter; a trailing delimiter (one empty field more than
// columns) is accepted; FILLRECORD fills missing trailing fields. A row with a bad field is not kept: it is
// logged to the load error log and counted against MAXERROR. Per task; not thread-safe.
class RowBuilder {
 public:
  explicit RowBuilder(const CopyJob& job) : job_(job) {}

  // Appends the row at out->count() (then incremented) or rejects it. A field with data == nullptr is a
  // NULL (JSON null or a missing JSON key). Fails only when the load must stop (MAXERROR exceeded).
  Status AddRecord(std::vector<Field>& fields, Batch* out, const RecordLocation& where);
  // Rejects a record that could not be split into fields (unbalanced quotes, bad JSON).
  Status RejectRecord(int code, const std::string& reason, const RecordLocation& where);
  // Fills the omitted columns of rows [0, out->count()) with their defaults.
  void FinishBatch(Batch* out) const;

 private:
  Status Reject(int code, const std::string& reason, int column, std::string_view value, int position,
                const RecordLocation& where, std::vector<LoadErrorField> detail = {});
  // STL_LOADERROR_DETAIL's rows for a record whose field `failed` could not be stored.
  std::vector<LoadErrorField> Detail(const std::vector<Field>& fields, size_t failed);

  static constexpr int kMaxDetailRows = 20;  // per task and load, as Redshift logs at most 20 per slice
  const CopyJob& job_;
  FieldError err_;
  int detail_rows_ = 0;
};

}  // namespace blueshift::load
