// TO_DATE(text, format) and TO_TIMESTAMP(text, format): the inverse of TO_CHAR's datetime patterns
// (YYYY YYY YY Y, MM, MON/MONTH, DD, DDD, DY/DAY, HH HH12 HH24, MI, SS, MS, US, AM/PM, "text"). As in
// PostgreSQL, a separator in the format skips one separator in the input, blanks are skipped, numbers read
// at most their pattern's width, and the result is validated. TO_TIMESTAMP returns TIMESTAMPTZ: the fields
// are wall-clock time in the session time zone.

#include <tuple>

#include "function/string_kernels.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace blueshift::scalar_internal {
namespace {

const char* const kMonthNames[] = {"january", "february", "march",     "april",   "may",      "june",
                                   "july",    "august",   "september", "october", "november", "december"};
const char* const kDayNames[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

struct Fields {
  int64_t year = 1, month = 1, day = 1, doy = 0;
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
  int pm = -1;  // -1 no AM/PM given, 0 AM, 1 PM
  bool hour12 = false;
};

bool StartsNoCase(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(p[i]))) return false;
  }
  return true;
}

// 22007 naming the input word and the pattern as the format wrote it.
Status BadValue(std::string_view input, std::string_view format, size_t pattern_size) {
  size_t end = 0;
  while (end < input.size() && end < 12 && !std::isspace(static_cast<unsigned char>(input[end]))) end++;
  return Status(ErrorCode::kInvalidDatetimeFormat, "invalid value \"" + std::string(input.substr(0, end)) +
                                                       "\" for \"" + std::string(format.substr(0, pattern_size)) +
                                                       "\"");
}

// Reads up to `width` digits (an optional leading sign for years).
bool ReadNumber(std::string_view* in, int width, int64_t* out, size_t* ndigits) {
  size_t i = 0;
  bool neg = false;
  if (!in->empty() && ((*in)[0] == '-' || (*in)[0] == '+') && width >= 4) neg = (*in)[i++] == '-';
  int64_t v = 0;
  size_t start = i;
  while (i < in->size() && i - start < size_t(width) && std::isdigit(static_cast<unsigned char>((*in)[i])))
    v = v * 10 + ((*in)[i++] - '0');
  if (i == start) return false;
  *ndigits = i - start;
  *out = neg ? -v : v;
  in->remove_prefix(i);
  return true;
}

// Reads one of `names` (full, or its first three letters when abbreviated); returns its index.
bool ReadName(std::string_view* in, const char* const* names, size_t count, bool abbreviated, int64_t* index) {
  for (size_t k = 0; k < count; k++) {
    std::string_view name = names[k];
    if (abbreviated) name = name.substr(0, 3);
    if (StartsNoCase(*in, name)) {
      in->remove_prefix(name.size());
      *index = static_cast<int64_t>(k);
      return true;
    }
  }
  return false;
}

struct NumPattern {
  const char* pat;
  int width;
  int64_t Fields::*field;
};

// Parses one pattern at the front of f against the front of in; returns format bytes used (0: no pattern).
Result<size_t> ParsePattern(std::string_view f, std::string_view* in, Fields* out) {
  int64_t index;
  for (auto [pat, abbreviated, months] : {std::tuple{"MONTH", false, true}, std::tuple{"MON", true, true},
                                          std::tuple{"DAY", false, false}, std::tuple{"DY", true, false}}) {
    if (!StartsNoCase(f, pat)) continue;
    if (!ReadName(in, months ? kMonthNames : kDayNames, months ? 12 : 7, abbreviated, &index))
      return BadValue(*in, f, std::string_view(pat).size());
    if (months) out->month = index + 1;
    return std::string_view(pat).size();
  }
  for (std::string_view p : {"A.M.", "P.M.", "AM", "PM"}) {
    if (!StartsNoCase(f, p)) continue;
    bool dotted = p.size() == 4;
    if (StartsNoCase(*in, dotted ? "A.M." : "AM")) {
      out->pm = 0;
    } else if (StartsNoCase(*in, dotted ? "P.M." : "PM")) {
      out->pm = 1;
    } else {
      return BadValue(*in, f, p.size());
    }
    in->remove_prefix(p.size());
    return p.size();
  }
  static const NumPattern kNums[] = {
      {"YYYY", 4, &Fields::year}, {"YYY", 3, &Fields::year},  {"YY", 2, &Fields::year},   {"HH24", 2, &Fields::hour},
      {"HH12", 2, &Fields::hour}, {"HH", 2, &Fields::hour},   {"MI", 2, &Fields::minute}, {"SS", 2, &Fields::second},
      {"MS", 3, &Fields::micros}, {"US", 6, &Fields::micros}, {"DDD", 3, &Fields::doy},   {"DD", 2, &Fields::day},
      {"MM", 2, &Fields::month},  {"Y", 1, &Fields::year},
  };
  for (const NumPattern& n : kNums) {
    std::string_view p = n.pat;
    if (!StartsNoCase(f, p)) continue;
    int64_t v;
    size_t digits;
    if (!ReadNumber(in, n.width, &v, &digits)) return BadValue(*in, f, p.size());
    if (p == "MS" || p == "US") {  // a fraction: "5" in MS is 500 ms
      for (size_t k = digits; k < size_t(n.width); k++) v *= 10;
      v *= p == "MS" ? 1000 : 1;
    }
    if (p == "YY" && digits <= 2) v += v < 70 ? 2000 : 1900;  // PostgreSQL's century rule
    if (p == "YYY" && digits <= 3) v += v < 100 ? 2000 : 1000;
    if (p == "Y" && digits == 1) v += 2000;
    if (p == "HH12" || p == "HH") out->hour12 = true;
    out->*n.field = v;
    return p.size();
  }
  return size_t{0};
}

Result<int64_t> ParseWithFormat(std::string_view in, std::string_view f, bool want_time) {
  Fields x;
  std::string_view original = in;
  while (!f.empty()) {
    while (!in.empty() && in[0] == ' ') in.remove_prefix(1);
    bool fm = StartsNoCase(f, "FM") || StartsNoCase(f, "FX");
    if (fm) f.remove_prefix(2);
    ASSIGN_OR_RETURN(size_t used, ParsePattern(f, &in, &x));
    if (used) {
      f.remove_prefix(used);
    } else if (f[0] == '"') {
      size_t end = f.find('"', 1);
      size_t len = end == std::string_view::npos ? f.size() - 1 : end - 1;
      in.remove_prefix(std::min(len, in.size()));
      f.remove_prefix(end == std::string_view::npos ? f.size() : end + 1);
    } else {
      if (f[0] != ' ' && !in.empty() && !std::isalnum(static_cast<unsigned char>(in[0]))) in.remove_prefix(1);
      f.remove_prefix(1);
    }
  }
  if (x.hour12) {
    if (x.hour < 1 || x.hour > 12)
      return Status(ErrorCode::kInvalidDatetimeFormat,
                    "hour \"" + std::to_string(x.hour) + "\" is invalid for the 12-hour clock");
    if (x.hour == 12) x.hour = 0;
  }
  if (x.pm == 1) x.hour += 12;
  auto out_of_range = [&] {
    return Status(ErrorCode::kDatetimeFieldOverflow,
                  "date/time field value out of range: \"" + std::string(original) + "\"");
  };
  int64_t days;
  if (x.doy > 0) {
    if (x.doy > 366) return out_of_range();
    days = DaysFromCivil(x.year, 1, 1) + x.doy - 1;
  } else {
    if (!IsValidCivil(x.year, static_cast<unsigned>(x.month), static_cast<unsigned>(x.day))) return out_of_range();
    days = DaysFromCivil(x.year, static_cast<unsigned>(x.month), static_cast<unsigned>(x.day));
  }
  if (!want_time) return days;
  if (x.hour > 24 || x.minute > 59 || x.second > 60) return out_of_range();
  return days * kMicrosPerDay + ((x.hour * 60 + x.minute) * 60 + x.second) * kMicrosPerSecond + x.micros;
}

Status ToDate(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(int64_t days, ParseWithFormat(StrAt(args[0], i), StrAt(args[1], i), false));
    out->data<int32_t>()[i] = static_cast<int32_t>(days);
  }
  return Status::OK();
}

Status ToTimestamp(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const TimeZone& zone = SessionTimeZone();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(int64_t local, ParseWithFormat(StrAt(args[0], i), StrAt(args[1], i), true));
    out->data<int64_t>()[i] = zone.LocalToUtcMicros(local);
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveToDate(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  auto text = [](const LogicalType& t) { return t.IsString() || t.id() == TypeId::kNull; };
  if (args.size() != 2 || !text(args[0]) || !text(args[1])) return NoSuchFunction(name, args);
  std::vector<LogicalType> types = {LogicalType::Varchar(LogicalType::kMaxVarcharLength),
                                    LogicalType::Varchar(LogicalType::kMaxVarcharLength)};
  if (name == "to_date") return MakeBound(name, std::move(types), LogicalType::Date(), ToDate);
  return MakeBound(name, std::move(types), LogicalType::TimestampTz(), ToTimestamp);
}

}  // namespace

std::vector<ScalarEntry> ToDateFunctions() {
  return {{"to_date", ResolveToDate}, {"to_timestamp", ResolveToDate}};
}

}  // namespace blueshift::scalar_internal
