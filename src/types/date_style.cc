#include "types/date_style.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "types/datetime.h"
#include "types/time_zone.h"

namespace blueshift {

constinit thread_local DateStyle internal::t_session_date_style;

namespace {

Status BadDateStyle(std::string_view value, const std::string& detail) {
  return Status(ErrorCode::kInvalidParameterValue,
                "invalid value for parameter \"DateStyle\": \"" + std::string(value) + "\"")
      .WithDetail(detail);
}

// One word of a SET datestyle value: sets *output or *order (and counts it), or returns false.
bool ApplyDateStyleWord(const std::string& word, DateStyle* style, int* outputs, int* orders) {
  using Output = DateStyle::Output;
  using Order = DateStyle::Order;
  if (word == "iso" || word == "sql" || word == "postgres" || word == "german") {
    style->output = word == "iso"        ? Output::kIso
                    : word == "sql"      ? Output::kSql
                    : word == "postgres" ? Output::kPostgres
                                         : Output::kGerman;
    ++*outputs;
  } else if (word == "mdy" || word == "us" || word == "noneuro" || word == "noneuropean") {
    style->order = Order::kMdy;
    ++*orders;
  } else if (word == "dmy" || word == "euro" || word == "european") {
    style->order = Order::kDmy;
    ++*orders;
  } else if (word == "ymd") {
    style->order = Order::kYmd;
    ++*orders;
  } else if (word == "default") {
    *style = DateStyle{};
    ++*outputs, ++*orders;
  } else {
    return false;
  }
  return true;
}

const char* const kMonthAbbrev[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kDayAbbrev[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// The date part in a non-ISO style; *bc when the year is BC (written as PostgreSQL's 'YYYY BC', year 0 being
// 1 BC). A timestamp's Postgres style puts its time of day between the day and the year, so the caller
// inserts time there.
std::string StyledDate(int64_t days, DateStyle style, const std::string& time, bool* bc) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  *bc = y <= 0;
  if (*bc) y = 1 - y;
  const bool dmy = style.order == DateStyle::Order::kDmy;
  const long long year = static_cast<long long>(y);
  const unsigned first = dmy ? d : m, second = dmy ? m : d;
  const char* sep = time.empty() ? "" : " ";
  char buf[96];
  switch (style.output) {
    case DateStyle::Output::kSql:
      std::snprintf(buf, sizeof(buf), "%02u/%02u/%04lld%s%s", first, second, year, sep, time.c_str());
      break;
    case DateStyle::Output::kGerman:
      std::snprintf(buf, sizeof(buf), "%02u.%02u.%04lld%s%s", d, m, year, sep, time.c_str());
      break;
    case DateStyle::Output::kPostgres: {
      if (time.empty()) {
        std::snprintf(buf, sizeof(buf), "%02u-%02u-%04lld", first, second, year);
        break;
      }
      const int64_t dow = ((days + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
      if (dmy) {
        std::snprintf(buf, sizeof(buf), "%s %02u %s %s %04lld", kDayAbbrev[dow], d, kMonthAbbrev[m - 1], time.c_str(),
                      year);
      } else {
        std::snprintf(buf, sizeof(buf), "%s %s %02u %s %04lld", kDayAbbrev[dow], kMonthAbbrev[m - 1], d, time.c_str(),
                      year);
      }
      break;
    }
    case DateStyle::Output::kIso:
      std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u%s%s", year, m, d, sep, time.c_str());
      break;
  }
  return buf;
}

// A timestamp (wall-clock microseconds) in a non-ISO style, zone_suffix (' EST' or empty) before ' BC'.
std::string StyledTimestamp(int64_t micros, DateStyle style, const std::string& zone_suffix) {
  const int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0);  // floor
  bool bc;
  std::string s = StyledDate(days, style, FormatTime(micros - days * kMicrosPerDay), &bc) + zone_suffix;
  return bc ? s + " BC" : s;
}

}  // namespace

Result<DateStyle> ParseDateStyle(std::string_view value, DateStyle current) {
  DateStyle style = current;
  int outputs = 0, orders = 0;
  size_t start = 0;
  while (start <= value.size()) {  // a comma-separated list, blanks around each word
    size_t comma = std::min(value.find(',', start), value.size());
    std::string word;
    for (char ch : value.substr(start, comma - start))
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    start = comma + 1;
    word.erase(0, word.find_first_not_of(" \t\n"));
    word.erase(word.find_last_not_of(" \t\n") + 1);
    if (word.find_first_of(" \t\n") != std::string::npos) return BadDateStyle(value, "List syntax is invalid.");
    const int orders_before = orders;
    if (!ApplyDateStyleWord(word, &style, &outputs, &orders))
      return BadDateStyle(value, "Unrecognized key word: \"" + word + "\".");
    if (word == "german" && orders_before == 0) style.order = DateStyle::Order::kDmy;
  }
  if (outputs > 1 || orders > 1) return BadDateStyle(value, "Conflicting \"datestyle\" specifications.");
  return style;
}

std::string DateStyleName(DateStyle style) {
  static const char* const kOutputs[] = {"ISO", "Postgres", "SQL", "German"};
  static const char* const kOrders[] = {"MDY", "DMY", "YMD"};
  return std::string(kOutputs[static_cast<int>(style.output)]) + ", " + kOrders[static_cast<int>(style.order)];
}

ScopedDateStyle::ScopedDateStyle(DateStyle style) : saved_(internal::t_session_date_style) {
  internal::t_session_date_style = style;
}

ScopedDateStyle::~ScopedDateStyle() {
  internal::t_session_date_style = saved_;
}

std::string FormatDateNonIso(int32_t days, DateStyle style) {
  bool bc;
  std::string s = StyledDate(days, style, "", &bc);
  return bc ? s + " BC" : s;
}

std::string FormatTimestampNonIso(int64_t micros, DateStyle style) {
  return StyledTimestamp(micros, style, "");
}

std::string FormatTimestampTzInStyle(int64_t utc_us, const TimeZone& zone, DateStyle style) {
  if (style.output == DateStyle::Output::kIso) return FormatTimestampTz(utc_us, zone);
  const int64_t utc_seconds = utc_us / kMicrosPerSecond - (utc_us % kMicrosPerSecond < 0);
  return StyledTimestamp(zone.UtcToLocalMicros(utc_us), style, " " + zone.AbbreviationAtUtc(utc_seconds));
}

}  // namespace blueshift
