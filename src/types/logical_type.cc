#include "types/logical_type.h"

#include <string_view>

#include "util/check.h"

namespace blueshift {

LogicalType LogicalType::Decimal(int precision, int scale) {
  DCHECK(precision >= 1 && precision <= kMaxDecimalPrecision);
  DCHECK(scale >= 0 && scale <= precision);
  return LogicalType(TypeId::kDecimal, precision, scale);
}

LogicalType LogicalType::Char(int length) {
  return LogicalType(TypeId::kChar, length, 0);
}
LogicalType LogicalType::Varchar(int length) {
  return LogicalType(TypeId::kVarchar, length, 0);
}
LogicalType LogicalType::Varbyte(int length) {
  return LogicalType(TypeId::kVarbyte, length, 0);
}

LogicalType LogicalType::Interval(IntervalFields fields, int fractional_precision) {
  DCHECK(fractional_precision >= 0 && fractional_precision <= kMaxIntervalPrecision);
  switch (fields) {
    case IntervalFields::kNone:
      return LogicalType(TypeId::kInterval, 0, fractional_precision);
    case IntervalFields::kYear:
    case IntervalFields::kMonth:
    case IntervalFields::kYearToMonth:
      return LogicalType(TypeId::kIntervalYM, static_cast<int>(fields), 0);
    default:
      return LogicalType(TypeId::kIntervalDS, static_cast<int>(fields), fractional_precision);
  }
}

LogicalType LogicalType::WithCollation(bool case_insensitive, CollationStrength strength) const {
  if (!IsString()) return *this;
  LogicalType t = *this;
  t.collation_ = static_cast<uint8_t>((static_cast<uint8_t>(strength) << 1) | (case_insensitive ? 1 : 0));
  return t;
}

LogicalType LogicalType::PgArray(PgArrayKind kind) {
  DCHECK(kind != PgArrayKind::kNone);
  return LogicalType(TypeId::kVarchar, kMaxVarcharLength, static_cast<int>(kind));
}

namespace {

struct PgArrayInfo {
  const char* name;  // format_type's spelling
  int32_t oid;
  int32_t element_oid;
};

PgArrayInfo ArrayInfo(PgArrayKind kind) {
  switch (kind) {
    case PgArrayKind::kInt2Vector:
      return {"int2vector", 22, 21};
    case PgArrayKind::kOidVector:
      return {"oidvector", 30, 26};
    case PgArrayKind::kInt2Array:
      return {"smallint[]", 1005, 21};
    case PgArrayKind::kInt4Array:
      return {"integer[]", 1007, 23};
    case PgArrayKind::kTextArray:
      return {"text[]", 1009, 25};
    case PgArrayKind::kOidArray:
      return {"oid[]", 1028, 26};
    case PgArrayKind::kNameArray:
      return {"name[]", 1003, 19};
    case PgArrayKind::kNone:
      break;
  }
  return {"character varying", 1043, 0};
}

}  // namespace

LogicalType PgArrayElementType(PgArrayKind kind) {
  switch (ArrayInfo(kind).element_oid) {
    case 21:
      return LogicalType::SmallInt();
    case 23:
    case 26:
      return LogicalType::Integer();
    case 19:
      return LogicalType::Varchar(128);
    default:
      return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  }
}

int32_t PgArrayElementOid(PgArrayKind kind) {
  return ArrayInfo(kind).element_oid;
}

int PgArrayLowerBound(PgArrayKind kind) {
  return kind == PgArrayKind::kInt2Vector || kind == PgArrayKind::kOidVector ? 0 : 1;
}

PhysicalType LogicalType::physical() const {
  switch (id_) {
    case TypeId::kNull:
    case TypeId::kBoolean:
      return PhysicalType::kBool;
    case TypeId::kSmallInt:
      return PhysicalType::kInt16;
    case TypeId::kInteger:
    case TypeId::kDate:
      return PhysicalType::kInt32;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
    case TypeId::kTimeTz:
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
      return PhysicalType::kInt64;
    case TypeId::kInterval:
      return PhysicalType::kInt128;
    case TypeId::kDecimal:
      return a_ <= 18 ? PhysicalType::kInt64 : PhysicalType::kInt128;
    case TypeId::kReal:
      return PhysicalType::kFloat;
    case TypeId::kDouble:
      return PhysicalType::kDouble;
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kVarbyte:
      return PhysicalType::kString;
  }
  return PhysicalType::kBool;
}

bool LogicalType::IsNumeric() const {
  return IsInteger() || id_ == TypeId::kDecimal || id_ == TypeId::kReal || id_ == TypeId::kDouble;
}

bool LogicalType::IsInteger() const {
  return id_ == TypeId::kSmallInt || id_ == TypeId::kInteger || id_ == TypeId::kBigInt;
}

std::string LogicalType::ToString() const {
  switch (id_) {
    case TypeId::kNull:
      return "unknown";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kSmallInt:
      return "smallint";
    case TypeId::kInteger:
      return "integer";
    case TypeId::kBigInt:
      return "bigint";
    case TypeId::kDecimal:
      return "numeric(" + std::to_string(a_) + "," + std::to_string(b_) + ")";
    case TypeId::kReal:
      return "real";
    case TypeId::kDouble:
      return "double precision";
    case TypeId::kChar:
      return "character(" + std::to_string(a_) + ")";
    case TypeId::kVarchar:
      if (pg_array() != PgArrayKind::kNone) return ArrayInfo(pg_array()).name;
      return "character varying(" + std::to_string(a_) + ")";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp without time zone";
    case TypeId::kTimestampTz:
      return "timestamp with time zone";
    case TypeId::kTime:
      return "time without time zone";
    case TypeId::kVarbyte:
      return "binary varying(" + std::to_string(a_) + ")";
    case TypeId::kTimeTz:
      return "time with time zone";
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return IntervalTypeName();
  }
  return "unknown";
}

int32_t LogicalType::PgOid() const {
  switch (id_) {
    case TypeId::kNull:
      return 705;  // unknown
    case TypeId::kBoolean:
      return 16;
    case TypeId::kSmallInt:
      return 21;
    case TypeId::kInteger:
      return 23;
    case TypeId::kBigInt:
      return 20;
    case TypeId::kDecimal:
      return 1700;
    case TypeId::kReal:
      return 700;
    case TypeId::kDouble:
      return 701;
    case TypeId::kChar:
      return 1042;
    case TypeId::kVarchar:
      return ArrayInfo(pg_array()).oid;
    case TypeId::kDate:
      return 1082;
    case TypeId::kTimestamp:
      return 1114;
    case TypeId::kTimestampTz:
      return 1184;
    case TypeId::kTime:
      return 1083;
    case TypeId::kVarbyte:
      return 6551;  // Redshift's own varbyte type, not PostgreSQL's bytea (17)
    case TypeId::kTimeTz:
      return 1266;
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return 1186;
  }
  return 705;
}

int32_t LogicalType::PgTypmod() const {
  switch (id_) {
    case TypeId::kDecimal:
      return ((a_ << 16) | b_) + 4;
    case TypeId::kVarchar:
      return pg_array() == PgArrayKind::kNone ? a_ + 4 : -1;
    case TypeId::kChar:
    case TypeId::kVarbyte:
      return a_ + 4;
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
      return IntervalTypmod();
    default:
      return -1;
  }
}

namespace {

struct IntervalFieldInfo {
  const char* sql;  // "year to month"
  int pg_range;     // PostgreSQL's INTERVAL_RANGE bits (datetime.h: MONTH 2, YEAR 4, DAY 8, HOUR 1024, ...)
};

IntervalFieldInfo FieldInfo(IntervalFields fields) {
  constexpr int kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11, kSecond = 1 << 12;
  switch (fields) {
    case IntervalFields::kNone:
      return {"", 0x7FFF};
    case IntervalFields::kYear:
      return {"year", kYear};
    case IntervalFields::kMonth:
      return {"month", kMonth};
    case IntervalFields::kYearToMonth:
      return {"year to month", kYear | kMonth};
    case IntervalFields::kDay:
      return {"day", kDay};
    case IntervalFields::kHour:
      return {"hour", kHour};
    case IntervalFields::kMinute:
      return {"minute", kMinute};
    case IntervalFields::kSecond:
      return {"second", kSecond};
    case IntervalFields::kDayToHour:
      return {"day to hour", kDay | kHour};
    case IntervalFields::kDayToMinute:
      return {"day to minute", kDay | kHour | kMinute};
    case IntervalFields::kDayToSecond:
      return {"day to second", kDay | kHour | kMinute | kSecond};
    case IntervalFields::kHourToMinute:
      return {"hour to minute", kHour | kMinute};
    case IntervalFields::kHourToSecond:
      return {"hour to second", kHour | kMinute | kSecond};
    case IntervalFields::kMinuteToSecond:
      return {"minute to second", kMinute | kSecond};
  }
  return {"", 0x7FFF};
}

}  // namespace

const char* IntervalFieldsName(IntervalFields fields) {
  return FieldInfo(fields).sql;
}

std::string LogicalType::IntervalTypeName() const {
  IntervalFields fields = interval_fields();
  std::string name = "interval";
  if (fields != IntervalFields::kNone) name += std::string(" ") + FieldInfo(fields).sql;
  if (id_ == TypeId::kIntervalDS && b_ != kMaxIntervalPrecision) name += "(" + std::to_string(b_) + ")";
  return name;
}

int32_t LogicalType::IntervalTypmod() const {
  int precision = id_ == TypeId::kIntervalDS ? b_ : 0xFFFF;
  return (FieldInfo(interval_fields()).pg_range << 16) | precision;
}

int PhysicalWidth(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBool:
      return 1;
    case PhysicalType::kInt16:
      return 2;
    case PhysicalType::kInt32:
      return 4;
    case PhysicalType::kInt64:
      return 8;
    case PhysicalType::kInt128:
      return 16;
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kString:
      return sizeof(std::string_view);
  }
  return 0;
}

int LogicalType::FixedWidth() const {
  return PhysicalWidth(physical());
}

}  // namespace blueshift
