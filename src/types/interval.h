#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/logical_type.h"
#include "util/status.h"

namespace blueshift {

// Interval values. INTERVAL YEAR TO MONTH holds months (int64), INTERVAL DAY TO SECOND microseconds
// (int64; a day is always 24 hours), and the unqualified INTERVAL of expressions both, packed in an int128
// so that integer order is the order PostgreSQL gives intervals: by total span with a month counted as 30
// days (docs/format/block.md). An interval's parts: months, and microseconds (days folded in).
struct IntervalParts {
  int64_t months = 0;
  int64_t micros = 0;
};

constexpr int64_t kMicrosPerMonthSpan = 30 * 86400LL * 1000000LL;  // a month in comparisons, as PostgreSQL
constexpr int64_t kMaxIntervalMonths = 2147483647;                 // PostgreSQL's int32 month field

int128_t PackInterval(IntervalParts parts);
IntervalParts UnpackInterval(int128_t packed);

// The parts of a value of any interval type: the int64 of YM/DS types, the int128 of kInterval.
IntervalParts IntervalPartsOf(const LogicalType& type, int128_t raw);
// The raw value of `type` for parts, after the type's qualifier cut the smaller fields and its precision
// rounded the seconds. Errors: 22008 interval out of range; 22007 when parts hold fields the type cannot
// (months for DAY TO SECOND and the reverse), worded as Redshift words composite literals.
Result<int128_t> IntervalToType(const LogicalType& type, IntervalParts parts);

// A qualifier's fields from its lower-case spelling ("day to second"); nullopt for a combination SQL does
// not have ("month to day").
std::optional<IntervalFields> ParseIntervalFields(std::string_view spelling);

// PostgreSQL's "postgres" interval style, Redshift's default: "1 year 2 mons 3 days 04:05:06.5",
// "-1 days +02:00:00", "00:00:00".
std::string FormatInterval(IntervalParts parts);

// Interval text: unit phrases ("1 year 2 months", "3 days 4 hours ago", "10d"), times ("04:05:06.5",
// "1 04:05"), SQL-standard year-month ("1-2"), and a bare number, whose unit the qualifier's last field
// gives (seconds without one). Errors: 22007 invalid input syntax for type interval, 22008 out of range.
Result<IntervalParts> ParseInterval(std::string_view text, IntervalFields fields);

// EXTRACT/DATE_PART of an interval: year, month, day, hour, minute, second (with fraction), millisecond,
// microsecond, epoch (seconds, a month counted as 30 days), as PostgreSQL computes them. False when the part
// does not apply to intervals.
bool IntervalDatePart(std::string_view part, IntervalParts parts, double* out);

}  // namespace blueshift
