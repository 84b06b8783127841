#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace blueshift {

// An ISO-8601 UTC offset in datetime input: [+-]hh, [+-]hhmm, [+-]hh:mm[:ss], hours east of UTC, at most
// 15:59:59 either way. REQUIRES: z starts with '+' or '-'. False when it is not such an offset.
bool ParseIsoOffset(std::string_view z, int32_t* seconds_east);

// An offset as PostgreSQL prints one after a time: "+00", "-08", "+05:30", "+05:30:15".
std::string FormatUtcOffset(int32_t seconds_east);

}  // namespace blueshift
