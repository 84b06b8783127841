#pragma once

#include "exec/physical_operator.h"
#include "plan/logical_operator.h"

namespace blueshift {

// Turns an optimized logical plan into physical operators: column bindings become input positions, a join's
// `left = right` conjuncts become hash keys (the rest its residual), sorts on expressions get a projection
// beneath them.
Result<PhysicalOperatorPtr> CreatePhysicalPlan(const LogicalOperator& op);

// Whether `e` is an equality a hash join can use as a key: `=` between operands that hash alike. Strings of
// one type hash alike whatever their declared lengths (VARCHAR(12) = VARCHAR(16)); without that, a join on
// them fell back to a nested loop, where NOT IN's NULL rule is not applied.
bool IsHashableEquality(const Expr& e);

}  // namespace blueshift
