#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "exec/query_profile.h"

namespace blueshift {

// One step of a query on one slice, as STL_SCAN and SVL_QUERY_SUMMARY show it. A filter is part of the step
// before it (as Redshift's scans filter): its rows are that step's rows.
struct StepRow {
  int segment = 0;
  int step = 0;
  int slice = 0;
  int row_width = 0;
  StepInfo info;
  StepCounters counters;
};

// The steps of one finished query.
struct QuerySteps {
  int64_t query = 0;
  int32_t userid = 0;
  int32_t pid = 0;       // the session's process id
  int64_t xid = 0;       // the statement's transaction id (STL_QUERY.xid)
  int64_t start_us = 0;  // when its first step began
  int64_t end_us = 0;
  // Rows() of `profiles`, folded when StepLog::Queries first returns the query (most statements' steps are
  // never read: folding them as they finished was 4% of a single-row INSERT's instructions).
  std::vector<StepRow> rows;
  std::vector<std::shared_ptr<const QueryProfile>> profiles;  // sealed; emptied once folded into rows
  // Permanent tables it scanned whose statistics were missing or out of date when it finished: sketches
  // covered under 90% of their stored rows (SVV_TABLE_INFO.stats_off above 10), too few for the optimizer's
  // estimates (plan/cardinality.h).
  std::set<int64_t> tables_without_statistics;
};

// StepLog keeps the steps of the latest queries that ran on the slices, behind STL_SCAN and
// SVL_QUERY_SUMMARY. In memory only; bounded by age (retention) and by a total number of step rows, the
// oldest queries dropped first. Thread-safe.
class StepLog {
 public:
  StepLog(int64_t retention_us, size_t max_rows) : retention_us_(retention_us), max_rows_(max_rows) {}

  // Files the steps of one statement (query.profiles: its plans' sealed profiles); nothing when no step ran.
  void Record(QuerySteps query);
  // Every kept query, oldest first.
  std::vector<std::shared_ptr<const QuerySteps>> Queries() const;

  // Folds a statement's profiles into rows (exposed for tests).
  static std::vector<StepRow> Rows(const std::vector<std::shared_ptr<const QueryProfile>>& profiles);
  // What Rows would hold, without folding: how many rows, when the first began and the last ended.
  struct RowsSummary {
    size_t rows = 0;
    int64_t start_us = 0;
    int64_t end_us = 0;
  };
  static RowsSummary Summarize(const std::vector<std::shared_ptr<const QueryProfile>>& profiles);

 private:
  const int64_t retention_us_;
  const size_t max_rows_;
  mutable std::mutex mu_;
  std::deque<std::shared_ptr<QuerySteps>> queries_;  // folded into rows by Queries(), under mu_
  std::deque<size_t> row_counts_;                    // each query's rows, folded or not
  size_t rows_ = 0;
};

}  // namespace blueshift
