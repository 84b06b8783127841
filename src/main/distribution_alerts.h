#pragma once

#include <cstdint>

#include "exec/exec_context.h"
#include "exec/query_profile.h"
#include "plan/logical_operator.h"

namespace blueshift {

// STL_ALERT_EVENT_LOG's distribution alerts (main/alert_system_tables.cc), as Redshift's "Reviewing query
// alerts" has them: a join whose redistribution, as EXPLAIN labels it, moved more than this many rows over
// the network (DS_BCAST_INNER copies the inner side to every slice: its rows times the slice count;
// DS_DIST_BOTH redistributes both sides: their rows), and any DS_DIST_ALL_INNER join (the whole inner side
// goes to one slice, which runs the join alone).
inline constexpr uint64_t kDistributedRowsForAlert = 1000000;

// After `plan` ran with `profile` (sealed): marks the build steps of the joins that raise those alerts
// (QueryProfile::NoteDistribution). Labels the joins only when some step of the profile produced enough
// rows for the first two, or the plan joins a DISTSTYLE ALL table, so that other queries pay nothing.
void NoteDistribution(const LogicalOperator& plan, TransactionContext* txn, int num_slices, QueryProfile* profile);

}  // namespace blueshift
