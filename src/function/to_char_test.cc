#include <gtest/gtest.h>

#include "function/scalar_test_util.h"
#include "types/datetime.h"

namespace blueshift {
namespace {

using testing::EvalText;

Value Ts(const char* s) {
  return Value::Timestamp(ParseTimestamp(s).value());
}
Value F(const char* s) {
  return Value::Varchar(s);
}

TEST(ToCharTest, Timestamps) {
  Value t = Ts("2024-02-09 13:05:07.123456");
  EXPECT_EQ(EvalText("to_char", {t, F("YYYY-MM-DD HH24:MI:SS")}), "2024-02-09 13:05:07");
  EXPECT_EQ(EvalText("to_char", {t, F("Mon DD, YYYY")}), "Feb 09, 2024");
  EXPECT_EQ(EvalText("to_char", {t, F("FMMonth FMDD")}), "February 9");
  EXPECT_EQ(EvalText("to_char", {t, F("Day|DY|dy")}), "Friday   |FRI|fri");
  EXPECT_EQ(EvalText("to_char", {t, F("HH12:MI AM")}), "01:05 PM");
  EXPECT_EQ(EvalText("to_char", {t, F("MS US")}), "123 123456");
  EXPECT_EQ(EvalText("to_char", {t, F("\"Q\"Q YY DDD")}), "Q1 24 040");
  EXPECT_EQ(EvalText("to_char", {Value::Date(0), F("YYYY/MM/DD")}), "1970/01/01");
  EXPECT_EQ(EvalText("to_char", {t, F("MONTH")}), "FEBRUARY ");
}

TEST(ToCharTest, Numbers) {
  EXPECT_EQ(EvalText("to_char", {Value::Decimal(123456, 10, 3), F("999.99")}), " 123.46");
  EXPECT_EQ(EvalText("to_char", {Value::Decimal(-123456, 10, 3), F("999.99")}), "-123.46");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(5), F("000")}), " 005");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(1234567), F("9,999,999")}), " 1,234,567");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(12), F("9,999")}), "    12");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(0), F("999")}), "   0");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(12345), F("999")}), " ###");
  EXPECT_EQ(EvalText("to_char", {Value::Double(0.5), F("0.99")}), " 0.50");
  EXPECT_EQ(EvalText("to_char", {Value::Double(3.5), F("FM999.99")}), "3.5");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(-42), F("FM999")}), "-42");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(42), F("FM$999")}), "$42");
  EXPECT_EQ(EvalText("to_char", {Value::Integer(-42), F("999MI")}), " 42-");
}

}  // namespace
}  // namespace blueshift
