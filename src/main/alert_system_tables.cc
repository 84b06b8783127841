// STL_ALERT_EVENT_LOG over the step log (main/step_log.h), with Redshift's columns, events and solutions
// (Redshift's "Reviewing query alerts"). blueshift records the alerts whose condition it sees in a query's
// steps, one row per step and slice, as Redshift does:
//   - a nested loop join ran;
//   - a scan of a permanent table returned less than 5% of the live rows it read (at least 1,000 read);
//   - a scan read at least 1,000 deleted rows, and more deleted rows than live ones;
//   - a scanned table's statistics were missing or out of date (stats_off above 10 when the query ended:
//     sketches covering too few rows for the optimizer's estimates);
//   - a join broadcast (DS_BCAST_INNER) or redistributed (DS_DIST_BOTH) more than 1,000,000 rows, or
//     sent its whole inner side to one slice (DS_DIST_ALL_INNER; main/distribution_alerts.h), on its build
//     step.
// Rows come from the steps' counters when the table is scanned, so they are kept as long as the query's
// steps are (in memory, like STL_SCAN). Registered once per process.

#include <cstdio>
#include <mutex>

#include "main/activity.h"
#include "main/distribution_alerts.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

constexpr uint64_t kMinRowsForAlert = 1000;
constexpr double kSelectiveRatio = 0.05;

struct Alert {
  std::string event;
  std::string solution;
};

Alert DistributionAlert(const StepInfo& info) {
  if (info.distribution == "DS_DIST_ALL_INNER") {
    return {"DS_DIST_ALL_INNER for Hash Join in the query plan",
            "Review the choice of distribution strategy to distribute the inner, rather than outer, table"};
  }
  if (info.distribution == "DS_BCAST_INNER") {
    return {"Broadcasted a large number of rows across the network",
            "Review the choice of distribution key to collocate the join and consider using distributed tables"};
  }
  return {"Distributed a large number of rows across the network:" + std::to_string(info.distributed_rows) +
              " rows were distributed in order to process the aggregation",
          "Review the choice of distribution key to collocate the join or aggregation"};
}

// The alerts one step on one slice raises.
std::vector<Alert> AlertsOf(const QuerySteps& q, const StepRow& r) {
  std::vector<Alert> out;
  if (r.info.label.rfind("nloop", 0) == 0) {
    out.push_back({"Nested Loop Join in the query plan", "Review the join predicates to avoid Cartesian products"});
  }
  if (!r.info.distribution.empty()) out.push_back(DistributionAlert(r.info));
  if (r.info.scan_type != StepInfo::kPermanentScan) return out;
  if (q.tables_without_statistics.count(r.info.table)) {
    out.push_back({"Missing query planner statistics", "Run the ANALYZE command"});
  }
  const StepCounters& c = r.counters;
  uint64_t live = c.rows_pre_user_filter;
  if (live >= kMinRowsForAlert && static_cast<double>(c.rows) < kSelectiveRatio * static_cast<double>(live)) {
    char ratio[160];
    std::snprintf(ratio, sizeof ratio, "Very selective query filter:ratio=rows(%llu)/rows_pre_user_filter(%llu)=%.6f",
                  static_cast<unsigned long long>(c.rows), static_cast<unsigned long long>(live),
                  static_cast<double>(c.rows) / static_cast<double>(live));
    out.push_back({ratio, "Review the choice of sort key to enable range restricted scans"});
  }
  uint64_t deleted = c.rows_pre_filter > live ? c.rows_pre_filter - live : 0;
  if (deleted >= kMinRowsForAlert && deleted > live) {
    out.push_back({"Scanned a large number of deleted rows", "Run the VACUUM command to reclaim deleted space"});
  }
  return out;
}

Status StlAlertEventLogRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (ctx.activity == nullptr) return Status::OK();
  RowVisibility vis(ctx);  // others' queries are hidden from regular users
  for (const auto& q : ctx.activity->steps().Queries()) {
    if (!vis.SeesUserId(q->userid)) continue;
    for (const StepRow& r : q->rows) {
      for (Alert& a : AlertsOf(*q, r)) {
        rows->push_back({Value::Integer(q->userid), Value::Integer(static_cast<int32_t>(q->query)),
                         Value::Integer(r.slice), Value::Integer(r.segment), Value::Integer(r.step),
                         Value::Integer(q->pid), Value::BigInt(static_cast<int64_t>(q->xid)),
                         Value::Varchar(std::move(a.event)), Value::Varchar(std::move(a.solution)),
                         Value::Timestamp(q->start_us)});
      }
    }
  }
  return Status::OK();
}

}  // namespace

void RegisterAlertSystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterSystemTable("pg_catalog", "stl_alert_event_log", 14205,
                        {{"userid", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"slice", LogicalType::Integer()},
                         {"segment", LogicalType::Integer()},
                         {"step", LogicalType::Integer()},
                         {"pid", LogicalType::Integer()},
                         {"xid", LogicalType::BigInt()},
                         {"event", LogicalType::Char(1024)},
                         {"solution", LogicalType::Char(1024)},
                         {"event_time", LogicalType::Timestamp()}},
                        StlAlertEventLogRows);
  });
}

}  // namespace blueshift
