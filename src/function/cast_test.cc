#include "function/cast.h"

#include <cmath>

#include <gtest/gtest.h>

#include "types/decimal.h"

namespace blueshift {
namespace {

Value Cast(const Value& v, const LogicalType& to, CastContext c = CastContext::kExplicit) {
  Result<Value> r = CastValue(v, to, c);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : Value();
}

Status CastError(const Value& v, const LogicalType& to, CastContext c = CastContext::kExplicit) {
  return CastValue(v, to, c).status();
}

LogicalType Super(const LogicalType& a, const LogicalType& b) {
  return CommonSuperType(a, b, "UNION").value();
}

TEST(CastTest, IntegerWideningAndNarrowing) {
  EXPECT_EQ(Cast(Value::SmallInt(7), LogicalType::BigInt()).GetInt(), 7);
  EXPECT_EQ(Cast(Value::BigInt(-5), LogicalType::SmallInt()).GetInt(), -5);
  Status s = CastError(Value::Integer(40000), LogicalType::SmallInt());
  EXPECT_EQ(s.message(), "smallint out of range");
  EXPECT_STREQ(s.sqlstate(), "22003");
  EXPECT_EQ(CastError(Value::BigInt(int64_t{1} << 40), LogicalType::Integer()).message(), "integer out of range");
}

TEST(CastTest, Decimals) {
  EXPECT_EQ(Cast(Value::Integer(12), LogicalType::Decimal(5, 2)).ToString(), "12.00");
  EXPECT_EQ(CastError(Value::Integer(1234), LogicalType::Decimal(5, 2)).message(), "numeric field overflow");
  EXPECT_EQ(Cast(Value::Decimal(12345, 10, 3), LogicalType::Decimal(10, 2)).ToString(), "12.35");
  EXPECT_EQ(Cast(Value::Decimal(-12345, 10, 3), LogicalType::Decimal(10, 2)).ToString(), "-12.35");
  EXPECT_EQ(Cast(Value::Decimal(25, 5, 1), LogicalType::Integer()).GetInt(), 3);
  EXPECT_EQ(Cast(Value::Decimal(-25, 5, 1), LogicalType::Integer()).GetInt(), -3);
  EXPECT_EQ(Cast(Value::Decimal(5, 5, 0), LogicalType::Decimal(30, 20)).ToString(), "5.00000000000000000000");
  EXPECT_EQ(CastError(Value::Decimal(Pow10(37), 38, 0), LogicalType::Decimal(38, 2)).message(),
            "numeric field overflow");
  EXPECT_DOUBLE_EQ(Cast(Value::Decimal(125, 5, 2), LogicalType::Double()).GetDouble(), 1.25);
}

TEST(CastTest, Floats) {
  EXPECT_EQ(Cast(Value::Double(2.6), LogicalType::Integer()).GetInt(), 3);
  EXPECT_EQ(Cast(Value::Double(-2.6), LogicalType::Integer()).GetInt(), -3);
  EXPECT_EQ(Cast(Value::Double(2.5), LogicalType::Integer()).GetInt(), 2);  // rint, as PostgreSQL
  EXPECT_EQ(CastError(Value::Double(1e10), LogicalType::Integer()).message(), "integer out of range");
  EXPECT_EQ(CastError(Value::Double(NAN), LogicalType::BigInt()).message(), "bigint out of range");
  EXPECT_EQ(Cast(Value::Double(0.1), LogicalType::Decimal(20, 18)).ToString(), "0.100000000000000000");
  EXPECT_EQ(Cast(Value::Double(2.675), LogicalType::Decimal(10, 2)).ToString(), "2.68");
  EXPECT_EQ(CastError(Value::Double(NAN), LogicalType::Decimal(10, 2)).code(), ErrorCode::kNumericValueOutOfRange);
  EXPECT_EQ(CastError(Value::Double(1e300), LogicalType::Real()).code(), ErrorCode::kNumericValueOutOfRange);
  EXPECT_FLOAT_EQ(static_cast<float>(Cast(Value::Integer(3), LogicalType::Real()).GetDouble()), 3.0f);
}

TEST(CastTest, Booleans) {
  EXPECT_EQ(Cast(Value::Boolean(true), LogicalType::Integer()).GetInt(), 1);
  EXPECT_TRUE(Cast(Value::Integer(5), LogicalType::Boolean()).GetBool());
  EXPECT_FALSE(Cast(Value::Varchar("off"), LogicalType::Boolean()).GetBool());
  EXPECT_EQ(Cast(Value::Boolean(true), LogicalType::Varchar(10)).GetString(), "true");
  EXPECT_FALSE(CanCast(LogicalType::Boolean(), LogicalType::Double(), CastContext::kExplicit));
  EXPECT_FALSE(CastValue(Value::Boolean(true), LogicalType::Date(), CastContext::kExplicit).ok());
}

TEST(CastTest, Strings) {
  EXPECT_EQ(Cast(Value::Decimal(-1230, 10, 2), LogicalType::Varchar(20)).GetString(), "-12.30");
  EXPECT_EQ(Cast(Value::Double(0.5), LogicalType::Varchar(20)).GetString(), "0.5");
  EXPECT_EQ(Cast(Value::Date(1), LogicalType::Varchar(20)).GetString(), "1970-01-02");
  EXPECT_EQ(Cast(Value::Timestamp(1000000), LogicalType::Varchar(30)).GetString(), "1970-01-01 00:00:01");
  EXPECT_EQ(Cast(Value::Varchar("abcdef"), LogicalType::Varchar(3)).GetString(), "abc");
  EXPECT_EQ(Cast(Value::Varchar("abc  "), LogicalType::Varchar(3), CastContext::kAssignment).GetString(), "abc");
  Status s = CastError(Value::Varchar("abcdef"), LogicalType::Varchar(3), CastContext::kAssignment);
  EXPECT_EQ(s.message(), "value too long for type character varying(3)");
  EXPECT_STREQ(s.sqlstate(), "22001");
  EXPECT_EQ(Cast(Value::Varchar("ab"), LogicalType::Char(4)).GetString(), "ab  ");
  EXPECT_EQ(Cast(Value::Char("ab  ", 4), LogicalType::Varchar(10)).GetString(), "ab");
  EXPECT_EQ(Cast(Value::Varchar("é"), LogicalType::Varchar(1)).GetString(), "");  // never splits a character
  EXPECT_EQ(Cast(Value::Varchar(" 42 "), LogicalType::Integer()).GetInt(), 42);
  EXPECT_EQ(Cast(Value::Char("42  ", 4), LogicalType::Integer()).GetInt(), 42);
  EXPECT_EQ(CastError(Value::Varchar("4x"), LogicalType::Integer()).message(),
            "invalid input syntax for type integer: \"4x\"");
  EXPECT_EQ(Cast(Value::Varchar("2024-02-29"), LogicalType::Date()).ToString(), "2024-02-29");
  EXPECT_EQ(Cast(Value::Integer(123456), LogicalType::Varchar(3)).GetString(), "123");
}

TEST(CastTest, Temporal) {
  EXPECT_EQ(Cast(Value::Date(2), LogicalType::Timestamp()).GetInt(), 2 * 86400 * int64_t{1000000});
  EXPECT_EQ(Cast(Value::Timestamp(-1), LogicalType::Date()).GetInt(), -1);
  EXPECT_EQ(Cast(Value::Timestamp(86400 * int64_t{1000000} + 5), LogicalType::Date()).GetInt(), 1);
}

TEST(CastTest, NullsAndVectors) {
  EXPECT_TRUE(Cast(Value::NullOf(LogicalType::Integer()), LogicalType::SmallInt()).is_null());
  EXPECT_TRUE(Cast(Value(), LogicalType::Date()).is_null());
  Vector in(LogicalType::Integer(), 4);
  for (int i = 0; i < 4; i++) in.data<int32_t>()[i] = i * 100000;
  in.SetNull(3, true);
  Vector out(LogicalType::SmallInt(), 4);
  EXPECT_FALSE(CastVector(in, 3, &out, CastContext::kExplicit).ok());
  in.data<int32_t>()[1] = 1;
  in.data<int32_t>()[2] = 2;
  ASSERT_TRUE(CastVector(in, 4, &out, CastContext::kExplicit).ok());
  EXPECT_EQ(out.data<int16_t>()[2], 2);
  EXPECT_TRUE(out.IsNull(3));
}

TEST(CastTest, CanCastAndSuperTypes) {
  EXPECT_TRUE(CanCast(LogicalType::SmallInt(), LogicalType::BigInt(), CastContext::kImplicit));
  EXPECT_FALSE(CanCast(LogicalType::BigInt(), LogicalType::Integer(), CastContext::kImplicit));
  EXPECT_TRUE(CanCast(LogicalType::BigInt(), LogicalType::Integer(), CastContext::kAssignment));
  EXPECT_TRUE(CanCast(LogicalType::Date(), LogicalType::Timestamp(), CastContext::kImplicit));
  EXPECT_FALSE(CanCast(LogicalType::Date(), LogicalType::Integer(), CastContext::kExplicit));
  EXPECT_EQ(Super(LogicalType::SmallInt(), LogicalType::Integer()), LogicalType::Integer());
  EXPECT_EQ(Super(LogicalType::Integer(), LogicalType::Decimal(10, 2)), LogicalType::Decimal(12, 2));
  EXPECT_EQ(Super(LogicalType::Decimal(10, 2), LogicalType::Double()), LogicalType::Double());
  EXPECT_EQ(Super(LogicalType::Char(3), LogicalType::Varchar(2)), LogicalType::Varchar(3));
  EXPECT_EQ(Super(LogicalType::Date(), LogicalType::Timestamp()), LogicalType::Timestamp());
  Status s = CommonSuperType(LogicalType::Integer(), LogicalType::Boolean(), "UNION").status();
  EXPECT_EQ(s.message(), "UNION types integer and boolean cannot be matched");
  EXPECT_STREQ(s.sqlstate(), "42804");
}

}  // namespace
}  // namespace blueshift
