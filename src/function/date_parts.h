#pragma once

// Date parts as Redshift names them (with its abbreviations), and calendar arithmetic on timestamps in
// microseconds. Internal to src/function.

#include <cstdint>
#include <string_view>

#include "util/status.h"

namespace blueshift::date_parts {

enum class DatePart {
  kMillennium,
  kCentury,
  kDecade,
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kDow,
  kDoy,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kEpoch,
};

// "yr" -> kYear ... Error 22023: timestamp units "xyz" not recognized.
Result<DatePart> ParseDatePart(std::string_view name);

// A timestamp split into civil fields.
struct Civil {
  int64_t year;
  unsigned month, day;
  int64_t days;         // since 1970-01-01
  int64_t time_of_day;  // microseconds in [0, kMicrosPerDay)
};
Civil Split(int64_t micros);

// The value date_part/extract returns.
double Extract(DatePart part, int64_t micros);
// date_trunc: the start of the part's period containing micros (weeks start on Monday).
Result<int64_t> Truncate(DatePart part, int64_t micros);
// dateadd: months clamp to the target month's length (Apr 30 + 1 month = May 30... May 31 -> Jun 30).
// 22008 "timestamp out of range" past InTimestampRange.
Result<int64_t> Add(DatePart part, int64_t n, int64_t micros);
// Timestamps run from 4713 BC, as Redshift's, to the end of 294246 AD (Redshift's end 30 years later, in
// microseconds since 1970 past 2^63): arithmetic that leaves the range fails instead of wrapping.
bool InTimestampRange(int64_t micros);
// datediff: the number of part boundaries crossed going from a to b.
Result<int64_t> Diff(DatePart part, int64_t a, int64_t b);
// add_months: like Add for months, but the last day of a month maps to the last day of the target month.
int64_t AddMonthsKeepEnd(int64_t micros, int64_t months);
// The last day of micros's month, as days since 1970.
int32_t LastDay(int64_t micros);

}  // namespace blueshift::date_parts
