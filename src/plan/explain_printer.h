#pragma once

#include <string>
#include <vector>

#include "exec/exec_context.h"
#include "plan/logical_operator.h"

namespace blueshift {

// One node of a printed plan, as STL_EXPLAIN records it: ids count from 1 in print order, the root's
// parent is 0; plannode is the node's line without indentation and info its detail lines joined by "; ".
struct ExplainNode {
  int nodeid = 0;
  int parentid = 0;
  std::string plannode;
  std::string info;
};

struct ExplainResult {
  std::vector<std::string> lines;  // the QUERY PLAN rows
  std::vector<ExplainNode> nodes;
};

// Prints an optimized logical plan the way Redshift's EXPLAIN does: a tree of `XN` nodes, each with
// `(cost=startup..total rows=N width=W)`, children under `->`, detail lines (Filter:, Hash Cond:, Sort Key:)
// below their node. Row counts come from CardinalityEstimator; joins carry the DS_* redistribution label
// chosen from their inputs' distribution (num_slices sizes a broadcast). txn may be null (no statistics).
// verbose (EXPLAIN VERBOSE) first dumps every node's fields ({HASHJOIN :startup_cost ... :lefttree {...}}),
// then a blank line, then the plan.
ExplainResult ExplainPlan(const LogicalOperator& plan, TransactionContext* txn, int num_slices, bool verbose);

}  // namespace blueshift
