#pragma once

#include "exec/expression.h"
#include "exec/physical_filter.h"
#include "exec/physical_operator.h"

namespace blueshift {

// Expand turns each input row into one output row per projection list (GROUPING SETS: one per grouping set,
// with the columns outside the set NULL and the set's number as a key). Every projection list has the
// same types; output rows are the input columns followed by the list's values.
class PhysicalExpand : public PhysicalOperator {
 public:
  // REQUIRES: projections non-empty, each list with the same types; expressions read the input by position.
  PhysicalExpand(std::vector<LogicalType> input_types, std::vector<std::vector<ExprPtr>> projections);
  std::string Name() const override { return "Expand"; }
  std::string Detail() const override;
  Result<std::unique_ptr<OperatorState>> InitOperator(ExecContext& ctx) const override;
  Status Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state, OperatorResult* result) const override;

 private:
  struct ExpandState;
  // One projection per list: the input columns passed through, then the list.
  std::vector<std::unique_ptr<PhysicalProjection>> projections_;
};

}  // namespace blueshift
