#include "types/interval.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "types/datetime.h"

namespace blueshift {
namespace {

constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int kMonthBits = 32;

Status BadSyntax(std::string_view text) {
  return Status(ErrorCode::kInvalidDatetimeFormat,
                "invalid input syntax for type interval: \"" + std::string(text) + "\"");
}

Status OutOfRange() {
  return Status(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
}

// A unit word's size: months (for year/month units) or microseconds.
struct Unit {
  int64_t months = 0;
  int64_t micros = 0;
};

bool LookupUnit(std::string word, Unit* unit) {
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  struct Entry {
    const char* names[6];
    Unit unit;
  };
  static const Entry kUnits[] = {
      {{"microsecond", "microseconds", "us", "usec", "usecs", "microsecon"}, {0, 1}},
      {{"millisecond", "milliseconds", "ms", "msec", "msecs", "millisecon"}, {0, 1000}},
      {{"second", "seconds", "s", "sec", "secs", nullptr}, {0, kMicrosPerSecond}},
      {{"minute", "minutes", "m", "min", "mins", nullptr}, {0, kMicrosPerMinute}},
      {{"hour", "hours", "h", "hr", "hrs", nullptr}, {0, kMicrosPerHour}},
      {{"day", "days", "d", nullptr}, {0, kMicrosPerDay}},
      {{"week", "weeks", "w", nullptr}, {0, 7 * kMicrosPerDay}},
      {{"month", "months", "mon", "mons", nullptr}, {1, 0}},
      {{"quarter", "quarters", "qtr", "qtrs", nullptr}, {3, 0}},
      {{"year", "years", "y", "yr", "yrs", nullptr}, {12, 0}},
      {{"decade", "decades", "dec", "decs", nullptr}, {120, 0}},
      {{"century", "centuries", "c", "cent", nullptr}, {1200, 0}},
      {{"millennium", "millennia", "mil", "mils", "millenniums", nullptr}, {12000, 0}},
  };
  for (const Entry& e : kUnits) {
    for (const char* name : e.names) {
      if (name != nullptr && word == name) {
        *unit = e.unit;
        return true;
      }
    }
  }
  return false;
}

// Adds amount units to parts; fractions of a month spill into days of 30 (PostgreSQL's rule).
bool AddUnits(double amount, Unit unit, IntervalParts* parts) {
  if (unit.months != 0) {
    double months = amount * static_cast<double>(unit.months);
    double whole = std::trunc(months);
    if (std::fabs(whole) > static_cast<double>(kMaxIntervalMonths)) return false;
    parts->months += static_cast<int64_t>(whole);
    parts->micros += static_cast<int64_t>(std::llround((months - whole) * 30 * kMicrosPerDay));
    return true;
  }
  double micros = amount * static_cast<double>(unit.micros);
  if (std::fabs(micros) > 9.2e18) return false;
  parts->micros += static_cast<int64_t>(std::llround(micros));
  return true;
}

// "[-]h:m[:s[.f]]" or "m:s.f" (with a fraction, two fields are minutes and seconds, as in PostgreSQL).
bool ParseClock(std::string_view tok, int64_t* micros) {
  bool neg = !tok.empty() && (tok[0] == '-' || tok[0] == '+');
  bool minus = neg && tok[0] == '-';
  if (neg) tok.remove_prefix(1);
  std::vector<std::string> fields(1);
  for (char c : tok) {
    if (c == ':') {
      fields.emplace_back();
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      fields.back() += c;
    } else {
      return false;
    }
  }
  if (fields.size() < 2 || fields.size() > 3) return false;
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].empty()) return false;
    if (i + 1 < fields.size() && fields[i].find('.') != std::string::npos) return false;
  }
  double v[3] = {0, 0, 0};
  for (size_t i = 0; i < fields.size(); i++) v[i] = std::strtod(fields[i].c_str(), nullptr);
  double total;
  if (fields.size() == 2 && fields[1].find('.') != std::string::npos) {
    total = v[0] * 60 + v[1];
  } else {
    total = v[0] * 3600 + v[1] * 60 + v[2];
  }
  int64_t m = static_cast<int64_t>(std::llround(total * kMicrosPerSecond));
  *micros = minus ? -m : m;
  return true;
}

// "[-]y-m": SQL-standard years and months.
bool ParseYearMonth(std::string_view tok, int64_t* months) {
  bool minus = !tok.empty() && tok[0] == '-';
  if (!tok.empty() && (tok[0] == '-' || tok[0] == '+')) tok.remove_prefix(1);
  size_t dash = tok.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == tok.size()) return false;
  int64_t y = 0, m = 0;
  for (size_t i = 0; i < tok.size(); i++) {
    if (i == dash) continue;
    if (!std::isdigit(static_cast<unsigned char>(tok[i]))) return false;
    int64_t* f = i < dash ? &y : &m;
    *f = *f * 10 + (tok[i] - '0');
    if (*f > kMaxIntervalMonths) return false;
  }
  *months = (minus ? -1 : 1) * (y * 12 + m);
  return true;
}

// A number at the start of tok: its value and length (0 when there is none).
size_t ReadNumber(std::string_view tok, double* value) {
  size_t i = 0;
  if (i < tok.size() && (tok[i] == '-' || tok[i] == '+')) i++;
  size_t digits = 0;
  while (i < tok.size() && (std::isdigit(static_cast<unsigned char>(tok[i])) || tok[i] == '.')) {
    i++;
    digits++;
  }
  if (digits == 0) return 0;
  std::string s(tok.substr(0, i));
  char* end = nullptr;
  *value = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() ? i : 0;
}

// The unit a bare number has under a qualifier: the qualifier's last field.
Unit BareNumberUnit(IntervalFields fields) {
  switch (fields) {
    case IntervalFields::kYear:
      return {12, 0};
    case IntervalFields::kMonth:
    case IntervalFields::kYearToMonth:
      return {1, 0};
    case IntervalFields::kDay:
      return {0, kMicrosPerDay};
    case IntervalFields::kHour:
    case IntervalFields::kDayToHour:
      return {0, kMicrosPerHour};
    case IntervalFields::kMinute:
    case IntervalFields::kDayToMinute:
    case IntervalFields::kHourToMinute:
      return {0, kMicrosPerMinute};
    default:
      return {0, kMicrosPerSecond};
  }
}

std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',')) i++;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != ',') i++;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

// One token at tokens[*i] (and the unit word after a number): adds it to parts. False on bad syntax, and
// on a value past the type's range with *overflow set.
bool ParseTerm(const std::vector<std::string_view>& tokens, size_t* i, IntervalFields fields, IntervalParts* parts,
               bool* overflow) {
  auto add = [&](double amount, Unit unit) {
    if (AddUnits(amount, unit, parts)) return true;
    *overflow = true;
    return false;
  };
  std::string_view tok = tokens[*i];
  int64_t v = 0;
  if (tok.find(':') != std::string_view::npos) {
    if (!ParseClock(tok, &v)) return false;
    parts->micros += v;
    return true;
  }
  if (tok.find('-', 1) != std::string_view::npos) {
    if (!ParseYearMonth(tok, &v)) return false;
    parts->months += v;
    return true;
  }
  double amount = 0;
  size_t len = ReadNumber(tok, &amount);
  if (len == 0) return false;
  Unit unit;
  if (len < tok.size()) return LookupUnit(std::string(tok.substr(len)), &unit) && add(amount, unit);
  if (*i + 1 < tokens.size() && LookupUnit(std::string(tokens[*i + 1]), &unit)) {
    ++*i;
    return add(amount, unit);
  }
  // A number followed by a clock is days ("1 04:05:06"); alone it takes the qualifier's last field.
  if (*i + 1 < tokens.size() && tokens[*i + 1].find(':') != std::string_view::npos) {
    if (!ParseClock(tokens[++*i], &v)) return false;
    parts->micros += amount < 0 ? -v : v;
    return add(amount, {0, kMicrosPerDay});
  }
  return add(amount, BareNumberUnit(fields));
}

int64_t TruncateTo(int64_t v, int64_t unit) {
  return v - v % unit;
}

// The smallest unit a day-to-second qualifier keeps.
int64_t SmallestMicros(IntervalFields fields) {
  switch (fields) {
    case IntervalFields::kDay:
      return kMicrosPerDay;
    case IntervalFields::kHour:
    case IntervalFields::kDayToHour:
      return kMicrosPerHour;
    case IntervalFields::kMinute:
    case IntervalFields::kDayToMinute:
    case IntervalFields::kHourToMinute:
      return kMicrosPerMinute;
    default:
      return 1;
  }
}

int64_t RoundToPrecision(int64_t micros, int precision) {
  int64_t unit = 1;
  for (int p = precision; p < 6; p++) unit *= 10;
  if (unit == 1) return micros;
  int64_t half = unit / 2;
  return micros >= 0 ? (micros + half) / unit * unit : -((-micros + half) / unit * unit);
}

void AppendPart(std::string* out, int64_t value, const char* unit, bool* is_zero, bool* is_before) {
  if (value == 0) return;
  if (!*is_zero) *out += ' ';
  if (*is_before && value > 0) *out += '+';
  *out += std::to_string(value) + ' ' + unit + (value != 1 ? "s" : "");
  *is_before = value < 0;
  *is_zero = false;
}

}  // namespace

int128_t PackInterval(IntervalParts parts) {
  int128_t span = int128_t(parts.months) * kMicrosPerMonthSpan + parts.micros;
  return (span << kMonthBits) | int128_t(static_cast<uint32_t>(static_cast<int32_t>(parts.months)));
}

IntervalParts UnpackInterval(int128_t packed) {
  IntervalParts parts;
  parts.months = static_cast<int32_t>(static_cast<uint32_t>(packed & 0xFFFFFFFF));
  int128_t span = packed >> kMonthBits;
  parts.micros = static_cast<int64_t>(span - int128_t(parts.months) * kMicrosPerMonthSpan);
  return parts;
}

IntervalParts IntervalPartsOf(const LogicalType& type, int128_t raw) {
  switch (type.id()) {
    case TypeId::kIntervalYM:
      return {static_cast<int64_t>(raw), 0};
    case TypeId::kIntervalDS:
      return {0, static_cast<int64_t>(raw)};
    default:
      return UnpackInterval(raw);
  }
}

Result<int128_t> IntervalToType(const LogicalType& type, IntervalParts parts) {
  if (parts.months > kMaxIntervalMonths || parts.months < -kMaxIntervalMonths) return OutOfRange();
  IntervalFields fields = type.interval_fields();
  if (type.id() == TypeId::kIntervalYM) {
    if (parts.micros != 0)
      return Status(ErrorCode::kInvalidDatetimeFormat,
                    "Interval Year To Month literal cannot contain day-second parts.");
    return fields == IntervalFields::kYear ? TruncateTo(parts.months, 12) : parts.months;
  }
  int64_t micros = RoundToPrecision(parts.micros, type.interval_precision());
  micros = TruncateTo(micros, SmallestMicros(fields));
  if (type.id() == TypeId::kIntervalDS) {
    if (parts.months != 0)
      return Status(ErrorCode::kInvalidDatetimeFormat,
                    "Interval Day To Second literal cannot contain year-month parts.");
    return int128_t(micros);
  }
  return PackInterval({parts.months, micros});
}

std::optional<IntervalFields> ParseIntervalFields(std::string_view spelling) {
  for (int f = static_cast<int>(IntervalFields::kYear); f <= static_cast<int>(IntervalFields::kMinuteToSecond); f++) {
    if (spelling == IntervalFieldsName(static_cast<IntervalFields>(f))) return static_cast<IntervalFields>(f);
  }
  return std::nullopt;
}

std::string FormatInterval(IntervalParts parts) {
  std::string out;
  bool is_zero = true, is_before = false;
  AppendPart(&out, parts.months / 12, "year", &is_zero, &is_before);
  AppendPart(&out, parts.months % 12, "mon", &is_zero, &is_before);
  AppendPart(&out, parts.micros / kMicrosPerDay, "day", &is_zero, &is_before);
  int64_t t = parts.micros % kMicrosPerDay;
  if (!is_zero && t == 0) return out;
  bool minus = t < 0;
  if (minus) t = -t;
  if (!is_zero) out += ' ';
  out += minus ? "-" : (is_before ? "+" : "");
  out += FormatTime(t);
  return out;
}

Result<IntervalParts> ParseInterval(std::string_view text, IntervalFields fields) {
  std::vector<std::string_view> tokens = Tokens(text);
  bool ago = false;
  if (!tokens.empty() && tokens.front() == "@") tokens.erase(tokens.begin());
  if (!tokens.empty()) {
    std::string last(tokens.back());
    for (char& c : last) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (last == "ago") {
      ago = true;
      tokens.pop_back();
    }
  }
  if (tokens.empty()) return BadSyntax(text);
  IntervalParts parts;
  bool overflow = false;
  for (size_t i = 0; i < tokens.size(); i++) {
    if (!ParseTerm(tokens, &i, fields, &parts, &overflow)) return overflow ? OutOfRange() : BadSyntax(text);
  }
  if (parts.months > kMaxIntervalMonths || parts.months < -kMaxIntervalMonths) return OutOfRange();
  if (ago) parts = {-parts.months, -parts.micros};
  return parts;
}

bool IntervalDatePart(std::string_view part, IntervalParts p, double* out) {
  int64_t day_micros = p.micros % kMicrosPerDay;
  if (part == "year") {
    *out = static_cast<double>(p.months / 12);
  } else if (part == "month") {
    *out = static_cast<double>(p.months % 12);
  } else if (part == "day") {
    *out = static_cast<double>(p.micros / kMicrosPerDay);
  } else if (part == "hour") {
    *out = static_cast<double>(day_micros / kMicrosPerHour);
  } else if (part == "minute") {
    *out = static_cast<double>(day_micros % kMicrosPerHour / kMicrosPerMinute);
  } else if (part == "second") {
    *out = static_cast<double>(day_micros % kMicrosPerMinute) / kMicrosPerSecond;
  } else if (part == "millisecond") {
    *out = static_cast<double>(day_micros % kMicrosPerMinute) / 1000.0;
  } else if (part == "microsecond") {
    *out = static_cast<double>(day_micros % kMicrosPerMinute);
  } else if (part == "epoch") {
    // PostgreSQL counts a year as 365.25 days here and a month as 30.
    double years = static_cast<double>(p.months / 12), months = static_cast<double>(p.months % 12);
    *out = years * 365.25 * 86400 + months * 30 * 86400 + static_cast<double>(p.micros) / kMicrosPerSecond;
  } else {
    return false;
  }
  return true;
}

}  // namespace blueshift
