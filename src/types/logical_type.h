#pragma once

#include <cstdint>
#include <string>

namespace blueshift {

// The SQL-visible types. Each has exactly one physical representation (PhysicalTypeOf), which is what
// vectors, blocks and kernels switch on.
enum class TypeId : uint8_t {
  kNull,  // the type of an untyped NULL literal; never stored
  kBoolean,
  kSmallInt,
  kInteger,
  kBigInt,
  kDecimal,  // precision 1..38, scale 0..precision
  kReal,
  kDouble,
  kChar,       // blank-padded, length in bytes
  kVarchar,    // length in bytes
  kDate,       // int32 days since 1970-01-01
  kTimestamp,  // int64 microseconds since 1970-01-01 00:00:00
  // Appended: the catalog stores these ids (docs/format/catalog.md), so existing values never change.
  kTimestampTz,  // int64 microseconds since 1970-01-01 00:00:00 UTC; shown in the session time zone
  kTime,         // int64 microseconds since midnight, 0 .. 86,400,000,000
  kVarbyte,      // binary string, length limit in bytes; printed as hex
  kTimeTz,       // int64 packed time of day and UTC offset (types/timetz.h); ordered by UTC time, then offset
  kIntervalYM,   // INTERVAL YEAR TO MONTH (and YEAR, MONTH): int64 months
  kIntervalDS,   // INTERVAL DAY TO SECOND (and its sub-ranges): int64 microseconds
  kInterval,     // an unqualified INTERVAL (expressions only): int128 packed months and microseconds
};

// The fields an INTERVAL type or literal carries (its qualifier). kNone is the unqualified INTERVAL.
enum class IntervalFields : uint8_t {
  kNone,
  kYear,
  kMonth,
  kYearToMonth,
  kDay,
  kHour,
  kMinute,
  kSecond,
  kDayToHour,
  kDayToMinute,
  kDayToSecond,
  kHourToMinute,
  kHourToSecond,
  kMinuteToSecond,
};

enum class PhysicalType : uint8_t {
  kBool,  // uint8_t 0/1
  kInt16,
  kInt32,
  kInt64,
  kInt128,  // __int128
  kFloat,
  kDouble,
  kString,  // std::string_view into memory the vector keeps alive
};

using int128_t = __int128;

// The PostgreSQL array types that catalog columns and array expressions have (pg_index.indkey is an
// int2vector, pg_constraint.conkey a smallint[], ...). blueshift has no array storage: such a value is a
// VARCHAR holding PostgreSQL's text form ("1 2", "{1,2}"; function/array_text.h reads it). The kind decides
// only what clients see: the type OID, the binary wire form (docs/format/wire.md) and the element type.
enum class PgArrayKind : uint8_t {
  kNone,
  kInt2Vector,  // int2vector (22), elements smallint, subscripts from 0
  kOidVector,   // oidvector (30), elements oid, subscripts from 0
  kInt2Array,   // smallint[] (1005)
  kInt4Array,   // integer[] (1007)
  kTextArray,   // text[] (1009)
  kOidArray,    // oid[] (1028)
  kNameArray,   // name[] (1003); the last kind
};

// How firmly a CHAR/VARCHAR expression holds its collation (COLLATE CASE_SENSITIVE | CASE_INSENSITIVE), as
// in SQL: a literal or a function's result has none and takes the other side's, a table column's is implicit,
// the COLLATE function's and clause's is explicit. Two different implicit ones cannot be compared.
enum class CollationStrength : uint8_t { kNone, kImplicit, kExplicit };

// LogicalType is a TypeId with its parameters: (precision, scale) for DECIMAL, a byte length for CHAR and
// VARCHAR and VARBYTE. Cheap to copy. A string type also carries its collation, which only the binder reads
// (sql/binder_collate.cc) and which type equality ignores: a value's type is the same whatever its collation.
class LogicalType {
 public:
  static constexpr int kMaxDecimalPrecision = 38;
  static constexpr int kDefaultDecimalPrecision = 18;
  static constexpr int kMaxCharLength = 4096;
  static constexpr int kMaxVarcharLength = 65535;
  static constexpr int kDefaultVarcharLength = 256;
  static constexpr int kMaxVarbyteLength = 1024000;  // newer Redshift allows 16,777,216; see block.md
  static constexpr int kDefaultVarbyteLength = 64000;

  LogicalType() = default;
  explicit LogicalType(TypeId id) : id_(id) {}

  static LogicalType Null() { return LogicalType(TypeId::kNull); }
  static LogicalType Boolean() { return LogicalType(TypeId::kBoolean); }
  static LogicalType SmallInt() { return LogicalType(TypeId::kSmallInt); }
  static LogicalType Integer() { return LogicalType(TypeId::kInteger); }
  static LogicalType BigInt() { return LogicalType(TypeId::kBigInt); }
  static LogicalType Real() { return LogicalType(TypeId::kReal); }
  static LogicalType Double() { return LogicalType(TypeId::kDouble); }
  static LogicalType Date() { return LogicalType(TypeId::kDate); }
  static LogicalType Timestamp() { return LogicalType(TypeId::kTimestamp); }
  static LogicalType TimestampTz() { return LogicalType(TypeId::kTimestampTz); }
  static LogicalType Time() { return LogicalType(TypeId::kTime); }
  static LogicalType TimeTz() { return LogicalType(TypeId::kTimeTz); }
  static constexpr int kMaxIntervalPrecision = 6;
  // INTERVAL with a qualifier: YEAR/MONTH/YEAR TO MONTH give kIntervalYM, the day-to-second ones
  // kIntervalDS with fractional_precision 0..6 (what seconds keep); kNone gives the unqualified kInterval.
  static LogicalType Interval(IntervalFields fields = IntervalFields::kNone,
                              int fractional_precision = kMaxIntervalPrecision);
  // REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision (the binder validates user input first).
  static LogicalType Decimal(int precision, int scale);
  static LogicalType Char(int length);
  static LogicalType Varchar(int length = kDefaultVarcharLength);
  static LogicalType Varbyte(int length = kDefaultVarbyteLength);
  // A VARCHAR(max) that holds a PostgreSQL array's text form. REQUIRES: kind != kNone.
  static LogicalType PgArray(PgArrayKind kind);

  TypeId id() const { return id_; }
  int precision() const { return a_; }
  int scale() const { return b_; }
  int length() const { return a_; }  // CHAR/VARCHAR/VARBYTE
  // The array kind of a VARCHAR made by PgArray; kNone for every other type.
  PgArrayKind pg_array() const { return id_ == TypeId::kVarchar ? static_cast<PgArrayKind>(b_) : PgArrayKind::kNone; }
  PhysicalType physical() const;
  // The qualifier of an interval type (kNone for other types) and its fractional-second precision.
  IntervalFields interval_fields() const {
    return IsInterval() ? static_cast<IntervalFields>(a_) : IntervalFields::kNone;
  }
  int interval_precision() const { return b_; }
  // COLLATE CASE_INSENSITIVE; false for every type but CHAR and VARCHAR.
  bool case_insensitive() const { return (collation_ & kCaseInsensitiveBit) != 0; }
  CollationStrength collation_strength() const { return static_cast<CollationStrength>(collation_ >> 1); }
  // This type with that collation; a type that is not CHAR or VARCHAR comes back unchanged.
  LogicalType WithCollation(bool case_insensitive, CollationStrength strength) const;

  bool IsNumeric() const;  // integers, decimal, real, double
  bool IsInteger() const;  // smallint, integer, bigint
  bool IsString() const { return id_ == TypeId::kChar || id_ == TypeId::kVarchar; }
  // VARBYTE is physically a string but never converts implicitly to or from one.
  bool IsVarbyte() const { return id_ == TypeId::kVarbyte; }
  // Dates and timestamps (with or without time zone): the types the date functions take.
  bool IsTemporal() const { return id_ == TypeId::kDate || id_ == TypeId::kTimestamp || id_ == TypeId::kTimestampTz; }
  bool IsInterval() const {
    return id_ == TypeId::kIntervalYM || id_ == TypeId::kIntervalDS || id_ == TypeId::kInterval;
  }

  // PostgreSQL's format_type spelling: "integer", "character varying(200)", "numeric(10,2)",
  // "timestamp without time zone".
  std::string ToString() const;
  // The type OID and typmod a PostgreSQL client expects in RowDescription.
  int32_t PgOid() const;
  int32_t PgTypmod() const;
  // Bytes per value for fixed-width types; 16 for strings (the string_view).
  int FixedWidth() const;

  bool operator==(const LogicalType& o) const { return id_ == o.id_ && a_ == o.a_ && b_ == o.b_; }
  bool operator!=(const LogicalType& o) const { return !(*this == o); }

 private:
  std::string IntervalTypeName() const;
  int32_t IntervalTypmod() const;
  LogicalType(TypeId id, int a, int b) : id_(id), a_(a), b_(b) {}
  static constexpr uint8_t kCaseInsensitiveBit = 1;  // above it, the CollationStrength
  TypeId id_ = TypeId::kNull;
  uint8_t collation_ = 0;
  int a_ = 0;
  int b_ = 0;
};

int PhysicalWidth(PhysicalType type);

// A qualifier's SQL spelling in lower case: "year to month", "second"; "" for kNone.
const char* IntervalFieldsName(IntervalFields fields);

// An array kind's elements: their type (oids are integers, text and name VARCHAR), their PostgreSQL type
// OID, and the first subscript (0 for int2vector/oidvector, 1 otherwise). REQUIRES: kind != kNone.
LogicalType PgArrayElementType(PgArrayKind kind);
int32_t PgArrayElementOid(PgArrayKind kind);
int PgArrayLowerBound(PgArrayKind kind);

}  // namespace blueshift
