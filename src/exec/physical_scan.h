#pragma once

#include <memory>
#include <vector>

#include "catalog/table_def.h"
#include "exec/physical_operator.h"

namespace blueshift {

// A predicate `column op constant` that scans check against block zone maps to skip blocks. The filter
// above the scan still applies it row by row; zone maps only decide what is not read.
struct ZoneFilter {
  enum class Op { kEq, kLt, kLe, kGt, kGe };
  int column = -1;  // table column index
  Op op = Op::kEq;
  Value constant;   // of the column's type
  // Whether a block with these min/max could hold a matching row.
  bool MayMatch(const Value& min, const Value& max) const;
};

// Scans one table's live rows at the transaction's snapshot, one task per slice (slice 0 only for
// DISTSTYLE ALL, which keeps one copy per node). Outputs the requested columns in the order given.
class PhysicalTableScan : public PhysicalOperator {
 public:
  PhysicalTableScan(std::shared_ptr<const TableDef> table, std::vector<int> columns, std::vector<ZoneFilter> filters);

  std::string Name() const override { return "Seq Scan"; }
  std::string Detail() const override;
  bool IsSource() const override { return true; }
  int SourceTasks(ExecContext& ctx) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;

  const TableDef& table() const { return *table_; }

 private:
  struct State;
  Status NextRange(ExecContext& ctx, State& st) const;

  std::shared_ptr<const TableDef> table_;
  std::vector<int> columns_;
  std::vector<ZoneFilter> filters_;
};

}  // namespace blueshift
