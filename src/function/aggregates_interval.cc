// SUM and AVG of intervals. The months and the microseconds of the inputs are summed apart, in int128, so
// only a final result outside the type's range fails (22008 interval out of range). SUM keeps the input's
// kind (YEAR TO MONTH, DAY TO SECOND or the unqualified INTERVAL); AVG of YEAR TO MONTH is an unqualified
// INTERVAL, since a fraction of a month becomes days (PostgreSQL's rule: a month is 30 days).

#include "function/aggregate_internal.h"
#include "types/interval.h"

namespace blueshift::aggregate_internal {
namespace {

struct IntervalState {
  int128_t months;
  int128_t micros;
  int64_t count;
};

Status IntervalUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const LogicalType& t = v.type();
  bool wide = t.physical() == PhysicalType::kInt128;
  for (size_t i = 0; i < n; i++) {
    if (v.IsNull(i)) continue;
    IntervalParts p = IntervalPartsOf(t, wide ? v.data<int128_t>()[i] : int128_t{v.data<int64_t>()[i]});
    auto& s = StateAt<IntervalState>(states[i]);
    s.months += p.months;
    s.micros += p.micros;
    s.count++;
  }
  return Status::OK();
}

Status IntervalCombine(uint8_t* target, const uint8_t* source) {
  auto& t = StateAt<IntervalState>(target);
  const auto& s = StateAt<IntervalState>(source);
  t.months += s.months;
  t.micros += s.micros;
  t.count += s.count;
  return Status::OK();
}

int128_t RoundDiv(int128_t a, int64_t b) {
  int128_t q = a / b, r = a % b;
  if ((r < 0 ? -r : r) * 2 >= b) q += a < 0 ? -1 : 1;
  return q;
}

template <bool kAvg>
Status IntervalFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<IntervalState>(state);
  out->SetNull(row, s.count == 0);
  if (s.count == 0) return Status::OK();
  int128_t months = s.months, micros = s.micros;
  if (kAvg) {
    int128_t whole = months / s.count;
    micros = RoundDiv(micros + (months - whole * s.count) * kMicrosPerMonthSpan, s.count);
    months = whole;
  }
  constexpr int128_t kMaxMicros = INT64_MAX;
  if (months > kMaxIntervalMonths || months < -kMaxIntervalMonths || micros > kMaxMicros || micros < -kMaxMicros)
    return Status(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
  IntervalParts parts{static_cast<int64_t>(months), static_cast<int64_t>(micros)};
  ASSIGN_OR_RETURN(int128_t raw, IntervalToType(out->type(), parts));
  if (out->type().physical() == PhysicalType::kInt128) {
    out->data<int128_t>()[row] = raw;
  } else {
    out->data<int64_t>()[row] = static_cast<int64_t>(raw);
  }
  return Status::OK();
}

}  // namespace

Result<AggregateFunction> ResolveIntervalSumAvg(const std::string& name, const LogicalType& t) {
  bool avg = name == "avg";
  LogicalType ret = LogicalType::Interval();
  if (t.id() == TypeId::kIntervalDS) ret = LogicalType::Interval(IntervalFields::kDayToSecond);
  if (t.id() == TypeId::kIntervalYM && !avg) ret = LogicalType::Interval(IntervalFields::kYearToMonth);
  AggregateFunction f = MakeAggregate<IntervalState>(name, {t}, ret);
  f.update = IntervalUpdate;
  f.combine = IntervalCombine;
  f.finalize = avg ? IntervalFinalize<true> : IntervalFinalize<false>;
  return f;
}

}  // namespace blueshift::aggregate_internal
