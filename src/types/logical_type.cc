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
      return PhysicalType::kInt64;
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
    default:
      return -1;
  }
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
