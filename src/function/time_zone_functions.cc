// CONVERT_TIMEZONE([source,] target, timestamp) and timezone(zone, x), which is x AT TIME ZONE zone:
// a TIMESTAMP is read as wall-clock time in the zone (giving a TIMESTAMPTZ), a TIMESTAMPTZ is shown as
// wall-clock time in the zone (giving a TIMESTAMP). Zones are names from the system's tz database, fixed
// abbreviations or POSIX-style specifications (types/time_zone.h); constant zones resolve at bind time.

#include "function/scalar_internal.h"
#include "types/time_zone.h"

namespace blueshift::scalar_internal {
namespace {

using ZonePtr = std::shared_ptr<const TimeZone>;

// Bind-time zones of the zone arguments (null where the argument is not a constant).
struct ZoneData {
  std::vector<ZonePtr> zones;
};

Result<ZonePtr> ZoneAt(const ZoneData& d, std::span<const Vector* const> args, size_t k, size_t i) {
  if (d.zones[k]) return d.zones[k];
  return TimeZone::Find(StrAt(args[k], i));
}

// args: [source,] target, timestamp.
Status ConvertTimezone(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const ZoneData*>(data);
  bool has_source = args.size() == 3;
  const Vector* ts = args.back();
  int64_t* r = out->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ZonePtr source = TimeZone::Utc();
    if (has_source) {
      ASSIGN_OR_RETURN(source, ZoneAt(d, args, 0, i));
    }
    ASSIGN_OR_RETURN(ZonePtr target, ZoneAt(d, args, has_source ? 1 : 0, i));
    r[i] = target->UtcToLocalMicros(source->LocalToUtcMicros(ts->data<int64_t>()[i]));
  }
  return Status::OK();
}

// timezone(zone, timestamp) -> timestamptz; timezone(zone, timestamptz) -> timestamp.
Status AtTimeZone(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const ZoneData*>(data);
  bool to_local = args[1]->type().id() == TypeId::kTimestampTz;
  int64_t* r = out->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(ZonePtr zone, ZoneAt(d, args, 0, i));
    int64_t v = args[1]->data<int64_t>()[i];
    r[i] = to_local ? zone->UtcToLocalMicros(v) : zone->LocalToUtcMicros(v);
  }
  return Status::OK();
}

bool IsText(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

LogicalType AsText(const LogicalType& t) {
  return t.IsString() ? t : LogicalType::Varchar();
}

// Resolves the constant zone arguments among the first `count`; an unknown constant zone is an error now.
Result<std::shared_ptr<ZoneData>> BindZones(const std::vector<Value>& constants, size_t count) {
  auto d = std::make_shared<ZoneData>();
  d->zones.resize(count);
  for (size_t k = 0; k < count; k++) {
    if (const Value* v = ConstantArg(constants, k); v && v->type().IsString()) {
      ASSIGN_OR_RETURN(d->zones[k], TimeZone::Find(v->GetString()));
    }
  }
  return d;
}

Result<BoundScalarFunction> ResolveConvertTimezone(const std::string& name, const std::vector<LogicalType>& args,
                                                   const std::vector<Value>& constants) {
  if (args.size() < 2 || args.size() > 3) return NoSuchFunction(name, args);
  size_t zones = args.size() - 1;
  std::vector<LogicalType> types;
  for (size_t k = 0; k < zones; k++) {
    if (!IsText(args[k])) return NoSuchFunction(name, args);
    types.push_back(AsText(args[k]));
  }
  const LogicalType& ts = args.back();
  if (!(ts.IsTemporal() || IsText(ts))) return NoSuchFunction(name, args);
  types.push_back(LogicalType::Timestamp());
  ASSIGN_OR_RETURN(std::shared_ptr<ZoneData> d, BindZones(constants, zones));
  return MakeBound(name, std::move(types), LogicalType::Timestamp(), ConvertTimezone, d);
}

Result<BoundScalarFunction> ResolveAtTimeZone(const std::string& name, const std::vector<LogicalType>& args,
                                              const std::vector<Value>& constants) {
  if (args.size() != 2 || !IsText(args[0])) return NoSuchFunction(name, args);
  if (!(args[1].IsTemporal() || IsText(args[1]))) return NoSuchFunction(name, args);
  bool from_tz = args[1].id() == TypeId::kTimestampTz;
  LogicalType in = from_tz ? LogicalType::TimestampTz() : LogicalType::Timestamp();
  LogicalType ret = from_tz ? LogicalType::Timestamp() : LogicalType::TimestampTz();
  ASSIGN_OR_RETURN(std::shared_ptr<ZoneData> d, BindZones(constants, 1));
  return MakeBound(name, {AsText(args[0]), in}, ret, AtTimeZone, d);
}

}  // namespace

std::vector<ScalarEntry> TimeZoneFunctions() {
  return {{"convert_timezone", ResolveConvertTimezone}, {"timezone", ResolveAtTimeZone}};
}

}  // namespace blueshift::scalar_internal
