#pragma once

#include <cstdint>
#include <string>

#include "types/logical_type.h"

namespace blueshift {

// Value is one scalar of any logical type, or NULL. It is the slow path: constants, literals, parameters,
// statistics and tests. Hot paths work on Vectors. The payload is interpreted by type().physical():
// kBool/kInt16/kInt32/kInt64 in int_, kInt128 in i128_, kFloat/kDouble in double_, kString in str_.
// Decimals hold the unscaled integer (12.34 in numeric(5,2) is 1234).
class Value {
 public:
  Value() = default;  // NULL of type NULL
  static Value NullOf(LogicalType type);
  static Value Boolean(bool v);
  static Value SmallInt(int16_t v);
  static Value Integer(int32_t v);
  static Value BigInt(int64_t v);
  static Value Real(float v);
  static Value Double(double v);
  static Value Decimal(int128_t unscaled, int precision, int scale);
  static Value Varchar(std::string v);
  static Value Char(std::string v, int length);
  static Value Varbyte(std::string bytes);  // of type VARBYTE(max)
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);
  // An integer-physical value of the given type (smallint/int/bigint/date/timestamp/decimal<=18/bool).
  static Value FromInt(LogicalType type, int64_t v);
  // A 128-bit value of the given type (decimal with precision > 18, the unqualified interval).
  static Value FromInt128(LogicalType type, int128_t v);

  const LogicalType& type() const { return type_; }
  bool is_null() const { return is_null_; }

  bool GetBool() const { return int_ != 0; }
  int64_t GetInt() const { return int_; }  // any integer-physical type
  int128_t GetInt128() const { return type_.physical() == PhysicalType::kInt128 ? i128_ : int128_t(int_); }
  double GetDouble() const { return double_; }
  const std::string& GetString() const { return str_; }

  // The text form PostgreSQL clients expect ("t", "12.30", "2024-01-31 10:00:00"); "NULL" for nulls.
  std::string ToString() const;

  // SQL ordering of two non-null values of comparable types (numbers with numbers, strings with strings,
  // dates/timestamps with each other): <0, 0, >0. CHAR comparisons ignore trailing blanks.
  static int Compare(const Value& a, const Value& b);

  // Same type and payload (NULLs compare equal to each other here; this is not SQL equality).
  bool operator==(const Value& o) const;

 private:
  LogicalType type_;
  bool is_null_ = true;
  int64_t int_ = 0;
  int128_t i128_ = 0;
  double double_ = 0;
  std::string str_;
};

}  // namespace blueshift
