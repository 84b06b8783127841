// EXTRACT and DATE_PART of TIME, TIMETZ and interval values. A TIMETZ answers in its own offset (Redshift:
// "literals aren't converted to UTC before the extraction"), plus TIMEZONE, TIMEZONE_HOUR and
// TIMEZONE_MINUTE; intervals answer as PostgreSQL's extract does (epoch counts a month as 30 days).

#include <optional>
#include <string>

#include "function/date_parts.h"
#include "function/time_parts.h"
#include "types/datetime.h"
#include "types/interval.h"
#include "types/timetz.h"

namespace blueshift::scalar_internal {
namespace {

using date_parts::DatePart;

// A part as the kernels take it: a DatePart, or one of TIMETZ's zone parts.
enum class ZonePart { kNone, kTimezone, kTimezoneHour, kTimezoneMinute };
struct TimePart {
  DatePart part = DatePart::kHour;
  ZonePart zone = ZonePart::kNone;
};

struct TimePartData {
  std::optional<TimePart> part;  // known at bind time when the part is a constant
  LogicalType source;
};

Status Unsupported(std::string_view part, const LogicalType& source) {
  return Status(ErrorCode::kFeatureNotSupported,
                "unit \"" + std::string(part) + "\" not supported for type " + source.ToString());
}

const char* IntervalPartName(DatePart p) {
  switch (p) {
    case DatePart::kYear:
      return "year";
    case DatePart::kMonth:
      return "month";
    case DatePart::kDay:
      return "day";
    case DatePart::kHour:
      return "hour";
    case DatePart::kMinute:
      return "minute";
    case DatePart::kSecond:
      return "second";
    case DatePart::kMillisecond:
      return "millisecond";
    case DatePart::kMicrosecond:
      return "microsecond";
    case DatePart::kEpoch:
      return "epoch";
    default:
      return nullptr;
  }
}

bool ClockPart(DatePart p) {
  return p == DatePart::kHour || p == DatePart::kMinute || p == DatePart::kSecond || p == DatePart::kMillisecond ||
         p == DatePart::kMicrosecond || p == DatePart::kEpoch;
}

Result<TimePart> ParsePart(std::string_view raw, const LogicalType& source) {
  std::string name;
  for (char c : raw) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (source.id() == TypeId::kTimeTz) {
    if (name == "timezone") return TimePart{DatePart::kHour, ZonePart::kTimezone};
    if (name == "timezone_hour") return TimePart{DatePart::kHour, ZonePart::kTimezoneHour};
    if (name == "timezone_minute") return TimePart{DatePart::kHour, ZonePart::kTimezoneMinute};
  }
  ASSIGN_OR_RETURN(DatePart p, date_parts::ParseDatePart(raw));
  bool ok = source.IsInterval() ? IntervalPartName(p) != nullptr : ClockPart(p);
  if (!ok) return Unsupported(raw, source);
  return TimePart{p, ZonePart::kNone};
}

Result<double> Evaluate(const TimePart& p, const Vector* v, size_t i) {
  const LogicalType& t = v->type();
  if (t.IsInterval()) {
    int128_t raw = t.physical() == PhysicalType::kInt128 ? v->data<int128_t>()[i] : v->data<int64_t>()[i];
    double out = 0;
    IntervalDatePart(IntervalPartName(p.part), IntervalPartsOf(t, raw), &out);
    return out;
  }
  int64_t micros = v->data<int64_t>()[i];
  if (t.id() == TypeId::kTimeTz) {
    TimeTz tz = UnpackTimeTz(micros);
    switch (p.zone) {
      case ZonePart::kTimezone:
        return static_cast<double>(tz.offset);
      case ZonePart::kTimezoneHour:
        return static_cast<double>(tz.offset / 3600);
      case ZonePart::kTimezoneMinute:
        return static_cast<double>(tz.offset % 3600 / 60);
      case ZonePart::kNone:
        break;
    }
    // The epoch of a TIMETZ is its UTC time of day in seconds (PostgreSQL).
    micros = p.part == DatePart::kEpoch ? tz.micros - int64_t{tz.offset} * kMicrosPerSecond : tz.micros;
  }
  if (p.part == DatePart::kEpoch) return static_cast<double>(micros) / kMicrosPerSecond;
  return date_parts::Extract(p.part, micros);
}

template <bool kInteger>
Status TimePartKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const TimePartData*>(data);
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    TimePart p;
    if (d.part) {
      p = *d.part;
    } else {
      ASSIGN_OR_RETURN(p, ParsePart(StrAt(args[0], i), d.source));
    }
    ASSIGN_OR_RETURN(double v, Evaluate(p, args[1], i));
    if constexpr (kInteger) {
      out->data<int32_t>()[i] = static_cast<int32_t>(v);
    } else {
      out->data<double>()[i] = v;
    }
  }
  return Status::OK();
}

bool WholePart(const TimePart& p) {
  return p.zone != ZonePart::kNone || (p.part != DatePart::kSecond && p.part != DatePart::kMillisecond &&
                                       p.part != DatePart::kMicrosecond && p.part != DatePart::kEpoch);
}

// DATEADD and DATEDIFF of TIME and TIMETZ values take a clock part (hour to microsecond).
Result<DatePart> ParseClockPart(std::string_view raw, const LogicalType& source) {
  ASSIGN_OR_RETURN(DatePart p, date_parts::ParseDatePart(raw));
  if (!ClockPart(p) || p == DatePart::kEpoch) return Unsupported(raw, source);
  return p;
}

int64_t ClockPartMicros(DatePart p) {
  switch (p) {
    case DatePart::kHour:
      return int64_t{3600} * kMicrosPerSecond;
    case DatePart::kMinute:
      return 60 * kMicrosPerSecond;
    case DatePart::kSecond:
      return kMicrosPerSecond;
    case DatePart::kMillisecond:
      return 1000;
    default:
      return 1;
  }
}

struct ClockData {
  std::optional<DatePart> part;
  LogicalType source;
};

Result<DatePart> ClockPartAt(const ClockData& d, std::span<const Vector* const> args, size_t i) {
  if (d.part) return *d.part;
  return ParseClockPart(StrAt(args[0], i), d.source);
}

// A time of day plus n parts wraps around midnight, as PostgreSQL's time + interval does; a TIMETZ keeps
// its offset.
Status TimeAddKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const ClockData*>(data);
  const bool tz = d.source.id() == TypeId::kTimeTz;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, ClockPartAt(d, args, i));
    const int64_t unit = ClockPartMicros(p);
    const int64_t step = IntAt(args[1], i) % (kMicrosPerDay / unit) * unit;
    const int64_t raw = args[2]->data<int64_t>()[i];
    TimeTz t = tz ? UnpackTimeTz(raw) : TimeTz{raw, 0};
    t.micros = ((t.micros % kMicrosPerDay + step) % kMicrosPerDay + kMicrosPerDay) % kMicrosPerDay;
    out->data<int64_t>()[i] = tz ? PackTimeTz(t) : t.micros;
  }
  return Status::OK();
}

// The part boundaries crossed from a to b; TIMETZ values compare by their UTC time of day.
Status TimeDiffKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const ClockData*>(data);
  const bool tz = d.source.id() == TypeId::kTimeTz;
  auto micros = [&](const Vector* v, size_t i) {
    const int64_t raw = v->data<int64_t>()[i];
    return tz ? TimeTzUtcMicros(UnpackTimeTz(raw)) : raw;
  };
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(DatePart p, ClockPartAt(d, args, i));
    ASSIGN_OR_RETURN(out->data<int64_t>()[i], date_parts::Diff(p, micros(args[1], i), micros(args[2], i)));
  }
  return Status::OK();
}

bool IsTime(const LogicalType& t) {
  return t.id() == TypeId::kTime || t.id() == TypeId::kTimeTz;
}

}  // namespace

bool IsTimePartSource(const LogicalType& t) {
  return t.id() == TypeId::kTime || t.id() == TypeId::kTimeTz || t.IsInterval();
}

Result<BoundScalarFunction> ResolveTimePart(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>& constants) {
  auto d = std::make_shared<TimePartData>();
  d->source = args[1];
  if (const Value* v = ConstantArg(constants, 0); v && v->type().IsString()) {
    ASSIGN_OR_RETURN(d->part, ParsePart(v->GetString(), args[1]));
  }
  LogicalType part = LogicalType::Varchar();
  // EXTRACT of a whole-number part is an INTEGER for TIME and TIMETZ sources (Redshift docs, EXTRACT).
  if (name == "extract" && d->part && WholePart(*d->part)) {
    return MakeBound(name, {part, args[1]}, LogicalType::Integer(), TimePartKernel<true>, d);
  }
  return MakeBound(name, {part, args[1]}, LogicalType::Double(), TimePartKernel<false>, d);
}

}  // namespace blueshift::scalar_internal

namespace blueshift::scalar_internal {

bool IsTimeAddDiff(const std::vector<LogicalType>& args) {
  if (args.size() != 3) return false;
  const LogicalType& last = args[2];
  if (!IsTime(last)) return IsTime(args[1]) && (last.IsString() || last.id() == TypeId::kNull);
  return true;
}

Result<BoundScalarFunction> ResolveTimeAddDiff(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>& constants) {
  const bool add = name == "dateadd" || name == "date_add";
  const LogicalType source = IsTime(args[2]) ? args[2] : args[1];
  auto untyped = [](const LogicalType& t) { return t.IsString() || t.id() == TypeId::kNull; };
  if (!untyped(args[0])) return NoSuchFunction(name, args);
  if (add && !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) return NoSuchFunction(name, args);
  if (!add && args[1].id() != source.id() && !untyped(args[1])) return NoSuchFunction(name, args);
  if (!add && args[2].id() != source.id() && !untyped(args[2])) return NoSuchFunction(name, args);
  auto d = std::make_shared<ClockData>();
  d->source = source;
  if (const Value* v = ConstantArg(constants, 0); v && v->type().IsString()) {
    ASSIGN_OR_RETURN(d->part, ParseClockPart(v->GetString(), source));
  }
  const LogicalType part = LogicalType::Varchar();
  if (add) return MakeBound(name, {part, LogicalType::BigInt(), source}, source, TimeAddKernel, d);
  return MakeBound(name, {part, source, source}, LogicalType::BigInt(), TimeDiffKernel, d);
}

}  // namespace blueshift::scalar_internal
