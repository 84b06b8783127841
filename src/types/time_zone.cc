#include "types/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "types/datetime.h"
#include "types/utc_offset.h"

namespace blueshift {
namespace {

constexpr const char* kZoneInfoDir = "/usr/share/zoneinfo";
constexpr int64_t kSecondsPerDay = 86400;

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// ---- POSIX TZ strings: std offset [dst [offset] [,start[/time],end[/time]]] ----

class PosixParser {
 public:
  explicit PosixParser(std::string_view s) : s_(s) {}

  bool Parse(TimeZone::PosixRule* r) {
    bool bare_offset = !s_.empty() && (s_[0] == '+' || s_[0] == '-' || std::isdigit(static_cast<unsigned char>(s_[0])));
    if (!bare_offset && !Abbr(&r->std_abbr)) return false;
    int32_t west;
    if (!Offset(&west)) return false;
    r->std_offset = -west;
    if (p_ == s_.size()) return true;
    if (!Abbr(&r->dst_abbr)) return false;
    r->has_dst = true;
    r->dst_offset = r->std_offset + 3600;
    if (p_ < s_.size() && s_[p_] != ',') {
      if (!Offset(&west)) return false;
      r->dst_offset = -west;
    }
    if (p_ == s_.size()) {  // no rule given: the US rule, as POSIX suggests
      r->start = {'M', 3, 2, 0, 0, 7200};
      r->end = {'M', 11, 1, 0, 0, 7200};
      return true;
    }
    return Eat(',') && Rule(&r->start) && Eat(',') && Rule(&r->end) && p_ == s_.size();
  }

 private:
  bool Eat(char c) {
    if (p_ < s_.size() && s_[p_] == c) return ++p_, true;
    return false;
  }
  bool Abbr(std::string* out) {
    size_t start = p_;
    if (Eat('<')) {
      while (p_ < s_.size() && s_[p_] != '>') p_++;
      *out = std::string(s_.substr(start + 1, p_ - start - 1));
      return Eat('>') && !out->empty();
    }
    while (p_ < s_.size() && std::isalpha(static_cast<unsigned char>(s_[p_]))) p_++;
    *out = std::string(s_.substr(start, p_ - start));
    return out->size() >= 3;
  }
  bool Number(int* v, int max_digits) {
    size_t start = p_;
    *v = 0;
    while (p_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p_])) && p_ - start < size_t(max_digits))
      *v = *v * 10 + (s_[p_++] - '0');
    return p_ > start;
  }
  // [+-]hh[:mm[:ss]] in seconds (sign as written).
  bool Offset(int32_t* out) {
    int sign = Eat('-') ? -1 : (Eat('+'), 1);
    int h = 0, m = 0, sec = 0;
    if (!Number(&h, 3) || h > 167) return false;
    if (Eat(':') && (!Number(&m, 2) || m > 59)) return false;
    if (Eat(':') && (!Number(&sec, 2) || sec > 59)) return false;
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
  }
  bool Rule(TimeZone::DayRule* r) {
    if (Eat('M')) {
      r->kind = 'M';
      if (!Number(&r->month, 2) || !Eat('.') || !Number(&r->week, 1) || !Eat('.') || !Number(&r->weekday, 1))
        return false;
      if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->weekday > 6) return false;
    } else {
      r->kind = Eat('J') ? 'J' : 'N';
      if (!Number(&r->day, 3) || r->day > 365) return false;
    }
    r->time = 7200;
    if (Eat('/')) return Offset(&r->time);
    return true;
  }

  std::string_view s_;
  size_t p_ = 0;
};

bool IsLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// The local midnight (as days since 1970) of a rule's day in a year.
int64_t RuleDay(const TimeZone::DayRule& r, int64_t year) {
  int64_t jan1 = DaysFromCivil(year, 1, 1);
  if (r.kind == 'J') return jan1 + r.day - 1 + (IsLeap(year) && r.day >= 60 ? 1 : 0);
  if (r.kind == 'N') return jan1 + r.day;
  int64_t first = DaysFromCivil(year, static_cast<unsigned>(r.month), 1);
  int64_t first_weekday = ((first % 7) + 11) % 7;  // 1970-01-01 was a Thursday (4)
  int64_t day = first + (r.weekday - first_weekday + 7) % 7 + (r.week - 1) * 7;
  unsigned next_month = r.month == 12 ? 1 : static_cast<unsigned>(r.month) + 1;
  int64_t month_end = DaysFromCivil(r.month == 12 ? year + 1 : year, next_month, 1);
  while (day >= month_end) day -= 7;
  return day;
}

bool RuleIsDst(const TimeZone::PosixRule& r, int64_t utc) {
  if (!r.has_dst) return false;
  int64_t year;
  unsigned m, d;
  CivilFromDays(FloorDiv(utc + r.std_offset, kSecondsPerDay), &year, &m, &d);
  int64_t start = RuleDay(r.start, year) * kSecondsPerDay + r.start.time - r.std_offset;
  int64_t end = RuleDay(r.end, year) * kSecondsPerDay + r.end.time - r.dst_offset;
  if (start < end) return utc >= start && utc < end;
  return !(utc >= end && utc < start);  // southern hemisphere: daylight time spans the new year
}

uint32_t Be32(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}
int64_t Be64(const unsigned char* p) {
  return static_cast<int64_t>((uint64_t(Be32(p)) << 32) | Be32(p + 4));
}

// Fixed offsets of common abbreviations CONVERT_TIMEZONE accepts (PostgreSQL's default set, abridged),
// in seconds east of UTC. Abbreviations that are also zone files (EST, MST, HST ...) come from the files.
const std::map<std::string, int32_t>& Abbreviations() {
  static const std::map<std::string, int32_t> kAbbr = {{"pst", -8 * 3600},
                                                       {"pdt", -7 * 3600},
                                                       {"mdt", -6 * 3600},
                                                       {"cst", -6 * 3600},
                                                       {"cdt", -5 * 3600},
                                                       {"edt", -4 * 3600},
                                                       {"akst", -9 * 3600},
                                                       {"akdt", -8 * 3600},
                                                       {"hdt", -9 * 3600},
                                                       {"ast", -4 * 3600},
                                                       {"adt", -3 * 3600},
                                                       {"nst", -12600},
                                                       {"ndt", -9000},
                                                       {"bst", 3600},
                                                       {"ist", 19800},
                                                       {"cest", 2 * 3600},
                                                       {"eest", 3 * 3600},
                                                       {"west", 3600},
                                                       {"msk", 3 * 3600},
                                                       {"jst", 9 * 3600},
                                                       {"kst", 9 * 3600},
                                                       {"hkt", 8 * 3600},
                                                       {"sgt", 8 * 3600},
                                                       {"awst", 8 * 3600},
                                                       {"acst", 34200},
                                                       {"acdt", 37800},
                                                       {"aest", 10 * 3600},
                                                       {"aedt", 11 * 3600},
                                                       {"nzst", 12 * 3600},
                                                       {"nzdt", 13 * 3600},
                                                       {"utc", 0},
                                                       {"gmt", 0},
                                                       {"z", 0},
                                                       {"zulu", 0},
                                                       {"ut", 0}};
  return kAbbr;
}

// Lower-case zone name -> file path relative to the zoneinfo directory, built once.
const std::map<std::string, std::string>& ZoneFiles() {
  static const std::map<std::string, std::string> kFiles = [] {
    std::map<std::string, std::string> files;
    std::error_code ec;
    std::filesystem::recursive_directory_iterator it(kZoneInfoDir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      // Lexical, not relative(): that would resolve links such as US/Pacific to their targets' names.
      std::string rel = it->path().lexically_relative(kZoneInfoDir).string();
      if (it->is_directory(ec)) {
        if (rel == "posix" || rel == "right") it.disable_recursion_pending();
        continue;
      }
      if (rel.find('.') != std::string::npos || rel == "Factory" || rel == "posixrules") continue;
      files.emplace(Lower(rel), rel);
    }
    return files;
  }();
  return kFiles;
}

Status Unrecognized(std::string_view name) {
  return Status(ErrorCode::kInvalidParameterValue, "time zone \"" + std::string(name) + "\" not recognized");
}

std::string OffsetAbbreviation(int32_t offset) {
  char buf[16];
  int32_t a = offset < 0 ? -offset : offset;
  if (a % 3600 == 0) {
    std::snprintf(buf, sizeof buf, "%c%02d", offset < 0 ? '-' : '+', a / 3600);
  } else {
    std::snprintf(buf, sizeof buf, "%c%02d%02d", offset < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
  }
  return buf;
}

}  // namespace

bool ParseIsoOffset(std::string_view z, int32_t* out) {
  int sign = z[0] == '-' ? -1 : 1;
  int parts[3] = {0, 0, 0};
  size_t part = 0, digits = 0;
  for (size_t i = 1; i < z.size(); i++) {
    char c = z[i];
    if (c == ':') {
      if (digits == 0 || ++part > 2) return false;
      digits = 0;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      if (part == 0 && digits == 2 && z.find(':') == std::string_view::npos) {
        part = 1;  // hhmm
        digits = 0;
      }
      if (++digits > 2) return false;
      parts[part] = parts[part] * 10 + (c - '0');
    } else {
      return false;
    }
  }
  if (digits == 0 || parts[0] > 15 || parts[1] > 59 || parts[2] > 59) return false;
  *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

std::string FormatUtcOffset(int32_t offset) {
  int32_t a = offset < 0 ? -offset : offset;
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "%c%02d", offset < 0 ? '-' : '+', a / 3600);
  if (a % 3600) n += std::snprintf(buf + n, sizeof buf - n, ":%02d", a % 3600 / 60);
  if (a % 60) std::snprintf(buf + n, sizeof buf - n, ":%02d", a % 60);
  return buf;
}

namespace {

// A plain number of hours east of UTC ("-8", "+5.5", "0"), as PostgreSQL reads a numeric time zone. Text
// with a colon ("-8:00") is not this: PostgreSQL reads it as a POSIX-style offset, hours west.
bool ParseHours(std::string_view text, int32_t* out) {
  std::string t(text);
  char* end = nullptr;
  double h = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || !(h >= -15 && h <= 15)) return false;
  if (!std::isdigit(static_cast<unsigned char>(t.back()))) return false;
  *out = static_cast<int32_t>(h * 3600);
  return true;
}

}  // namespace

std::shared_ptr<TimeZone> TimeZone::Fixed(std::string name, int32_t offset, std::string abbr) {
  auto tz = std::make_shared<TimeZone>();
  tz->name_ = std::move(name);
  tz->types_.push_back({offset, std::move(abbr)});
  return tz;
}

std::shared_ptr<const TimeZone> TimeZone::Utc() {
  static const std::shared_ptr<const TimeZone> kUtc = Fixed("UTC", 0, "UTC");
  return kUtc;
}

bool TimeZone::ParseTzif(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const auto* end = p + data.size();
  if (data.size() < 44 || data.substr(0, 4) != "TZif") return false;
  auto counts = [](const unsigned char* h, uint32_t c[6]) {
    for (int i = 0; i < 6; i++) c[i] = Be32(h + 20 + 4 * i);  // isut, isstd, leap, time, type, char
  };
  uint32_t c[6];
  counts(p, c);
  int time_size = 4;
  if (data[4] >= '2') {  // skip the 32-bit block; use the 64-bit one
    p += 44 + c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    if (end - p < 44 || std::string_view(reinterpret_cast<const char*>(p), 4) != "TZif") return false;
    counts(p, c);
    time_size = 8;
  }
  size_t need = 44 + c[3] * (time_size + 1) + c[4] * 6 + c[5] + c[2] * (time_size + 4) + c[1] + c[0];
  if (c[4] == 0 || size_t(end - p) < need) return false;
  const unsigned char* q = p + 44;
  for (uint32_t i = 0; i < c[3]; i++, q += time_size)
    transitions_.push_back(time_size == 8 ? Be64(q) : static_cast<int32_t>(Be32(q)));
  for (uint32_t i = 0; i < c[3]; i++) transition_type_.push_back(*q++);
  const unsigned char* chars = q + c[4] * 6;
  for (uint32_t i = 0; i < c[4]; i++, q += 6) {
    uint8_t idx = q[5];
    std::string abbr = idx < c[5] ? std::string(reinterpret_cast<const char*>(chars + idx)) : "";
    types_.push_back({static_cast<int32_t>(Be32(q)), abbr});
  }
  for (uint8_t t : transition_type_) {
    if (t >= types_.size()) return false;
  }
  p += need;
  if (time_size == 8 && p < end && *p == '\n') {  // the footer: a POSIX rule for later times
    const auto* nl = std::find(p + 1, end, '\n');
    std::string_view footer(reinterpret_cast<const char*>(p + 1), nl - p - 1);
    has_rule_ = !footer.empty() && PosixParser(footer).Parse(&rule_);
  }
  return true;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Load(std::string_view name) {
  std::string lower = Lower(name);
  const auto& files = ZoneFiles();
  if (auto it = files.find(lower); it != files.end()) {
    std::ifstream in(std::string(kZoneInfoDir) + "/" + it->second, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto tz = std::make_shared<TimeZone>();
    tz->name_ = it->second;
    if (in && tz->ParseTzif(ss.str())) return std::shared_ptr<const TimeZone>(tz);
  }
  int32_t offset;
  if (ParseHours(name, &offset))
    return std::shared_ptr<const TimeZone>(Fixed(std::string(name), offset, OffsetAbbreviation(offset)));
  if (auto it = Abbreviations().find(lower); it != Abbreviations().end()) {
    std::string upper(name);
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return std::shared_ptr<const TimeZone>(Fixed(upper, it->second, upper));
  }
  PosixRule rule;
  if (PosixParser(name).Parse(&rule)) {
    auto tz = Fixed(std::string(name), rule.std_offset, rule.std_abbr);
    tz->has_rule_ = rule.has_dst;
    tz->rule_ = rule;
    return std::shared_ptr<const TimeZone>(tz);
  }
  return Unrecognized(name);
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Find(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::string key(name);
  while (!key.empty() && key.back() == ' ') key.pop_back();
  while (!key.empty() && key.front() == ' ') key.erase(key.begin());
  if (key.empty()) return Unrecognized(name);
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  Result<std::shared_ptr<const TimeZone>> tz = Load(key);
  if (!tz.ok() && (Lower(key) == "utc" || Lower(key) == "gmt")) {
    tz = Result<std::shared_ptr<const TimeZone>>(Utc());  // no tzdata installed
  }
  if (!tz.ok()) return tz.status();
  cache.emplace(key, *tz);
  return *tz;
}

const TimeZone::LocalType& TimeZone::TypeAt(int64_t utc, LocalType* scratch) const {
  bool after_table = transitions_.empty() || utc >= transitions_.back();
  if (has_rule_ && after_table) {
    bool dst = RuleIsDst(rule_, utc);
    *scratch = {dst ? rule_.dst_offset : rule_.std_offset, dst ? rule_.dst_abbr : rule_.std_abbr};
    return *scratch;
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  if (it == transitions_.begin()) return types_[0];
  return types_[transition_type_[it - transitions_.begin() - 1]];
}

int32_t TimeZone::OffsetAtUtc(int64_t utc_seconds) const {
  LocalType scratch;
  return TypeAt(utc_seconds, &scratch).offset;
}

std::string TimeZone::AbbreviationAtUtc(int64_t utc_seconds) const {
  LocalType scratch;
  const LocalType& t = TypeAt(utc_seconds, &scratch);
  return t.abbr.empty() ? OffsetAbbreviation(t.offset) : t.abbr;
}

int64_t TimeZone::LocalToUtc(int64_t local) const {
  // Offsets never exceed a day and transitions are far apart, so the offsets a day either side bracket
  // any transition near this local time.
  int32_t before = OffsetAtUtc(local - kSecondsPerDay);
  int32_t after = OffsetAtUtc(local + kSecondsPerDay);
  if (OffsetAtUtc(local - after) == after) return local - after;  // an overlap takes the later offset
  if (OffsetAtUtc(local - before) == before) return local - before;
  return local - before;  // in a gap: read with the offset before the jump, so 02:30 becomes 03:30 DST
}

int64_t TimeZone::UtcToLocalMicros(int64_t utc_us) const {
  return utc_us + int64_t(OffsetAtUtc(FloorDiv(utc_us, kMicrosPerSecond))) * kMicrosPerSecond;
}

int64_t TimeZone::LocalToUtcMicros(int64_t local_us) const {
  int64_t secs = FloorDiv(local_us, kMicrosPerSecond);
  int64_t frac = local_us - secs * kMicrosPerSecond;
  return LocalToUtc(secs) * kMicrosPerSecond + frac;
}

std::string FormatTimestampTz(int64_t utc_us, const TimeZone& zone) {
  int64_t local = zone.UtcToLocalMicros(utc_us);
  int32_t offset = static_cast<int32_t>((local - utc_us) / kMicrosPerSecond);
  std::string s = FormatTimestamp(local);
  std::string bc;
  if (s.size() > 3 && s.compare(s.size() - 3, 3, " BC") == 0) {
    bc = " BC";
    s.resize(s.size() - 3);
  }
  return s + FormatUtcOffset(offset) + bc;
}

Result<int64_t> ParseTimestampTz(std::string_view text, const TimeZone& zone) {
  std::string_view zone_text;
  ASSIGN_OR_RETURN(int64_t local, ParseTimestampAndZone(text, &zone_text, "timestamp with time zone"));
  if (zone_text.empty()) return zone.LocalToUtcMicros(local);
  if (zone_text[0] == '+' || zone_text[0] == '-') {  // an ISO-8601 offset, hours east: -07:30, +0530, -8
    int32_t offset;
    if (!ParseIsoOffset(zone_text, &offset))
      return Status(ErrorCode::kInvalidDatetimeFormat,
                    "invalid input syntax for type timestamp with time zone: \"" + std::string(text) + "\"");
    return local - int64_t{offset} * kMicrosPerSecond;
  }
  Result<std::shared_ptr<const TimeZone>> named = TimeZone::Find(zone_text);
  if (!named.ok()) {
    if (zone_text[0] == '+' || zone_text[0] == '-')
      return Status(ErrorCode::kInvalidDatetimeFormat,
                    "invalid input syntax for type timestamp with time zone: \"" + std::string(text) + "\"");
    return named.status();
  }
  return (*named)->LocalToUtcMicros(local);
}

namespace {
thread_local std::shared_ptr<const TimeZone> tls_session_zone;
}  // namespace

const TimeZone& SessionTimeZone() {
  return tls_session_zone ? *tls_session_zone : *TimeZone::Utc();
}

std::shared_ptr<const TimeZone> SessionTimeZonePtr() {
  return tls_session_zone ? tls_session_zone : TimeZone::Utc();
}

ScopedSessionTimeZone::ScopedSessionTimeZone(std::shared_ptr<const TimeZone> zone) : saved_(tls_session_zone) {
  tls_session_zone = std::move(zone);
}

ScopedSessionTimeZone::~ScopedSessionTimeZone() {
  tls_session_zone = std::move(saved_);
}

}  // namespace blueshift
