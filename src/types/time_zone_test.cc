#include "types/time_zone.h"

#include <gtest/gtest.h>

#include "types/datetime.h"

namespace blueshift {
namespace {

int64_t Utc(int64_t y, unsigned m, unsigned d, int64_t h, int64_t mi = 0) {
  return DaysFromCivil(y, m, d) * 86400 + h * 3600 + mi * 60;
}

std::shared_ptr<const TimeZone> Zone(std::string_view name) {
  auto z = TimeZone::Find(name);
  EXPECT_TRUE(z.ok()) << z.status().message();
  return z.ok() ? *z : TimeZone::Utc();
}

TEST(TimeZoneTest, DatabaseZones) {
  auto ny = Zone("America/New_York");
  EXPECT_EQ(ny->name(), "America/New_York");
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 1, 15, 12)), -5 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 7, 15, 12)), -4 * 3600);
  EXPECT_EQ(ny->AbbreviationAtUtc(Utc(2024, 7, 15, 12)), "EDT");
  // The switch on 2024-03-10 happens at 07:00 UTC (02:00 EST).
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 3, 10, 6, 59)), -5 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2024, 3, 10, 7, 0)), -4 * 3600);
  // Far past the file's last transition the POSIX rule in its footer applies.
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2200, 7, 1, 12)), -4 * 3600);
  EXPECT_EQ(ny->OffsetAtUtc(Utc(2200, 12, 1, 12)), -5 * 3600);
  EXPECT_EQ(Zone("america/new_york")->name(), "America/New_York");
  auto sydney = Zone("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetAtUtc(Utc(2300, 1, 15, 0)), 11 * 3600);
  EXPECT_EQ(sydney->OffsetAtUtc(Utc(2300, 7, 15, 0)), 10 * 3600);
}

TEST(TimeZoneTest, LocalToUtcInGapsAndOverlaps) {
  auto ny = Zone("America/New_York");
  // 02:30 does not exist on 2018-03-11: read with EST, it is 07:30 UTC (03:30 EDT).
  EXPECT_EQ(ny->LocalToUtc(Utc(2018, 3, 11, 2, 30)), Utc(2018, 3, 11, 7, 30));
  // 01:30 happens twice on 2018-11-04: the later (EST) reading wins, 06:30 UTC.
  EXPECT_EQ(ny->LocalToUtc(Utc(2018, 11, 4, 1, 30)), Utc(2018, 11, 4, 6, 30));
  EXPECT_EQ(ny->LocalToUtc(Utc(2018, 7, 4, 12)), Utc(2018, 7, 4, 16));
}

TEST(TimeZoneTest, PosixAndFixedOffsets) {
  EXPECT_EQ(Zone("UTC+3")->OffsetAtUtc(0), -3 * 3600);  // POSIX: hours west
  EXPECT_EQ(Zone("-8:00")->OffsetAtUtc(0), 8 * 3600);   // as PostgreSQL reads it
  EXPECT_EQ(Zone("-8")->OffsetAtUtc(0), -8 * 3600);     // a bare number: hours east
  EXPECT_EQ(Zone("5.5")->OffsetAtUtc(0), 19800);
  EXPECT_EQ(Zone("PDT")->OffsetAtUtc(0), -7 * 3600);
  auto rule = Zone("XST5XDT,M3.2.0,M11.1.0");
  EXPECT_EQ(rule->OffsetAtUtc(Utc(2024, 7, 1, 0)), -4 * 3600);
  EXPECT_EQ(rule->OffsetAtUtc(Utc(2024, 12, 1, 0)), -5 * 3600);
  EXPECT_EQ(rule->AbbreviationAtUtc(Utc(2024, 7, 1, 0)), "XDT");
  auto south = Zone("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  EXPECT_EQ(south->OffsetAtUtc(Utc(2024, 1, 1, 0)), 11 * 3600);
  EXPECT_EQ(south->OffsetAtUtc(Utc(2024, 6, 1, 0)), 37800);
}

TEST(TimeZoneTest, UnknownZones) {
  for (const char* bad : {"Mars/Olympus", "", "UTC+", "../../etc/passwd", "XY"}) {
    auto z = TimeZone::Find(bad);
    EXPECT_FALSE(z.ok()) << bad;
    if (!z.ok()) {
      EXPECT_STREQ(z.status().sqlstate(), "22023");
    }
  }
}

TEST(TimeZoneTest, TimestampTzText) {
  auto kolkata = Zone("Asia/Kolkata");
  int64_t us = Utc(2008, 1, 25, 14, 30) * 1000000 + 5000000;
  EXPECT_EQ(FormatTimestampTz(us, *kolkata), "2008-01-25 20:00:05+05:30");
  EXPECT_EQ(FormatTimestampTz(us, *TimeZone::Utc()), "2008-01-25 14:30:05+00");
  EXPECT_EQ(*ParseTimestampTz("2008-01-25 20:00:05+05:30", *TimeZone::Utc()), us);
  EXPECT_EQ(*ParseTimestampTz("2008-01-25 20:00:05", *kolkata), us);
  EXPECT_EQ(*ParseTimestampTz("2008-01-25 09:30:05 America/New_York", *kolkata), us);
}

}  // namespace
}  // namespace blueshift
