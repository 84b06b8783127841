#include "storage/vacuum.h"

#include <gtest/gtest.h>

#include "storage/storage_test_util.h"
#include "storage/table_stats.h"
#include "storage/vacuum_scheduler.h"

namespace blueshift::storage {
namespace {

using testing::Col;
using testing::TempDir;

// A sorted two-column table: (k INTEGER SORTKEY, s VARCHAR).
class VacuumTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    store_.reset();
    auto s = Store::Open(dir_.path(), StoreOptions{2});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    if (oid_) return;
    Catalog c = *store_->Current()->catalog;
    TableDef t;
    t.schema = "public";
    t.name = "v";
    t.columns = {Col("k", LogicalType::Integer()), Col("s", LogicalType::Varchar(20))};
    t.sort_style = SortStyle::kCompound;
    t.sort_keys = {0};
    auto oid = c.CreateTable(t);
    ASSERT_TRUE(oid.ok());
    oid_ = *oid;
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch;
    ch.table = oid_;
    ch.created = true;
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*store_->Current(), req).ok());
  }

  const TableDef& Def() { return *store_->Current()->catalog->FindTableByOid(oid_); }

  // Writes keys first, first + step, ... (count of them) on slice 0 and commits.
  void Write(int first, int step, int count) {
    std::vector<Batch> rows;
    for (int done = 0; done < count;) {
      int n = std::min<int>(count - done, static_cast<int>(kBatchSize));
      Batch b({LogicalType::Integer(), LogicalType::Varchar(20)});
      for (int j = 0; j < n; j++) {
        int i = done + j;
        b.column(0).SetValue(j, Value::Integer(first + i * step));
        b.column(1).SetValue(j, Value::Varchar(i % 3 == 0 ? "x" : "y" + std::to_string(i)));
      }
      b.set_count(n);
      rows.push_back(std::move(b));
      done += n;
    }
    auto meta = store_->WriteSegment(Def(), 0, rows);
    ASSERT_TRUE(meta.ok()) << meta.status().ToString();
    CommitRequest req;
    CommitRequest::TableChange ch;
    ch.table = oid_;
    ch.added.push_back(*meta);
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*store_->Current(), req).ok());
  }

  TableLayout Layout() { return ComputeTableLayout(Def(), *store_->Current()->Table(oid_)); }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Oid oid_ = 0;
  std::mutex commit_mu_;
};

TEST_F(VacuumTest, SortsTheUnsortedRegionAndLogsIt) {
  Write(0, 2, 1000);   // even keys 0..1998
  Write(1, 2, 500);    // odd keys 1..999: overlaps, so unsorted
  Write(5000, 1, 10);  // after everything: sorted
  TableLayout before = Layout();
  EXPECT_EQ(before.rows, 1510u);
  EXPECT_EQ(before.sorted_rows, 1010u);
  auto pinned = store_->Current();
  auto r = VacuumTable(store_.get(), &commit_mu_, oid_, VacuumOptions{}, store_->vacuum_log());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sorted_after, 1510u);
  TableLayout after = Layout();
  EXPECT_EQ(after.slices[0].segments, 1u);
  EXPECT_EQ(after.sorted_rows, 1510u);
  EXPECT_EQ(pinned->Table(oid_)->slices[0].size(), 3u);  // a reader's version is untouched
  auto log = store_->vacuum_log()->Snapshot();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].status, "Started");
  EXPECT_EQ(log[1].status, "Finished");
  EXPECT_EQ(log[0].xid, log[1].xid);
}

TEST_F(VacuumTest, SortedTableIsSkippedAndThresholdDecides) {
  Write(0, 1, 100);
  Write(100, 1, 100);
  auto r = VacuumTable(store_.get(), &commit_mu_, oid_, VacuumOptions{}, store_->vacuum_log());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->skipped);
  Write(50, 1, 5);  // 5 of 205 rows unsorted: 97.6% sorted
  VacuumOptions o;
  o.mode = VacuumMode::kSortOnly;
  EXPECT_TRUE(VacuumTable(store_.get(), &commit_mu_, oid_, o, store_->vacuum_log())->skipped);
  o.threshold_percent = 99;
  EXPECT_FALSE(VacuumTable(store_.get(), &commit_mu_, oid_, o, store_->vacuum_log())->skipped);
  EXPECT_EQ(Layout().sorted_rows, 205u);
}

TEST_F(VacuumTest, AutomaticPassVacuumsQuietTablesOnlyWhenEnabled) {
  Write(0, 2, 100);
  Write(1, 2, 100);
  AutoVacuumOptions o;
  o.enabled = false;
  o.quiet_ms = 0;
  o.interval_ms = 3600 * 1000;
  VacuumScheduler scheduler(store_.get(), &commit_mu_, o);
  scheduler.RunAutomaticPass();  // first sight of the table: remembered, not vacuumed
  scheduler.RunAutomaticPass();  // disabled
  EXPECT_EQ(Layout().sorted_rows, 100u);
  scheduler.SetAutoEnabled(true);
  scheduler.RunAutomaticPass();
  EXPECT_EQ(Layout().sorted_rows, 200u);
  auto log = store_->vacuum_log()->Snapshot();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log[0].status, "[VacuumBG] Started");
}

TEST_F(VacuumTest, StatisticsComeFromTheSegmentsAndSurviveARestart) {
  Write(0, 1, 3000);
  Write(0, 1, 3000);  // the same keys again: 3000 distinct
  TableStatistics cheap = EstimateTableStatistics(Def(), *store_->Current()->Table(oid_));
  EXPECT_EQ(cheap.rows, 6000u);
  EXPECT_EQ(cheap.columns[0].min.GetInt(), 0);
  EXPECT_EQ(cheap.columns[0].max.GetInt(), 2999);
  EXPECT_EQ(cheap.columns[0].distinct, -1);
  Open();  // the sketches now come from the segment files
  auto full = ComputeTableStatistics(*store_, Def(), *store_->Current()->Table(oid_));
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  EXPECT_NEAR(full->columns[0].distinct, 3000, 150);
  ASSERT_FALSE(full->columns[1].most_frequent.empty());
  EXPECT_EQ(full->columns[1].most_frequent[0].value.GetString(), "x");
  EXPECT_EQ(full->columns[1].most_frequent[0].count, 2000u);
  auto stale = StatsOffPercent(*store_, Def(), *store_->Current()->Table(oid_));
  ASSERT_TRUE(stale.ok());
  EXPECT_EQ(*stale, 0.0);
}

}  // namespace
}  // namespace blueshift::storage
