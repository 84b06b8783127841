#pragma once

#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "types/batch.h"
#include "types/logical_type.h"
#include "util/status.h"

namespace blueshift {

// A result column as a client sees it (RowDescription).
struct ColumnInfo {
  std::string name;
  LogicalType type;
  Oid table_oid = 0;          // the base table's oid when the column is a plain table column, else 0
  int16_t column_number = 0;  // 1-based attribute number in that table, else 0
};

// ResultSink receives what a statement produces, in order: for a row-returning statement BeginRows once,
// then Rows zero or more times; then, for every statement that succeeds, Complete with its command tag
// ("SELECT 3", "INSERT 0 5", "CREATE TABLE"). An error status returned by the sink (a client that went
// away, say) stops the statement, which then fails with that status. Called from the session's thread.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  virtual Status BeginRows(const std::vector<ColumnInfo>& columns) = 0;
  // The batch may carry a selection vector; only its live rows are results.
  virtual Status Rows(const Batch& batch) = 0;
  virtual Status Complete(const std::string& command_tag) = 0;
  // A statement text with no statement in it (only ';' or comments): EmptyQueryResponse.
  virtual Status EmptyQuery() { return Status::OK(); }
  // NoticeResponse (severity NOTICE/WARNING/INFO) — e.g. "table ... does not exist, skipping".
  virtual void Notice(const std::string& severity, const std::string& message) {}
};

}  // namespace blueshift
