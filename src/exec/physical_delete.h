#pragma once

#include <memory>
#include <vector>

#include "catalog/table_def.h"
#include "exec/physical_operator.h"

namespace blueshift {

// DELETE's writer: its input is one BIGINT column of row ids (kRowIdColumn of a scan of the table). Marks
// those rows deleted by the transaction; a row named several times (DELETE ... USING matching it more than
// once) is deleted and counted once. The deletes join the transaction at Finalize, after every row was
// found, and become visible to others at commit.
class PhysicalDelete : public PhysicalOperator {
 public:
  // single_match (MERGE): a row named twice is an error (21000) instead.
  PhysicalDelete(std::shared_ptr<const TableDef> table, PhysicalOperatorPtr child, bool single_match = false);
  std::string Name() const override { return "Delete"; }
  std::string Detail() const override { return "from " + table_->schema + "." + table_->name; }
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;

  // After execution: rows deleted.
  static uint64_t RowsDeleted(ExecContext& ctx, const PhysicalDelete& op);

 private:
  std::shared_ptr<const TableDef> table_;
  bool single_match_;
};

// MERGE's error for a target row that several source rows match.
Status MultipleMatchesError();

// Sorts and deduplicates row ids, then records them as deletes of `table` in txn, one call per segment.
// Returns how many distinct rows that is.
uint64_t AddRowIdDeletes(TransactionContext* txn, Oid table, std::vector<int64_t>* row_ids);

}  // namespace blueshift
