#pragma once

#include "exec/exec_context.h"
#include "plan/logical_operator.h"

namespace blueshift {

// Reorders every tree of plain inner joins (after predicate pushdown) greedily: of all pairs of inputs
// that some condition connects, it joins the pair with the smallest estimated result first (a cross
// product only when nothing is connected), and puts the smaller input of each join on the build side
// (children[1]). Estimates come from CardinalityEstimator (txn may be null). Join trees whose column order
// is visible (the plan's root, an INSERT's or UNION's input) keep their order.
LogicalOperatorPtr ReorderJoins(LogicalOperatorPtr plan, TransactionContext* txn);

}  // namespace blueshift
