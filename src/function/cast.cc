#include "function/cast.h"

#include <algorithm>
#include <optional>

#include "function/array_text.h"
#include "function/cast_internal.h"

namespace blueshift {
namespace {

bool IsBoolIntPair(const LogicalType& a, const LogicalType& b) {
  return (a.id() == TypeId::kBoolean && b.IsInteger()) || (b.id() == TypeId::kBoolean && a.IsInteger());
}

// Rank of a numeric type along the implicit widening chain.
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kSmallInt:
      return 1;
    case TypeId::kInteger:
      return 2;
    case TypeId::kBigInt:
      return 3;
    case TypeId::kDecimal:
      return 4;
    case TypeId::kReal:
      return 5;
    case TypeId::kDouble:
      return 6;
    default:
      return 0;
  }
}

bool CanCastImplicitly(const LogicalType& from, const LogicalType& to) {
  if (from.IsNumeric() && to.IsNumeric()) {
    if (from.id() == TypeId::kDecimal && to.id() == TypeId::kDecimal) {
      return to.precision() - to.scale() >= from.precision() - from.scale() && to.scale() >= from.scale();
    }
    return NumericRank(from.id()) < NumericRank(to.id());
  }
  if (from.IsString() && to.IsString()) return true;
  // Redshift converts among date, timestamp and timestamptz implicitly (in the session time zone), except
  // that a timestamp does not silently lose its time by becoming a date.
  if (from.IsTemporal() && to.IsTemporal()) return to.id() != TypeId::kDate;
  // Every interval widens losslessly into the unqualified INTERVAL; TIME into TIMETZ (PostgreSQL).
  if (from.IsInterval() && to.id() == TypeId::kInterval) return true;
  return from.id() == TypeId::kTime && to.id() == TypeId::kTimeTz;
}

bool IsTimeSource(const LogicalType& t) {
  return t.id() == TypeId::kTime || t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampTz;
}

// Integer digits a type needs when it meets a decimal.
int IntegerDigits(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kSmallInt:
      return 5;
    case TypeId::kInteger:
      return 10;
    case TypeId::kBigInt:
      return 19;
    case TypeId::kDecimal:
      return t.precision() - t.scale();
    default:
      return 0;
  }
}

LogicalType DecimalSuperType(const LogicalType& a, const LogicalType& b) {
  int scale = std::max(a.id() == TypeId::kDecimal ? a.scale() : 0, b.id() == TypeId::kDecimal ? b.scale() : 0);
  int digits = std::max(IntegerDigits(a), IntegerDigits(b));
  if (digits + scale > LogicalType::kMaxDecimalPrecision) {
    digits = std::min(digits, LogicalType::kMaxDecimalPrecision);
    scale = LogicalType::kMaxDecimalPrecision - digits;
  }
  return LogicalType::Decimal(std::max(1, digits + scale), scale);
}

std::optional<LogicalType> NumericSuperType(const LogicalType& a, const LogicalType& b) {
  if (a.id() == TypeId::kDouble || b.id() == TypeId::kDouble) return LogicalType::Double();
  if (a.id() == TypeId::kReal || b.id() == TypeId::kReal) {
    return a.id() == b.id() ? LogicalType::Real() : LogicalType::Double();
  }
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) return DecimalSuperType(a, b);
  return NumericRank(a.id()) >= NumericRank(b.id()) ? a : b;
}

}  // namespace

bool CanCast(const LogicalType& from, const LogicalType& to, CastContext context) {
  if (from == to || from.id() == TypeId::kNull) return true;
  if (from.IsVarbyte() || to.IsVarbyte()) {
    // No implicit or assignment conversion to or from binary values, only between VARBYTE lengths (the
    // binder lets a string literal into a VARBYTE column, as 'text'::varbyte).
    if (context != CastContext::kExplicit) return from.IsVarbyte() && to.IsVarbyte();
    return cast_internal::IsVarbyteCastPartner(from) && cast_internal::IsVarbyteCastPartner(to);
  }
  if (context == CastContext::kImplicit) return CanCastImplicitly(from, to);
  if (from.IsString() || to.IsString()) return true;
  if (from.IsNumeric() && to.IsNumeric()) return true;
  if (from.IsTemporal() && to.IsTemporal()) return true;
  if (to.id() == TypeId::kTime && IsTimeSource(from)) return true;
  if (cast_internal::IsIntervalCast(from, to) || cast_internal::IsTimeTzCast(from, to)) return true;
  return context == CastContext::kExplicit && IsBoolIntPair(from, to);  // PostgreSQL: explicit only
}

Result<LogicalType> CommonSuperType(const LogicalType& a, const LogicalType& b, const char* context) {
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull || a == b) return a;
  if (a.IsNumeric() && b.IsNumeric()) return *NumericSuperType(a, b);
  if (a.IsVarbyte() && b.IsVarbyte()) return LogicalType::Varbyte(std::max(a.length(), b.length()));
  if (a.IsString() && b.IsString()) {
    int len = std::max(a.length(), b.length());
    return a.id() == TypeId::kChar && b.id() == TypeId::kChar ? LogicalType::Char(len) : LogicalType::Varchar(len);
  }
  if (a.IsTemporal() && b.IsTemporal()) {
    bool tz = a.id() == TypeId::kTimestampTz || b.id() == TypeId::kTimestampTz;
    return tz ? LogicalType::TimestampTz() : LogicalType::Timestamp();
  }
  if (a.IsInterval() && b.IsInterval()) {  // the same type with different qualifiers, or different types
    if (a.id() == b.id() && a.id() != TypeId::kInterval)
      return LogicalType::Interval(a.id() == TypeId::kIntervalYM ? IntervalFields::kYearToMonth
                                                                 : IntervalFields::kDayToSecond);
    return LogicalType::Interval();
  }
  if ((a.id() == TypeId::kTime && b.id() == TypeId::kTimeTz) || (a.id() == TypeId::kTimeTz && b.id() == TypeId::kTime))
    return LogicalType::TimeTz();
  return Status(ErrorCode::kDatatypeMismatch,
                std::string(context) + " types " + a.ToString() + " and " + b.ToString() + " cannot be matched");
}

namespace {

Status CopyVector(const Vector& in, size_t n, Vector* out) {
  for (size_t i = 0; i < n; i++) out->CopyRow(in, i, i);
  return Status::OK();
}

Status CannotCast(const LogicalType& from, const LogicalType& to) {
  return Status(ErrorCode::kFeatureNotSupported, "cannot cast type " + from.ToString() + " to " + to.ToString());
}

}  // namespace

Status CastVector(const Vector& in, size_t n, Vector* out, CastContext context) {
  const LogicalType& from = in.type();
  const LogicalType& to = out->type();
  if (from.id() == TypeId::kNull) {
    for (size_t i = 0; i < n; i++) out->SetNull(i, true);
    return Status::OK();
  }
  if (from.IsVarbyte() || to.IsVarbyte()) {
    if (!CanCast(from, to, CastContext::kExplicit)) return CannotCast(from, to);
    if (!to.IsVarbyte()) return cast_internal::CastFromVarbyte(in, n, out, context);
    if (from == to) return CopyVector(in, n, out);
    return cast_internal::CastToVarbyte(in, n, out, context);
  }
  if (to.IsString()) {
    if (from == to) return CopyVector(in, n, out);
    RETURN_IF_ERROR(cast_internal::CastToString(in, n, out, context));
    return to.pg_array() == PgArrayKind::kNone ? Status::OK() : CheckArrayText(*out, n);
  }
  if (from == to) return CopyVector(in, n, out);
  if (from.IsString()) return cast_internal::CastFromString(in, n, out);
  if ((from.IsNumeric() || from.id() == TypeId::kBoolean) && (to.IsNumeric() || to.id() == TypeId::kBoolean)) {
    if (from.id() == TypeId::kBoolean || to.id() == TypeId::kBoolean) {
      if (!IsBoolIntPair(from, to)) return CannotCast(from, to);
    }
    return cast_internal::CastNumeric(in, n, out);
  }
  if (cast_internal::IsTimeTzCast(from, to)) return cast_internal::CastTimeTz(in, n, out);
  if (cast_internal::IsIntervalCast(from, to)) return cast_internal::CastInterval(in, n, out);
  if ((from.IsTemporal() && to.IsTemporal()) || (to.id() == TypeId::kTime && IsTimeSource(from)))
    return cast_internal::CastTemporal(in, n, out);
  return CannotCast(from, to);
}

Result<Value> CastValue(const Value& value, const LogicalType& to, CastContext context) {
  if (value.is_null()) return Value::NullOf(to);
  if (value.type() == to) return value;
  Vector in(value.type(), 1);
  in.SetValue(0, value);
  Vector out(to, 1);
  RETURN_IF_ERROR(CastVector(in, 1, &out, context));
  return out.GetValue(0);
}

}  // namespace blueshift
