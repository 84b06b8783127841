// STL_LOAD_ERRORS over the load module's error log (docs/format/load_errors.md). Registered once per
// process when the first database opens.

#include <mutex>

#include "load/load_error_log.h"
#include "main/database.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

LogicalType Text(int n) {
  return LogicalType::Varchar(n);
}

Status LoadErrorRows(const SystemContext&, std::vector<SystemRow>* rows) {
  for (const auto& r : load::LoadErrorLog::Global().Snapshot()) {
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
  });
}

}  // namespace blueshift
