#pragma once

#include <string>
#include <vector>

#include "exec/exec_context.h"
#include "exec/query_profile.h"
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

// A join of an analyzed plan: its redistribution (DS_* label) and the rows its inputs produced.
struct ExplainJoin {
  const void* plan_node = nullptr;  // the logical join (PhysicalOperator::plan_node)
  std::string label;
  uint64_t outer_rows = 0;
  uint64_t inner_rows = 0;
};

struct ExplainResult {
  std::vector<std::string> lines;  // the QUERY PLAN rows
  std::vector<ExplainNode> nodes;
  std::vector<ExplainJoin> joins;  // with options.analyze: every join
};

struct ExplainOptions {
  bool verbose = false;  // EXPLAIN VERBOSE: the node dump first
  // EXPLAIN ANALYZE: each node's line ends with what its operators did in `profile` (the plan's execution):
  // (actual rows=R time=T ms, slices=S[, pre-filter rows=P, blocks read=B skipped=K][, memory=M kB]), or
  // (never executed). rows: rows the node output, over all slices; time: the node's own time (its inputs'
  // excluded) on its slowest slice; pre-filter rows and blocks: a table scan's rows read before its filter
  // (deleted rows included) and the column blocks it decoded and skipped by zone maps; memory: the state
  // its operators held (hash tables, sort runs), all slices together.
  bool analyze = false;
  bool timing = true;  // with analyze: show times
  const QueryProfile* profile = nullptr;
};

// Prints an optimized logical plan the way Redshift's EXPLAIN does: a tree of `XN` nodes, each with
// `(cost=startup..total rows=N width=W)`, children under `->`, detail lines (Filter:, Hash Cond:, Sort Key:)
// below their node. Row counts come from CardinalityEstimator; joins carry the DS_* redistribution label
// chosen from their inputs' distribution (num_slices sizes a broadcast). txn may be null (no statistics).
// options.verbose (EXPLAIN VERBOSE) first dumps every node's fields ({HASHJOIN :startup_cost ... :lefttree {...}}),
// then a blank line, then the plan.
ExplainResult ExplainPlan(const LogicalOperator& plan, TransactionContext* txn, int num_slices,
                          const ExplainOptions& options);

}  // namespace blueshift
