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

// The client's side of COPY ... FROM STDIN: the data the client sends in the protocol's COPY sub-protocol
// (docs/format/wire.md). Used by one thread at a time.
class CopyInStream {
 public:
  virtual ~CopyInStream() = default;
  // Up to n bytes of the client's data; 0 once the client sent CopyDone. A CopyFail is 57014 "COPY from
  // stdin failed: <the client's message>".
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Reads and discards the rest of the client's data up to CopyDone or CopyFail (after an error, before it
  // is reported, so the connection stays in step).
  virtual Status Drain() = 0;
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
  // COPY ... FROM STDIN: asks the client for its data (CopyInResponse with `columns` text columns). The
  // stream is owned by the sink and lives until the sink does. Without a client able to send data: 0A000.
  virtual Result<CopyInStream*> BeginCopyIn(int columns) {
    return Status(ErrorCode::kFeatureNotSupported, "COPY FROM STDIN needs a client that sends data (psql \\copy)");
  }
};

}  // namespace blueshift
