#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "types/logical_type.h"

namespace blueshift {

class PhysicalOperator;
struct Pipeline;

// Microseconds since the Unix epoch (STL_SCAN's starttime/endtime) and a monotonic clock in nanoseconds
// (step times). The monotonic clock is read once per batch and step, never per row.
int64_t ProfileWallMicros();
inline int64_t ProfileNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Average bytes of a value of type t, PostgreSQL's guess for declared-length strings: EXPLAIN's width and the
// bytes columns of STL_SCAN and SVL_QUERY_SUMMARY (rows x the widths of their columns).
int AverageWidth(const LogicalType& t);

// A step label as SVL_QUERY_SUMMARY shows it: the step's name padded to seven characters, then
// `tbl=<table>` (when table >= 0) and ` name=<table_name>` (when not empty): "scan   tbl=100412 name=lineitem",
// "hjoin  tbl=101", "project".
std::string StepLabelText(const std::string& name, int64_t table = -1, const std::string& table_name = "");

// The roles a physical operator plays in a pipeline (exec/pipeline.h); an operator that is both a sink and
// a source (aggregate, sort) is two steps, in two segments.
enum class StepRole : uint8_t { kSource, kOperator, kSink };

// What a step is, for STL_SCAN and SVL_QUERY_SUMMARY (PhysicalOperator::DescribeStep).
struct StepInfo {
  // STL_SCAN's type: 2 a permanent table, 3 a transient one (a worktable of rows an earlier segment kept);
  // 0 not a scan.
  static constexpr int kPermanentScan = 2;
  static constexpr int kTransientScan = 3;
  std::string label;
  int scan_type = 0;
  int64_t table = -1;
  std::string table_name;         // permanent tables
  bool range_restricted = false;  // zone maps may skip blocks
  bool filter = false;            // a filter, shown as part of the step before it (as Redshift's scans filter)
  // A hash join's build step, when the join's redistribution (EXPLAIN's DS_* label) raises an alert
  // (main/distribution_alerts.h): that label and the rows it moved, all slices (QueryProfile::NoteDistribution).
  std::string distribution;
  uint64_t distributed_rows = 0;
};

// What one step counted on one task (a slice, for a pipeline that starts at a table scan).
struct StepCounters {
  bool ran = false;
  uint64_t rows = 0;     // rows the step output; a sink: the rows it took in
  int64_t time_ns = 0;   // time inside the step's own calls (its inputs' time excluded)
  int64_t start_us = 0;  // wall clock: when the task began and ended (the segment on this slice)
  int64_t end_us = 0;
  uint64_t memory = 0;      // bytes of state the step held at its largest (0: it holds none)
  bool disk_based = false;  // a sink that spilled (is_diskbased)
  // Table scans: rows read from storage (deleted rows included), the live ones among them, and the column
  // blocks decoded or left unread because their zone maps excluded the scan's predicates.
  uint64_t rows_pre_filter = 0;
  uint64_t rows_pre_user_filter = 0;
  uint64_t blocks_read = 0;
  uint64_t blocks_skipped = 0;
};

// One step of a segment: an operator in one role, with its counters per task.
struct StepProfile {
  const PhysicalOperator* op = nullptr;
  StepRole role = StepRole::kOperator;
  int segment = 0;
  int step = 0;                     // position in the segment: 0 is the source, the sink last
  const void* plan_node = nullptr;  // op->plan_node()
  int row_width = 0;                // bytes per row the step outputs (sink: takes in), for the bytes columns
  int64_t final_ns = 0;             // a sink's Finalize, once after every task
  uint64_t final_memory = 0;        // a sink's merged state after Finalize
  std::vector<StepCounters> tasks;
  StepInfo info;  // set by QueryProfile::Seal
};

// A step over all its tasks, as EXPLAIN ANALYZE shows a plan node.
struct StepSummary {
  bool ran = false;
  int slices = 0;
  uint64_t rows = 0;
  int64_t time_ns = 0;  // on the slowest task, plus Finalize
  uint64_t memory = 0;  // every task's state plus the merged state
  uint64_t rows_pre_filter = 0;
  uint64_t blocks_read = 0;
  uint64_t blocks_skipped = 0;

  // Adds another step of the same plan node: times and memory add up, rows are the later step's.
  void Chain(const StepSummary& later);
};

// QueryProfile holds the runtime statistics of one plan execution: a segment per pipeline in the order
// they ran, a step per operator role. ExecutePlan fills it; each task writes only its own counters, so the
// hot path takes no lock. Read it after execution.
class QueryProfile {
 public:
  // Adds the steps of a pipeline about to run with `tasks` tasks; returns them in pipeline order (source,
  // operators, sink). The pointers stay valid for the profile's lifetime.
  std::vector<StepProfile*> AddSegment(const Pipeline& p, int tasks);

  // Describes every step (StepProfile::info) while the plan is still alive; after this the profile needs
  // no operator (StepProfile::op may dangle), so it can outlive the plan in the statement's log.
  void Seal();
  // Makes this empty profile a copy of `sealed`, a profile of the same plan that AddSegment and Seal made
  // and nothing ran in: what they would make again, for a plan run many times (a cached INSERT). Returns
  // the steps in order.
  std::vector<StepProfile*> CopySealed(const QueryProfile& sealed);

  const std::vector<std::unique_ptr<StepProfile>>& steps() const { return steps_; }
  // After Seal: records on the build (sink) steps of join `plan_node` that its redistribution `label` moved
  // `rows` rows (StepInfo::distribution).
  void NoteDistribution(const void* plan_node, const std::string& label, uint64_t rows);
  int segments() const { return segments_; }

  // Every step of operators implementing `plan_node` (PhysicalOperator::plan_node) in `role`, chained in
  // the order they ran.
  StepSummary Summarize(const void* plan_node, StepRole role) const;
  // One step over its tasks.
  static StepSummary Summarize(const StepProfile& step);

 private:
  std::vector<std::unique_ptr<StepProfile>> steps_;
  int segments_ = 0;
};

// Collects the profiles of every plan a statement runs (MERGE and CTAS run more than one), for STL_SCAN
// and SVL_QUERY_SUMMARY. A session installs one on its thread for the statement (ScopedStatementProfiles);
// ExecutePlan hands each finished profile to the one installed, if any.
class StatementProfiles {
 public:
  // Adds a plan's profile (once: a context that runs twice adds its one profile once).
  void Add(std::shared_ptr<const QueryProfile> profile) {
    for (const auto& p : profiles_) {
      if (p == profile) return;
    }
    profiles_.push_back(std::move(profile));
  }
  const std::vector<std::shared_ptr<const QueryProfile>>& profiles() const { return profiles_; }
  // The collector installed on this thread, or null.
  static StatementProfiles* Current();

 private:
  std::vector<std::shared_ptr<const QueryProfile>> profiles_;
};

// Installs a collector on this thread for the scope's lifetime (restoring the previous one after).
class ScopedStatementProfiles {
 public:
  explicit ScopedStatementProfiles(StatementProfiles* profiles);
  ~ScopedStatementProfiles();
  ScopedStatementProfiles(const ScopedStatementProfiles&) = delete;
  ScopedStatementProfiles& operator=(const ScopedStatementProfiles&) = delete;

 private:
  StatementProfiles* previous_;
};

}  // namespace blueshift
