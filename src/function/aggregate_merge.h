#pragma once

#include "function/aggregate_function.h"

namespace blueshift {

// The aggregate that finishes one computed in parts (eager aggregation below a join): it folds the parts'
// results — values of partial.return_type, NULL where a part had no rows — into what `partial` gives over all
// the rows, with the same return type. COUNT and COUNT(*): the sum of the counts, a NULL part counting 0;
// SUM, MIN and MAX: themselves. Errors (42883) for any other aggregate.
Result<AggregateFunction> ResolveMergeAggregate(const AggregateFunction& partial);

}  // namespace blueshift
