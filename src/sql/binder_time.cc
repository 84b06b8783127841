// GETDATE(), SYSDATE, CURRENT_TIMESTAMP, NOW() and CURRENT_DATE bind to constants: Redshift fixes them for
// the whole statement (GETDATE) or the whole transaction (the others), in the session time zone.

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
  if (name == "current_timestamp" || name == "now")
    return BExpr::Constant(Value::FromInt(LogicalType::TimestampTz(), ctx_.transaction_start_us));
  if (name == "current_date") {
    int64_t days = txn_local / kMicrosPerDay - (txn_local % kMicrosPerDay < 0 ? 1 : 0);
    return BExpr::Constant(Value::Date(static_cast<int32_t>(days)));
  }
  return std::nullopt;
}

}  // namespace blueshift::sql
