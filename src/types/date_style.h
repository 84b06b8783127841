#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "types/datetime.h"
#include "util/status.h"

namespace blueshift {

class TimeZone;

// The session's DateStyle (Redshift's datestyle setting, DG r_datestyle.md; PostgreSQL's semantics): how
// dates and timestamps are written as text, and the order in which an all-numeric date's fields are read.
// The default, 'ISO, MDY', writes ISO 8601 and reads '02/03/2020' as February 3.
struct DateStyle {
  enum class Output : uint8_t { kIso, kPostgres, kSql, kGerman };
  enum class Order : uint8_t { kMdy, kDmy, kYmd };
  Output output = Output::kIso;
  Order order = Order::kMdy;
  bool operator==(const DateStyle&) const = default;
};

// A SET datestyle value: a list of ISO, SQL, Postgres, German, MDY, DMY, YMD (also US, NonEuro[pean],
// Euro[pean], Default), any case, separated by commas. What the value does not name is kept from
// current, except that German alone also sets DMY (as PostgreSQL). Errors: 22023 invalid value for parameter
// "DateStyle", with a detail naming the bad or conflicting word.
Result<DateStyle> ParseDateStyle(std::string_view value, DateStyle current);
// SHOW datestyle's spelling: "ISO, MDY", "SQL, DMY", "Postgres, YMD", "German, DMY".
std::string DateStyleName(DateStyle style);

// The DateStyle the code on this thread sees: what result text and casts to text are written in and what
// ambiguous date input is read in. Ambient state as the session time zone (time_zone.h): the statement runner
// installs it for a statement and whoever hands the statement's work to other threads installs it there;
// 'ISO, MDY' where nobody did. COPY's DATEFORMAT/TIMEFORMAT 'auto' read in it too, as PostgreSQL's COPY does.
namespace internal {
extern constinit thread_local DateStyle t_session_date_style;
}  // namespace internal
// Inline: result text asks for it once per value.
inline DateStyle SessionDateStyle() {
  return internal::t_session_date_style;
}

// Installs a DateStyle on this thread for the scope's lifetime.
class ScopedDateStyle {
 public:
  explicit ScopedDateStyle(DateStyle style);
  ~ScopedDateStyle();
  ScopedDateStyle(const ScopedDateStyle&) = delete;
  ScopedDateStyle& operator=(const ScopedDateStyle&) = delete;

 private:
  DateStyle saved_;
};

// A DATE, TIMESTAMP or TIMESTAMPTZ as text in a style, as PostgreSQL writes them: ISO '2020-03-02
// 10:11:12.5', SQL '03/02/2020 10:11:12.5' (DMY: '02/03/2020 ...'), Postgres 'Mon Mar 02 10:11:12.5 2020'
// (DMY: 'Mon 02 Mar ...'; a date alone '03-02-2020' / '02-03-2020'), German '02.03.2020 10:11:12.5'; ' BC'
// last. A TIMESTAMPTZ is shown in zone: ISO appends the UTC offset ('-05'), the others the zone's
// abbreviation ('EST'). The ISO forms are FormatDate / FormatTimestamp / FormatTimestampTz's.
std::string FormatTimestampTzInStyle(int64_t utc_us, const TimeZone& zone, DateStyle style);

// The other styles; FormatDateInStyle and FormatTimestampInStyle are these or the ISO functions.
std::string FormatDateNonIso(int32_t days, DateStyle style);
std::string FormatTimestampNonIso(int64_t micros, DateStyle style);

// Inline so that ISO, the default, costs result text one compare per value over FormatDate/FormatTimestamp.
inline std::string FormatDateInStyle(int32_t days, DateStyle style) {
  return style.output == DateStyle::Output::kIso ? FormatDate(days) : FormatDateNonIso(days, style);
}
inline std::string FormatTimestampInStyle(int64_t micros, DateStyle style) {
  return style.output == DateStyle::Output::kIso ? FormatTimestamp(micros) : FormatTimestampNonIso(micros, style);
}

}  // namespace blueshift
