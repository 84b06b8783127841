#include "load/time_format.h"

#include <gtest/gtest.h>

#include "types/datetime.h"

namespace blueshift::load {
namespace {

int64_t Ts(const std::string& fmt, const std::string& text) {
  auto f = TimeFormat::Compile(fmt);
  EXPECT_TRUE(f.ok());
  int64_t us = -1;
  EXPECT_TRUE(f->ParseTimestamp(text, &us)) << fmt << " " << text;
  return us;
}

TEST(TimeFormatTest, Patterns) {
  EXPECT_EQ(FormatTimestamp(Ts("YYYY-MM-DD HH:MI:SS", "2024-02-29 23:59:59")), "2024-02-29 23:59:59");
  EXPECT_EQ(FormatTimestamp(Ts("MM/DD/YYYY HH:MI:SS", "1/5/2008 07:03:09")), "2008-01-05 07:03:09");
  EXPECT_EQ(FormatTimestamp(Ts("YYYY-MM-DD HH:MI:SS", "2024-01-01T10:00:00.250")), "2024-01-01 10:00:00.25");
  EXPECT_EQ(FormatTimestamp(Ts("YYYY-MM-DD HH:MI:SS", "2024-01-01")), "2024-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(Ts("DD MON YYYY HH12:MI AM", "03 Mar 2021 01:30 PM")), "2021-03-03 13:30:00");
  EXPECT_EQ(FormatTimestamp(Ts("YYYYMMDDHH24MISS", "20210102030405")), "2021-01-02 03:04:05");
  EXPECT_EQ(Ts("epochsecs", "1700000000"), 1700000000LL * 1000000);
  EXPECT_EQ(Ts("epochmillisecs", "1700000000123"), 1700000000123LL * 1000);
  EXPECT_EQ(FormatTimestamp(Ts("auto", "2024-03-04 05:06:07")), "2024-03-04 05:06:07");
}

TEST(TimeFormatTest, Rejects) {
  auto f = TimeFormat::Compile("YYYY-MM-DD");
  ASSERT_TRUE(f.ok());
  int32_t d = 0;
  EXPECT_TRUE(f->ParseDate("2023-02-28", &d));
  EXPECT_FALSE(f->ParseDate("2023-02-29", &d));
  EXPECT_FALSE(f->ParseDate("2023/02/28", &d));
  EXPECT_FALSE(f->ParseDate("2023-02-28x", &d));
  EXPECT_FALSE(f->ParseDate("", &d));
  EXPECT_FALSE(TimeFormat::Compile("YYYY-QQ").ok());
  int64_t us = 0;
  EXPECT_FALSE(TimeFormat::Compile("epochsecs")->ParseTimestamp("12a", &us));
}

}  // namespace
}  // namespace blueshift::load
