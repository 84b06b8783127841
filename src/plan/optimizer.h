#pragma once

#include "plan/logical_operator.h"

namespace blueshift {

// Rewrites a bound logical plan: pushes WHERE conjuncts down through inner joins to the side they read (and
// join conditions out of cross joins), turns `column op constant` conjuncts on a table into zone-map
// filters for its scan, orders inner joins by estimated cardinality (plan/join_order.h; txn gives the
// table statistics, may be null), and prunes the columns every scan reads to those the plan uses.
LogicalOperatorPtr Optimize(LogicalOperatorPtr plan, TransactionContext* txn = nullptr);

// Splits nested ANDs into conjuncts.
void SplitConjuncts(ExprPtr expr, std::vector<ExprPtr>* out);

}  // namespace blueshift
