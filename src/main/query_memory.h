#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace blueshift {

// The per-query memory limit (README, "Configuration"): like a Redshift WLM queue, every query gets one
// slot's working memory, query_working_mem (the server's --query-memory, by default an eighth of the
// machine's memory; a session may SET it), times the session's wlm_query_slot_count (1 to 50). Joins,
// aggregations and sorts beyond it spill to disk; state that cannot spill fails the query with 53200.

// The default query_working_mem in MB: an eighth of physical memory, at least 64.
uint64_t DefaultQueryWorkingMemMb();

// query_working_mem's value in bytes: an integer number of MB, or a number with a unit kB, MB or GB
// ("512kB", "2GB"); at least 64kB. 22023 otherwise.
Result<uint64_t> ParseQueryWorkingMem(const std::string& value);

// wlm_query_slot_count: an integer 1..50; 22023 otherwise.
Result<int> ParseWlmQuerySlotCount(const std::string& value);

}  // namespace blueshift
