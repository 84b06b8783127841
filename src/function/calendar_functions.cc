// MONTHS_BETWEEN and NEXT_DAY.

#include "function/date_parts.h"
#include "function/scalar_internal.h"
#include "types/datetime.h"

namespace blueshift::scalar_internal {
namespace {

int64_t DaysAt(const Vector* v, size_t i) {
  int64_t us = v->data<int64_t>()[i];
  return us / kMicrosPerDay - (us % kMicrosPerDay < 0 ? 1 : 0);
}

// MONTHS_BETWEEN(a, b): whole months when the days of month agree or both are month ends, else the month
// difference plus the day difference over 31, as Redshift (and Oracle) define it.
Status MonthsBetween(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  double* r = out->data<double>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int64_t da = DaysAt(args[0], i), db = DaysAt(args[1], i);
    int64_t ya, yb;
    unsigned ma, mb, dda, ddb;
    CivilFromDays(da, &ya, &ma, &dda);
    CivilFromDays(db, &yb, &mb, &ddb);
    double months = static_cast<double>((ya - yb) * 12 + (int64_t(ma) - int64_t(mb)));
    bool both_ends = date_parts::LastDay(da * kMicrosPerDay) == da && date_parts::LastDay(db * kMicrosPerDay) == db;
    if (dda != ddb && !both_ends) months += (static_cast<double>(dda) - static_cast<double>(ddb)) / 31.0;
    r[i] = months;
  }
  return Status::OK();
}

// The weekday (0 = Sunday) a name or its prefix of at least two letters names, or -1.
int WeekdayOf(std::string_view name) {
  static const char* const kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  std::string lower = Lower(name);
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  if (lower.size() < 2) return -1;
  for (int d = 0; d < 7; d++) {
    if (std::string_view(kDays[d]).substr(0, lower.size()) == lower) return d;
  }
  return -1;
}

Status NextDay(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int weekday = WeekdayOf(StrAt(args[1], i));
    if (weekday < 0) return Status(ErrorCode::kInvalidParameterValue, "Invalid day of the week");
    int64_t days = DaysAt(args[0], i);
    int64_t today = ((days % 7) + 11) % 7;  // 1970-01-01 was a Thursday
    int64_t ahead = (weekday - today + 7) % 7;
    out->data<int32_t>()[i] = static_cast<int32_t>(days + (ahead == 0 ? 7 : ahead));
  }
  return Status::OK();
}

bool DateLike(const LogicalType& t) {
  return t.IsTemporal() || t.IsString() || t.id() == TypeId::kNull;
}

Result<BoundScalarFunction> ResolveMonthsBetween(const std::string& name, const std::vector<LogicalType>& args,
                                                 const std::vector<Value>&) {
  if (args.size() != 2 || !DateLike(args[0]) || !DateLike(args[1])) return NoSuchFunction(name, args);
  return MakeBound(name, {LogicalType::Timestamp(), LogicalType::Timestamp()}, LogicalType::Double(), MonthsBetween);
}

Result<BoundScalarFunction> ResolveNextDay(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.size() != 2 || !DateLike(args[0]) || !(args[1].IsString() || args[1].id() == TypeId::kNull))
    return NoSuchFunction(name, args);
  return MakeBound(name, {LogicalType::Timestamp(), LogicalType::Varchar()}, LogicalType::Date(), NextDay);
}

}  // namespace

std::vector<ScalarEntry> CalendarFunctions() {
  return {{"months_between", ResolveMonthsBetween}, {"next_day", ResolveNextDay}};
}

}  // namespace blueshift::scalar_internal
