#pragma once

#include "exec/physical_operator.h"

namespace blueshift {

// UNION ALL: every child's rows (children have identical column types), gathered from all slices, then
// emitted. Each child runs as its own pipeline into this one sink.
class PhysicalUnionAll : public PhysicalOperator {
 public:
  PhysicalUnionAll(std::vector<LogicalType> types, std::vector<PhysicalOperatorPtr> inputs);
  std::string Name() const override { return "Append"; }
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  bool SinksAllChildren() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
};

}  // namespace blueshift
