#pragma once

#include "exec/physical_operator.h"
#include "exec/window_expr.h"

namespace blueshift {

class SpillPartitioner;
struct SpillRun;

// Window functions that share one PARTITION BY / ORDER BY. A breaker: every slice hashes its rows on the
// partition keys into one bucket per slice (all rows of a partition meet in one bucket; without PARTITION
// BY there is one bucket), then one task per bucket sorts it by (partition keys, order keys), computes the
// functions over the sorted run and emits its rows: the input columns, then one column per function.
// With PARTITION BY, rows that outgrow the query's memory spill (spill_partitioner.h) by their partition
// keys' hash, so a partition's rows stay together; one task then sorts and evaluates spilled partition
// after partition, splitting one that does not fit on further hash bits. One window partition larger than
// the memory, or any window without PARTITION BY beyond it, fails the query (53200).
class PhysicalWindow : public PhysicalOperator {
 public:
  // REQUIRES: windows non-empty and all with the same partitions and orders (WindowExpr::SameWindow);
  // their expressions are resolved to positions in the child's output.
  PhysicalWindow(PhysicalOperatorPtr child, std::vector<WindowExpr> windows);
  ~PhysicalWindow() override;

  std::string Name() const override { return "Window"; }
  std::string Detail() const override;
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  int SourceTasks(ExecContext& ctx) const override;
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  size_t LocalSinkBytes(const LocalSinkState& local) const override;
  bool SinkSpilled(const GlobalSinkState& global) const override;
  size_t GlobalSinkBytes(const GlobalSinkState& global) const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;

  struct Run;

 private:
  using Chunks = std::vector<Batch>;
  int Buckets(ExecContext& ctx) const;
  Status Evaluate(ExecContext& ctx, const Chunks& chunks, Run* run) const;
  bool Spillable() const;
  std::unique_ptr<SpillPartitioner> NewSpill(ExecContext& ctx, int level) const;
  // Writes every stored row of *buckets to out (hashed on the partition keys) and empties them.
  Status SpillBuckets(std::vector<Chunks>* buckets, SpillPartitioner* out) const;
  Status LoadRun(ExecContext& ctx, const SpillRun& spilled, Run& run) const;

  // Rows are stored with extra columns after the input's: partition keys, order keys, then every
  // function's arguments (evaluated once, at Sink).
  size_t input_width_ = 0;
  std::vector<const Expr*> extra_;  // the expressions of the extra columns, in order
  std::vector<LogicalType> stored_types_;
  std::vector<size_t> arg_offset_;  // per function: the stored column of its first argument
  std::vector<WindowExpr> windows_;
};

}  // namespace blueshift
