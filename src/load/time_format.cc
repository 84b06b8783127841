#include "load/time_format.h"

#include <cctype>
#include <cstring>

#include "types/datetime.h"

namespace blueshift::load {

namespace {

bool StartsWithUpper(std::string_view s, size_t pos, const char* word) {
  size_t n = std::strlen(word);
  if (pos + n > s.size()) return false;
  for (size_t i = 0; i < n; i++) {
    if (std::toupper(static_cast<unsigned char>(s[pos + i])) != word[i]) return false;
  }
  return true;
}

// Reads 1..max_digits digits at text[*pos].
bool ReadNumber(std::string_view text, size_t* pos, int max_digits, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*pos < text.size() && n < max_digits && text[*pos] >= '0' && text[*pos] <= '9') {
    v = v * 10 + (text[*pos] - '0');
    ++*pos;
    ++n;
  }
  *out = v;
  return n > 0;
}

bool ReadMonthName(std::string_view text, size_t* pos, int* month) {
  static const char* const kNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  for (int m = 0; m < 12; m++) {
    if (StartsWithUpper(text, *pos, kNames[m])) {
      *pos += 3;
      while (*pos < text.size() && std::isalpha(static_cast<unsigned char>(text[*pos]))) ++*pos;  // "January"
      *month = m + 1;
      return true;
    }
  }
  return false;
}

// Optional ".ffffff" after seconds.
void ReadFraction(std::string_view text, size_t* pos, int* micros) {
  if (*pos >= text.size() || text[*pos] != '.') return;
  ++*pos;
  int scale = 100000;
  while (*pos < text.size() && text[*pos] >= '0' && text[*pos] <= '9') {
    *micros += (text[*pos] - '0') * scale;
    scale /= 10;
    ++*pos;
  }
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Result<TimeFormat> TimeFormat::Compile(const std::string& spec) {
  TimeFormat f;
  f.spec_ = spec;
  std::string lower;
  for (char c : spec) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "auto") return (f.kind_ = Kind::kAuto, f);
  if (lower == "epochsecs") return (f.kind_ = Kind::kEpochSecs, f);
  if (lower == "epochmillisecs") return (f.kind_ = Kind::kEpochMillis, f);
  struct Word {
    const char* text;
    Tok tok;
  };
  static const Word kWords[] = {{"YYYY", Tok::kYear4},    {"HH24", Tok::kHour24}, {"HH12", Tok::kHour12},
                                {"MON", Tok::kMonthName}, {"YY", Tok::kYear2},    {"MM", Tok::kMonth},
                                {"DD", Tok::kDay},        {"HH", Tok::kHour24},   {"MI", Tok::kMinute},
                                {"SS", Tok::kSecond},     {"AM", Tok::kMeridiem}, {"PM", Tok::kMeridiem}};
  size_t i = 0;
  while (i < spec.size()) {
    bool matched = false;
    for (const Word& w : kWords) {
      if (StartsWithUpper(spec, i, w.text)) {
        f.elements_.push_back({w.tok});
        i += std::strlen(w.text);
        matched = true;
        break;
      }
    }
    if (matched) continue;
    char c = spec[i++];
    if (std::isalnum(static_cast<unsigned char>(c)))
      return Status(ErrorCode::kInvalidParameterValue, "invalid date/time format \"" + spec + "\"");
    f.elements_.push_back({c == ' ' ? Tok::kSpace : Tok::kLiteral, c});
  }
  return f;
}

bool TimeFormat::Match(std::string_view text, Parts* p) const {
  size_t pos = 0;
  for (const Element& e : elements_) {
    if (e.tok == Tok::kSpace && pos == text.size()) break;  // a date alone: the time is midnight
    int64_t v = 0;
    switch (e.tok) {
      case Tok::kLiteral:
        if (pos >= text.size() || text[pos] != e.literal) return false;
        pos++;
        break;
      case Tok::kSpace:
        if (pos >= text.size() || (text[pos] != ' ' && text[pos] != 'T')) return false;
        while (pos < text.size() && text[pos] == ' ') pos++;
        if (pos < text.size() && text[pos] == 'T') pos++;
        break;
      case Tok::kYear4:
        if (!ReadNumber(text, &pos, 4, &p->year)) return false;
        break;
      case Tok::kYear2:
        if (!ReadNumber(text, &pos, 2, &v)) return false;
        p->year = v < 70 ? 2000 + v : 1900 + v;
        break;
      case Tok::kMonthName:
        if (!ReadMonthName(text, &pos, &p->month)) return false;
        break;
      case Tok::kMeridiem:
        if (StartsWithUpper(text, pos, "AM") || StartsWithUpper(text, pos, "PM")) {
          p->meridiem = std::toupper(static_cast<unsigned char>(text[pos])) == 'A' ? 1 : 2;
          pos += 2;
          break;
        }
        return false;
      default: {
        if (!ReadNumber(text, &pos, 2, &v)) return false;
        int iv = static_cast<int>(v);
        if (e.tok == Tok::kMonth) p->month = iv;
        if (e.tok == Tok::kDay) p->day = iv;
        if (e.tok == Tok::kHour24 || e.tok == Tok::kHour12) p->hour = iv;
        if (e.tok == Tok::kMinute) p->minute = iv;
        if (e.tok == Tok::kSecond) {
          p->second = iv;
          ReadFraction(text, &pos, &p->micros);
        }
      }
    }
  }
  while (pos < text.size() && text[pos] == ' ') pos++;
  if (pos != text.size()) return false;
  if (p->meridiem != 0) {
    if (p->hour < 1 || p->hour > 12) return false;
    p->hour = p->hour % 12 + (p->meridiem == 2 ? 12 : 0);
  }
  return p->month >= 1 && p->month <= 12 && p->day >= 1 && p->hour <= 23 && p->minute <= 59 && p->second <= 60 &&
         IsValidCivil(p->year, static_cast<unsigned>(p->month), static_cast<unsigned>(p->day));
}

bool TimeFormat::ParseEpoch(std::string_view text, int64_t* micros) const {
  text = TrimSpaces(text);
  size_t pos = 0;
  bool neg = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) neg = text[pos++] == '-';
  int64_t v = 0;
  if (!ReadNumber(text, &pos, 18, &v)) return false;
  int frac = 0;
  if (kind_ == Kind::kEpochSecs) ReadFraction(text, &pos, &frac);
  if (pos != text.size()) return false;
  int64_t us = kind_ == Kind::kEpochSecs ? v * kMicrosPerSecond + frac : v * 1000;
  *micros = neg ? -us : us;
  return true;
}

bool TimeFormat::ParseDate(std::string_view text, int32_t* days) const {
  text = TrimSpaces(text);
  if (kind_ == Kind::kAuto) {
    auto r = blueshift::ParseDate(text);
    if (r.ok()) return (*days = *r, true);
    int64_t us = 0;
    if (!ParseTimestamp(text, &us)) return false;
    *days = static_cast<int32_t>(us >= 0 ? us / kMicrosPerDay : -((-us + kMicrosPerDay - 1) / kMicrosPerDay));
    return true;
  }
  if (kind_ != Kind::kPattern) {
    int64_t us = 0;
    if (!ParseEpoch(text, &us)) return false;
    *days = static_cast<int32_t>(us >= 0 ? us / kMicrosPerDay : -((-us + kMicrosPerDay - 1) / kMicrosPerDay));
    return true;
  }
  Parts p;
  if (!Match(text, &p)) return false;
  *days = static_cast<int32_t>(DaysFromCivil(p.year, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day)));
  return true;
}

bool TimeFormat::ParseTimestamp(std::string_view text, int64_t* micros) const {
  text = TrimSpaces(text);
  if (kind_ == Kind::kAuto) {
    auto r = blueshift::ParseTimestamp(text);
    if (!r.ok()) return false;
    *micros = *r;
    return true;
  }
  if (kind_ != Kind::kPattern) return ParseEpoch(text, micros);
  Parts p;
  if (!Match(text, &p)) return false;
  int64_t days = DaysFromCivil(p.year, static_cast<unsigned>(p.month), static_cast<unsigned>(p.day));
  *micros = days * kMicrosPerDay + (p.hour * 3600LL + p.minute * 60LL + p.second) * kMicrosPerSecond + p.micros;
  return true;
}

}  // namespace blueshift::load
