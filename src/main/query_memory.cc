#include "main/query_memory.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace blueshift {

namespace {
Status Invalid(const std::string& name, const std::string& value, const std::string& expected) {
  return Status(ErrorCode::kInvalidParameterValue,
                "invalid value for parameter \"" + name + "\": \"" + value + "\" (" + expected + ")");
}
}  // namespace

uint64_t DefaultQueryWorkingMemMb() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return 1024;
  uint64_t mb = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) / 8 / (1 << 20);
  return std::max<uint64_t>(mb, 64);
}

Result<uint64_t> ParseQueryWorkingMem(const std::string& value) {
  const char* kExpected = "a size in MB, or with a unit kB, MB or GB, at least 64kB";
  std::string v;
  for (char c : value) {
    if (c != ' ') v.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end == v.data()) return Invalid("query_working_mem", value, kExpected);
  std::string unit(end, static_cast<size_t>(v.data() + v.size() - end));
  uint64_t scale = 0;
  if (unit.empty() || unit == "mb") scale = 1 << 20;
  if (unit == "kb") scale = 1 << 10;
  if (unit == "gb") scale = 1 << 30;
  if (scale == 0 || n > (uint64_t{1} << 50) / scale || n * scale < (64 << 10))
    return Invalid("query_working_mem", value, kExpected);
  return n * scale;
}

Result<int> ParseWlmQuerySlotCount(const std::string& value) {
  int n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 50)
    return Invalid("wlm_query_slot_count", value, "an integer from 1 to 50");
  return n;
}

}  // namespace blueshift
