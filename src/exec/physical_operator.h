#pragma once

#include <memory>
#include <string>
#include <vector>

#include "exec/exec_context.h"
#include "exec/query_profile.h"
#include "types/batch.h"
#include "util/status.h"

namespace blueshift {

struct SourceState {
  virtual ~SourceState() = default;
};
struct OperatorState {
  virtual ~OperatorState() = default;
};
struct LocalSinkState {
  virtual ~LocalSinkState() = default;
};

enum class OperatorResult {
  kNeedMoreInput,   // give me the next input batch
  kHaveMoreOutput,  // call again with the same input: more output is pending
  kFinished,        // no more output will ever come (LIMIT reached)
};

// PhysicalOperator is a node of an executable plan. It is immutable once planned and shared by every slice
// running it; whatever changes during execution lives in the state objects it creates. An operator plays
// one or more roles in push-based pipelines (exec/pipeline.h):
//   source   — produces batches (scans, VALUES; a breaker's output side), in SourceTasks() parallel tasks;
//   operator — turns an input batch into output batches (filter, projection, a hash join's probe);
//   sink     — consumes batches (aggregation, sort, a hash join's build, INSERT, the result), with a local
//              state per task combined into one global state, then finalized.
class PhysicalOperator {
 public:
  explicit PhysicalOperator(std::vector<LogicalType> types) : types_(std::move(types)) {}
  virtual ~PhysicalOperator() = default;

  const std::vector<LogicalType>& types() const { return types_; }
  std::vector<std::unique_ptr<PhysicalOperator>> children;

  virtual std::string Name() const = 0;
  virtual std::string Detail() const { return ""; }

  // --- source role
  virtual bool IsSource() const { return false; }
  virtual int SourceTasks(ExecContext& ctx) const { return 1; }
  // What the `tasks` tasks of one run of this source's pipeline share (ExecContext::source_share), made on
  // the pipeline's thread before they start; nullptr (the default) when they share nothing.
  virtual std::unique_ptr<SourceShare> InitSourceShare(ExecContext& ctx, int tasks) const { return nullptr; }
  virtual Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const;
  // Fills out (reset by the caller, with this operator's types); out->count() == 0 means exhausted.
  virtual Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const;

  // --- operator role
  virtual Result<std::unique_ptr<OperatorState>> InitOperator(ExecContext& ctx) const;
  // Reads `in` (which it may modify or swap with *out), writes *out (reset by the caller).
  virtual Status Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state, OperatorResult* result) const;
  // Called once the task's input is exhausted, for output the operator held back (a hash join's probe rows
  // that waited on disk for their build partition): writes *out (reset by the caller) and sets
  // kHaveMoreOutput while more may follow. The default has none.
  virtual Status FinishExecute(ExecContext& ctx, Batch* out, OperatorState& state, OperatorResult* result) const;

  // --- sink role
  virtual bool IsSink() const { return false; }
  // The child whose pipeline feeds this sink (a hash join sinks its build side, children[1]).
  virtual int SinkChild() const { return 0; }
  // A breaker fed by every child (UNION ALL): each child's pipeline sinks into the same global state.
  virtual bool SinksAllChildren() const { return false; }
  virtual Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const;
  virtual Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const;
  // *finished = true when the sink needs no more input (LIMIT reached).
  virtual Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
                      bool* finished) const;
  // Called once per task after its input is exhausted. Implementations lock the global state themselves.
  virtual Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const;
  // Called once after every task combined.
  virtual Status Finalize(ExecContext& ctx, GlobalSinkState& global) const;

  // --- runtime statistics (EXPLAIN ANALYZE, STL_SCAN, SVL_QUERY_SUMMARY). The pipeline counts rows and
  // times itself; these add what only the operator's states know. Each is called once per task, on the
  // task's thread, after its input ended.
  // What a source's state counted (a table scan: rows before filters, blocks read and skipped).
  virtual void CollectSourceStats(const SourceState& state, StepCounters* counters) const {}
  // Bytes a sink task's local state holds (before Combine); bytes of the merged state after Finalize.
  virtual size_t LocalSinkBytes(const LocalSinkState& local) const { return 0; }
  virtual size_t GlobalSinkBytes(const GlobalSinkState& global) const { return 0; }
  // Whether the sink wrote rows or states to spill files (SVL_QUERY_SUMMARY.is_diskbased), after Finalize.
  virtual bool SinkSpilled(const GlobalSinkState& global) const { return false; }
  // How STL_SCAN and SVL_QUERY_SUMMARY name the step this operator is in `role`: a label in Redshift's words
  // (scan, project, aggr, hash, hjoin, sort, merge, ...), the table a scan reads. A step that keeps rows for
  // a later segment calls them worktable `worktable` (-1 when it keeps none).
  virtual StepInfo DescribeStep(StepRole role, int worktable) const;

  // Runtime join filters (exec/runtime_filter.h): whether dropping the output rows whose column `column`
  // fails a join's key filter may be done instead by dropping the rows of children[*child] whose column
  // *child_column fails it, the value passing through unchanged.
  virtual bool ForwardsKeyFilter(int column, size_t* child, int* child_column) const { return false; }

  // The logical plan node this operator implements (set by the physical planner; opaque here), which
  // EXPLAIN ANALYZE uses to put each operator's statistics on its plan line.
  const void* plan_node() const { return plan_node_; }
  void set_plan_node(const void* node) { plan_node_ = node; }

  // EXPLAIN text of this subtree, indented.
  std::string ToString(int indent = 0) const;

 private:
  std::vector<LogicalType> types_;
  const void* plan_node_ = nullptr;
};

using PhysicalOperatorPtr = std::unique_ptr<PhysicalOperator>;

}  // namespace blueshift
