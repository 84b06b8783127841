// STL_ANALYZE over the analyze log (main/analyze_log.h), with Redshift's columns. Every ANALYZE here is an
// explicit one (is_auto 'f'): statistics are kept at every write, so nothing analyzes in the background, and
// no predicate columns are recorded. Registered once per process; rows come from the serving database's
// activity, all databases' (as Redshift's STL tables), a regular user's own rows only.

#include <mutex>

#include "main/activity.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

Status StlAnalyzeRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (ctx.activity == nullptr) return Status::OK();
  RowVisibility vis(ctx);
  for (const AnalyzeEvent& e : ctx.activity->analyze_log().Events()) {
    if (!vis.SeesUserId(e.userid)) continue;
    rows->push_back({Value::Integer(e.userid), Value::BigInt(e.xid), Value::Char(e.database, 30),
                     Value::Integer(static_cast<int32_t>(e.table_id)), Value::Char(e.status, 15), Value::Double(e.rows),
                     Value::Double(e.modified_rows), Value::Integer(e.threshold_percent), Value::Char("f", 1),
                     Value::Timestamp(e.start_us), Value::Timestamp(e.end_us),
                     e.prev_us < 0 ? Value::NullOf(LogicalType::Timestamp()) : Value::Timestamp(e.prev_us),
                     Value::Integer(0), Value::Integer(0), Value::Char("f", 1), Value::NullOf(LogicalType::Char(100)),
                     Value::Char(e.schema, 128), Value::Char(e.table, 136)});
  }
  return Status::OK();
}

}  // namespace

void RegisterAnalyzeSystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterSystemTable("pg_catalog", "stl_analyze", 14204,
                        {{"userid", LogicalType::Integer()},
                         {"xid", LogicalType::BigInt()},
                         {"database", LogicalType::Char(30)},
                         {"table_id", LogicalType::Integer()},
                         {"status", LogicalType::Char(15)},
                         {"rows", LogicalType::Double()},
                         {"modified_rows", LogicalType::Double()},
                         {"threshold_percent", LogicalType::Integer()},
                         {"is_auto", LogicalType::Char(1)},
                         {"starttime", LogicalType::Timestamp()},
                         {"endtime", LogicalType::Timestamp()},
                         {"prevtime", LogicalType::Timestamp()},
                         {"num_predicate_cols", LogicalType::Integer()},
                         {"num_new_predicate_cols", LogicalType::Integer()},
                         {"is_background", LogicalType::Char(1)},
                         {"auto_analyze_phase", LogicalType::Char(100)},
                         {"schema_name", LogicalType::Char(128)},
                         {"table_name", LogicalType::Char(136)}},
                        StlAnalyzeRows);
  });
}

}  // namespace blueshift
