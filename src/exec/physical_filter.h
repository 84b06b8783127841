#pragma once

#include <functional>

#include "exec/expression.h"
#include "exec/physical_operator.h"

namespace blueshift {

// Keeps the rows where the predicate is true, by narrowing the batch's selection (no copy).
class PhysicalFilter : public PhysicalOperator {
 public:
  PhysicalFilter(std::vector<LogicalType> types, ExprPtr predicate)
      : PhysicalOperator(std::move(types)), predicate_(std::move(predicate)) {}
  std::string Name() const override { return "Filter"; }
  std::string Detail() const override { return predicate_->ToString(); }
  StepInfo DescribeStep(StepRole role, int worktable) const override;
  Result<std::unique_ptr<OperatorState>> InitOperator(ExecContext& ctx) const override;
  Status Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state, OperatorResult* result) const override;
  bool ForwardsKeyFilter(int column, size_t* child, int* child_column) const override {
    *child = 0;
    *child_column = column;
    return true;
  }

 private:
  ExprPtr predicate_;
};

// Computes one output column per expression.
class PhysicalProjection : public PhysicalOperator {
 public:
  PhysicalProjection(std::vector<ExprPtr> exprs);
  std::string Name() const override { return "Projection"; }
  std::string Detail() const override;
  Result<std::unique_ptr<OperatorState>> InitOperator(ExecContext& ctx) const override;
  Status Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state, OperatorResult* result) const override;
  bool ForwardsKeyFilter(int column, size_t* child, int* child_column) const override;

 private:
  std::vector<ExprPtr> exprs_;
};

// Rows given as constant expressions (INSERT ... VALUES, SELECT without FROM).
class PhysicalValues : public PhysicalOperator {
 public:
  PhysicalValues(std::vector<LogicalType> types, std::vector<std::vector<ExprPtr>> rows)
      : PhysicalOperator(std::move(types)), rows_(std::move(rows)) {}
  std::string Name() const override { return "Values"; }
  std::string Detail() const override { return std::to_string(rows_.size()) + " rows"; }
  StepInfo DescribeStep(StepRole role, int worktable) const override;
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;

 private:
  std::vector<std::vector<ExprPtr>> rows_;
};

// LIMIT/OFFSET: a sink that keeps the first offset+limit rows it receives (in order when its input is a
// single ordered stream), then a source of rows [offset, offset+limit).
class PhysicalLimit : public PhysicalOperator {
 public:
  PhysicalLimit(std::vector<LogicalType> types, int64_t limit, int64_t offset)
      : PhysicalOperator(std::move(types)), limit_(limit), offset_(offset) {}
  std::string Name() const override { return "Limit"; }
  std::string Detail() const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;

 private:
  int64_t limit_;  // -1: no limit
  int64_t offset_;
};

// The root of a query: gathers every result batch for the session to send, in arrival order.
class PhysicalResultCollector : public PhysicalOperator {
 public:
  explicit PhysicalResultCollector(PhysicalOperatorPtr child);
  std::string Name() const override { return "Result"; }
  StepInfo DescribeStep(StepRole role, int worktable) const override;
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;

  // After execution: the collected batches (flattened, no selection). REQUIRES: the query had no memory
  // limit (nothing spilled); otherwise use ForEachResult.
  static std::vector<Batch>& Results(ExecContext& ctx, const PhysicalResultCollector& op);
  // After execution: calls fn with every result batch in order, reading back what outgrew the query's
  // memory and was spilled; stops at fn's first error.
  static Status ForEachResult(ExecContext& ctx, const PhysicalResultCollector& op,
                              const std::function<Status(Batch&)>& fn);
};

}  // namespace blueshift
