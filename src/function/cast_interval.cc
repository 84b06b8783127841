// Casts among the interval types (YEAR TO MONTH, DAY TO SECOND with their qualifiers, and the unqualified
// INTERVAL of expressions), and between TIMETZ and the other time types. TIMETZ keeps the offset it was
// given; TIME and TIMESTAMP values become TIMETZ in the session time zone, as PostgreSQL's casts do.

#include "function/cast_internal.h"
#include "types/datetime.h"
#include "types/interval.h"
#include "types/time_zone.h"
#include "types/timetz.h"

namespace blueshift::cast_internal {
namespace {

int128_t RawAt(const Vector& v, size_t i) {
  return v.type().physical() == PhysicalType::kInt128 ? v.data<int128_t>()[i] : int128_t{v.data<int64_t>()[i]};
}

void StoreRaw(Vector* out, size_t i, int128_t raw) {
  if (out->type().physical() == PhysicalType::kInt128) {
    out->data<int128_t>()[i] = raw;
  } else {
    out->data<int64_t>()[i] = static_cast<int64_t>(raw);
  }
}

// The TIMETZ of a TIME/TIMESTAMP/TIMESTAMPTZ value: zone-less values are local time in `zone`.
int64_t ToTimeTz(const Vector& in, size_t i, const TimeZone& zone) {
  int64_t v = in.data<int64_t>()[i];
  switch (in.type().id()) {
    case TypeId::kTimestampTz:
      return TimeTzFromUtc(v, zone);
    case TypeId::kTimestamp:
      return TimeTzFromUtc(zone.LocalToUtcMicros(v), zone);
    default:  // TIME: today's offset, as PostgreSQL's time -> timetz
      return PackTimeTz({v, OffsetNow(zone)});
  }
}

}  // namespace

bool IsIntervalCast(const LogicalType& from, const LogicalType& to) {
  return from.IsInterval() && to.IsInterval() &&
         !(from.id() == TypeId::kIntervalYM && to.id() == TypeId::kIntervalDS) &&
         !(from.id() == TypeId::kIntervalDS && to.id() == TypeId::kIntervalYM);
}

bool IsTimeTzCast(const LogicalType& from, const LogicalType& to) {
  auto source = [](TypeId t) {
    return t == TypeId::kTime || t == TypeId::kTimestamp || t == TypeId::kTimestampTz || t == TypeId::kTimeTz;
  };
  return (to.id() == TypeId::kTimeTz && source(from.id())) ||
         (from.id() == TypeId::kTimeTz && to.id() == TypeId::kTime);
}

Status CastInterval(const Vector& in, size_t n, Vector* out) {
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    ASSIGN_OR_RETURN(int128_t raw, IntervalToType(out->type(), IntervalPartsOf(in.type(), RawAt(in, i))));
    StoreRaw(out, i, raw);
  }
  return Status::OK();
}

Status CastTimeTz(const Vector& in, size_t n, Vector* out) {
  const TimeZone& zone = SessionTimeZone();
  bool to_time = out->type().id() == TypeId::kTime;
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    if (to_time) {
      out->data<int64_t>()[i] = UnpackTimeTz(in.data<int64_t>()[i]).micros;  // the local time, offset dropped
    } else if (in.type().id() == TypeId::kTimeTz) {
      out->data<int64_t>()[i] = in.data<int64_t>()[i];
    } else {
      out->data<int64_t>()[i] = ToTimeTz(in, i, zone);
    }
  }
  return Status::OK();
}

}  // namespace blueshift::cast_internal
