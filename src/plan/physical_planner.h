#pragma once

#include "exec/physical_operator.h"
#include "plan/logical_operator.h"

namespace blueshift {

// Turns an optimized logical plan into physical operators: column bindings become input positions, a join's
// `left = right` conjuncts become hash keys (the rest its residual), sorts on expressions get a projection
// beneath them.
Result<PhysicalOperatorPtr> CreatePhysicalPlan(const LogicalOperator& op);

}  // namespace blueshift
