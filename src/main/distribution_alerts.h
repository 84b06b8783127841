#pragma once

#include <cstdint>

#include "exec/exec_context.h"
#include "exec/query_profile.h"
#include "plan/logical_operator.h"

namespace blueshift {

// STL_ALERT_EVENT_LOG's distribution alerts (main/alert_system_tables.cc): a join whose redistribution, as
// EXPLAIN labels it, moved more than this many rows over the network, as Redshift's "Reviewing query alerts"
// counts them: DS_BCAST_INNER copies the inner side to every slice (its rows times the slice count),
// DS_DIST_BOTH redistributes both sides (their rows).
inline constexpr uint64_t kDistributedRowsForAlert = 1000000;

// After `plan` ran with `profile` (sealed): marks the build steps of its joins that moved more than
// kDistributedRowsForAlert rows (QueryProfile::NoteDistribution). Labels the joins only when some step of
// the profile produced enough rows for that, so that small queries pay nothing.
void NoteDistribution(const LogicalOperator& plan, TransactionContext* txn, int num_slices, QueryProfile* profile);

}  // namespace blueshift
