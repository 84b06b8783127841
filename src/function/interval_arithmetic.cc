// Arithmetic with intervals: interval +/- interval, interval * / number, unary minus, date, timestamp and
// timestamptz +/- interval, time and timetz +/- interval, and timestamp - timestamp / time - time. Months
// move a timestamp through the calendar (Jan 31 + 1 month = Feb 28/29, as PostgreSQL); microseconds are
// absolute. A TIMESTAMPTZ moves its months in the session time zone.

#include <cmath>
#include <optional>

#include "function/arithmetic_kernels.h"
#include "function/date_parts.h"
#include "function/interval_arithmetic.h"
#include "types/datetime.h"
#include "types/interval.h"
#include "types/time_zone.h"
#include "types/timetz.h"

namespace blueshift::scalar_internal {
namespace {

int128_t RawAt(const Vector* v, size_t i) {
  return v->type().physical() == PhysicalType::kInt128 ? v->data<int128_t>()[i] : int128_t{v->data<int64_t>()[i]};
}

IntervalParts PartsAt(const Vector* v, size_t i) {
  return IntervalPartsOf(v->type(), RawAt(v, i));
}

Status Store(Vector* out, size_t i, IntervalParts parts) {
  ASSIGN_OR_RETURN(int128_t raw, IntervalToType(out->type(), parts));
  if (out->type().physical() == PhysicalType::kInt128) {
    out->data<int128_t>()[i] = raw;
  } else {
    out->data<int64_t>()[i] = static_cast<int64_t>(raw);
  }
  return Status::OK();
}

Status OutOfRange() {
  return Status(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
}

template <bool kSubtract>
Status AddIntervals(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    IntervalParts a = PartsAt(args[0], i), b = PartsAt(args[1], i), r;
    if (kSubtract ? __builtin_sub_overflow(a.micros, b.micros, &r.micros)
                  : __builtin_add_overflow(a.micros, b.micros, &r.micros))
      return OutOfRange();
    r.months = kSubtract ? a.months - b.months : a.months + b.months;
    RETURN_IF_ERROR(Store(out, i, r));
  }
  return Status::OK();
}

double NumberAt(const Vector* v, size_t i) {
  const LogicalType& t = v->type();
  switch (t.id()) {
    case TypeId::kReal:
      return v->data<float>()[i];
    case TypeId::kDouble:
      return v->data<double>()[i];
    case TypeId::kDecimal: {  // unscaled digits over 10^scale: 1.5 is 15 at scale 1
      double unscaled = t.physical() == PhysicalType::kInt128 ? static_cast<double>(v->data<int128_t>()[i])
                                                              : static_cast<double>(v->data<int64_t>()[i]);
      return unscaled / std::pow(10.0, t.scale());
    }
    default:
      return static_cast<double>(IntAt(v, i));
  }
}

// interval * number, number * interval, interval / number. PostgreSQL's interval_mul: a fraction of a
// month spills into days of 30 (dropped when the type holds months only).
template <bool kDivide>
Status ScaleInterval(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  bool interval_first = args[0]->type().IsInterval();
  const Vector* iv = interval_first ? args[0] : args[1];
  const Vector* num = interval_first ? args[1] : args[0];
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    double f = NumberAt(num, i);
    if (kDivide) {
      if (f == 0) return Status(ErrorCode::kDivisionByZero, "division by zero");
      f = 1 / f;
    }
    IntervalParts p = PartsAt(iv, i);
    double months = static_cast<double>(p.months) * f;
    double micros = static_cast<double>(p.micros) * f;
    if (!(std::fabs(months) <= static_cast<double>(kMaxIntervalMonths)) || !(std::fabs(micros) < 9.2e18))
      return OutOfRange();
    double whole = std::trunc(months);
    IntervalParts r{static_cast<int64_t>(whole), static_cast<int64_t>(std::llround(micros))};
    if (out->type().id() != TypeId::kIntervalYM) r.micros += std::llround((months - whole) * kMicrosPerMonthSpan);
    RETURN_IF_ERROR(Store(out, i, r));
  }
  return Status::OK();
}

Status NegateInterval(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    IntervalParts p = PartsAt(args[0], i);
    RETURN_IF_ERROR(Store(out, i, {-p.months, -p.micros}));
  }
  return Status::OK();
}

// A timestamp (local microseconds) moved by an interval.
Result<int64_t> Shift(int64_t ts, IntervalParts p, bool subtract) {
  if (subtract) p = {-p.months, -p.micros};
  if (p.months != 0) {
    ASSIGN_OR_RETURN(ts, date_parts::Add(date_parts::DatePart::kMonth, p.months, ts));
  }
  int64_t r;
  if (__builtin_add_overflow(ts, p.micros, &r) || !date_parts::InTimestampRange(r))
    return Status(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
  return r;
}

template <bool kSubtract>
Status TimestampShift(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  bool ts_first = !args[0]->type().IsInterval();
  const Vector* ts = ts_first ? args[0] : args[1];
  const Vector* iv = ts_first ? args[1] : args[0];
  TypeId kind = ts->type().id();
  const TimeZone& zone = SessionTimeZone();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    IntervalParts p = PartsAt(iv, i);
    int64_t v = kind == TypeId::kDate ? int64_t{ts->data<int32_t>()[i]} * kMicrosPerDay : ts->data<int64_t>()[i];
    if (kind == TypeId::kTimestampTz) {  // months in local time, then absolute microseconds
      IntervalParts months_only{p.months, 0}, micros_only{0, p.micros};
      ASSIGN_OR_RETURN(int64_t moved, Shift(zone.UtcToLocalMicros(v), months_only, kSubtract));
      ASSIGN_OR_RETURN(v, Shift(zone.LocalToUtcMicros(moved), micros_only, kSubtract));
    } else {
      ASSIGN_OR_RETURN(v, Shift(v, p, kSubtract));
    }
    out->data<int64_t>()[i] = v;
  }
  return Status::OK();
}

int64_t WrapDay(int64_t micros) {
  int64_t r = micros % kMicrosPerDay;
  return r < 0 ? r + kMicrosPerDay : r;
}

// time/timetz +/- interval: the time of day wraps around midnight; months do not move it (PostgreSQL).
template <bool kSubtract>
Status TimeShift(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  bool time_first = !args[0]->type().IsInterval();
  const Vector* tv = time_first ? args[0] : args[1];
  const Vector* iv = time_first ? args[1] : args[0];
  bool tz = tv->type().id() == TypeId::kTimeTz;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int64_t delta = PartsAt(iv, i).micros % kMicrosPerDay;
    if (kSubtract) delta = -delta;
    int64_t v = tv->data<int64_t>()[i];
    if (tz) {
      TimeTz t = UnpackTimeTz(v);
      t.micros = WrapDay(t.micros + delta);
      out->data<int64_t>()[i] = PackTimeTz(t);
    } else {
      out->data<int64_t>()[i] = WrapDay(v + delta);
    }
  }
  return Status::OK();
}

// timestamp - timestamp, timestamptz - timestamptz, time - time: the difference as an interval.
Status Difference(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int64_t d;
    if (__builtin_sub_overflow(args[0]->data<int64_t>()[i], args[1]->data<int64_t>()[i], &d)) return OutOfRange();
    RETURN_IF_ERROR(Store(out, i, {0, d}));
  }
  return Status::OK();
}

// The result type of interval +/- interval and of scaling: YEAR TO MONTH and DAY TO SECOND keep their
// kind (at full range), anything mixed is the unqualified INTERVAL.
LogicalType SumType(const LogicalType& a, const LogicalType& b) {
  if (a.id() == b.id() && a.id() == TypeId::kIntervalYM) return LogicalType::Interval(IntervalFields::kYearToMonth);
  if (a.id() == b.id() && a.id() == TypeId::kIntervalDS) return LogicalType::Interval(IntervalFields::kDayToSecond);
  return LogicalType::Interval();
}

bool IsTimestampLike(const LogicalType& t) {
  return t.IsTemporal();
}

// INTERVAL_CMP: -1, 0 or 1 as the first interval's span (a month counted as 30 days) is smaller, equal or
// larger; '7 days' and '1 week' compare equal, as do '1 mon' and '30 days'.
Status IntervalCmp(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int128_t a = PackInterval(PartsAt(args[0], i)) >> 32, b = PackInterval(PartsAt(args[1], i)) >> 32;
    out->data<int32_t>()[i] = a < b ? -1 : (a > b ? 1 : 0);
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveIntervalCmp(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  auto usable = [](const LogicalType& t) { return t.IsInterval() || t.IsString() || t.id() == TypeId::kNull; };
  if (args.size() != 2 || !usable(args[0]) || !usable(args[1])) return NoSuchFunction(name, args);
  LogicalType a = args[0].IsInterval() ? args[0] : LogicalType::Interval();
  LogicalType b = args[1].IsInterval() ? args[1] : LogicalType::Interval();
  return MakeBound(name, {a, b}, LogicalType::Integer(), IntervalCmp);
}

}  // namespace

std::vector<ScalarEntry> IntervalFunctions() {
  return {{"interval_cmp", ResolveIntervalCmp}};
}

std::optional<BoundScalarFunction> ResolveIntervalArithmetic(const std::string& name, const LogicalType& a,
                                                             const LogicalType& b) {
  bool add = name == "+", sub = name == "-";
  if (a.IsInterval() && b.IsInterval() && (add || sub)) {
    return MakeBound(name, {a, b}, SumType(a, b), add ? AddIntervals<false> : AddIntervals<true>);
  }
  if ((a.IsInterval() && b.IsNumeric() && (name == "*" || name == "/")) ||
      (a.IsNumeric() && b.IsInterval() && name == "*")) {
    const LogicalType& iv = a.IsInterval() ? a : b;
    return MakeBound(name, {a, b}, SumType(iv, iv), name == "/" ? ScaleInterval<true> : ScaleInterval<false>);
  }
  if ((IsTimestampLike(a) && b.IsInterval() && (add || sub)) || (a.IsInterval() && IsTimestampLike(b) && add)) {
    const LogicalType& ts = a.IsInterval() ? b : a;
    LogicalType ret = ts.id() == TypeId::kDate ? LogicalType::Timestamp() : ts;
    return MakeBound(name, {a, b}, ret, sub ? TimestampShift<true> : TimestampShift<false>);
  }
  auto is_time = [](const LogicalType& t) { return t.id() == TypeId::kTime || t.id() == TypeId::kTimeTz; };
  auto day_time = [](const LogicalType& t) { return t.id() == TypeId::kIntervalDS || t.id() == TypeId::kInterval; };
  if ((is_time(a) && day_time(b) && (add || sub)) || (day_time(a) && is_time(b) && add)) {
    return MakeBound(name, {a, b}, is_time(a) ? a : b, sub ? TimeShift<true> : TimeShift<false>);
  }
  bool same_clock =
      a.id() == b.id() && (a.id() == TypeId::kTimestamp || a.id() == TypeId::kTimestampTz || a.id() == TypeId::kTime);
  if (sub && same_clock) return MakeBound(name, {a, b}, LogicalType::Interval(), Difference);
  return std::nullopt;
}

std::optional<BoundScalarFunction> ResolveIntervalNegate(const std::string& name, const LogicalType& a) {
  if (!a.IsInterval()) return std::nullopt;
  return MakeBound(name, {a}, SumType(a, a), NegateInterval);
}

}  // namespace blueshift::scalar_internal
