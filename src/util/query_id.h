#pragma once

#include <cstdint>

namespace blueshift {

// Query ids: STL_QUERY.query and every log keyed by it (STL_EXPLAIN, STL_SCAN, SVL_QUERY_SUMMARY,
// STL_LOAD_ERRORS, ...). Unique and increasing across the process, so logs of one query agree. Thread-safe.
int64_t NextQueryId();
// Makes every later id larger than `used` (ids read back from the query history after a restart).
void ReserveQueryIdsThrough(int64_t used);

}  // namespace blueshift
