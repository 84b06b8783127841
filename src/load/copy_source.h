#pragma once

#include <memory>

#include "exec/physical_operator.h"
#include "load/copy_job.h"

namespace blueshift::load {

struct CopyTask;

// PhysicalCopySource is COPY's source: it produces batches of the table's column types from the job's
// input splits, one task per slice pulling splits from a shared queue, so parsing is parallel from the first
// byte. Plan it under PhysicalInsert (or PhysicalDiscard for NOLOAD). Rejected rows go to the load error
// log; more than MAXERROR of them fail the statement.
class PhysicalCopySource : public PhysicalOperator {
 public:
  explicit PhysicalCopySource(std::shared_ptr<const CopyJob> job);
  std::string Name() const override { return "Copy"; }
  std::string Detail() const override;
  bool IsSource() const override { return true; }
  int SourceTasks(ExecContext& ctx) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;

 private:
  Result<bool> StartWork(CopyTask& task) const;
  void FinishWork(CopyTask& task, const InputSplit& split) const;

  std::shared_ptr<const CopyJob> job_;
};

// Reads the footers of Parquet files and plans one split per row group. Fails when a file's column count
// differs from the number of columns loaded (COPY maps Parquet columns by position).
Result<std::vector<InputSplit>> PlanParquetSplits(ObjectStore& store, const std::vector<ObjectInfo>& files,
                                                  size_t columns);
// Builds job->parquet_converters from the first file's schema. REQUIRES: job->Prepare() done, splits planned.
Status PrepareParquet(CopyJob* job);

// A sink that counts rows and keeps none (COPY ... NOLOAD).
class PhysicalDiscard : public PhysicalOperator {
 public:
  explicit PhysicalDiscard(PhysicalOperatorPtr child);
  std::string Name() const override { return "Discard"; }
  bool IsSink() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  static uint64_t Rows(ExecContext& ctx, const PhysicalDiscard& op);
};

}  // namespace blueshift::load
