#include "main/conflict_tracker.h"

#include <gtest/gtest.h>

namespace blueshift {
namespace {

constexpr Oid kX = 100, kY = 101, kZ = 102;

// Each test uses its own tracker: Global() is shared by the process. version_ plays the store's current
// version: each commit makes the next one, durable (visible to new snapshots) at once unless a test says.
class ConflictTrackerTest : public ::testing::Test {
 protected:
  void Begin(uint64_t xid) {
    tracker_.Begin(kDb, xid, [this] { return visible_; });
  }
  std::vector<uint64_t> Read(uint64_t xid, Oid t) { return tracker_.Access(kDb, xid, t, false); }
  std::vector<uint64_t> Write(uint64_t xid, Oid t) { return tracker_.Access(kDb, xid, t, true); }
  // The commit's version is recorded; with durable, new snapshots hold it from then on.
  void Commit(uint64_t xid, bool durable = true) {
    tracker_.Commit(kDb, xid, ++version_, visible_);
    if (durable) visible_ = version_;
    tracker_.End(kDb, xid, visible_);
  }
  uint64_t visible_ = 1;
  const int db_tag_ = 0;
  const ConflictTracker::DbKey kDb = &db_tag_;
  uint64_t version_ = 1;
  ConflictTracker tracker_;
};

TEST_F(ConflictTrackerTest, TwoTransactionsReadingWhatTheOtherWrites) {
  Begin(1);
  Begin(2);
  EXPECT_TRUE(Read(1, kX).empty());
  EXPECT_TRUE(Write(2, kX).empty());
  EXPECT_TRUE(Read(2, kY).empty());
  EXPECT_EQ(Write(1, kY), (std::vector<uint64_t>{1, 2}));
  // The refused write is not recorded: 1 may still commit what it did.
  Commit(1);
  Commit(2);
  EXPECT_EQ(tracker_.RetainedForTest(), 0u);
}

TEST_F(ConflictTrackerTest, BlindWritesCommute) {
  Begin(1);
  Begin(2);
  EXPECT_TRUE(Write(1, kX).empty());
  EXPECT_TRUE(Write(2, kX).empty());
  EXPECT_TRUE(Write(1, kY).empty());
  EXPECT_TRUE(Write(2, kY).empty());
  Commit(1);
  Commit(2);
}

// The read-only anomaly: 5 reads Y before 1 inserts into it; 6 starts after 1 committed and sees it, and
// reads X before 5 writes it. 5 < 1 < 6 < 5: 5's write closes the cycle.
TEST_F(ConflictTrackerTest, CycleThroughACommittedTransaction) {
  Begin(5);
  EXPECT_TRUE(Read(5, kY).empty());
  Begin(1);
  EXPECT_TRUE(Write(1, kY).empty());
  Commit(1);
  Begin(6);
  EXPECT_TRUE(Read(6, kY).empty());
  EXPECT_TRUE(Read(6, kX).empty());
  EXPECT_TRUE(Read(5, kX).empty());
  EXPECT_EQ(Write(5, kX), (std::vector<uint64_t>{5, 1, 6}));
}

// The same with 6 committed before 5 writes: a committed reader stays on the cycle.
TEST_F(ConflictTrackerTest, CycleThroughACommittedReader) {
  Begin(5);
  EXPECT_TRUE(Read(5, kY).empty());
  Begin(1);
  EXPECT_TRUE(Write(1, kY).empty());
  Commit(1);
  Begin(6);
  EXPECT_TRUE(Read(6, kY).empty());
  EXPECT_TRUE(Read(6, kX).empty());
  Commit(6);
  EXPECT_EQ(Write(5, kX), (std::vector<uint64_t>{5, 1, 6}));
}

// Three writers: 1 reads Y; 3 writes Y and X and commits; 4 reads X (seeing 3); 1 then writes X, which 4
// read without seeing it: 1 < 3 < 4 < 1.
TEST_F(ConflictTrackerTest, CycleOfThreeWriters) {
  Begin(1);
  EXPECT_TRUE(Read(1, kY).empty());
  Begin(3);
  EXPECT_TRUE(Write(3, kY).empty());
  EXPECT_TRUE(Write(3, kX).empty());
  Commit(3);
  Begin(4);
  EXPECT_TRUE(Read(4, kX).empty());
  EXPECT_EQ(Write(1, kX), (std::vector<uint64_t>{1, 3, 4}));
  EXPECT_TRUE(Write(4, kZ).empty());
  Commit(4);
}

// A serial history of the same shape: 4 starts after 1 committed, so 1 < 3 < 4 holds without a cycle.
TEST_F(ConflictTrackerTest, ChainWithoutCycleCommits) {
  Begin(1);
  EXPECT_TRUE(Read(1, kY).empty());
  Begin(3);
  EXPECT_TRUE(Write(3, kY).empty());
  Commit(3);
  EXPECT_TRUE(Write(1, kX).empty());
  Commit(1);
  Begin(4);
  EXPECT_TRUE(Read(4, kX).empty());
  EXPECT_TRUE(Read(4, kY).empty());
  EXPECT_TRUE(Write(4, kZ).empty());
  Commit(4);
  EXPECT_EQ(tracker_.RetainedForTest(), 0u);
}

// Committed transactions stay while an open one may still reach them, and no longer.
TEST_F(ConflictTrackerTest, PrunesWhatNoCycleCanReach) {
  Begin(1);  // a long reader, open throughout
  EXPECT_TRUE(Read(1, kX).empty());
  for (uint64_t xid = 10; xid < 20; ++xid) {
    Begin(xid);
    EXPECT_TRUE(Write(xid, kX).empty());
    Commit(xid);
  }
  EXPECT_EQ(tracker_.RetainedForTest(), 10u);  // 1 may still write what one of them read
  Commit(1);
  EXPECT_EQ(tracker_.RetainedForTest(), 0u);
  // Autocommit writers with nobody open are dropped at once.
  for (uint64_t xid = 20; xid < 30; ++xid) {
    Begin(xid);
    EXPECT_TRUE(Read(xid, kY).empty());
    EXPECT_TRUE(Write(xid, kY).empty());
    Commit(xid);
  }
  EXPECT_EQ(tracker_.RetainedForTest(), 0u);
}

// Databases are tracked apart: the same table oid in two databases orders nothing.
TEST_F(ConflictTrackerTest, DatabasesAreApart) {
  const int other_tag = 0;
  const ConflictTracker::DbKey other = &other_tag;
  Begin(1);
  tracker_.Begin(other, 2, [] { return uint64_t{1}; });
  EXPECT_TRUE(Read(1, kX).empty());
  EXPECT_TRUE(tracker_.Access(other, 2, kX, true).empty());
  EXPECT_TRUE(tracker_.Access(other, 2, kY, false).empty());
  EXPECT_TRUE(Write(1, kY).empty());
  Commit(1);
  tracker_.Commit(other, 2, 2, 1);
  tracker_.End(other, 2, 2);
}

// A commit the store refused is forgotten.
TEST_F(ConflictTrackerTest, FailedCommitIsForgotten) {
  Begin(1);
  Begin(2);
  EXPECT_TRUE(Read(2, kX).empty());
  EXPECT_TRUE(Read(1, kY).empty());
  EXPECT_TRUE(Write(1, kX).empty());
  tracker_.Commit(kDb, 1, version_ + 1, visible_);
  tracker_.CommitFailed(kDb, 1, version_ + 1, visible_);
  tracker_.End(kDb, 1, visible_);
  EXPECT_TRUE(Write(2, kY).empty());  // 1 never committed: no cycle
  Commit(2);
  EXPECT_EQ(tracker_.RetainedForTest(), 0u);
}

// Write skew with nothing else open (bug hunt 18 #1): 1 reads X and Y, writes X and commits; 2 begins before
// that commit is durable, so its snapshot misses it, reads X and Y and writes Y. 2 -> 1 (2 read X unseen) and
// 1 -> 2 (1 read Y, which 2 writes): 2's write fails. Before, 1's commit, with no transaction open, forgot 1
// at once and both committed (two sessions' "max + 1" inserts gave the same values).
TEST_F(ConflictTrackerTest, CommitNotYetVisibleIsKeptForSnapshotsWithoutIt) {
  Begin(1);
  EXPECT_TRUE(Read(1, kX).empty());
  EXPECT_TRUE(Read(1, kY).empty());
  EXPECT_TRUE(Write(1, kX).empty());
  Commit(1, /*durable=*/false);
  EXPECT_EQ(tracker_.RetainedForTest(), 1u);
  Begin(2);  // a snapshot without 1's commit
  EXPECT_TRUE(Read(2, kX).empty());
  EXPECT_TRUE(Read(2, kY).empty());
  EXPECT_EQ(Write(2, kY), (std::vector<uint64_t>{2, 1}));
  // Once durable and older than every open snapshot, 1 goes.
  visible_ = version_;
  tracker_.End(kDb, 2, visible_);
  EXPECT_EQ(tracker_.RetainedForTest(), 0u);
}

}  // namespace
}  // namespace blueshift
