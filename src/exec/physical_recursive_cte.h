#pragma once

#include <string>

#include "exec/physical_operator.h"

namespace blueshift {

// The rows of the previous round of a WITH RECURSIVE loop (the working table), read by the recursive member.
// PhysicalRecursiveCte hands them to it through the ExecContext of each round.
class PhysicalWorkingTableScan : public PhysicalOperator {
 public:
  PhysicalWorkingTableScan(std::vector<LogicalType> types, int cte_id)
      : PhysicalOperator(std::move(types)), cte_id_(cte_id) {}
  std::string Name() const override { return "Working Table Scan"; }
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  int cte_id() const { return cte_id_; }

 private:
  int cte_id_;
};

// WITH RECURSIVE: a breaker whose input is the seed (children[0]); at Finalize it runs the recursive member
// (children[1], a result collector over it) once per round, each round reading the rows the previous round
// produced, until a round produces none. Its output is every round's rows, the seed's first.
class PhysicalRecursiveCte : public PhysicalOperator {
 public:
  // A loop that does not end within this many rounds is an error (54000).
  static constexpr int kMaxRounds = 10000;
  // ... as is one that accumulates more rows than this (they are held in memory).
  static constexpr uint64_t kMaxRows = 50'000'000;

  PhysicalRecursiveCte(std::string name, int cte_id, PhysicalOperatorPtr seed, PhysicalOperatorPtr recursive);
  std::string Name() const override { return "Recursive Union"; }
  std::string Detail() const override { return name_; }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;

 private:
  std::string name_;
  int cte_id_;
  std::vector<const PhysicalWorkingTableScan*> scans_;  // in children[1], reading this loop's rows
};

}  // namespace blueshift
