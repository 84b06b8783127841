// Casts among DATE, TIMESTAMP, TIMESTAMPTZ and TIME. TIMESTAMPTZ holds UTC; the conversions to and from
// the zone-less types go through the session time zone (SessionTimeZone), as Redshift's do.

#include "function/cast_internal.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace blueshift::cast_internal {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The value at row i as wall-clock microseconds in the session zone (DATE: its midnight).
int64_t LocalMicros(const Vector& in, size_t i, const TimeZone& zone) {
  switch (in.type().id()) {
    case TypeId::kDate:
      return int64_t{in.data<int32_t>()[i]} * kMicrosPerDay;
    case TypeId::kTimestampTz:
      return zone.UtcToLocalMicros(in.data<int64_t>()[i]);
    default:
      return in.data<int64_t>()[i];
  }
}

}  // namespace

Status CastTemporal(const Vector& in, size_t n, Vector* out) {
  const TimeZone& zone = SessionTimeZone();
  TypeId to = out->type().id();
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    int64_t local = LocalMicros(in, i, zone);
    switch (to) {
      case TypeId::kDate:
        out->data<int32_t>()[i] = static_cast<int32_t>(FloorDiv(local, kMicrosPerDay));
        break;
      case TypeId::kTimestampTz:
        out->data<int64_t>()[i] =
            in.type().id() == TypeId::kTimestampTz ? in.data<int64_t>()[i] : zone.LocalToUtcMicros(local);
        break;
      case TypeId::kTime:
        out->data<int64_t>()[i] = local - FloorDiv(local, kMicrosPerDay) * kMicrosPerDay;
        break;
      default:
        out->data<int64_t>()[i] = local;
    }
  }
  return Status::OK();
}

}  // namespace blueshift::cast_internal
