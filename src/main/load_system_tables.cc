// STL_LOAD_ERRORS and STL_LOADERROR_DETAIL over the load module's error log, STL_LOAD_COMMITS over its load
// history (docs/format/load_errors.md). Registered once per process when the first database opens.

#include <mutex>

#include "load/load_error_log.h"
#include "load/load_history.h"
#include "main/database.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

LogicalType Text(int n) {
  return LogicalType::Varchar(n);
}

// Every view here shows a user only the rows of their own loads (RowVisibility).
Status LoadErrorRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  RowVisibility vis(ctx);
  for (const auto& r : load::LoadErrorLog::Global().Snapshot()) {
    if (!vis.SeesUserId(r.userid)) continue;
    rows->push_back({Value::Integer(r.userid), Value::Integer(r.slice), Value::Integer(static_cast<int32_t>(r.tbl)),
                     Value::Timestamp(r.starttime_us), Value::Integer(r.session),
                     Value::Integer(static_cast<int32_t>(r.query)), Value::Varchar(r.filename),
                     Value::BigInt(r.line_number), Value::Varchar(r.colname), Value::Varchar(r.type),
                     Value::Varchar(r.col_length), Value::Integer(r.position), Value::Varchar(r.raw_line),
                     Value::Varchar(r.raw_field_value), Value::Integer(r.err_code), Value::Varchar(r.err_reason),
                     Value::Integer(0), Value::BigInt(r.start_offset)});
  }
  return Status::OK();
}

Status LoadErrorDetailRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  RowVisibility vis(ctx);
  for (const auto& r : load::LoadErrorLog::Global().Snapshot()) {
    if (!vis.SeesUserId(r.userid)) continue;
    for (const auto& f : r.detail) {
      rows->push_back({Value::Integer(r.userid), Value::Integer(r.slice), Value::Integer(r.session),
                       Value::Integer(static_cast<int32_t>(r.query)), Value::Varchar(r.filename),
                       Value::BigInt(r.line_number), Value::Integer(f.field), Value::Varchar(f.colname),
                       Value::Varchar(f.value), Value::Integer(f.is_null ? 1 : 0), Value::Varchar(f.type),
                       Value::Varchar(f.col_length)});
    }
  }
  return Status::OK();
}

Status LoadCommitRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  RowVisibility vis(ctx);
  for (const auto& c : load::LoadHistory::Global().Commits()) {
    if (!vis.SeesUserId(c.userid)) continue;
    rows->push_back({Value::Integer(c.userid), Value::Integer(static_cast<int32_t>(c.query)), Value::Integer(c.slice),
                     Value::Varchar(c.filename), Value::Varchar(c.filename), Value::Integer(0),
                     Value::Integer(static_cast<int32_t>(c.lines_scanned)), Value::Integer(0),
                     Value::Timestamp(c.curtime_us), Value::Integer(1), Value::Varchar(c.file_format),
                     Value::Integer(c.is_partial ? 1 : 0), Value::BigInt(c.start_offset), Value::BigInt(0)});
  }
  return Status::OK();
}

}  // namespace

void RegisterLoadSystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterSystemTable("pg_catalog", "stl_load_errors", 14001,
                        {{"userid", LogicalType::Integer()},
                         {"slice", LogicalType::Integer()},
                         {"tbl", LogicalType::Integer()},
                         {"starttime", LogicalType::Timestamp()},
                         {"session", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"filename", Text(256)},
                         {"line_number", LogicalType::BigInt()},
                         {"colname", Text(127)},
                         {"type", Text(10)},
                         {"col_length", Text(10)},
                         {"position", LogicalType::Integer()},
                         {"raw_line", Text(1024)},
                         {"raw_field_value", Text(1024)},
                         {"err_code", LogicalType::Integer()},
                         {"err_reason", Text(100)},
                         {"is_partial", LogicalType::Integer()},
                         {"start_offset", LogicalType::BigInt()}},
                        LoadErrorRows);
    RegisterSystemTable("pg_catalog", "stl_loaderror_detail", 14002,
                        {{"userid", LogicalType::Integer()},
                         {"slice", LogicalType::Integer()},
                         {"session", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"filename", Text(256)},
                         {"line_number", LogicalType::BigInt()},
                         {"field", LogicalType::Integer()},
                         {"colname", Text(1024)},
                         {"value", Text(1024)},
                         {"is_null", LogicalType::Integer()},
                         {"type", Text(10)},
                         {"col_length", Text(10)}},
                        LoadErrorDetailRows);
    RegisterSystemTable("pg_catalog", "stl_load_commits", 14003,
                        {{"userid", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"slice", LogicalType::Integer()},
                         {"name", Text(256)},
                         {"filename", Text(256)},
                         {"byte_offset", LogicalType::Integer()},
                         {"lines_scanned", LogicalType::Integer()},
                         {"errors", LogicalType::Integer()},
                         {"curtime", LogicalType::Timestamp()},
                         {"status", LogicalType::Integer()},
                         {"file_format", Text(16)},
                         {"is_partial", LogicalType::Integer()},
                         {"start_offset", LogicalType::BigInt()},
                         {"copy_job_id", LogicalType::BigInt()}},
                        LoadCommitRows);
  });
}

}  // namespace blueshift
