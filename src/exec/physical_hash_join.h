#pragma once

#include "exec/expression.h"
#include "exec/physical_operator.h"

namespace blueshift {

enum class JoinType {
  kInner,
  kLeft,
  kSemi,  // left rows with at least one match (EXISTS, IN)
  kAnti,  // left rows with no match (NOT EXISTS, NOT IN)
};

// Extra rules a join built from a subquery follows.
struct JoinOptions {
  // A scalar subquery: more than one match for a left row is 21000 "more than one row returned by a
  // subquery used as an expression".
  bool single_match = false;
  // NOT IN: a NULL on the build side makes every row's answer NULL (no row passes), and a NULL probe key
  // passes only when the build side is empty.
  bool null_aware = false;
  // INTERSECT / EXCEPT: NULL keys match each other (IS NOT DISTINCT FROM).
  bool nulls_equal = false;
};

// Hash join: builds a hash table on the right input (children[1], the smaller side by the planner's choice)
// keyed by build_keys, then streams the left input through it. Output rows are the left columns followed by
// the right columns; a LEFT join pads unmatched left rows with NULLs. The residual predicate (over the output
// row) decides matches beyond the equality keys; with no keys every pair is a candidate (a nested loop).
// NULL keys never match.
class PhysicalHashJoin : public PhysicalOperator {
 public:
  PhysicalHashJoin(JoinType type, PhysicalOperatorPtr left, PhysicalOperatorPtr right, std::vector<ExprPtr> probe_keys,
                   std::vector<ExprPtr> build_keys, ExprPtr residual, JoinOptions options = {});

  std::string Name() const override;
  std::string Detail() const override;
  bool IsSink() const override { return true; }
  int SinkChild() const override { return 1; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;
  Result<std::unique_ptr<OperatorState>> InitOperator(ExecContext& ctx) const override;
  Status Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state, OperatorResult* result) const override;
  size_t LocalSinkBytes(const LocalSinkState& local) const override;
  size_t GlobalSinkBytes(const GlobalSinkState& global) const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;

 private:
  struct ProbeState;
  Status StartBatch(const Batch& in, ProbeState& st) const;
  Status EmitPairs(const Batch& in, Batch* out, ProbeState& st) const;
  Status CheckSingleMatch(const Batch& pairs, ProbeState& st) const;
  // Phase two: LEFT joins' unmatched rows padded with NULLs; semi joins' matched rows; anti joins' unmatched.
  void EmitFinal(const Batch& in, Batch* out, ProbeState& st) const;
  bool EmitsPairs() const { return type_ == JoinType::kInner || type_ == JoinType::kLeft; }

  JoinType type_;
  std::vector<ExprPtr> probe_keys_;
  std::vector<ExprPtr> build_keys_;
  ExprPtr residual_;  // may be null
  size_t left_width_;
  JoinOptions options_;
  std::vector<LogicalType> pair_types_;  // left then right columns
};

}  // namespace blueshift
