#include "function/date_parts.h"

#include <cctype>
#include <string>

#include "types/datetime.h"

namespace blueshift::date_parts {
namespace {

constexpr int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  for (unsigned d = 31; d > 28; d--) {
    if (IsValidCivil(year, month, d)) return d;
  }
  return 28;
}

int64_t Join(int64_t year, unsigned month, unsigned day, int64_t time_of_day) {
  return DaysFromCivil(year, month, day) * kMicrosPerDay + time_of_day;
}

// Monday-based week number since the epoch (1970-01-05 was a Monday).
int64_t WeekIndex(int64_t days) {
  return FloorDiv(days - 4, 7);
}

int IsoWeek(const Civil& c) {
  // The ISO week's Thursday decides its year.
  int64_t dow = FloorDiv(c.days - 4, 7) * 7 + 4;  // Monday of this week... + 3 = Thursday
  int64_t thursday = dow + 3;
  int64_t y;
  unsigned m, d;
  CivilFromDays(thursday, &y, &m, &d);
  int64_t jan1 = DaysFromCivil(y, 1, 1);
  return static_cast<int>((thursday - jan1) / 7 + 1);
}

}  // namespace

Result<DatePart> ParseDatePart(std::string_view raw) {
  std::string name;
  for (char c : raw) {
    if (c != ' ' && c != '\'' && c != '"') name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static const std::pair<const char*, DatePart> kNames[] = {
      {"millennium", DatePart::kMillennium},
      {"millennia", DatePart::kMillennium},
      {"mil", DatePart::kMillennium},
      {"mils", DatePart::kMillennium},
      {"century", DatePart::kCentury},
      {"centuries", DatePart::kCentury},
      {"c", DatePart::kCentury},
      {"cent", DatePart::kCentury},
      {"cents", DatePart::kCentury},
      {"decade", DatePart::kDecade},
      {"decades", DatePart::kDecade},
      {"year", DatePart::kYear},
      {"years", DatePart::kYear},
      {"y", DatePart::kYear},
      {"yr", DatePart::kYear},
      {"yrs", DatePart::kYear},
      {"yyyy", DatePart::kYear},
      {"quarter", DatePart::kQuarter},
      {"quarters", DatePart::kQuarter},
      {"qtr", DatePart::kQuarter},
      {"qtrs", DatePart::kQuarter},
      {"month", DatePart::kMonth},
      {"months", DatePart::kMonth},
      {"mon", DatePart::kMonth},
      {"mons", DatePart::kMonth},
      {"week", DatePart::kWeek},
      {"weeks", DatePart::kWeek},
      {"w", DatePart::kWeek},
      {"day", DatePart::kDay},
      {"days", DatePart::kDay},
      {"d", DatePart::kDay},
      {"dayofweek", DatePart::kDow},
      {"dow", DatePart::kDow},
      {"dw", DatePart::kDow},
      {"weekday", DatePart::kDow},
      {"dayofyear", DatePart::kDoy},
      {"doy", DatePart::kDoy},
      {"dy", DatePart::kDoy},
      {"yearday", DatePart::kDoy},
      {"hour", DatePart::kHour},
      {"hours", DatePart::kHour},
      {"h", DatePart::kHour},
      {"hr", DatePart::kHour},
      {"hrs", DatePart::kHour},
      {"minute", DatePart::kMinute},
      {"minutes", DatePart::kMinute},
      {"m", DatePart::kMinute},
      {"min", DatePart::kMinute},
      {"mins", DatePart::kMinute},
      {"second", DatePart::kSecond},
      {"seconds", DatePart::kSecond},
      {"s", DatePart::kSecond},
      {"sec", DatePart::kSecond},
      {"secs", DatePart::kSecond},
      {"millisecond", DatePart::kMillisecond},
      {"milliseconds", DatePart::kMillisecond},
      {"ms", DatePart::kMillisecond},
      {"msec", DatePart::kMillisecond},
      {"msecs", DatePart::kMillisecond},
      {"msecond", DatePart::kMillisecond},
      {"mseconds", DatePart::kMillisecond},
      {"millisec", DatePart::kMillisecond},
      {"millisecs", DatePart::kMillisecond},
      {"millisecon", DatePart::kMillisecond},
      {"microsecond", DatePart::kMicrosecond},
      {"microseconds", DatePart::kMicrosecond},
      {"microsec", DatePart::kMicrosecond},
      {"microsecs", DatePart::kMicrosecond},
      {"usecond", DatePart::kMicrosecond},
      {"useconds", DatePart::kMicrosecond},
      {"us", DatePart::kMicrosecond},
      {"usec", DatePart::kMicrosecond},
      {"usecs", DatePart::kMicrosecond},
      {"epoch", DatePart::kEpoch},
  };
  for (const auto& [n, p] : kNames) {
    if (name == n) return p;
  }
  return Status(ErrorCode::kInvalidParameterValue, "timestamp units \"" + std::string(raw) + "\" not recognized");
}

Civil Split(int64_t micros) {
  Civil c;
  c.days = FloorDiv(micros, kMicrosPerDay);
  c.time_of_day = micros - c.days * kMicrosPerDay;
  CivilFromDays(c.days, &c.year, &c.month, &c.day);
  return c;
}

double Extract(DatePart part, int64_t micros) {
  Civil c = Split(micros);
  int64_t sec_us = c.time_of_day % kMicrosPerMinute;
  switch (part) {
    case DatePart::kMillennium:
      return c.year > 0 ? (c.year + 999) / 1000 : -((999 - c.year) / 1000);
    case DatePart::kCentury:
      return c.year > 0 ? (c.year + 99) / 100 : -((99 - c.year) / 100);
    case DatePart::kDecade:
      return static_cast<double>(FloorDiv(c.year, 10));
    case DatePart::kYear:
      return static_cast<double>(c.year > 0 ? c.year : c.year - 1);
    case DatePart::kQuarter:
      return (c.month - 1) / 3 + 1;
    case DatePart::kMonth:
      return c.month;
    case DatePart::kWeek:
      return IsoWeek(c);
    case DatePart::kDay:
      return c.day;
    case DatePart::kDow:
      return static_cast<double>(FloorDiv(c.days + 4, 7) * -7 + c.days + 4);
    case DatePart::kDoy:
      return static_cast<double>(c.days - DaysFromCivil(c.year, 1, 1) + 1);
    case DatePart::kHour:
      return static_cast<double>(c.time_of_day / kMicrosPerHour);
    case DatePart::kMinute:
      return static_cast<double>(c.time_of_day % kMicrosPerHour / kMicrosPerMinute);
    case DatePart::kSecond:
      return static_cast<double>(sec_us) / kMicrosPerSecond;
    case DatePart::kMillisecond:
      return static_cast<double>(sec_us) / 1000.0;
    case DatePart::kMicrosecond:
      return static_cast<double>(sec_us);
    case DatePart::kEpoch:
      return static_cast<double>(micros) / kMicrosPerSecond;
  }
  return 0;
}

Result<int64_t> Truncate(DatePart part, int64_t micros) {
  Civil c = Split(micros);
  int64_t day_start = c.days * kMicrosPerDay;
  switch (part) {
    case DatePart::kMillennium:
      return Join(FloorDiv(c.year - 1, 1000) * 1000 + 1, 1, 1, 0);
    case DatePart::kCentury:
      return Join(FloorDiv(c.year - 1, 100) * 100 + 1, 1, 1, 0);
    case DatePart::kDecade:
      return Join(FloorDiv(c.year, 10) * 10, 1, 1, 0);
    case DatePart::kYear:
      return Join(c.year, 1, 1, 0);
    case DatePart::kQuarter:
      return Join(c.year, (c.month - 1) / 3 * 3 + 1, 1, 0);
    case DatePart::kMonth:
      return Join(c.year, c.month, 1, 0);
    case DatePart::kWeek:
      return (WeekIndex(c.days) * 7 + 4) * kMicrosPerDay;
    case DatePart::kDay:
      return day_start;
    case DatePart::kHour:
      return day_start + c.time_of_day / kMicrosPerHour * kMicrosPerHour;
    case DatePart::kMinute:
      return day_start + c.time_of_day / kMicrosPerMinute * kMicrosPerMinute;
    case DatePart::kSecond:
      return day_start + c.time_of_day / kMicrosPerSecond * kMicrosPerSecond;
    case DatePart::kMillisecond:
      return day_start + c.time_of_day / 1000 * 1000;
    case DatePart::kMicrosecond:
      return micros;
    default:
      return Status(ErrorCode::kInvalidParameterValue, "timestamp units not supported by date_trunc");
  }
}

namespace {

int64_t AddMonths(int64_t micros, int64_t months, bool keep_end) {
  Civil c = Split(micros);
  int64_t total = c.year * 12 + (c.month - 1) + months;
  int64_t year = FloorDiv(total, 12);
  unsigned month = static_cast<unsigned>(total - year * 12 + 1);
  unsigned last = DaysInMonth(year, month);
  unsigned day = c.day > last ? last : c.day;
  if (keep_end && c.day == DaysInMonth(c.year, c.month)) day = last;
  return Join(year, month, day, c.time_of_day);
}

Status AddOverflow() {
  return Status(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
}

Result<int64_t> AddFixed(int64_t micros, int64_t n, int64_t unit) {
  int64_t delta, r;
  if (__builtin_mul_overflow(n, unit, &delta) || __builtin_add_overflow(micros, delta, &r)) return AddOverflow();
  return r;
}

Result<int64_t> AddInRange(DatePart part, int64_t n, int64_t micros) {
  if (n > 1000000000 || n < -1000000000) {
    if (part != DatePart::kMicrosecond && part != DatePart::kMillisecond && part != DatePart::kSecond) {
      return AddOverflow();
    }
  }
  auto months = [&](int64_t per_unit) -> Result<int64_t> {
    // Past the range's last year, Join's microseconds would overflow before Add's check sees them.
    const Civil c = Split(micros);
    const int64_t year = FloorDiv(c.year * 12 + (c.month - 1) + n * per_unit, 12);
    if (year > 294246 || year < -4712) return AddOverflow();
    return AddMonths(micros, n * per_unit, false);
  };
  switch (part) {
    case DatePart::kMillennium:
      return months(12000);
    case DatePart::kCentury:
      return months(1200);
    case DatePart::kDecade:
      return months(120);
    case DatePart::kYear:
      return months(12);
    case DatePart::kQuarter:
      return months(3);
    case DatePart::kMonth:
      return months(1);
    case DatePart::kWeek:
      return AddFixed(micros, n, 7 * kMicrosPerDay);
    case DatePart::kDay:
    case DatePart::kDow:
    case DatePart::kDoy:
      return AddFixed(micros, n, kMicrosPerDay);
    case DatePart::kHour:
      return AddFixed(micros, n, kMicrosPerHour);
    case DatePart::kMinute:
      return AddFixed(micros, n, kMicrosPerMinute);
    case DatePart::kSecond:
    case DatePart::kEpoch:
      return AddFixed(micros, n, kMicrosPerSecond);
    case DatePart::kMillisecond:
      return AddFixed(micros, n, 1000);
    case DatePart::kMicrosecond:
      return AddFixed(micros, n, 1);
  }
  return micros;
}

}  // namespace

int64_t AddMonthsKeepEnd(int64_t micros, int64_t months) {
  return AddMonths(micros, months, true);
}

bool InTimestampRange(int64_t micros) {
  static const int64_t kMin = DaysFromCivil(-4712, 1, 1) * kMicrosPerDay;
  static const int64_t kMax = DaysFromCivil(294247, 1, 1) * kMicrosPerDay - 1;
  return micros >= kMin && micros <= kMax;
}

Result<int64_t> Add(DatePart part, int64_t n, int64_t micros) {
  ASSIGN_OR_RETURN(int64_t r, AddInRange(part, n, micros));
  if (!InTimestampRange(r)) return AddOverflow();
  return r;
}

Result<int64_t> Diff(DatePart part, int64_t a, int64_t b) {
  Civil x = Split(a), y = Split(b);
  switch (part) {
    case DatePart::kMillennium:
      return FloorDiv(y.year - 1, 1000) - FloorDiv(x.year - 1, 1000);
    case DatePart::kCentury:
      return FloorDiv(y.year - 1, 100) - FloorDiv(x.year - 1, 100);
    case DatePart::kDecade:
      return FloorDiv(y.year, 10) - FloorDiv(x.year, 10);
    case DatePart::kYear:
      return y.year - x.year;
    case DatePart::kQuarter:
      return (y.year * 4 + (y.month - 1) / 3) - (x.year * 4 + (x.month - 1) / 3);
    case DatePart::kMonth:
      return (y.year * 12 + y.month) - (x.year * 12 + x.month);
    case DatePart::kWeek:
      return WeekIndex(y.days) - WeekIndex(x.days);
    case DatePart::kDay:
    case DatePart::kDow:
    case DatePart::kDoy:
      return y.days - x.days;
    case DatePart::kHour:
      return FloorDiv(b, kMicrosPerHour) - FloorDiv(a, kMicrosPerHour);
    case DatePart::kMinute:
      return FloorDiv(b, kMicrosPerMinute) - FloorDiv(a, kMicrosPerMinute);
    case DatePart::kSecond:
    case DatePart::kEpoch:
      return FloorDiv(b, kMicrosPerSecond) - FloorDiv(a, kMicrosPerSecond);
    case DatePart::kMillisecond:
      return FloorDiv(b, 1000) - FloorDiv(a, 1000);
    case DatePart::kMicrosecond:
      return b - a;
  }
  return 0;
}

int32_t LastDay(int64_t micros) {
  Civil c = Split(micros);
  return static_cast<int32_t>(DaysFromCivil(c.year, c.month, DaysInMonth(c.year, c.month)));
}

}  // namespace blueshift::date_parts
