#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace blueshift {

class TimeZone;

// TIMETZ (TIME WITH TIME ZONE) in 8 bytes: a time of day (microseconds since midnight, 0 .. 24:00:00) and
// the UTC offset it was given in (seconds east, at most 15:59:59 either way). The int64 is packed so that
// integer order is SQL order (docs/format/block.md): first by the UTC-normalised time (time - offset, which
// runs from -16 h to +40 h), then, for equal UTC times, the value with the smaller offset east sorts
// later (PostgreSQL's timetz_cmp). Equality is equality of both parts, as in PostgreSQL.
struct TimeTz {
  int64_t micros = 0;  // local time of day
  int32_t offset = 0;  // seconds east of UTC
};

constexpr int32_t kMaxTimeTzOffset = 15 * 3600 + 59 * 60 + 59;

int64_t PackTimeTz(TimeTz t);
TimeTz UnpackTimeTz(int64_t packed);
// The UTC time of day of a value, normalised into 0 .. 24h (what EXTRACT and casts to TIME use with UTC).
int64_t TimeTzUtcMicros(TimeTz t);

// "04:05:06+00", "04:05:06.5-08", "10:00:00+05:30".
std::string FormatTimeTz(int64_t packed);
// Text input: a time of day, then an optional offset (+hh[:mm[:ss]], -hhmm) or zone name ("PST",
// "America/New_York"); without one, the offset `zone` has now (PostgreSQL uses the current date too).
// Errors: 22007 bad syntax, 22008 out of range, 22023 unknown zone.
Result<int64_t> ParseTimeTz(std::string_view text, const TimeZone& zone);
// The offset `zone` has now: what a time of day without a date is read in (TIME -> TIMETZ, text without an
// offset), as PostgreSQL uses the current date.
int32_t OffsetNow(const TimeZone& zone);
// A TIMETZ for a UTC instant seen in `zone` (TIMESTAMPTZ -> TIMETZ).
int64_t TimeTzFromUtc(int64_t utc_micros, const TimeZone& zone);

}  // namespace blueshift
