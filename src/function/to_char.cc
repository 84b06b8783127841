// TO_CHAR(timestamp|date, format) with PostgreSQL's template patterns: YYYY YYY YY Y, MM, MONTH Month month,
// MON Mon mon, DD, DDD, D, DAY Day day, DY Dy dy, HH HH12 HH24, MI, SS, MS, US, AM PM am pm A.M. P.M., Q, IW,
// WW, W, CC, J, ISO IYYY IYY IY I ID IDDD, Y,YYY, RM rm, BC AD B.C. A.D. (any case), TZ tz OF, "quoted text"
// and the FM prefix (no padding). TO_CHAR(number, format) supports 9 0 . , D G
// S MI PL SG $ L FM (to_char_number.cc).

#include <cstdio>

#include "function/date_parts.h"
#include "function/string_kernels.h"
#include "types/datetime.h"
#include "types/time_zone.h"
#include "types/utc_offset.h"

namespace blueshift::scalar_internal {

// to_char(number, format) (to_char_number.cc).
Result<BoundScalarFunction> ResolveToCharNumber(const std::string& name, const std::vector<LogicalType>& args,
                                                const std::vector<Value>& constants);

namespace {

using date_parts::Civil;
using date_parts::DatePart;

const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                               "July",    "August",   "September", "October", "November", "December"};
const char* const kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::string Cased(std::string_view word, int casing, size_t len) {
  std::string s(word.substr(0, len));
  for (size_t i = 0; i < s.size(); i++) {
    auto c = static_cast<unsigned char>(s[i]);
    if (casing == 2 || (casing == 1 && i == 0)) s[i] = static_cast<char>(std::toupper(c));
    if (casing == 0 || (casing == 1 && i > 0)) s[i] = static_cast<char>(std::tolower(c));
  }
  return s;
}

void Number(std::string* out, int64_t v, int width, bool fill) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), fill ? "%0*lld" : "%*lld", fill ? width : 0, static_cast<long long>(v));
  out->append(buf);
}

// Casing of a word pattern from its first two letters: 2 = UPPER, 1 = Capitalized, 0 = lower.
int CasingOf(std::string_view f) {
  if (std::islower(static_cast<unsigned char>(f[0]))) return 0;
  return f.size() > 1 && std::islower(static_cast<unsigned char>(f[1])) ? 1 : 2;
}

bool StartsWithNoCase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); i++) {
    if (std::toupper(static_cast<unsigned char>(s[i])) != p[i]) return false;
  }
  return true;
}

// What a TIMESTAMPTZ source adds: its zone, for TZ and OF (a TIMESTAMP prints "" and "+00", as PostgreSQL).
struct ZoneContext {
  const TimeZone* zone = nullptr;
};

const char* const kRomanMonths[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};

// ISO 8601 week-numbering: Monday is day 1; the year is that of the week's Thursday.
struct IsoDate {
  int64_t year;
  int64_t day_of_week;  // 1..7
  int64_t day_of_year;  // 1..371
};

IsoDate IsoOf(const Civil& c, int64_t dow) {
  IsoDate iso;
  iso.day_of_week = dow == 0 ? 7 : dow;
  const int64_t thursday = c.days - (iso.day_of_week - 1) + 3;
  int64_t y;
  unsigned m, d;
  CivilFromDays(thursday, &y, &m, &d);
  iso.year = y > 0 ? y : 1 - y;
  // Monday of week 1: the Monday on or before January 4th of the ISO year.
  const int64_t jan4 = DaysFromCivil(y, 1, 4);
  const int64_t jan4_dow = ((jan4 + 4) % 7 + 7) % 7;  // 0 = Sunday
  const int64_t week1 = jan4 - ((jan4_dow + 6) % 7);
  iso.day_of_year = c.days - week1 + 1;
  return iso;
}

// Era and zone patterns: BC AD B.C. A.D. (their case as written), TZ tz, OF. 0 when none is at f's front.
size_t FormatEraOrZone(std::string_view f, const Civil& c, int64_t micros, const ZoneContext& zc, std::string* out) {
  const bool lower = std::islower(static_cast<unsigned char>(f[0])) != 0;
  const bool bc = c.year <= 0;
  for (std::string_view p : {"B.C.", "A.D.", "BC", "AD"}) {
    if (!StartsWithNoCase(f, p)) continue;
    std::string s = p.size() == 4 ? (bc ? "B.C." : "A.D.") : (bc ? "BC" : "AD");
    out->append(lower ? Cased(s, 0, 9) : s);
    return p.size();
  }
  if (StartsWithNoCase(f, "TZ")) {
    if (zc.zone) {
      std::string abbr = zc.zone->AbbreviationAtUtc(zc.zone->LocalToUtcMicros(micros) / kMicrosPerSecond);
      out->append(lower ? Cased(abbr, 0, abbr.size()) : abbr);
    }
    return 2;
  }
  if (f.substr(0, 2) == "OF") {
    int32_t offset = 0;
    if (zc.zone) offset = zc.zone->OffsetAtUtc(zc.zone->LocalToUtcMicros(micros) / kMicrosPerSecond);
    out->append(FormatUtcOffset(offset));
    return 2;
  }
  return 0;
}

// Formats one pattern at the front of f; returns the number of format bytes consumed (0: not a pattern).
size_t FormatPattern(std::string_view f, const Civil& c, int64_t micros, bool fm, const ZoneContext& zc,
                     std::string* out) {
  if (size_t used = FormatEraOrZone(f, c, micros, zc, out)) return used;
  int64_t hour = c.time_of_day / (3600 * kMicrosPerSecond);
  int64_t dow = static_cast<int64_t>(date_parts::Extract(DatePart::kDow, micros));
  int64_t year = c.year > 0 ? c.year : 1 - c.year;
  bool pad = !fm;
  struct Word {
    const char* pat;
    const char* word;
    size_t len;
  };
  const Word words[] = {
      {"MONTH", kMonths[c.month - 1], 99},
      {"MON", kMonths[c.month - 1], 3},
      {"DAY", kDays[dow], 99},
      {"DY", kDays[dow], 3},
  };
  for (const Word& w : words) {
    std::string_view p = w.pat;
    if (!StartsWithNoCase(f, p)) continue;
    std::string s = Cased(w.word, CasingOf(f), w.len);
    if (pad && w.len == 99) s.resize(9, ' ');
    out->append(s);
    return p.size();
  }
  if (StartsWithNoCase(f, "RM")) {
    std::string rm = Cased(kRomanMonths[c.month - 1], f[0] == 'r' ? 0 : 2, 4);
    if (pad) rm.resize(4, ' ');
    out->append(rm);
    return 2;
  }
  if (StartsWithNoCase(f, "Y,YYY")) {
    Number(out, year / 1000, 1, false);
    out->push_back(',');
    Number(out, year % 1000, 3, true);
    return 5;
  }
  bool pm = hour >= 12;
  for (std::string_view p : {"A.M.", "P.M.", "AM", "PM"}) {
    if (!StartsWithNoCase(f, p)) continue;
    std::string s = p.size() == 4 ? (pm ? "P.M." : "A.M.") : (pm ? "PM" : "AM");
    out->append(std::islower(static_cast<unsigned char>(f[0])) ? Cased(s, 0, 9) : s);
    return p.size();
  }
  struct Num {
    const char* pat;
    int64_t value;
    int width;
  };
  const IsoDate iso = IsoOf(c, dow);
  const Num nums[] = {
      {"IDDD", iso.day_of_year, 3},
      {"ID", iso.day_of_week, 1},
      {"IW", static_cast<int64_t>(date_parts::Extract(DatePart::kWeek, micros)), 2},
      {"IYYY", iso.year, 4},
      {"IYY", iso.year % 1000, 3},
      {"IY", iso.year % 100, 2},
      {"I", iso.year % 10, 1},
      {"YYYY", year, 4},
      {"YYY", year % 1000, 3},
      {"YY", year % 100, 2},
      {"HH24", hour, 2},
      {"HH12", hour % 12 == 0 ? 12 : hour % 12, 2},
      {"HH", hour % 12 == 0 ? 12 : hour % 12, 2},
      {"MI", c.time_of_day / (60 * kMicrosPerSecond) % 60, 2},
      {"SS", c.time_of_day / kMicrosPerSecond % 60, 2},
      {"MS", c.time_of_day / 1000 % 1000, 3},
      {"US", c.time_of_day % kMicrosPerSecond, 6},
      {"DDD", static_cast<int64_t>(date_parts::Extract(DatePart::kDoy, micros)), 3},
      {"DD", c.day, 2},
      {"MM", c.month, 2},
      {"WW", (static_cast<int64_t>(date_parts::Extract(DatePart::kDoy, micros)) - 1) / 7 + 1, 2},
      {"CC", static_cast<int64_t>(date_parts::Extract(DatePart::kCentury, micros)), 2},
      {"J", c.days + 2440588, 1},
      {"Q", (c.month - 1) / 3 + 1, 1},
      {"W", (c.day - 1) / 7 + 1, 1},
      {"D", dow + 1, 1},
      {"Y", year % 10, 1},
  };
  for (const Num& n : nums) {
    std::string_view p = n.pat;
    if (StartsWithNoCase(f, p)) {
      Number(out, n.value, n.width, pad);
      return p.size();
    }
  }
  return 0;
}

void FormatTimestampWith(std::string_view f, int64_t micros, const ZoneContext& zc, std::string* out) {
  Civil c = date_parts::Split(micros);
  while (!f.empty()) {
    bool fm = StartsWithNoCase(f, "FM");
    std::string_view rest = fm ? f.substr(2) : f;
    if (size_t used = FormatPattern(rest, c, micros, fm, zc, out)) {
      f = rest.substr(used);
    } else if (f[0] == '"') {
      size_t end = f.find('"', 1);
      out->append(f.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
      f = end == std::string_view::npos ? std::string_view() : f.substr(end + 1);
    } else if (f[0] == '\\' && f.size() > 1) {
      out->push_back(f[1]);
      f.remove_prefix(2);
    } else {
      out->push_back(f[0]);
      f.remove_prefix(1);
    }
  }
}

// data: a bool, true when the source was a TIMESTAMPTZ (cast to the session's local time before the call).
Status ToCharTimestamp(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  ZoneContext zc;
  if (*static_cast<const bool*>(data)) zc.zone = &SessionTimeZone();
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    FormatTimestampWith(StrAt(args[1], i), args[0]->data<int64_t>()[i], zc, buf);
    return std::string_view(*buf);
  });
}

Result<BoundScalarFunction> ResolveToChar(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>& constants) {
  if (args.size() != 2 || !(args[1].IsString() || args[1].id() == TypeId::kNull)) return NoSuchFunction(name, args);
  if (args[0].IsNumeric()) return ResolveToCharNumber(name, args, constants);
  if (!args[0].IsTemporal() && args[0].id() != TypeId::kNull) return NoSuchFunction(name, args);
  auto with_zone = std::make_shared<bool>(args[0].id() == TypeId::kTimestampTz);
  return MakeBound(name, {LogicalType::Timestamp(), LogicalType::Varchar()},
                   LogicalType::Varchar(LogicalType::kMaxVarcharLength), ToCharTimestamp, with_zone);
}

}  // namespace

std::vector<ScalarEntry> ToCharFunctions() {
  return {{"to_char", ResolveToChar}};
}

}  // namespace blueshift::scalar_internal
