#pragma once

#include <memory>

#include "catalog/table_def.h"
#include "exec/physical_insert.h"
#include "exec/physical_operator.h"

namespace blueshift {

// UPDATE's writer. Its input is a row id (kRowIdColumn of a scan of the table) followed by the new value of
// every table column, already cast to the column types. Each row's old version is deleted and its new one
// inserted through PhysicalInsert's sink (NOT NULL checks, distribution, sorted segments). A row matched
// several times (UPDATE ... FROM) is updated once, with the first new version that arrives. The writes
// are held back until every input row was read, so the scan never meets the new versions, and join the
// transaction at Finalize.
class PhysicalUpdate : public PhysicalOperator {
 public:
  // single_match (MERGE): a row matched twice is an error (21000) instead.
  PhysicalUpdate(std::shared_ptr<const TableDef> table, PhysicalOperatorPtr child, bool single_match = false);
  std::string Name() const override { return "Update"; }
  std::string Detail() const override { return "of " + table_->schema + "." + table_->name; }
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;

  // After execution: rows updated.
  static uint64_t RowsUpdated(ExecContext& ctx, const PhysicalUpdate& op);

 private:
  std::shared_ptr<const TableDef> table_;
  std::unique_ptr<PhysicalInsert> insert_;  // used only as a sink, with its own child empty
  bool single_match_;
};

}  // namespace blueshift
