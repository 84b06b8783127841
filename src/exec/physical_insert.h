#pragma once

#include <atomic>

#include "catalog/table_def.h"
#include "exec/physical_operator.h"

namespace blueshift {

// Which rows of an IDENTITY column get the generator's next values in an insert: every row (the statement
// gave the column no value), or, with `flag`, the rows whose flag is TRUE (a BOOLEAN input column after the
// table's: a multi-row VALUES where some rows give the column a value and others DEFAULT). The other rows,
// and every row of an IDENTITY column no IdentityFill names, keep the value the statement gave: NULL is a
// NOT NULL violation (Redshift: "Default identity columns are NOT NULL").
struct IdentityFill {
  int column = -1;  // the table column
  int flag = -1;    // the input column of the flags; -1: every row
};

// Writes its input (one column per table column, already cast to the column types, then the IdentityFill
// flag columns) into the table: fills the IDENTITY columns `generated` names, checks NOT NULL, routes each row to its
// slice by the table's distribution (KEY: hash of the distkey; EVEN: round robin; ALL: the node's one copy on slice 0;
// AUTO: EVEN until docs/design/distribution.md's rule lands), and writes a sorted segment per slice. The segments join
// the transaction's changes and become visible at commit.
class PhysicalInsert : public PhysicalOperator {
 public:
  // Without `statistics` (COPY ... STATUPDATE OFF) the segments carry no sketches (Store::WriteSegment).
  PhysicalInsert(std::shared_ptr<const TableDef> table, PhysicalOperatorPtr child,
                 std::vector<IdentityFill> generated = {}, bool statistics = true);
  std::string Name() const override { return "Insert"; }
  std::string Detail() const override { return "into " + table_->schema + "." + table_->name; }
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  // Sink of the statement's only input batch, which the insert may keep (INSERT ... VALUES sinks its rows
  // once): a single row that has the table's column types becomes its slice's buffer as it is, not copied
  // into a new batch.
  Status SinkOnly(ExecContext& ctx, Batch&& in, GlobalSinkState& global, LocalSinkState& local) const;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;

  // After execution: rows inserted.
  static uint64_t RowsInserted(ExecContext& ctx, const PhysicalInsert& op);

  // Rows buffered per slice before a segment is written.
  static constexpr size_t kRowsPerSegment = 1 << 20;
  // A statement's last write to a slice of at most this many rows goes to the write store (memory and the
  // write-ahead log) instead of a segment file of its own.
  static constexpr size_t kWriteStoreRows = 4096;

 private:
  struct Local;
  Status CheckNotNull(const Batch& in) const;
  Status FillIdentity(ExecContext& ctx, Batch& in) const;
  Status SinkBatch(ExecContext& ctx, Batch& in, bool take, GlobalSinkState& global, LocalSinkState& local) const;
  bool HasColumnTypes(const Batch& in) const;
  Status Flush(ExecContext& ctx, Local& l, uint32_t slice, bool last) const;
  std::shared_ptr<const TableDef> table_;
  std::vector<IdentityFill> generated_;
  bool statistics_ = true;
};

// The slice a value of a KEY-distributed table's distkey goes to. Part of the on-disk contract.
uint32_t SliceForKey(const Vector& key, size_t row, int num_slices);

}  // namespace blueshift
