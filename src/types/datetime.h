#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace blueshift {

// Dates are days since 1970-01-01 (proleptic Gregorian); timestamps are microseconds since
// 1970-01-01 00:00:00. Year 0 is 1 BC, as in PostgreSQL's output ("0001-01-01 BC").
constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);
bool IsValidCivil(int64_t year, unsigned month, unsigned day);

std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t micros);

// The forms of r_Date_and_time_literals.html, as DateStyle MDY reads them (the session's DateStyle order
// decides, date_style.h; DMY reads 'DD/MM/YY[YY]', YMD 'YY/MM/DD'): 'YYYY-MM-DD' (also / or .
// between fields), 'MM/DD/YY[YY]', a month's name or abbreviation among day and year ('January 8, 1999',
// '2000-Jan-31', '31-Jan-2000'), 'YYYYMMDD', 'YYMMDD', 'YYYY.DDD'; optional ' BC'. Two-digit years are
// 2000-2069 for 00-69 and 1970-1999 for 70-99. Also 'epoch', 'now', 'today', 'tomorrow', 'yesterday' (in
// the session's time zone, from the transaction's start; see ScopedTransactionStart). Errors: 22007 invalid input
// syntax, 22008 out of range.
Result<int32_t> ParseDate(std::string_view text);
// A date, optionally followed by ' ' or 'T' and a time of day (as ParseTime reads it); a trailing zone ('Z',
// +00, 'EST', 'America/New_York') is accepted and ignored (timestamps without time zone drop it, as
// PostgreSQL does).
Result<int64_t> ParseTimestamp(std::string_view text);
// A date with an optional time of day, as wall-clock microseconds; *zone receives what follows the time
// (an offset such as "+05:30" or a zone name, trimmed; empty when nothing does), for TIMESTAMPTZ input.
// type names the type in syntax errors.
Result<int64_t> ParseTimestampAndZone(std::string_view text, std::string_view* zone, const char* type);

// What 'now', 'today', 'tomorrow' and 'yesterday' in date/time input count from, on this thread: the
// statement's transaction start (UTC microseconds), which Redshift's 'now' is. The binder installs it for the
// statement it binds; where none is installed (0) they count from the current time.
class ScopedTransactionStart {
 public:
  // A utc_us of 0 leaves what is installed.
  explicit ScopedTransactionStart(int64_t utc_us);
  ~ScopedTransactionStart();
  ScopedTransactionStart(const ScopedTransactionStart&) = delete;
  ScopedTransactionStart& operator=(const ScopedTransactionStart&) = delete;

  // What is installed on this thread (0: none), for handing to the threads a statement runs tasks on.
  static int64_t Current();

 private:
  int64_t saved_;
};

// TIME: HH:MI[:SS[.ffffff]] or HHMMSS, optional AM/PM, as microseconds since midnight (24:00:00 allowed);
// *zone as above.
Result<int64_t> ParseTime(std::string_view text, std::string_view* zone);
// "HH:MI:SS[.ffffff]" (trailing zeros of the fraction dropped). REQUIRES: 0 <= micros <= one day.
std::string FormatTime(int64_t micros);

}  // namespace blueshift
