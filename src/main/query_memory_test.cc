#include "main/query_memory.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "main/database.h"
#include "main/session.h"
#include "storage/storage_test_util.h"

namespace blueshift {
namespace {

using storage::testing::TempDir;

TEST(QueryMemoryTest, ParsesSizesAndSlotCounts) {
  EXPECT_EQ(*ParseQueryWorkingMem("2"), uint64_t{2} << 20);
  EXPECT_EQ(*ParseQueryWorkingMem("512kB"), uint64_t{512} << 10);
  EXPECT_EQ(*ParseQueryWorkingMem("3 GB"), uint64_t{3} << 30);
  EXPECT_EQ(*ParseQueryWorkingMem("64mb"), uint64_t{64} << 20);
  for (const char* bad : {"", "lots", "1TB", "10kB", "0", "-1", "1.5MB"})
    EXPECT_EQ(ParseQueryWorkingMem(bad).status().code(), ErrorCode::kInvalidParameterValue) << bad;
  EXPECT_EQ(*ParseWlmQuerySlotCount("1"), 1);
  EXPECT_EQ(*ParseWlmQuerySlotCount("50"), 50);
  for (const char* bad : {"0", "51", "x", "2 "}) EXPECT_FALSE(ParseWlmQuerySlotCount(bad).ok()) << bad;
  EXPECT_GE(DefaultQueryWorkingMemMb(), 64u);
}

// Counts the rows a statement returns and adds up the first column.
class SumSink : public ResultSink {
 public:
  Status BeginRows(const std::vector<ColumnInfo>&) override { return Status::OK(); }
  Status Rows(const Batch& batch) override {
    for (size_t i = 0; i < batch.count(); i++) {
      rows++;
      sum += batch.column(0).GetValue(batch.RowIndex(i)).ToString() == "NULL"
                 ? 0
                 : std::stoll(batch.column(0).GetValue(batch.RowIndex(i)).ToString());
    }
    return Status::OK();
  }
  Status Complete(const std::string&) override { return Status::OK(); }
  uint64_t rows = 0;
  int64_t sum = 0;
};

int SpillDirs(const std::string& data_dir) {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(data_dir + "/tmp"))
    n += e.path().filename().string().rfind("spill-", 0) == 0;
  return n;
}

TEST(QueryMemoryTest, ResultsBeyondTheLimitSpillAndTheFilesGo) {
  TempDir dir;
  DatabaseOptions options;
  options.data_dir = dir.path();
  options.num_slices = 2;
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto session = (*db)->Connect(SessionOptions{});
  SumSink sink;
  for (const char* sql :
       {"CREATE TABLE d (x INTEGER)", "INSERT INTO d VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)",
        "CREATE TABLE big (k BIGINT, pad VARCHAR(40))",
        "INSERT INTO big SELECT a.x * 10000 + b.x * 1000 + c.x * 100 + e.x * 10 + f.x, 'padding padding padding' "
        "FROM d a, d b, d c, d e, d f",
        "SET query_working_mem TO '1MB'"}) {
    Status st = session->ExecuteSimple(sql, &sink);
    ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
  }
  sink = SumSink();
  Status st = session->ExecuteSimple("SELECT k, pad FROM big", &sink);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(sink.rows, 100000u);
  EXPECT_EQ(sink.sum, 4999950000);
  EXPECT_EQ(SpillDirs(dir.path()), 0);
  sink = SumSink();
  st = session->ExecuteSimple("SELECT k FROM big ORDER BY pad, k DESC", &sink);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(sink.rows, 100000u);
  EXPECT_EQ(SpillDirs(dir.path()), 0);
  // DISTINCT aggregates of two values keep per-group value sets, which cannot spill.
  st = session->ExecuteSimple("SELECT count(DISTINCT k), count(DISTINCT pad) FROM big", &sink);
  EXPECT_EQ(st.code(), ErrorCode::kOutOfMemory);
  EXPECT_EQ(SpillDirs(dir.path()), 0);
  // Beside a plain aggregate it is two aggregations that spill.
  sink = SumSink();
  st = session->ExecuteSimple("SELECT count(DISTINCT k), sum(k) FROM big", &sink);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(sink.sum, 100000);  // column 0: the count
  EXPECT_EQ(SpillDirs(dir.path()), 0);
  // Alone, it is two plain aggregations that spill, and their files go too.
  sink = SumSink();
  st = session->ExecuteSimple("SELECT count(DISTINCT k) FROM big", &sink);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(sink.sum, 100000);
  EXPECT_EQ(SpillDirs(dir.path()), 0);
}

TEST(QueryMemoryTest, LeftoverSpillFilesGoAtStartup) {
  TempDir dir;
  DatabaseOptions options;
  options.data_dir = dir.path();
  { ASSERT_TRUE(Database::Open(options).ok()); }
  std::filesystem::create_directories(dir.path() + "/tmp/spill-123-0");
  std::ofstream(dir.path() + "/tmp/spill-123-0/0.spill") << "left by a crash";
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(SpillDirs(dir.path()), 0);
}

}  // namespace
}  // namespace blueshift
