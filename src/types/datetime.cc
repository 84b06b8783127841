#include "types/datetime.h"

#include <cctype>
#include <cstdio>

namespace blueshift {

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2);
}

static bool IsLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool IsValidCivil(int64_t year, unsigned month, unsigned day) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  unsigned max = kDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  return day <= max;
}

static std::string FormatYmd(int64_t days, bool* bc) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  *bc = y <= 0;
  if (*bc) y = 1 - y;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatDate(int32_t days) {
  bool bc;
  std::string s = FormatYmd(days, &bc);
  return bc ? s + " BC" : s;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t days = micros / kMicrosPerDay;
  int64_t rem = micros % kMicrosPerDay;
  if (rem < 0) {
    rem += kMicrosPerDay;
    days -= 1;
  }
  bool bc;
  std::string s = FormatYmd(days, &bc);
  int64_t secs = rem / kMicrosPerSecond;
  int64_t frac = rem % kMicrosPerSecond;
  char buf[48];
  std::snprintf(buf, sizeof(buf), " %02lld:%02lld:%02lld", static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  s += buf;
  if (frac) {
    std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    s += f;
  }
  return bc ? s + " BC" : s;
}

namespace {

// A small cursor over the text; every Read* returns false on mismatch.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool Done() const { return i >= s.size(); }
  void SkipSpaces() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) i++;
  }
  bool ReadInt(int max_digits, int64_t* out, int* ndigits) {
    int n = 0;
    int64_t v = 0;
    while (i < s.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s[i]))) {
      v = v * 10 + (s[i] - '0');
      i++;
      n++;
    }
    *out = v;
    if (ndigits) *ndigits = n;
    return n > 0;
  }
  bool Eat(char c) {
    if (i < s.size() && s[i] == c) {
      i++;
      return true;
    }
    return false;
  }
};

Status BadSyntax(const char* type, std::string_view text) {
  return Status(ErrorCode::kInvalidDatetimeFormat,
                std::string("invalid input syntax for type ") + type + ": \"" + std::string(text) + "\"");
}

bool ReadDatePart(Cursor* c, int64_t* days, bool* out_of_range) {
  int64_t a, b, y;
  int na;
  if (!c->ReadInt(9, &a, &na)) return false;
  char sep = c->i < c->s.size() ? c->s[c->i] : 0;
  if (sep != '-' && sep != '/') return false;
  c->i++;
  if (!c->ReadInt(2, &b, nullptr) || !c->Eat(sep)) return false;
  int64_t third;
  int n3;
  if (!c->ReadInt(9, &third, &n3)) return false;
  int64_t m, d;
  if (na >= 3) {  // YYYY-MM-DD or YYYY/MM/DD
    y = a, m = b, d = third;
  } else {  // MM/DD/YYYY (datestyle MDY)
    m = a, d = b, y = third;
  }
  size_t save = c->i;
  c->SkipSpaces();
  if (c->s.substr(c->i, 2) == "BC" || c->s.substr(c->i, 2) == "bc") {
    c->i += 2;
    y = 1 - y;
  } else {
    c->i = save;
  }
  if (!IsValidCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
    *out_of_range = true;
    return false;
  }
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

namespace {
bool ReadTimeOfDay(Cursor* c, int64_t* micros, bool* out_of_range);
Status OutOfRange(std::string_view text);

// A time zone after a date, which a date ignores as PostgreSQL's does: "+00", "-05:30", "UTC", "Z" (pgjdbc
// sends setDate values as '1999-12-31 +00').
bool IsZoneSuffix(std::string_view z) {
  while (!z.empty() && z.back() == ' ') z.remove_suffix(1);
  if (z == "UTC" || z == "utc" || z == "Z" || z == "GMT") return true;
  if (z.size() < 2 || (z[0] != '+' && z[0] != '-')) return false;
  for (size_t i = 1; i < z.size(); i++) {
    if (!std::isdigit(static_cast<unsigned char>(z[i])) && z[i] != ':') return false;
  }
  return std::isdigit(static_cast<unsigned char>(z[1])) != 0;
}
}  // namespace

Result<int32_t> ParseDate(std::string_view text) {
  Cursor c{text};
  c.SkipSpaces();
  int64_t days;
  bool out_of_range = false;
  if (!ReadDatePart(&c, &days, &out_of_range)) {
    if (out_of_range)
      return Status(ErrorCode::kDatetimeFieldOverflow,
                    "date/time field value out of range: \"" + std::string(text) + "\"");
    return BadSyntax("date", text);
  }
  // A time of day after the date is read and ignored, as PostgreSQL's date input does ('2024-02-29T00:00:00.000
  // +00:00' is how node-postgres sends a JavaScript Date).
  const size_t after_date = c.i;
  if (c.Eat('T') || c.Eat(' ')) {
    int64_t micros;
    bool time_out_of_range = false;
    if (!ReadTimeOfDay(&c, &micros, &time_out_of_range)) {
      if (time_out_of_range) return OutOfRange(text);
      c.i = after_date;
    }
  }
  c.SkipSpaces();
  if (!c.Done() && !IsZoneSuffix(text.substr(c.i))) return BadSyntax("date", text);
  return static_cast<int32_t>(days);
}

namespace {

// HH:MI[:SS[.ffffff]] after optional blanks. Returns false on bad syntax; *out_of_range on bad fields.
bool ReadTimeOfDay(Cursor* c, int64_t* micros, bool* out_of_range) {
  c->SkipSpaces();
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  int nfrac = 0;
  if (!c->ReadInt(2, &h, nullptr) || !c->Eat(':') || !c->ReadInt(2, &mi, nullptr)) return false;
  if (c->Eat(':')) {
    if (!c->ReadInt(2, &s, nullptr)) return false;
    if (c->Eat('.')) {
      if (!c->ReadInt(6, &frac, &nfrac)) return false;
      while (c->i < c->s.size() && std::isdigit(static_cast<unsigned char>(c->s[c->i]))) c->i++;
      for (int k = nfrac; k < 6; k++) frac *= 10;
    }
  }
  if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi || s || frac))) {
    *out_of_range = true;
    return false;
  }
  *micros = ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + frac;
  return true;
}

Status OutOfRange(std::string_view text) {
  return Status(ErrorCode::kDatetimeFieldOverflow, "date/time field value out of range: \"" + std::string(text) + "\"");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "Z" or a numeric offset (+hh, +hhmm, +hh:mm): what a timestamp without time zone accepts and ignores.
bool IsNumericZone(std::string_view z) {
  if (z == "Z" || z == "z") return true;
  if (z.empty() || (z[0] != '+' && z[0] != '-')) return false;
  Cursor c{z, 1};
  int64_t v;
  if (!c.ReadInt(4, &v, nullptr)) return false;
  if (c.Eat(':') && !c.ReadInt(2, &v, nullptr)) return false;
  return c.Done();
}

}  // namespace

Result<int64_t> ParseTimestampAndZone(std::string_view text, std::string_view* zone, const char* type) {
  Cursor c{text};
  c.SkipSpaces();
  int64_t days;
  bool out_of_range = false;
  if (!ReadDatePart(&c, &days, &out_of_range)) {
    if (out_of_range) return OutOfRange(text);
    return BadSyntax(type, text);
  }
  int64_t micros = 0;
  *zone = {};
  if (c.Eat('T') || c.Eat(' ')) {
    if (!ReadTimeOfDay(&c, &micros, &out_of_range)) return out_of_range ? OutOfRange(text) : BadSyntax(type, text);
    *zone = Trim(text.substr(c.i));
  } else {
    c.SkipSpaces();
    if (!c.Done()) return BadSyntax(type, text);
  }
  return days * kMicrosPerDay + micros;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  std::string_view zone;
  ASSIGN_OR_RETURN(int64_t micros, ParseTimestampAndZone(text, &zone, "timestamp"));
  if (!zone.empty() && !IsNumericZone(zone)) return BadSyntax("timestamp", text);
  return micros;
}

Result<int64_t> ParseTime(std::string_view text, std::string_view* zone) {
  Cursor c{text};
  int64_t micros = 0;
  bool out_of_range = false;
  if (!ReadTimeOfDay(&c, &micros, &out_of_range)) return out_of_range ? OutOfRange(text) : BadSyntax("time", text);
  *zone = Trim(text.substr(c.i));
  return micros;
}

std::string FormatTime(int64_t micros) {
  if (micros == kMicrosPerDay) return "24:00:00";
  std::string s = FormatTimestamp(micros);  // day 0: "1970-01-01 HH:MM:SS[.f]"
  return s.substr(11);
}

}  // namespace blueshift
