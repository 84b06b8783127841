#include "main/activity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "storage/storage_test_util.h"
#include "util/crc32c.h"
#include "util/file.h"

namespace blueshift {
namespace {

using storage::testing::TempDir;

StatementRecord Query(const std::string& text) {
  StatementRecord r;
  r.kind = StatementClass::kQuery;
  r.text = text;
  r.user = "awsuser";
  r.database = "dev";
  r.start_us = WallClockMicros();
  return r;
}

TEST(ActivityTest, HistorySurvivesReopenAndIdsKeepGrowing) {
  TempDir dir;
  ActivityOptions options;
  options.dir = dir.path();
  int64_t first_id = 0;
  {
    auto a = Activity::Open(options);
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    int64_t h = (*a)->StatementStarted(Query("select 1"));
    first_id = (*a)->QueryIdOf(h);
    (*a)->StatementFinished(h, /*aborted=*/false);
    int64_t h2 = (*a)->StatementStarted(Query("select 2"));
    (*a)->StatementFinished(h2, /*aborted=*/true);
  }
  auto a = Activity::Open(options);
  ASSERT_TRUE(a.ok());
  auto history = (*a)->History();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].text, "select 1");
  EXPECT_EQ(history[0].query, first_id);
  EXPECT_FALSE(history[0].aborted);
  EXPECT_TRUE(history[1].aborted);
  int64_t h = (*a)->StatementStarted(Query("select 3"));
  EXPECT_GT((*a)->QueryIdOf(h), history[1].query);
}

TEST(ActivityTest, TornTailIsIgnored) {
  TempDir dir;
  ActivityOptions options;
  options.dir = dir.path();
  {
    auto a = Activity::Open(options);
    ASSERT_TRUE(a.ok());
    for (int i = 0; i < 3; i++) {
      int64_t h = (*a)->StatementStarted(Query("select " + std::to_string(i)));
      (*a)->StatementFinished(h, false);
    }
  }
  // A crash in the middle of the last write: half a record, then garbage.
  std::string path = dir.path() + "/history.log";
  auto data = ReadFileToString(path);
  ASSERT_TRUE(data.ok());
  std::string torn = data->substr(0, data->size() - 7) + "\x01\x02";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << torn;
  }
  auto a = Activity::Open(options);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ((*a)->History().size(), 2u);
  // The log was rewritten clean: new records append after the survivors.
  int64_t h = (*a)->StatementStarted(Query("select after"));
  (*a)->StatementFinished(h, false);
  a->reset();
  auto again = Activity::Open(options);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ((*again)->History().size(), 3u);
  EXPECT_EQ((*again)->History().back().text, "select after");
}

TEST(ActivityTest, RetentionDropsOldRecords) {
  TempDir dir;
  ActivityOptions options;
  options.dir = dir.path();
  {
    auto a = Activity::Open(options);
    ASSERT_TRUE(a.ok());
    StatementRecord old = Query("select old");
    old.start_us -= 10LL * 3600 * 1000000;  // ten hours ago
    int64_t h = (*a)->StatementStarted(old);
    (*a)->StatementFinished(h, false);
    h = (*a)->StatementStarted(Query("select new"));
    (*a)->StatementFinished(h, false);
  }
  // Both finished just now, so both are kept under a 1-hour retention...
  options.retention_us = 3600LL * 1000000;
  auto a = Activity::Open(options);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->History().size(), 2u);
  a->reset();
  // ... and a retention of 0 forgets everything that ended before the open.
  options.retention_us = 0;
  auto b = Activity::Open(options);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->History().size(), 0u);
}

// At max_records every statement drops the oldest record: the log file is still rewritten once dropped
// records are half of it, so it stays within a bounded multiple of the records kept.
TEST(ActivityTest, LogStaysBoundedAtMaxRecords) {
  TempDir dir;
  ActivityOptions options;
  options.dir = dir.path();
  options.max_records = 100;
  auto a = Activity::Open(options);
  ASSERT_TRUE(a.ok());
  const std::string path = dir.path() + "/history.log";
  uintmax_t largest = 0;
  for (int i = 0; i < 2000; i++) {
    int64_t h = (*a)->StatementStarted(Query("select " + std::to_string(i)));
    (*a)->StatementFinished(h, false);
    if (i >= 200) largest = std::max<uintmax_t>(largest, std::filesystem::file_size(path));
  }
  EXPECT_EQ((*a)->History().size(), 100u);
  const uintmax_t kept = std::filesystem::file_size(path);
  EXPECT_GT(kept, 0u);
  // A record here is under 200 bytes: 100 kept and at most as many dropped ones.
  EXPECT_LT(largest, 201u * 200u);
}

void WriteFirstRecord(const std::string& path, const std::string& payload, bool good_crc) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  uint32_t len = payload.size();
  uint32_t crc = good_crc ? Crc32c(payload) : 0;
  out.write(reinterpret_cast<const char*>(&len), 4);
  out.write(reinterpret_cast<const char*>(&crc), 4);
  out << payload;
}

TEST(ActivityTest, ForeignFileIsAnErrorAndDamagedHeaderStartsEmpty) {
  TempDir dir;
  std::string path = dir.path() + "/history.log";
  ActivityOptions options;
  options.dir = dir.path();
  // A whole, checksummed first record that is not our header: someone else's file, left alone.
  WriteFirstRecord(path, std::string("\x00", 1) + "XXXXYYYY", /*good_crc=*/true);
  auto foreign = Activity::Open(options);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), ErrorCode::kDataCorrupted);
  // A header torn by a crash: history starts empty and the file is rewritten.
  WriteFirstRecord(path, std::string("\x00", 1) + "XXXXYYYY", /*good_crc=*/false);
  auto a = Activity::Open(options);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*a)->History().size(), 0u);
}

std::string Header(uint32_t version) {
  std::string h = std::string(1, '\0') + "BHST";  // tag 0, magic 0x54534842 little-endian
  h.append(reinterpret_cast<const char*>(&version), 4);
  return h;
}

TEST(ActivityTest, VersionOneLogIsReadAndLaterVersionsRefused) {
  TempDir dir;
  std::string path = dir.path() + "/history.log";
  ActivityOptions options;
  options.dir = dir.path();
  WriteFirstRecord(path, Header(1), /*good_crc=*/true);
  ASSERT_TRUE(Activity::Open(options).ok());
  WriteFirstRecord(path, Header(3), /*good_crc=*/true);
  auto later = Activity::Open(options);
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.status().code(), ErrorCode::kDataCorrupted);
}

TEST(ActivityTest, AnalyzeAndVacuumHistorySurviveReopen) {
  TempDir dir;
  ActivityOptions options;
  options.dir = dir.path();
  {
    auto a = Activity::Open(options);
    ASSERT_TRUE(a.ok());
    AnalyzeEvent e;
    e.table_id = 100005;
    e.status = "Full";
    e.rows = 2.5;
    e.end_us = WallClockMicros();
    (*a)->RecordAnalyze(e);
    storage::VacuumEvent v;
    v.table_id = 16777300;
    v.status = "Finished";
    v.xid = 7;
    v.eventtime_us = WallClockMicros();
    (*a)->RecordVacuum("16777216", v);
  }
  auto a = Activity::Open(options);
  ASSERT_TRUE(a.ok());
  auto analyzed = (*a)->analyze_log().Events();
  ASSERT_EQ(analyzed.size(), 1u);
  EXPECT_EQ(analyzed[0].table_id, 100005u);
  EXPECT_EQ(analyzed[0].rows, 2.5);
  EXPECT_TRUE((*a)->VacuumHistory("").empty());
  auto vacuums = (*a)->VacuumHistory("16777216");
  ASSERT_EQ(vacuums.size(), 1u);
  EXPECT_EQ(vacuums[0].status, "Finished");
  EXPECT_EQ(vacuums[0].xid, 7);
}

TEST(ActivityTest, CancelUnknownSession) {
  auto a = Activity::Open(ActivityOptions{});
  ASSERT_TRUE(a.ok());
  Status st = (*a)->CancelSession(4242, "", "awsuser", true);
  EXPECT_EQ(st.code(), ErrorCode::kUndefinedObject);
  EXPECT_NE(st.message().find("Session 4242 does not exist"), std::string::npos);
}

}  // namespace
}  // namespace blueshift
