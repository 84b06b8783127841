#pragma once

#include "exec/physical_operator.h"
#include "system/system_table.h"

namespace blueshift {

// Reads a system table: its rows are generated when the scan starts, from the statement's catalog
// snapshot and session (ExecContext::system_context()), and emitted as batches of the requested columns.
class PhysicalSystemScan : public PhysicalOperator {
 public:
  PhysicalSystemScan(const SystemTable* table, std::vector<int> columns);
  std::string Name() const override { return "System Scan"; }
  std::string Detail() const override { return "on " + table_->schema + "." + table_->name; }
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  // A leader-node scan of a catalog or log table: labelled, but not a slice scan for STL_SCAN.
  StepInfo DescribeStep(StepRole, int) const override {
    StepInfo info;
    info.label = StepLabelText("scan", table_->oid, table_->name);
    return info;
  }

 private:
  const SystemTable* table_;
  std::vector<int> columns_;
};

}  // namespace blueshift
