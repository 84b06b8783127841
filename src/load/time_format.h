#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift::load {

// TimeFormat reads a DATE or TIMESTAMP field as COPY's DATEFORMAT/TIMEFORMAT says: 'auto' (ISO and the
// common US forms), 'epochsecs', 'epochmillisecs', or a pattern of YYYY YY MM MON DD HH24 HH12 HH MI SS
// [.fraction] AM/PM and literal characters ("YYYY-MM-DD HH:MI:SS", "MM/DD/YYYY HH:MI:SS"). A space in a
// pattern also matches 'T'; numbers may have fewer digits than the pattern when a separator follows.
// Immutable after Compile; Parse* allocate nothing.
class TimeFormat {
 public:
  // Errors: 22023 for an unknown pattern element.
  static Result<TimeFormat> Compile(const std::string& spec);

  // Days since 1970-01-01; false when the text does not match or names no valid date.
  bool ParseDate(std::string_view text, int32_t* days) const;
  // Microseconds since 1970-01-01 00:00:00; false when the text does not match.
  bool ParseTimestamp(std::string_view text, int64_t* micros) const;

  const std::string& spec() const { return spec_; }

 private:
  enum class Kind { kPattern, kAuto, kEpochSecs, kEpochMillis };
  enum class Tok : uint8_t {
    kLiteral,
    kSpace,
    kYear4,
    kYear2,
    kMonth,
    kMonthName,
    kDay,
    kHour24,
    kHour12,
    kMinute,
    kSecond,
    kMeridiem
  };
  struct Element {
    Tok tok;
    char literal = 0;
  };
  struct Parts {
    int64_t year = 1970;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
    int meridiem = 0;  // 0 none, 1 AM, 2 PM
  };
  bool Match(std::string_view text, Parts* p) const;
  bool ParseEpoch(std::string_view text, int64_t* micros) const;

  Kind kind_ = Kind::kPattern;
  std::vector<Element> elements_;
  std::string spec_;
};

}  // namespace blueshift::load
