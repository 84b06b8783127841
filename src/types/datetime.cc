#include "types/datetime.h"

#include <cctype>
#include <chrono>
#include <cstdio>

#include "types/date_style.h"
#include "types/time_zone.h"

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

// 1..12 for a month's English name or its first three letters ("Sept" too), any case; 0 otherwise.
int MonthFromName(std::string_view w) {
  static const char* const kNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                       "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  std::string lower(w);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (int m = 0; m < 12; m++) {
    std::string_view name = kNames[m];
    if (lower == name || lower == name.substr(0, 3) || (m == 8 && lower == "sept")) return m + 1;
  }
  return 0;
}

// PostgreSQL's reading of a year written with one or two digits: 00-69 is 20xx, 70-99 is 19xx.
int64_t AdjustTwoDigitYear(int64_t year, int ndigits) {
  if (ndigits > 2) return year;
  return year < 70 ? year + 2000 : year + 1900;
}

// One field of a date: a number (with its digit count) or a month name.
struct DateField {
  int64_t value = 0;
  int ndigits = 0;
  bool is_month = false;
};

bool ReadDateField(Cursor* c, DateField* f) {
  if (c->ReadInt(9, &f->value, &f->ndigits)) return true;
  size_t start = c->i;
  while (c->i < c->s.size() && std::isalpha(static_cast<unsigned char>(c->s[c->i]))) c->i++;
  int month = MonthFromName(c->s.substr(start, c->i - start));
  if (month == 0) return false;
  f->value = month;
  f->is_month = true;
  return true;
}

// Between two fields: one of - / . or, around a month name only, a run of blanks and commas
// ("January 8, 1999"). *blank tells which.
bool ReadDateSeparator(Cursor* c, bool* blank) {
  if (c->Done()) return false;
  char ch = c->s[c->i];
  if (ch == '-' || ch == '/' || ch == '.') return (c->i++, *blank = false, true);
  size_t start = c->i;
  while (c->i < c->s.size() && (c->s[c->i] == ' ' || c->s[c->i] == ',')) c->i++;
  *blank = true;
  return c->i > start;
}

// Three fields, one of them possibly a month name, in the session DateStyle's order (date_style.h): Y-M-D
// when the first number has three or more digits, else M-D-Y, D-M-Y or Y-M-D as the order says (no guessing
// from values, as PostgreSQL: '99-01-08' is 22008 under MDY); with a month name the numbers are day and year,
// the year being the one with three or more digits, else the first under YMD and the second otherwise.
bool ResolveFields(const DateField (&f)[3], int64_t* y, int64_t* m, int64_t* d) {
  int month_at = -1;
  for (int k = 0; k < 3; k++) {
    if (!f[k].is_month) continue;
    if (month_at >= 0) return false;
    month_at = k;
  }
  const DateStyle::Order order = SessionDateStyle().order;
  if (month_at < 0) {
    // Positions of year, month and day among the three fields.
    int yi = 0, mi = 1, di = 2;
    if (f[0].ndigits < 3 && order == DateStyle::Order::kMdy) yi = 2, mi = 0, di = 1;
    if (f[0].ndigits < 3 && order == DateStyle::Order::kDmy) yi = 2, mi = 1, di = 0;
    *y = AdjustTwoDigitYear(f[yi].value, f[yi].ndigits);
    *m = f[mi].value;
    *d = f[di].value;
    return true;
  }
  const DateField* num[2];
  int n = 0;
  for (int k = 0; k < 3; k++)
    if (k != month_at) num[n++] = &f[k];
  const bool year_first = num[0]->ndigits >= 3 || (num[1]->ndigits < 3 && order == DateStyle::Order::kYmd);
  const DateField& year = year_first ? *num[0] : *num[1];
  *y = AdjustTwoDigitYear(year.value, year.ndigits);
  *m = f[month_at].value;
  *d = year_first ? num[1]->value : num[0]->value;
  return true;
}

// The compact forms: YYYYMMDD, YYMMDD and YYYY.DDD (day of the year). Returns false, leaving the cursor,
// when the text is not one of them; *matched when it is (then false means out of range).
bool ReadCompactDate(Cursor* c, int64_t* y, int64_t* m, int64_t* d, bool* day_of_year, bool* matched) {
  Cursor probe = *c;
  int64_t v;
  int n;
  if (!probe.ReadInt(9, &v, &n)) return false;
  const char next = probe.Done() ? 0 : probe.s[probe.i];
  if (n == 4 && next == '.') {
    Cursor doy = probe;
    doy.i++;
    int64_t days;
    int nd;
    if (!doy.ReadInt(9, &days, &nd) || nd != 3 || (!doy.Done() && doy.s[doy.i] == '.')) return false;
    *matched = *day_of_year = true;
    *c = doy;
    *y = v, *m = 1, *d = days;
    return true;
  }
  if ((n != 8 && n != 6) || next == '-' || next == '/' || next == '.' || next == ':') return false;
  *matched = true;
  *c = probe;
  *y = n == 8 ? v / 10000 : AdjustTwoDigitYear(v / 10000, 2);
  *m = v / 100 % 100;
  *d = v % 100;
  return true;
}

// The text without a trailing ' BC' (any case; PostgreSQL writes it last, after a time and a zone); *bc
// tells whether there was one.
std::string_view StripBc(std::string_view text, bool* bc) {
  std::string_view t = text;
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  *bc = t.size() > 3 && (t.substr(t.size() - 2) == "BC" || t.substr(t.size() - 2) == "bc") &&
        std::isspace(static_cast<unsigned char>(t[t.size() - 3]));
  if (!*bc) return text;
  t.remove_suffix(2);
  while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
  return t;
}

// *out_of_range on fields out of range; *month_day too when the month is not 1-12 or the day not 1-31 (which
// another DateStyle order might have read right). bc: the text ended in BC (StripBc), as after a time of day.
bool ReadDatePart(Cursor* c, bool bc, int64_t* days, bool* out_of_range, bool* month_day) {
  int64_t y, m, d;
  bool day_of_year = false, compact = false;
  if (!ReadCompactDate(c, &y, &m, &d, &day_of_year, &compact)) {
    DateField f[3];
    bool blank[2];
    if (!ReadDateField(c, &f[0]) || !ReadDateSeparator(c, &blank[0]) || !ReadDateField(c, &f[1]) ||
        !ReadDateSeparator(c, &blank[1]) || !ReadDateField(c, &f[2]))
      return false;
    const bool has_month = f[0].is_month || f[1].is_month || f[2].is_month;
    if ((blank[0] || blank[1]) && !has_month) return false;
    if (!ResolveFields(f, &y, &m, &d)) return false;
  }
  if (bc) y = 1 - y;
  size_t save = c->i;
  c->SkipSpaces();
  if (!bc && (c->s.substr(c->i, 2) == "BC" || c->s.substr(c->i, 2) == "bc")) {
    c->i += 2;
    y = 1 - y;
  } else {
    c->i = save;
  }
  if (day_of_year) {
    if (d < 1 || d > (IsLeap(y) ? 366 : 365)) return (*out_of_range = true, false);
    *days = DaysFromCivil(y, 1, 1) + d - 1;
    return true;
  }
  if (!IsValidCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
    *out_of_range = true;
    *month_day = m < 1 || m > 12 || d < 1 || d > 31;
    return false;
  }
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

namespace {
bool ReadTimeOfDay(Cursor* c, int64_t* micros, bool* out_of_range);
Status OutOfRange(std::string_view text, bool datestyle_hint = false);

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

namespace {

thread_local int64_t t_transaction_start_us = 0;

// The special values 'epoch', 'now', 'today', 'tomorrow' and 'yesterday' (any case, blanks around), as
// wall-clock microseconds in the session's time zone; false for anything else. 'now' is the installed
// transaction start (ScopedTransactionStart), else the current time.
bool ReadSpecialValue(std::string_view text, int64_t* local_micros) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() > 9) return false;
  std::string word;
  for (char ch : text) word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (word == "epoch") return (*local_micros = 0, true);
  int64_t day_offset;
  if (word == "today" || word == "now") {
    day_offset = 0;
  } else if (word == "tomorrow") {
    day_offset = 1;
  } else if (word == "yesterday") {
    day_offset = -1;
  } else {
    return false;
  }
  const int64_t utc =
      t_transaction_start_us != 0
          ? t_transaction_start_us
          : std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  const int64_t local = SessionTimeZone().UtcToLocalMicros(utc);
  if (word == "now") return (*local_micros = local, true);
  const int64_t day = local >= 0 ? local / kMicrosPerDay : -((-local + kMicrosPerDay - 1) / kMicrosPerDay);
  *local_micros = (day + day_offset) * kMicrosPerDay;
  return true;
}

}  // namespace

ScopedTransactionStart::ScopedTransactionStart(int64_t utc_us) : saved_(t_transaction_start_us) {
  if (utc_us != 0) t_transaction_start_us = utc_us;
}

int64_t ScopedTransactionStart::Current() {
  return t_transaction_start_us;
}

ScopedTransactionStart::~ScopedTransactionStart() {
  t_transaction_start_us = saved_;
}

Result<int32_t> ParseDate(std::string_view text) {
  Cursor c{text};
  int64_t special;
  if (ReadSpecialValue(text, &special))
    return static_cast<int32_t>(special / kMicrosPerDay - (special % kMicrosPerDay < 0));
  bool bc;
  const std::string_view body = StripBc(text, &bc);
  c.s = body;
  c.SkipSpaces();
  int64_t days;
  bool out_of_range = false, month_day = false;
  if (!ReadDatePart(&c, bc, &days, &out_of_range, &month_day)) {
    if (out_of_range) return OutOfRange(text, month_day);
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
  if (!c.Done() && !IsZoneSuffix(body.substr(c.i))) return BadSyntax("date", text);
  return static_cast<int32_t>(days);
}

namespace {

// AM or PM (any case) after optional blanks, not followed by a letter; 0 when absent (cursor kept).
char ReadMeridiem(Cursor* c) {
  Cursor probe = *c;
  probe.SkipSpaces();
  std::string_view rest = probe.s.substr(probe.i);
  if (rest.size() < 2 || (rest.size() > 2 && std::isalpha(static_cast<unsigned char>(rest[2])))) return 0;
  const char first = static_cast<char>(std::toupper(static_cast<unsigned char>(rest[0])));
  if ((first != 'A' && first != 'P') || std::toupper(static_cast<unsigned char>(rest[1])) != 'M') return 0;
  c->i = probe.i + 2;
  return first;
}

// HH:MI[:SS[.ffffff]] or HHMMSS[.ffffff] (also HHMM) after optional blanks, then optional AM/PM (hour 0-12;
// 12 AM is midnight). Returns false on bad syntax; *out_of_range on bad fields.
bool ReadTimeOfDay(Cursor* c, int64_t* micros, bool* out_of_range) {
  c->SkipSpaces();
  int64_t h = 0, mi = 0, s = 0, frac = 0;
  int nfrac = 0, ndigits = 0;
  if (!c->ReadInt(6, &h, &ndigits)) return false;
  bool seconds = false;
  if (ndigits == 6 || ndigits == 4) {
    if (ndigits == 6) s = h % 100, h /= 100, seconds = true;
    mi = h % 100;
    h /= 100;
  } else if (ndigits > 2 || !c->Eat(':') || !c->ReadInt(2, &mi, nullptr)) {
    return false;
  } else if (c->Eat(':')) {
    if (!c->ReadInt(2, &s, nullptr)) return false;
    seconds = true;
  }
  if (seconds && c->Eat('.')) {
    if (!c->ReadInt(6, &frac, &nfrac)) return false;
    while (c->i < c->s.size() && std::isdigit(static_cast<unsigned char>(c->s[c->i]))) c->i++;
    for (int k = nfrac; k < 6; k++) frac *= 10;
  }
  if (char meridiem = ReadMeridiem(c)) {
    if (h > 12) return (*out_of_range = true, false);
    if (h == 12) h = 0;
    if (meridiem == 'P') h += 12;
  }
  if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi || s || frac))) {
    *out_of_range = true;
    return false;
  }
  *micros = ((h * 60 + mi) * 60 + s) * kMicrosPerSecond + frac;
  return true;
}

// PostgreSQL hints at DateStyle when a month or day field is out of range.
Status OutOfRange(std::string_view text, bool datestyle_hint) {
  Status st(ErrorCode::kDatetimeFieldOverflow, "date/time field value out of range: \"" + std::string(text) + "\"");
  return datestyle_hint ? std::move(st).WithHint("Perhaps you need a different \"datestyle\" setting.") : st;
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

// A weekday's name or its first three letters, any case, and the blanks after it: PostgreSQL's input ignores it.
void SkipWeekday(Cursor* c) {
  static const char* const kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  size_t end = c->i;
  while (end < c->s.size() && std::isalpha(static_cast<unsigned char>(c->s[end]))) end++;
  std::string word(c->s.substr(c->i, end - c->i));
  for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (std::string_view day : kDays) {
    if (word.size() < 3 || day.substr(0, word.size()) != word || (word.size() > 3 && word != day)) continue;
    c->i = end;
    c->SkipSpaces();
    return;
  }
}

// The 'Postgres' DateStyle's timestamp (date_style.h), its weekday skipped: 'Mar 02 10:11:12.5 2020' or
// '02 Mar 10:11:12.5 2020', what follows (a zone) left to the caller. bc: the text ended in BC.
bool ReadPostgresStyle(Cursor* c, bool bc, int64_t* days, int64_t* micros, bool* out_of_range) {
  Cursor p = *c;
  DateField a, b;
  size_t before_blank;
  if (!ReadDateField(&p, &a) || (before_blank = p.i, p.SkipSpaces(), p.i == before_blank) || !ReadDateField(&p, &b))
    return false;
  if (a.is_month == b.is_month) return false;
  const DateField& day = a.is_month ? b : a;
  const int64_t month = a.is_month ? a.value : b.value;
  if (day.ndigits > 2) return false;
  Cursor colon = p;  // the time is HH:MI..., never the compact HHMM a year would also be
  int64_t hour;
  colon.SkipSpaces();
  if (!colon.ReadInt(2, &hour, nullptr) || !colon.Eat(':')) return false;
  bool time_out_of_range = false;
  int64_t time_of_day = 0;
  const bool time = ReadTimeOfDay(&p, &time_of_day, &time_out_of_range);
  if (!time && !time_out_of_range) return false;
  int64_t year;
  int ndigits;
  before_blank = p.i;
  p.SkipSpaces();
  if (p.i == before_blank || !p.ReadInt(9, &year, &ndigits)) return false;
  if (!time) return (*out_of_range = true, false);  // the layout matched, the time is out of range
  year = AdjustTwoDigitYear(year, ndigits);
  if (bc) year = 1 - year;
  if (!IsValidCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day.value)))
    return (*out_of_range = true, false);
  *days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day.value));
  *micros = time_of_day;
  *c = p;
  return true;
}

}  // namespace

Result<int64_t> ParseTimestampAndZone(std::string_view text, std::string_view* zone, const char* type) {
  Cursor c{text};
  *zone = {};
  int64_t special;
  if (ReadSpecialValue(text, &special)) return special;
  bool bc;
  const std::string_view body = StripBc(text, &bc);
  c.s = body;
  c.SkipSpaces();
  SkipWeekday(&c);
  int64_t days;
  int64_t micros = 0;
  bool out_of_range = false, month_day = false;
  if (ReadPostgresStyle(&c, bc, &days, &micros, &out_of_range)) {
    *zone = Trim(body.substr(c.i));
  } else if (out_of_range) {
    return OutOfRange(text);
  } else if (!ReadDatePart(&c, bc, &days, &out_of_range, &month_day)) {
    if (out_of_range) return OutOfRange(text, month_day);
    return BadSyntax(type, text);
  } else if (c.Eat('T') || c.Eat(' ')) {
    if (!ReadTimeOfDay(&c, &micros, &out_of_range)) return out_of_range ? OutOfRange(text) : BadSyntax(type, text);
    *zone = Trim(body.substr(c.i));
  } else {
    c.SkipSpaces();
    if (!c.Done()) return BadSyntax(type, text);
  }
  int64_t r;  // past 294246 AD the microseconds since 1970 would wrap
  if (__builtin_mul_overflow(days, kMicrosPerDay, &r) || __builtin_add_overflow(r, micros, &r))
    return Status(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range: \"" + std::string(text) + "\"");
  return r;
}

Result<int64_t> ParseTimestamp(std::string_view text) {
  std::string_view zone;
  ASSIGN_OR_RETURN(int64_t micros, ParseTimestampAndZone(text, &zone, "timestamp"));
  // A zone is read and ignored, as PostgreSQL's timestamp input does ('Jun 1,2008 09:59:59 EST').
  if (!zone.empty() && !IsNumericZone(zone) && !TimeZone::Find(zone).ok()) return BadSyntax("timestamp", text);
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
