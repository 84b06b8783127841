#include "types/value.h"

#include "types/datetime.h"
#include "types/decimal.h"
#include "types/interval.h"
#include "types/numeric_format.h"
#include "types/time_zone.h"
#include "types/timetz.h"
#include "types/varbyte.h"

namespace blueshift {

Value Value::NullOf(LogicalType type) {
  Value v;
  v.type_ = type;
  return v;
}

Value Value::FromInt(LogicalType type, int64_t i) {
  Value v;
  v.type_ = type;
  v.is_null_ = false;
  v.int_ = i;
  v.i128_ = i;
  return v;
}

Value Value::FromInt128(LogicalType type, int128_t i) {
  Value v;
  v.type_ = type;
  v.is_null_ = false;
  v.i128_ = i;
  v.int_ = static_cast<int64_t>(i);
  return v;
}

Value Value::Boolean(bool b) {
  return FromInt(LogicalType::Boolean(), b ? 1 : 0);
}
Value Value::SmallInt(int16_t i) {
  return FromInt(LogicalType::SmallInt(), i);
}
Value Value::Integer(int32_t i) {
  return FromInt(LogicalType::Integer(), i);
}
Value Value::BigInt(int64_t i) {
  return FromInt(LogicalType::BigInt(), i);
}
Value Value::Date(int32_t days) {
  return FromInt(LogicalType::Date(), days);
}
Value Value::Timestamp(int64_t micros) {
  return FromInt(LogicalType::Timestamp(), micros);
}

Value Value::Real(float f) {
  Value v;
  v.type_ = LogicalType::Real();
  v.is_null_ = false;
  v.double_ = f;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.type_ = LogicalType::Double();
  v.is_null_ = false;
  v.double_ = d;
  return v;
}

Value Value::Decimal(int128_t unscaled, int precision, int scale) {
  Value v;
  v.type_ = LogicalType::Decimal(precision, scale);
  v.is_null_ = false;
  v.i128_ = unscaled;
  v.int_ = static_cast<int64_t>(unscaled);
  return v;
}

Value Value::Varchar(std::string s) {
  Value v;
  v.type_ = LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  v.is_null_ = false;
  v.str_ = std::move(s);
  return v;
}

Value Value::Varbyte(std::string bytes) {
  Value v = Varchar(std::move(bytes));
  v.type_ = LogicalType::Varbyte(LogicalType::kMaxVarbyteLength);
  return v;
}

Value Value::Char(std::string s, int length) {
  Value v;
  v.type_ = LogicalType::Char(length);
  v.is_null_ = false;
  v.str_ = std::move(s);
  return v;
}

std::string Value::ToString() const {
  if (is_null_) return "NULL";
  switch (type_.id()) {
    case TypeId::kNull:
      return "NULL";
    case TypeId::kBoolean:
      return int_ ? "t" : "f";
    case TypeId::kSmallInt:
    case TypeId::kInteger:
    case TypeId::kBigInt:
      return std::to_string(int_);
    case TypeId::kDecimal:
      return FormatDecimal(GetInt128(), type_.scale());
    case TypeId::kReal:
      return FormatReal(static_cast<float>(double_));
    case TypeId::kDouble:
      return FormatDouble(double_);
    case TypeId::kChar:
    case TypeId::kVarchar:
      return str_;
    case TypeId::kDate:
      return FormatDate(static_cast<int32_t>(int_));
    case TypeId::kTimestamp:
      return FormatTimestamp(int_);
    case TypeId::kTimestampTz:
      return FormatTimestampTz(int_, SessionTimeZone());
    case TypeId::kTime:
      return FormatTime(int_);
    case TypeId::kVarbyte:
      return HexEncode(str_);
    case TypeId::kTimeTz:
      return FormatTimeTz(int_);
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return FormatInterval(IntervalPartsOf(type_, GetInt128()));
  }
  return "";
}

namespace {
template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
std::string_view TrimTrailingBlanks(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}
// A timestamp in microseconds for dates and timestamps alike.
int128_t TemporalMicros(const Value& v) {
  return v.type().id() == TypeId::kDate ? int128_t(v.GetInt()) * 86400000000LL : int128_t(v.GetInt());
}
}  // namespace

int Value::Compare(const Value& a, const Value& b) {
  const LogicalType& ta = a.type_;
  const LogicalType& tb = b.type_;
  if (ta.IsVarbyte() || tb.IsVarbyte()) return Cmp(std::string_view(a.str_), std::string_view(b.str_));
  if (ta.IsString() || tb.IsString()) {
    // Trailing blanks do not count in CHAR and VARCHAR comparisons (Redshift; PostgreSQL only for CHAR).
    return Cmp(TrimTrailingBlanks(a.str_), TrimTrailingBlanks(b.str_));
  }
  if (ta.IsTemporal() || tb.IsTemporal()) return Cmp(TemporalMicros(a), TemporalMicros(b));
  if (ta.IsInterval() || tb.IsInterval()) {
    if (ta.id() == tb.id()) return Cmp(a.GetInt128(), b.GetInt128());
    return Cmp(PackInterval(IntervalPartsOf(ta, a.GetInt128())), PackInterval(IntervalPartsOf(tb, b.GetInt128())));
  }
  bool fa = ta.id() == TypeId::kReal || ta.id() == TypeId::kDouble;
  bool fb = tb.id() == TypeId::kReal || tb.id() == TypeId::kDouble;
  auto as_double = [](const Value& v, bool is_float) {
    if (is_float) return v.double_;
    double d = static_cast<double>(v.GetInt128());
    return v.type_.id() == TypeId::kDecimal ? d / static_cast<double>(Pow10(v.type_.scale())) : d;
  };
  if (fa || fb) return Cmp(as_double(a, fa), as_double(b, fb));
  int sa = ta.id() == TypeId::kDecimal ? ta.scale() : 0;
  int sb = tb.id() == TypeId::kDecimal ? tb.scale() : 0;
  int s = std::max(sa, sb);
  return Cmp(a.GetInt128() * Pow10(s - sa), b.GetInt128() * Pow10(s - sb));
}

bool Value::operator==(const Value& o) const {
  if (type_ != o.type_ || is_null_ != o.is_null_) return false;
  if (is_null_) return true;
  switch (type_.physical()) {
    case PhysicalType::kInt128:
      return i128_ == o.i128_;
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
      return double_ == o.double_;
    case PhysicalType::kString:
      return str_ == o.str_;
    default:
      return int_ == o.int_;
  }
}

}  // namespace blueshift
