#pragma once

#include <cstdint>
#include <vector>

#include "plan/explain_printer.h"

namespace blueshift {

// Adds an EXPLAIN's nodes to STL_EXPLAIN (thread-safe; the oldest rows go beyond 10,000).
void RecordExplain(int32_t userid, int64_t query, const std::vector<ExplainNode>& nodes);
// Registers pg_catalog.stl_explain (oid 14200); once per process, before sessions run.
void RegisterExplainSystemTables();

}  // namespace blueshift
