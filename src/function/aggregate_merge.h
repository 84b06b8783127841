#pragma once

#include "function/aggregate_function.h"

namespace blueshift {

// The aggregate that finishes one computed in parts (eager aggregation below a join): it folds the parts'
// results — values of partial.return_type, NULL where a part had no rows — into what `partial` gives over all
// the rows, with the same return type. COUNT and COUNT(*): the sum of the counts, a NULL part counting 0;
// SUM, MIN and MAX: themselves. Errors (42883) for any other aggregate.
Result<AggregateFunction> ResolveMergeAggregate(const AggregateFunction& partial);

// An aggregate computed in parts of more than one value: `parts` run over the aggregate's own arguments,
// `merge` over the parts' results (in that order) gives what the aggregate gives over all the rows, with its
// return type. AVG: SUM (exact to 38 digits, or DOUBLE) and COUNT of the values, merged into AVG's state and
// finished as AVG is. Any aggregate ResolveMergeAggregate finishes: itself as its one part. Errors (42883)
// for the others.
struct AggregateParts {
  std::vector<AggregateFunction> parts;
  AggregateFunction merge;
};
Result<AggregateParts> ResolveAggregateParts(const AggregateFunction& aggregate);

}  // namespace blueshift
