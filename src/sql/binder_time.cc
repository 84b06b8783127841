// GETDATE(), SYSDATE, CURRENT_TIMESTAMP, NOW() and CURRENT_DATE bind to constants (TIMEOFDAY() to the wall
// clock's text when the statement is bound): Redshift fixes them for
// the whole statement (GETDATE) or the whole transaction (the others), in the session time zone.

#include <chrono>
#include <cstdio>

#include "sql/binder_scope.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

std::optional<BExprPtr> Binder::BindCurrentTime(const std::string& name, size_t num_args) const {
  if (num_args != 0) return std::nullopt;
  const TimeZone& zone = SessionTimeZone();
  int64_t txn_local = zone.UtcToLocalMicros(ctx_.transaction_start_us);
  if (name == "getdate") {
    int64_t local = zone.UtcToLocalMicros(ctx_.statement_start_us);
    int64_t seconds = local / kMicrosPerSecond - (local % kMicrosPerSecond < 0 ? 1 : 0);
    return BExpr::Constant(Value::Timestamp(seconds * kMicrosPerSecond));
  }
  if (name == "sysdate") return BExpr::Constant(Value::Timestamp(txn_local));
  if (name == "timeofday") {
    // The wall clock now, as text in the session time zone: 'Thu Sep 19 22:53:50.333525 2013 UTC'.
    const int64_t utc =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    const int64_t local = zone.UtcToLocalMicros(utc);
    const int64_t days = local / kMicrosPerDay - (local % kMicrosPerDay < 0 ? 1 : 0);
    const int64_t of_day = local - days * kMicrosPerDay;
    int64_t year;
    unsigned month, day;
    CivilFromDays(days, &year, &month, &day);
    static constexpr const char* kDays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01: Thu
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[96];
    std::snprintf(buf, sizeof(buf), "%s %s %02u %02d:%02d:%02d.%06d %lld %s", kDays[((days % 7) + 7) % 7],
                  kMonths[month - 1], day, static_cast<int>(of_day / 3600000000),
                  static_cast<int>(of_day / 60000000 % 60), static_cast<int>(of_day / 1000000 % 60),
                  static_cast<int>(of_day % 1000000), static_cast<long long>(year),
                  zone.AbbreviationAtUtc(utc / kMicrosPerSecond).c_str());
    return BExpr::Constant(Value::Varchar(buf));
  }
  if (name == "current_timestamp" || name == "now")
    return BExpr::Constant(Value::FromInt(LogicalType::TimestampTz(), ctx_.transaction_start_us));
  if (name == "current_date") {
    int64_t days = txn_local / kMicrosPerDay - (txn_local % kMicrosPerDay < 0 ? 1 : 0);
    return BExpr::Constant(Value::Date(static_cast<int32_t>(days)));
  }
  return std::nullopt;
}

}  // namespace blueshift::sql
