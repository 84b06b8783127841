#pragma once

#include "exec/expression.h"
#include "exec/physical_operator.h"
#include "exec/spill_partitioner.h"

namespace blueshift {

struct HashAggGlobal;
struct HashAggLocal;
struct HashAggSource;

// GROUP BY by hashing: each slice aggregates its rows into its own table (phase one), the tables are merged
// per group (phase two), and the merged groups are the operator's output: the group columns, then one column
// per aggregate. With no group expressions it is a plain aggregate and returns exactly one row.
class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(std::vector<ExprPtr> groups, std::vector<AggregateExpr> aggregates);
  ~PhysicalHashAggregate() override;

  // Groups (one value per group expression) that are output even when the input has no rows: the empty
  // grouping sets of GROUPING SETS / ROLLUP / CUBE, whose aggregates then see no rows.
  void SetEmptyInputGroups(std::vector<std::vector<Value>> groups) { empty_input_groups_ = std::move(groups); }

  // The planner's finding that no group's rows come from two slices (a group key is the DISTKEY of the
  // KEY-distributed table whose scan feeds this aggregate's pipeline, TPC-H Q18's GROUP BY l_orderkey):
  // the slices' tables are kept side by side instead of merged into one, and each goes out on its own.
  void SetSliceDisjoint() { slice_disjoint_ = true; }
  // The optimizer's estimate of the groups: each slice's table starts sized for its share (at most 1M).
  void SetExpectedGroups(double groups) { expected_groups_ = groups; }

  std::string Name() const override { return groups_.empty() ? "Aggregate" : "HashAggregate"; }
  std::string Detail() const override;
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;
  int SourceTasks(ExecContext& ctx) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  size_t LocalSinkBytes(const LocalSinkState& local) const override;
  bool SinkSpilled(const GlobalSinkState& global) const override;
  size_t GlobalSinkBytes(const GlobalSinkState& global) const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;
  bool ForwardsKeyFilter(int column, size_t* child, int* child_column) const override;

  struct GroupTable;
  struct PairSet;

  // DISTINCT pairs: every aggregate is COUNT/SUM/AVG/MIN/MAX(DISTINCT x) of one and the same x, a BOOLEAN,
  // SMALLINT, INTEGER or DATE (TPC-H Q16's COUNT(DISTINCT ps_suppkey)). The table then holds, besides its
  // groups, the set of distinct (group, x) pairs as 64-bit codes; merging tables merges the sets, and the
  // aggregates fold each pair's x once at Finalize. One hashing of the group keys per row, where splitting
  // the aggregate in two (the optimizer's other way: group by the groups and x, then by the groups) hashes
  // and copies them twice. A table that outgrows the query's memory spills its pairs (spill_pairs.cc).
  // x may be widened by casts that keep distinct values distinct (SUM(DISTINCT x) of an INTEGER x reads
  // x::BIGINT): DistinctValue is the argument under them, ReplaceDistinctValue the argument over another x.
  static bool DistinctPairsApply(const std::vector<AggregateExpr>& aggregates);
  static const Expr& DistinctValue(const Expr& arg);
  static ExprPtr ReplaceDistinctValue(const Expr& arg, const Expr& value);
  bool distinct_pairs() const { return distinct_pairs_; }

  // Small group keys packed into one 64-bit code (PackRow): every group column a BOOLEAN, SMALLINT, INTEGER,
  // DATE or one-byte CHAR/VARCHAR, 64 bits at most in all (TPC-H Q1's l_returnflag, l_linestatus). A code
  // identifies the key, NULLs included, so the hash table compares codes instead of values; a value that
  // does not fit (a string longer than its type says) makes its row take the general path.
  bool packed() const { return !packing_.empty(); }
  static constexpr uint64_t kUnpacked = UINT64_MAX;  // no packed code is all ones
  // The codes of rows [first, first + n), one column at a time.
  void PackRows(const std::vector<const Vector*>& keys, size_t first, size_t n, uint64_t* codes) const;
  uint64_t PackRow(const std::vector<const Vector*>& keys, size_t row) const {
    uint64_t code;
    PackRows(keys, row, 1, &code);
    return code;
  }
  // The groups' key hashes for rows [0, n): of their codes when packed (also left in codes, n of them),
  // else HashKeys's.
  void HashGroups(const std::vector<const Vector*>& keys, size_t n, uint64_t* hashes, uint64_t* codes) const;

 private:
  struct Packing {
    PhysicalType type;
    int shift;
    bool trim_blanks;  // CHAR or VARCHAR: a trailing blank is no character
  };
  std::vector<Packing> packing_;
  bool FindFewPackedGroups(const std::vector<const Vector*>& key_cols, size_t n, HashAggLocal& l) const;
  // Rows [0, n) whose key is the previous row's by identity (equal integers, the same string views: a join's
  // matches of one build row share its strings) need no hash and no probe: marks them in l.repeats and
  // hashes the other rows' keys into l.hashes (the repeating rows get their run's hash). False, having
  // hashed nothing, when too few rows repeat to pay for it.
  bool HashRunHeads(const std::vector<const Vector*>& key_cols, size_t n, HashAggLocal& l) const;
  // Copies groups from *next on, up to `end`, into out (from row *emitted on) while it has room.
  Status EmitGroups(GroupTable& t, uint32_t* next, uint32_t end, Batch* out, size_t* emitted) const;
  // Spilling (spill_aggregate.cc): only when every aggregate's state is plain bytes or serializable (no
  // DISTINCT but DISTINCT pairs, no state that owns memory without AggregateFunction::serialize) can a
  // table be written out and read back.
  bool Spillable() const;
  Status CheckLocalMemory(ExecContext& ctx, HashAggLocal& l) const;
  Status CheckGlobalMemory(ExecContext& ctx, HashAggGlobal& g) const;              // REQUIRES: g.mu held
  Status CombinePairs(ExecContext& ctx, HashAggGlobal& g, HashAggLocal& l) const;  // REQUIRES: g.mu held
  // A partitioner of what SpillTable writes, at partitioning level `level`.
  std::unique_ptr<SpillPartitioner> NewSpill(ExecContext& ctx, int level) const;
  // A table's groups with their states (SpillStates), or in DISTINCT-pairs mode its pairs (SpillPairs).
  Status SpillTable(GroupTable& t, SpillPartitioner* out) const;
  Status SpillStates(GroupTable& t, SpillPartitioner* out) const;
  // What SpillStates writes: the group keys, then a VARBYTE per aggregate whose state owns memory.
  std::vector<LogicalType> StateSpillTypes() const;
  // Row `row` of spilled states (fixed bytes at src, owned ones in cols after the keys) into the group
  // state at target: copied into a fresh group's, else combined. Adds what the states came to own to
  // *owned_bytes.
  Status LoadStates(const std::vector<const Vector*>& cols, size_t row, const uint8_t* src, bool fresh, uint8_t* target,
                    uint64_t* owned_bytes) const;
  Status SpillParts(HashAggGlobal& g) const;
  Status CombineSpilled(ExecContext& ctx, HashAggGlobal& g, HashAggLocal& l) const;
  Status FinalizeSpilled(ExecContext& ctx, HashAggGlobal& g) const;
  Status GetSpilledData(ExecContext& ctx, HashAggSource& st, Batch* out) const;
  // Aggregates one spilled partition into st.current, or splits it into finer partitions when it does not
  // fit either.
  Status LoadRun(ExecContext& ctx, const SpillRun& run, HashAggSource& st) const;
  // DISTINCT pairs spilled (spill_pairs.cc): rows of (group keys, x), partitioned by the pair, each with
  // its group's key hash. A partition's pairs are folded into its groups' states, which go to st.folded
  // (SpillStates) for LoadRun to combine once every pair partition is folded.
  std::vector<LogicalType> PairSpillTypes() const;
  Status SpillPairs(GroupTable& t, SpillPartitioner* out) const;
  Status FoldPairRun(ExecContext& ctx, const SpillRun& run, HashAggSource& st) const;

  std::vector<ExprPtr> groups_;
  std::vector<AggregateExpr> aggregates_;
  std::vector<LogicalType> group_types_;
  std::vector<std::vector<Value>> empty_input_groups_;
  std::vector<size_t> state_offsets_;
  size_t state_size_ = 0;
  bool slice_disjoint_ = false;
  bool distinct_pairs_ = false;       // DistinctPairsApply(aggregates_)
  const Expr* pair_value_ = nullptr;  // DISTINCT pairs: x
  // DISTINCT pairs: each aggregate's argument over x as column 0, when it is not x itself (a widening cast)
  std::vector<ExprPtr> pair_args_;
  double expected_groups_ = 0;
  // Distinct pairs: the pairs' x values folded into the states of table t's groups.
  class PairFolder;
  Status FoldDistinctPairs(GroupTable& t) const;
  // Distinct pairs at Finalize: the slices' pairs merged into the merged table's and folded.
  Status MergePairs(ExecContext& ctx, HashAggGlobal& g) const;
  bool SliceDisjoint() const;  // slice_disjoint_, and nothing that needs one merged table
};

}  // namespace blueshift
