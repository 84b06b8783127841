#include "main/distribution_alerts.h"

#include <algorithm>

#include "plan/explain_printer.h"

namespace blueshift {
namespace {

// Finds what DS_DIST_ALL_INNER needs: a join and a DISTSTYLE ALL table (an outer side on every slice).
void FindJoinOfAll(const LogicalOperator& op, bool* join, bool* all) {
  *join |= op.kind == LogicalKind::kJoin;
  *all |= op.kind == LogicalKind::kGet && op.table && op.table->Placement() == DistStyle::kAll;
  for (const auto& child : op.children) FindJoinOfAll(*child, join, all);
}

}  // namespace

void NoteDistribution(const LogicalOperator& plan, TransactionContext* txn, int num_slices, QueryProfile* profile) {
  // A broadcast moves inner rows times the slices, a redistribution of both sides their sum: either way one
  // step produced at least this many.
  const uint64_t slices = static_cast<uint64_t>(std::max(num_slices, 2));
  uint64_t most = 0;
  for (const auto& step : profile->steps()) most = std::max(most, QueryProfile::Summarize(*step).rows);
  if (most * slices <= kDistributedRowsForAlert) {
    bool join = false, all = false;
    FindJoinOfAll(plan, &join, &all);
    if (!join || !all) return;
  }
  ExplainOptions options;
  options.analyze = true;
  options.profile = profile;
  for (const ExplainJoin& join : ExplainPlan(plan, txn, num_slices, options).joins) {
    if (join.label == "DS_DIST_ALL_INNER") {
      profile->NoteDistribution(join.plan_node, join.label, join.inner_rows);
      continue;
    }
    uint64_t moved = 0;
    if (join.label == "DS_BCAST_INNER") moved = join.inner_rows * static_cast<uint64_t>(std::max(num_slices, 1));
    if (join.label == "DS_DIST_BOTH") moved = join.outer_rows + join.inner_rows;
    if (moved > kDistributedRowsForAlert) profile->NoteDistribution(join.plan_node, join.label, moved);
  }
}

}  // namespace blueshift
