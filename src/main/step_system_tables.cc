// STL_SCAN, SVL_QUERY_SUMMARY and SVL_QUERY_REPORT over the step log (main/step_log.h), with Redshift's columns. A
// segment is one pipeline of the plan (exec/pipeline.h), in the order they ran; streams are segments (ours run one
// after another). Columns Redshift documents as internal are 0 or 'f'. Registered once per process; rows
// come from the scanning statement's database.

#include <algorithm>
#include <map>
#include <mutex>

#include "main/activity.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

using Columns = std::vector<std::pair<std::string, LogicalType>>;

Value Flag(bool b) {
  return Value::Varchar(b ? "t" : "f");
}

int64_t ElapsedMicros(const StepCounters& c) {
  return std::max<int64_t>(0, c.end_us - c.start_us);
}

template <typename F>
Status ForEachQuery(const SystemContext& ctx, F&& fill) {
  if (ctx.activity == nullptr) return Status::OK();
  RowVisibility vis(ctx);  // others' queries are hidden from regular users
  for (const auto& q : ctx.activity->steps().Queries()) {
    if (vis.SeesUserId(q->userid)) fill(*q);
  }
  return Status::OK();
}

Columns StlScanColumns() {
  Columns c = {{"userid", LogicalType::Integer()},
               {"query", LogicalType::Integer()},
               {"slice", LogicalType::Integer()},
               {"segment", LogicalType::Integer()},
               {"step", LogicalType::Integer()},
               {"starttime", LogicalType::Timestamp()},
               {"endtime", LogicalType::Timestamp()},
               {"tasknum", LogicalType::Integer()},
               {"rows", LogicalType::BigInt()},
               {"bytes", LogicalType::BigInt()},
               {"fetches", LogicalType::BigInt()},
               {"type", LogicalType::Integer()},
               {"tbl", LogicalType::Integer()},
               {"is_rrscan", LogicalType::Varchar(1)},
               {"is_delayed_scan", LogicalType::Varchar(1)},
               {"rows_pre_filter", LogicalType::BigInt()},
               {"rows_pre_user_filter", LogicalType::BigInt()},
               {"perm_table_name", LogicalType::Varchar(136)},
               {"is_rlf_scan", LogicalType::Varchar(1)},
               {"is_rlf_scan_reason", LogicalType::Integer()},
               {"num_em_blocks", LogicalType::Integer()},
               {"checksum", LogicalType::BigInt()},
               {"runtime_filtering", LogicalType::Varchar(1)},
               {"scan_region", LogicalType::Integer()},
               {"num_sortkey_as_predicate", LogicalType::Integer()},
               {"row_fetcher_state", LogicalType::Integer()},
               {"consumed_scan_ranges", LogicalType::BigInt()},
               {"work_stealing_reason", LogicalType::BigInt()},
               {"is_vectorized_scan", LogicalType::Varchar(1)},
               {"is_vectorized_scan_reason", LogicalType::Integer()},
               {"row_fetcher_reason", LogicalType::BigInt()},
               {"topology_signature", LogicalType::BigInt()},
               {"use_tpm_partition", LogicalType::Varchar(1)},
               {"is_rrscan_expr", LogicalType::Varchar(1)},
               {"scanned_mega_value", LogicalType::Varchar(1)}};
  return c;
}

// One row per scan step and slice: scans of permanent tables (type 2) and of the worktables earlier
// segments filled (type 3). rows: after the scan's filter; rows_pre_user_filter: before it, deleted rows
// left out; rows_pre_filter: every row read.
Status StlScanRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return ForEachQuery(ctx, [&](const QuerySteps& q) {
    for (const StepRow& r : q.rows) {
      if (r.info.scan_type == 0) continue;
      const StepCounters& c = r.counters;
      bool perm = r.info.scan_type == StepInfo::kPermanentScan;
      rows->push_back({Value::Integer(q.userid),
                       Value::Integer(static_cast<int32_t>(q.query)),
                       Value::Integer(r.slice),
                       Value::Integer(r.segment),
                       Value::Integer(r.step),
                       Value::Timestamp(c.start_us),
                       Value::Timestamp(c.end_us),
                       Value::Integer(r.slice),
                       Value::BigInt(static_cast<int64_t>(c.rows)),
                       Value::BigInt(static_cast<int64_t>(c.rows * r.row_width)),
                       Value::BigInt(0),
                       Value::Integer(r.info.scan_type),
                       Value::Integer(static_cast<int32_t>(r.info.table)),
                       Flag(r.info.range_restricted),
                       Flag(false),
                       Value::BigInt(perm ? static_cast<int64_t>(c.rows_pre_filter) : 0),
                       Value::BigInt(perm ? static_cast<int64_t>(c.rows_pre_user_filter) : 0),
                       Value::Varchar(r.info.table_name),
                       Flag(false),
                       Value::Integer(0),
                       Value::Integer(0),
                       Value::BigInt(0),
                       Flag(false),
                       Value::Integer(0),
                       Value::Integer(0),
                       Value::Integer(0),
                       Value::BigInt(0),
                       Value::BigInt(0),
                       Flag(true),
                       Value::Integer(0),
                       Value::BigInt(0),
                       Value::BigInt(0),
                       Flag(false),
                       Flag(false),
                       Flag(false)});
    }
  });
}

// One row per step, over its slices: maxtime and avgtime are the segment's elapsed time on its slowest and
// its average slice (the same for every step of a segment, as on Redshift); workmem the most memory a slice
// held for the step.
Status SvlQuerySummaryRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return ForEachQuery(ctx, [&](const QuerySteps& q) {
    std::map<std::pair<int, int>, std::vector<const StepRow*>> steps;
    for (const StepRow& r : q.rows) steps[{r.segment, r.step}].push_back(&r);
    for (const auto& [key, slices] : steps) {
      const StepRow& first = *slices.front();
      int64_t max_time = 0, sum_time = 0;
      uint64_t n = 0, pre_filter = 0, workmem = 0;
      bool disk_based = false;
      for (const StepRow* r : slices) {
        disk_based = disk_based || r->counters.disk_based;
        int64_t t = ElapsedMicros(r->counters);
        max_time = std::max(max_time, t);
        sum_time += t;
        n += r->counters.rows;
        pre_filter += r->counters.rows_pre_filter;
        workmem = std::max(workmem, r->counters.memory);
      }
      int64_t avg_time = sum_time / static_cast<int64_t>(slices.size());
      uint64_t bytes = n * first.row_width;
      Value rate_row =
          avg_time > 0 ? Value::Double(static_cast<double>(n) * 1e6 / avg_time) : Value::NullOf(LogicalType::Double());
      Value rate_byte = avg_time > 0 ? Value::Double(static_cast<double>(bytes) * 1e6 / avg_time)
                                     : Value::NullOf(LogicalType::Double());
      bool perm = first.info.scan_type == StepInfo::kPermanentScan;
      rows->push_back(
          {Value::Integer(q.userid), Value::Integer(static_cast<int32_t>(q.query)), Value::Integer(key.first),
           Value::Integer(key.first), Value::Integer(key.second), Value::BigInt(max_time), Value::BigInt(avg_time),
           Value::BigInt(static_cast<int64_t>(n)), Value::BigInt(static_cast<int64_t>(bytes)), rate_row, rate_byte,
           Value::Varchar(first.info.label), Flag(disk_based), Value::BigInt(static_cast<int64_t>(workmem)),
           Flag(first.info.range_restricted), Flag(false), Value::BigInt(perm ? static_cast<int64_t>(pre_filter) : 0)});
    }
  });
}

// One row per step and slice, with the step's own rows and bytes on that slice; start_time, end_time and
// elapsed_time are its segment's on that slice, as on Redshift.
Status SvlQueryReportRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return ForEachQuery(ctx, [&](const QuerySteps& q) {
    for (const StepRow& r : q.rows) {
      const StepCounters& c = r.counters;
      bool perm = r.info.scan_type == StepInfo::kPermanentScan;
      rows->push_back({Value::Integer(q.userid), Value::Integer(static_cast<int32_t>(q.query)), Value::Integer(r.slice),
                       Value::Integer(r.segment), Value::Integer(r.step), Value::Timestamp(c.start_us),
                       Value::Timestamp(c.end_us), Value::BigInt(ElapsedMicros(c)),
                       Value::BigInt(static_cast<int64_t>(c.rows)),
                       Value::BigInt(static_cast<int64_t>(c.rows * r.row_width)), Value::Varchar(r.info.label),
                       Flag(c.disk_based), Value::BigInt(static_cast<int64_t>(c.memory)), Flag(r.info.range_restricted),
                       Flag(false), Value::BigInt(perm ? static_cast<int64_t>(c.rows_pre_filter) : 0)});
    }
  });
}

}  // namespace

void RegisterStepSystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    RegisterSystemTable("pg_catalog", "stl_scan", 14201, StlScanColumns(), StlScanRows);
    RegisterSystemTable("pg_catalog", "svl_query_summary", 14202,
                        {{"userid", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"stm", LogicalType::Integer()},
                         {"seg", LogicalType::Integer()},
                         {"step", LogicalType::Integer()},
                         {"maxtime", LogicalType::BigInt()},
                         {"avgtime", LogicalType::BigInt()},
                         {"rows", LogicalType::BigInt()},
                         {"bytes", LogicalType::BigInt()},
                         {"rate_row", LogicalType::Double()},
                         {"rate_byte", LogicalType::Double()},
                         {"label", LogicalType::Varchar(256)},
                         {"is_diskbased", LogicalType::Varchar(1)},
                         {"workmem", LogicalType::BigInt()},
                         {"is_rrscan", LogicalType::Varchar(1)},
                         {"is_delayed_scan", LogicalType::Varchar(1)},
                         {"rows_pre_filter", LogicalType::BigInt()}},
                        SvlQuerySummaryRows);
    RegisterSystemTable("pg_catalog", "svl_query_report", 14203,
                        {{"userid", LogicalType::Integer()},
                         {"query", LogicalType::Integer()},
                         {"slice", LogicalType::Integer()},
                         {"segment", LogicalType::Integer()},
                         {"step", LogicalType::Integer()},
                         {"start_time", LogicalType::Timestamp()},
                         {"end_time", LogicalType::Timestamp()},
                         {"elapsed_time", LogicalType::BigInt()},
                         {"rows", LogicalType::BigInt()},
                         {"bytes", LogicalType::BigInt()},
                         {"label", LogicalType::Varchar(256)},
                         {"is_diskbased", LogicalType::Varchar(1)},
                         {"workmem", LogicalType::BigInt()},
                         {"is_rrscan", LogicalType::Varchar(1)},
                         {"is_delayed_scan", LogicalType::Varchar(1)},
                         {"rows_pre_filter", LogicalType::BigInt()}},
                        SvlQueryReportRows);
  });
}

}  // namespace blueshift
