#include "types/interval.h"

#include <gtest/gtest.h>

#include "types/datetime.h"
#include "types/timetz.h"

namespace blueshift {
namespace {

// The packed TIMETZ must round-trip every offset and time of day at the extremes, and order as SQL does:
// by UTC time, then the larger offset east first.
TEST(TimeTzTest, PackRoundTripsAndOrders) {
  for (int32_t offset : {-kMaxTimeTzOffset, -3600, 0, 19800, kMaxTimeTzOffset}) {
    for (int64_t micros : {int64_t{0}, int64_t{1}, kMicrosPerDay / 2, kMicrosPerDay}) {
      TimeTz t = UnpackTimeTz(PackTimeTz({micros, offset}));
      EXPECT_EQ(t.micros, micros);
      EXPECT_EQ(t.offset, offset);
    }
  }
  int64_t utc_two = PackTimeTz({2 * 3600 * kMicrosPerSecond, 0});        // 02:00+00
  int64_t four_plus2 = PackTimeTz({4 * 3600 * kMicrosPerSecond, 7200});  // 04:00+02, same UTC instant
  int64_t three = PackTimeTz({3 * 3600 * kMicrosPerSecond, 0});
  EXPECT_LT(four_plus2, utc_two);
  EXPECT_LT(utc_two, three);
  EXPECT_LT(PackTimeTz({0, kMaxTimeTzOffset}), PackTimeTz({kMicrosPerDay, -kMaxTimeTzOffset}));
  EXPECT_EQ(FormatTimeTz(four_plus2), "04:00:00+02");
  EXPECT_EQ(FormatTimeTz(PackTimeTz({0, -(5 * 3600 + 30 * 60)})), "00:00:00-05:30");
}

// The unqualified interval orders by span (a month is 30 days) and keeps its months.
TEST(IntervalTest, PackOrdersBySpan) {
  IntervalParts month{1, 0}, days29{0, 29 * kMicrosPerDay}, days31{0, 31 * kMicrosPerDay};
  EXPECT_LT(PackInterval(days29), PackInterval(month));
  EXPECT_LT(PackInterval(month), PackInterval(days31));
  EXPECT_LT(PackInterval({-1, 0}), PackInterval({0, -1}));
  for (IntervalParts p : {month, IntervalParts{-7, 5}, IntervalParts{kMaxIntervalMonths, -kMicrosPerDay},
                          IntervalParts{-kMaxIntervalMonths, INT64_MAX / 2}}) {
    IntervalParts back = UnpackInterval(PackInterval(p));
    EXPECT_EQ(back.months, p.months);
    EXPECT_EQ(back.micros, p.micros);
  }
}

TEST(IntervalTest, ParseAndFormat) {
  auto text = [](std::string_view in, IntervalFields f = IntervalFields::kNone) {
    Result<IntervalParts> p = ParseInterval(in, f);
    return p.ok() ? FormatInterval(*p) : "error " + p.status().message();
  };
  EXPECT_EQ(text("1 year 2 months 3 days 04:05:06.5"), "1 year 2 mons 3 days 04:05:06.5");
  EXPECT_EQ(text("@ 2 hours 3 mins ago"), "-02:03:00");
  EXPECT_EQ(text("1-2"), "1 year 2 mons");
  EXPECT_EQ(text("10d 5h"), "10 days 05:00:00");
  EXPECT_EQ(text("1.5 years"), "1 year 6 mons");
  EXPECT_EQ(text("1.5 months"), "1 mon 15 days");
  EXPECT_EQ(text("-1 days +02:00:00"), "-22:00:00");
  EXPECT_EQ(text("23", IntervalFields::kMonth), "1 year 11 mons");
  EXPECT_EQ(text("2", IntervalFields::kDayToHour), "02:00:00");
  EXPECT_EQ(text("1 2:03:04", IntervalFields::kDayToSecond), "1 day 02:03:04");
  EXPECT_EQ(text("12:30.5", IntervalFields::kMinuteToSecond), "00:12:30.5");
  EXPECT_EQ(text(""), "error invalid input syntax for type interval: \"\"");
  EXPECT_EQ(text("3 fortnights"), "error invalid input syntax for type interval: \"3 fortnights\"");
  EXPECT_EQ(FormatInterval({-13, kMicrosPerDay + 1}), "-1 years -1 mons +1 day 00:00:00.000001");
}

TEST(IntervalTest, QualifiersCutAndRound) {
  LogicalType minute = LogicalType::Interval(IntervalFields::kDayToMinute);
  Result<int128_t> v = IntervalToType(minute, {0, 90 * kMicrosPerSecond + 7});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(static_cast<int64_t>(*v), 60 * kMicrosPerSecond);
  LogicalType tenths = LogicalType::Interval(IntervalFields::kSecond, 1);
  v = IntervalToType(tenths, {0, 1250000});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(static_cast<int64_t>(*v), 1300000);
  EXPECT_FALSE(IntervalToType(minute, {1, 0}).ok());
  EXPECT_FALSE(IntervalToType(LogicalType::Interval(IntervalFields::kYear), {0, 1}).ok());
  v = IntervalToType(LogicalType::Interval(IntervalFields::kYear), {23, 0});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(static_cast<int64_t>(*v), 12);
}

}  // namespace
}  // namespace blueshift
