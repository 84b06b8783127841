#pragma once

#include <cstdint>

#include "exec/physical_operator.h"

namespace blueshift {

struct SortKey {
  int column = 0;  // position in the input
  bool descending = false;
  bool nulls_first = false;  // SQL default: NULLS LAST for ASC, NULLS FIRST for DESC
};

// ORDER BY: every slice collects its rows, the rows are merged and sorted once all have arrived, then
// emitted in order by one task. Under a LIMIT (SetLimit) only the first rows are wanted: each slice keeps
// its best `limit` rows so far (compacting what it holds once it has twice that many, and from then on
// dropping on arrival every row that does not sort before the last one kept), and the merge stops there.
class PhysicalSort : public PhysicalOperator {
 public:
  PhysicalSort(PhysicalOperatorPtr child, std::vector<SortKey> keys);
  std::string Name() const override { return "Sort"; }
  std::string Detail() const override;
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  Result<std::unique_ptr<GlobalSinkState>> InitGlobalSink(ExecContext& ctx) const override;
  Result<std::unique_ptr<LocalSinkState>> InitLocalSink(ExecContext& ctx, GlobalSinkState& global) const override;
  Status Sink(ExecContext& ctx, Batch& in, GlobalSinkState& global, LocalSinkState& local,
              bool* finished) const override;
  Status Combine(ExecContext& ctx, GlobalSinkState& global, LocalSinkState& local) const override;
  Status Finalize(ExecContext& ctx, GlobalSinkState& global) const override;
  Result<std::unique_ptr<SourceState>> InitSource(ExecContext& ctx, int task) const override;
  Status GetData(ExecContext& ctx, SourceState& state, Batch* out) const override;
  size_t LocalSinkBytes(const LocalSinkState& local) const override;
  bool SinkSpilled(const GlobalSinkState& global) const override;
  size_t GlobalSinkBytes(const GlobalSinkState& global) const override;
  StepInfo DescribeStep(StepRole role, int worktable) const override;

  // Only the first `rows` rows of the order are read (LIMIT + OFFSET above this sort).
  void SetLimit(size_t rows) { limit_ = rows; }

  struct Local;  // a slice's rows (physical_sort.cc)

 private:
  // Keeps only the first limit_ rows of l's batches (in one batch) and remembers the last as the bound.
  void Compact(Local& l) const;

  std::vector<SortKey> keys_;
  size_t limit_ = SIZE_MAX;
};

// Compares row ra of a with row rb of b on one column (same type): <0, 0, >0; NULLs compare equal to each
// other and are placed by the caller.
int CompareCells(const Vector& a, size_t ra, const Vector& b, size_t rb);
// The same with the column's physical type and whether it is CHAR (compared without trailing blanks) known.
int CompareCellsAs(PhysicalType type, bool trim_blanks, const Vector& a, size_t ra, const Vector& b, size_t rb);

// <0, 0, >0 as x is below, equal to or above y.
template <typename T>
int ThreeWay(const T& x, const T& y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}
// A CHAR value as it compares: without its trailing blanks.
std::string_view TrimCharBlanks(std::string_view s);

}  // namespace blueshift
