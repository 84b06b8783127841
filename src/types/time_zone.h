#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift {

// A time zone: the UTC offset in force at every instant. Built from the system's IANA database
// (/usr/share/zoneinfo, TZif files; times past the file's last transition follow its POSIX rule), from a
// POSIX-style specification ("EST5EDT", "UTC+3": hours *west* of UTC), from an ISO-8601 offset ("+05:30",
// "-8": hours east), or from a fixed-offset abbreviation ("PDT"). Immutable; shared between threads.
class TimeZone {
 public:
  // The zone a session, CONVERT_TIMEZONE or AT TIME ZONE names. Names match case-insensitively, as in
  // PostgreSQL. Loaded zones are cached for the life of the process.
  // Errors: 22023 "time zone \"x\" not recognized".
  static Result<std::shared_ptr<const TimeZone>> Find(std::string_view name);
  // UTC, always available.
  static std::shared_ptr<const TimeZone> Utc();

  const std::string& name() const { return name_; }

  // Seconds east of UTC in force at the UTC instant utc_seconds.
  int32_t OffsetAtUtc(int64_t utc_seconds) const;
  // The UTC instant of a local wall-clock time. In a gap (clocks jump forward) the offset before the jump
  // applies; in an overlap (clocks jump back) the offset after it, as PostgreSQL does.
  int64_t LocalToUtc(int64_t local_seconds) const;
  // The abbreviation in force at a UTC instant ("EST", "+0530"), for TO_CHAR's TZ.
  std::string AbbreviationAtUtc(int64_t utc_seconds) const;

  // Microsecond forms of the two conversions (what TIMESTAMPTZ stores is UTC microseconds).
  int64_t UtcToLocalMicros(int64_t utc_us) const;
  int64_t LocalToUtcMicros(int64_t local_us) const;

  // Daylight rule of a POSIX-style specification: the switch to daylight time and back, each a day rule
  // (Mm.w.d, Jn or n) and a local time of day.
  struct DayRule {
    char kind = 'M';  // 'M' month/week/weekday, 'J' Julian day 1..365 without Feb 29, 'N' zero-based day
    int month = 0, week = 0, weekday = 0, day = 0;
    int32_t time = 7200;  // seconds after local midnight
  };
  struct PosixRule {
    std::string std_abbr, dst_abbr;
    int32_t std_offset = 0;  // seconds east of UTC
    int32_t dst_offset = 0;
    bool has_dst = false;
    DayRule start, end;
  };

 private:
  struct LocalType {
    int32_t offset;
    std::string abbr;
  };

  static Result<std::shared_ptr<const TimeZone>> Load(std::string_view name);
  static std::shared_ptr<TimeZone> Fixed(std::string name, int32_t offset, std::string abbr);
  bool ParseTzif(std::string_view data);
  // The local type index in force at utc_seconds, or -1 when the POSIX rule applies.
  const LocalType& TypeAt(int64_t utc_seconds, LocalType* scratch) const;

  std::string name_;
  std::vector<int64_t> transitions_;      // UTC seconds, ascending
  std::vector<uint8_t> transition_type_;  // index into types_ per transition
  std::vector<LocalType> types_;          // types_[0] applies before the first transition
  bool has_rule_ = false;
  PosixRule rule_;
};

// TIMESTAMPTZ text: the local time in zone followed by its UTC offset ("2008-01-25 14:30:05+00",
// "... -05", "... +05:30"), as PostgreSQL prints it.
std::string FormatTimestampTz(int64_t utc_us, const TimeZone& zone);
// TIMESTAMPTZ input: a timestamp with an optional offset or zone name; without one it is local time in
// `zone`. Errors: 22007 bad syntax, 22023 unknown zone name.
Result<int64_t> ParseTimestampTz(std::string_view text, const TimeZone& zone);

// The session's TimeZone setting, as the code on this thread sees it: what TIMESTAMPTZ values are shown
// in and what text without an offset is read in. Like PostgreSQL's session GUC it is ambient state: the
// statement runner installs it for a statement, and whoever hands the statement's work to other threads
// installs it there (ScopedSessionTimeZone); UTC where nobody did (COPY reads zone-less text as UTC).
const TimeZone& SessionTimeZone();
std::shared_ptr<const TimeZone> SessionTimeZonePtr();

// Installs a session time zone on this thread for the scope's lifetime.
class ScopedSessionTimeZone {
 public:
  explicit ScopedSessionTimeZone(std::shared_ptr<const TimeZone> zone);
  ~ScopedSessionTimeZone();
  ScopedSessionTimeZone(const ScopedSessionTimeZone&) = delete;
  ScopedSessionTimeZone& operator=(const ScopedSessionTimeZone&) = delete;

 private:
  std::shared_ptr<const TimeZone> saved_;
};

}  // namespace blueshift
