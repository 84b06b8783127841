#pragma once

#include "exec/expression.h"
#include "exec/physical_operator.h"
#include "exec/runtime_filter.h"
#include "exec/spill_partitioner.h"

namespace blueshift {

struct BuildChunks;
struct JoinGlobal;
struct JoinLocal;
class SpillPartitioner;

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
  // A semi or anti join whose right input is much bigger than its left: the hash table is built on the left
  // rows (PhysicalMarkJoin). The optimizer's choice.
  bool build_left = false;
};

// Hash join: builds a hash table on the right input (children[1], the smaller side by the planner's choice)
// keyed by build_keys, then streams the left input through it. Output rows are the left columns followed by
// the right columns; a LEFT join pads unmatched left rows with NULLs. The residual predicate (over the output
// row) decides matches beyond the equality keys; with no keys every pair is a candidate (a nested loop).
// NULL keys never match.
class PhysicalHashJoin : public PhysicalOperator, public KeyFilterProvider {
 public:
  // output: for an inner or LEFT join, the positions (in left-then-right order) of the columns it emits,
  // in that order; empty for all. Columns neither emitted nor read by the residual are never gathered.
  PhysicalHashJoin(JoinType type, PhysicalOperatorPtr left, PhysicalOperatorPtr right, std::vector<ExprPtr> probe_keys,
                   std::vector<ExprPtr> build_keys, ExprPtr residual, JoinOptions options = {},
                   std::vector<int> output = {});

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
  bool SinkSpilled(const GlobalSinkState& global) const override;
  size_t GlobalSinkBytes(const GlobalSinkState& global) const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;
  Status FinishExecute(ExecContext& ctx, Batch* out, OperatorState& state, OperatorResult* result) const override;
  bool ForwardsKeyFilter(int column, size_t* child, int* child_column) const override;

  // Runtime filters: whether rows failing a key filter of this join may be dropped anywhere below its probe
  // side (inner and semi joins; NULL-matching joins not), and the request that Finalize collect build key
  // `key`'s values for such a filter. KeyFilter returns them once the build side is complete, for a scan of
  // scan_rows rows (nullptr when not requested, not an integer key, spilled to disk, or not worth it).
  bool AcceptsKeyFilters() const;
  void RequestKeyFilter(size_t key);
  const KeySet* KeyFilter(ExecContext& ctx, size_t key, uint64_t scan_rows) const override;

 private:
  struct ProbeState;
  void AppendBuild(BuildChunks* chunks, const Batch& in, const std::vector<const Vector*>& cols, size_t n,
                   const uint64_t* hashes, const uint8_t* null_rows) const;
  // Chains the build rows into the hash table, with up to `threads` threads for a large build.
  Status BuildTable(JoinGlobal* g, size_t threads = 1) const;
  // Grace hash join (spill_join.cc): a build side beyond the query's memory goes to disk in partitions by
  // key hash; probe rows of those partitions follow it, and each probe task joins them partition by
  // partition once its input is exhausted. Not for joins without keys (a nested loop).
  bool SpillableJoin() const { return !probe_keys_.empty(); }
  Status CheckBuildMemory(ExecContext& ctx, JoinLocal& l) const;
  Status CheckGlobalBuildMemory(ExecContext& ctx, JoinGlobal& g) const;  // REQUIRES: g.mu held
  Status SpillBuild(ExecContext& ctx, BuildChunks* chunks, std::unique_ptr<SpillPartitioner>* out) const;
  Status CombineSpilled(ExecContext& ctx, JoinGlobal& g, JoinLocal& l) const;
  Status FinalizeSpilled(ExecContext& ctx, JoinGlobal& g) const;
  Status DivertProbe(ExecContext& ctx, Batch& in, ProbeState& st) const;
  Status LoadPartition(ExecContext& ctx, ProbeState& st) const;
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
  std::vector<int> output_;              // the emitted columns' positions among pair_types_; empty: all
  std::vector<uint8_t> gathered_;        // per position among pair_types_: emitted or read by the residual
  std::vector<bool> filter_keys_;        // per key: collect a KeySet (RequestKeyFilter)
  bool hash_is_key_ = false;             // equal key hashes mean equal keys (one integer key)
};

}  // namespace blueshift
