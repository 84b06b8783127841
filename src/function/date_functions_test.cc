#include <gtest/gtest.h>

#include "function/scalar_test_util.h"
#include "types/datetime.h"

namespace blueshift {
namespace {

using testing::EvalText;

Value Ts(const char* s) {
  return Value::Timestamp(ParseTimestamp(s).value());
}
Value D(const char* s) {
  return Value::Date(ParseDate(s).value());
}
Value P(const char* s) {
  return Value::Varchar(s);
}

TEST(DateFunctionsTest, DatePart) {
  Value t = Ts("2024-02-29 13:45:30.25");
  EXPECT_EQ(EvalText("date_part", {P("year"), t}), "2024");
  EXPECT_EQ(EvalText("date_part", {P("month"), t}), "2");
  EXPECT_EQ(EvalText("date_part", {P("d"), t}), "29");
  EXPECT_EQ(EvalText("date_part", {P("hour"), t}), "13");
  EXPECT_EQ(EvalText("date_part", {P("minute"), t}), "45");
  EXPECT_EQ(EvalText("date_part", {P("second"), t}), "30.25");
  EXPECT_EQ(EvalText("date_part", {P("dow"), t}), "4");  // Thursday
  EXPECT_EQ(EvalText("date_part", {P("doy"), t}), "60");
  EXPECT_EQ(EvalText("date_part", {P("quarter"), t}), "1");
  EXPECT_EQ(EvalText("date_part", {P("week"), t}), "9");
  EXPECT_EQ(EvalText("date_part", {P("epoch"), Ts("1970-01-02 00:00:00")}), "86400");
  EXPECT_EQ(EvalText("date_part", {P("week"), D("2021-01-01")}), "53");
  EXPECT_EQ(EvalText("date_part", {P("year"), D("2021-01-01")}, false), "2021");
  EXPECT_EQ(EvalText("date_part", {P("fortnight"), t}), "ERROR: timestamp units \"fortnight\" not recognized");
}

TEST(DateFunctionsTest, DateTrunc) {
  Value t = Ts("2024-02-29 13:45:30.25");
  EXPECT_EQ(EvalText("date_trunc", {P("month"), t}), "2024-02-01 00:00:00");
  EXPECT_EQ(EvalText("date_trunc", {P("week"), t}), "2024-02-26 00:00:00");  // Monday
  EXPECT_EQ(EvalText("date_trunc", {P("quarter"), t}), "2024-01-01 00:00:00");
  EXPECT_EQ(EvalText("date_trunc", {P("hour"), t}), "2024-02-29 13:00:00");
  EXPECT_EQ(EvalText("date_trunc", {P("day"), D("2024-02-29")}), "2024-02-29 00:00:00");
  EXPECT_EQ(EvalText("trunc", {t}), "2024-02-29");
}

TEST(DateFunctionsTest, DateAddAndAddMonths) {
  EXPECT_EQ(EvalText("dateadd", {P("month"), Value::Integer(1), D("2024-04-30")}), "2024-05-30 00:00:00");
  EXPECT_EQ(EvalText("dateadd", {P("month"), Value::Integer(1), D("2024-01-31")}), "2024-02-29 00:00:00");
  EXPECT_EQ(EvalText("dateadd", {P("day"), Value::Integer(-1), D("2024-03-01")}), "2024-02-29 00:00:00");
  EXPECT_EQ(EvalText("dateadd", {P("hour"), Value::Integer(25), Ts("2024-01-01 00:00:00")}), "2024-01-02 01:00:00");
  EXPECT_EQ(EvalText("dateadd", {P("y"), Value::Integer(1), D("2024-02-29")}), "2025-02-28 00:00:00");
  EXPECT_EQ(EvalText("add_months", {D("2024-04-30"), Value::Integer(1)}), "2024-05-31 00:00:00");
  EXPECT_EQ(EvalText("add_months", {D("2024-04-15"), Value::Integer(-5)}), "2023-11-15 00:00:00");
  EXPECT_EQ(EvalText("last_day", {D("2024-02-10")}), "2024-02-29");
}

TEST(DateFunctionsTest, DateDiffCountsBoundaries) {
  EXPECT_EQ(EvalText("datediff", {P("year"), D("2023-12-31"), D("2024-01-01")}), "1");
  EXPECT_EQ(EvalText("datediff", {P("month"), D("2024-01-31"), D("2024-02-01")}), "1");
  EXPECT_EQ(EvalText("datediff", {P("day"), Ts("2024-01-01 23:59:59"), Ts("2024-01-02 00:00:00")}), "1");
  EXPECT_EQ(EvalText("datediff", {P("week"), D("2009-01-01"), D("2009-12-31")}), "52");
  EXPECT_EQ(EvalText("datediff", {P("quarter"), D("2024-03-31"), D("2023-12-31")}), "-1");
  EXPECT_EQ(EvalText("datediff", {P("hour"), Ts("2024-01-01 10:59:00"), Ts("2024-01-01 11:00:00")}), "1");
  EXPECT_EQ(EvalText("datediff", {P("day"), D("2024-01-01"), D("2024-03-01")}, false), "60");
}

}  // namespace
}  // namespace blueshift
