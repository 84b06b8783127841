#pragma once

#include "exec/expression.h"
#include "exec/physical_hash_join.h"
#include "exec/physical_operator.h"
#include "exec/runtime_filter.h"

namespace blueshift {

// A semi or anti hash join built on its left input: the left rows (the ones it keeps or drops) go into a
// hash table, the right input streams through it marking every left row that one of its rows matches
// (keys equal, residual true), and the output is the marked (semi) or unmarked (anti) left rows. The
// optimizer chooses it over PhysicalHashJoin when the right input is much bigger than the left (EXISTS /
// NOT EXISTS over lineitem or orders in TPC-H Q4, Q21, Q22): a table of the few left rows instead of one of
// millions of right rows. Not for NOT IN (null_aware), whose answer depends on whether the right side holds
// a NULL at all.
//
// Both inputs sink into it, left then right (SinksAllChildren): the pipeline of children[0] fills the table,
// its Finalize chains it; the pipeline of children[1] probes and marks; then it is the source of the kept
// left rows. Left rows with a NULL key match nothing. No spilling: the left side must fit in memory.
class PhysicalMarkJoin : public PhysicalOperator, public KeyFilterProvider {
 public:
  // left_keys over the left input's columns, right_keys over the right's; residual over the left columns
  // followed by the right ones (may be null).
  PhysicalMarkJoin(JoinType type, PhysicalOperatorPtr left, PhysicalOperatorPtr right, std::vector<ExprPtr> left_keys,
                   std::vector<ExprPtr> right_keys, ExprPtr residual);

  std::string Name() const override;
  std::string Detail() const override;
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool SinksAllChildren() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;
  int SourceTasks(ExecContext& ctx) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  size_t GlobalSinkBytes(const GlobalSinkState& global) const override;
  bool ForwardsKeyFilter(int column, size_t* child, int* child_column) const override;

  // Runtime filters on the right side: a right row whose key is no left row's marks nothing. The left
  // keys' set is complete before the right side's pipelines start.
  void RequestKeyFilter(size_t key);
  const KeySet* KeyFilter(ExecContext& ctx, size_t key, uint64_t scan_rows) const override;
  const std::vector<ExprPtr>& right_keys() const { return right_keys_; }

 private:
  struct Global;
  struct Local;
  struct Source;
  Status SinkLeft(ExecContext& ctx, Batch& in, Local& l) const;
  Status Probe(Batch& in, Global& g, Local& l) const;

  JoinType type_;
  std::vector<ExprPtr> left_keys_;
  std::vector<ExprPtr> right_keys_;
  ExprPtr residual_;  // may be null
  std::vector<LogicalType> pair_types_;
  std::vector<bool> filter_keys_;  // per key: a key set was requested
};

}  // namespace blueshift
