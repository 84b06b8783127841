#include <gtest/gtest.h>

#include "function/scalar_test_util.h"
#include "types/decimal.h"

namespace blueshift {
namespace {

using testing::EvalScalar;
using testing::EvalText;

LogicalType TypeOf(const std::string& op, const Value& a, const Value& b) {
  LogicalType t;
  Result<Value> r = EvalScalar(op, {a, b}, false, &t);
  return t;
}

TEST(ArithmeticTest, Integers) {
  EXPECT_EQ(EvalText("+", {Value::Integer(2), Value::Integer(3)}), "5");
  EXPECT_EQ(EvalText("-", {Value::SmallInt(2), Value::SmallInt(3)}), "-1");
  EXPECT_EQ(EvalText("/", {Value::Integer(7), Value::Integer(-2)}), "-3");
  EXPECT_EQ(EvalText("%", {Value::Integer(-7), Value::Integer(3)}), "-1");
  EXPECT_EQ(EvalText("*", {Value::Integer(INT32_MAX), Value::Integer(2)}), "ERROR: integer out of range");
  EXPECT_EQ(EvalText("+", {Value::SmallInt(32767), Value::SmallInt(1)}), "ERROR: smallint out of range");
  EXPECT_EQ(EvalText("-", {Value::BigInt(INT64_MIN), Value::BigInt(1)}), "ERROR: bigint out of range");
  EXPECT_EQ(EvalText("/", {Value::Integer(INT32_MIN), Value::Integer(-1)}), "ERROR: integer out of range");
  EXPECT_EQ(EvalText("%", {Value::Integer(INT32_MIN), Value::Integer(-1)}), "0");
  Result<Value> r = EvalScalar("/", {Value::Integer(1), Value::Integer(0)});
  EXPECT_EQ(r.status().message(), "division by zero");
  EXPECT_STREQ(r.status().sqlstate(), "22012");
  EXPECT_EQ(TypeOf("+", Value::SmallInt(1), Value::Integer(1)), LogicalType::Integer());
  EXPECT_EQ(TypeOf("*", Value::Integer(1), Value::BigInt(1)), LogicalType::BigInt());
  EXPECT_EQ(EvalText("neg", {Value::Integer(INT32_MIN)}), "ERROR: integer out of range");
  EXPECT_EQ(EvalText("neg", {Value::Decimal(-150, 5, 2)}), "1.50");
  EXPECT_EQ(EvalText("mod", {Value::Integer(7), Value::Integer(4)}), "3");
}

TEST(ArithmeticTest, Floats) {
  EXPECT_EQ(EvalText("*", {Value::Double(1.5), Value::Integer(2)}), "3");
  EXPECT_EQ(TypeOf("+", Value::Real(1), Value::Integer(1)), LogicalType::Double());
  EXPECT_EQ(TypeOf("+", Value::Real(1), Value::Real(1)), LogicalType::Real());
  EXPECT_EQ(EvalText("/", {Value::Double(1), Value::Double(0)}), "ERROR: division by zero");
  EXPECT_EQ(EvalText("*", {Value::Double(1e300), Value::Double(1e300)}), "ERROR: value out of range: overflow");
}

TEST(ArithmeticTest, DecimalTypes) {
  // Redshift: + - scale max(s1,s2), precision max(p1-s1,p2-s2)+1+scale; * p1+p2+1, s1+s2;
  // / scale max(4, s1+p2-s2+1), precision p1-s1+s2+scale.
  EXPECT_EQ(TypeOf("*", Value::Decimal(1, 10, 2), Value::Decimal(1, 5, 3)), LogicalType::Decimal(16, 5));
  EXPECT_EQ(TypeOf("+", Value::Decimal(1, 10, 2), Value::Decimal(1, 5, 3)), LogicalType::Decimal(12, 3));
  EXPECT_EQ(TypeOf("/", Value::Decimal(1, 8, 2), Value::Decimal(1, 8, 2)), LogicalType::Decimal(17, 9));
  EXPECT_EQ(TypeOf("+", Value::Integer(1), Value::Decimal(1, 5, 2)), LogicalType::Decimal(13, 2));
  EXPECT_EQ(TypeOf("*", Value::Decimal(1, 30, 2), Value::Decimal(1, 30, 2)), LogicalType::Decimal(38, 4));
  EXPECT_EQ(TypeOf("+", Value::Decimal(1, 5, 2), Value::Double(1)), LogicalType::Double());
}

TEST(ArithmeticTest, DecimalValues) {
  EXPECT_EQ(EvalText("+", {Value::Decimal(1234, 10, 2), Value::Decimal(1, 5, 3)}), "12.341");
  EXPECT_EQ(EvalText("-", {Value::Decimal(1234, 10, 2), Value::Decimal(12345, 5, 3)}), "-0.005");
  EXPECT_EQ(EvalText("*", {Value::Decimal(150, 10, 2), Value::Decimal(-2500, 5, 3)}), "-3.75000");
  EXPECT_EQ(EvalText("/", {Value::Decimal(100, 8, 2), Value::Decimal(300, 8, 2)}), "0.333333333");
  EXPECT_EQ(EvalText("/", {Value::Decimal(200, 8, 2), Value::Decimal(300, 8, 2)}), "0.666666667");
  EXPECT_EQ(EvalText("/", {Value::Decimal(-200, 8, 2), Value::Decimal(300, 8, 2)}), "-0.666666667");
  EXPECT_EQ(EvalText("/", {Value::Decimal(1, 8, 2), Value::Decimal(0, 8, 2)}), "ERROR: division by zero");
  EXPECT_EQ(EvalText("%", {Value::Decimal(750, 5, 2), Value::Decimal(2, 5, 0)}), "1.50");
  EXPECT_EQ(EvalText("+", {Value::Integer(2), Value::Decimal(150, 5, 2)}), "3.50");
  int128_t big = Pow10(37) * 9;
  EXPECT_EQ(EvalText("+", {Value::Decimal(big, 38, 0), Value::Decimal(big, 38, 0)}), "ERROR: numeric field overflow");
  EXPECT_EQ(EvalText("*", {Value::Decimal(big, 38, 0), Value::Decimal(big, 38, 0)}), "ERROR: numeric field overflow");
}

TEST(ArithmeticTest, NullsLiteralsAndDates) {
  EXPECT_EQ(EvalText("+", {Value::NullOf(LogicalType::Integer()), Value::Integer(1)}), "NULL");
  EXPECT_EQ(EvalText("/", {Value::NullOf(LogicalType::Integer()), Value::Integer(0)}), "NULL");
  EXPECT_EQ(EvalText("+", {Value(), Value::Integer(1)}), "NULL");
  EXPECT_EQ(EvalText("+", {Value::Integer(1), Value::Varchar("41")}), "42");
  EXPECT_EQ(EvalText("+", {Value::Date(0), Value::Integer(31)}), "1970-02-01");
  EXPECT_EQ(EvalText("-", {Value::Date(10), Value::Date(3)}), "7");
  EXPECT_EQ(EvalText("+", {Value::Integer(1), Value::Boolean(true)}, false),
            "ERROR: operator does not exist: integer + boolean");
  Result<Value> r = EvalScalar("+", {Value::Integer(1), Value::Boolean(true)});
  EXPECT_STREQ(r.status().sqlstate(), "42883");
}

}  // namespace
}  // namespace blueshift
