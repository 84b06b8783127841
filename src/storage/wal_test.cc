// WriteAheadLog on its own: records wait in memory until a leader's Sync writes and syncs them together.
#include "storage/wal.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage_test_util.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::TempDir;

std::vector<std::string> Payloads(const std::string& dir) {
  auto records = WriteAheadLog::ReadAll(dir);
  EXPECT_TRUE(records.ok());
  std::vector<std::string> out;
  for (const auto& r : *records) out.push_back(r.payload);
  return out;
}

TEST(WriteAheadLogTest, AppendedRecordsReachTheFileWithTheNextSync) {
  TempDir dir;
  auto wal = WriteAheadLog::Create(dir.path(), 1);
  ASSERT_TRUE(wal.ok());
  auto a = (*wal)->Append("first");
  auto b = (*wal)->Append("second");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*b, *a + 1);
  // Not written yet: a commit's Append writes nothing while it holds the caller's commit lock.
  EXPECT_TRUE(Payloads(dir.path()).empty());
  EXPECT_EQ((*wal)->synced_lsn(), 0u);
  // One Sync (for the first record) writes and syncs everything appended so far.
  ASSERT_TRUE((*wal)->Sync(*a).ok());
  EXPECT_EQ((*wal)->synced_lsn(), *b);
  EXPECT_EQ(Payloads(dir.path()), (std::vector<std::string>{"first", "second"}));
  auto c = (*wal)->Append("third");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE((*wal)->Sync(*c).ok());
  EXPECT_EQ(Payloads(dir.path()), (std::vector<std::string>{"first", "second", "third"}));
}

// Records of every size, across page and chunk boundaries, one sync at a time and in groups, read back
// whole with either way of writing: a direct file writes its partly filled last page again with every sync,
// and must neither lose nor damage the records already on it.
TEST(WriteAheadLogTest, RecordsAcrossPagesReadBackWithEitherIo) {
  for (auto io : {WriteAheadLog::Io::kDirect, WriteAheadLog::Io::kBuffered}) {
    TempDir dir;
    auto wal = WriteAheadLog::Create(dir.path(), 1, io);
    ASSERT_TRUE(wal.ok());
    // The test's temporary directory is on a file system with O_DIRECT (ext4 or xfs on the machines that
    // run it); tmpfs would fall back to buffered writes.
    if (io == WriteAheadLog::Io::kBuffered) {
      EXPECT_FALSE((*wal)->direct());
    }
    std::vector<std::string> expected;
    uint64_t bytes = 0;
    for (int i = 0; bytes < (5u << 20); i++) {  // past the first 4 MiB preallocated chunk
      std::string payload(static_cast<size_t>((i * 7919) % (i % 50 == 0 ? 70000 : 3000)) + 1, 'a' + i % 26);
      payload += std::to_string(i);
      auto lsn = (*wal)->Append(payload);
      ASSERT_TRUE(lsn.ok());
      if (i % 3 != 1) {  // every third sync covers two records
        ASSERT_TRUE((*wal)->Sync(*lsn).ok());
      }
      bytes += payload.size() + 8;
      expected.push_back(std::move(payload));
      if (i % 97 == 0) {
        ASSERT_EQ(Payloads(dir.path()).size(), i % 3 == 1 ? expected.size() - 1 : expected.size());
      }
    }
    auto last = (*wal)->Append("last");
    ASSERT_TRUE(last.ok() && (*wal)->Sync(*last).ok());
    expected.push_back("last");
    EXPECT_EQ(Payloads(dir.path()), expected);
    EXPECT_EQ((*wal)->file_bytes(), 20 + bytes + 12);
  }
}

TEST(WriteAheadLogTest, ClosingWritesRecordsNobodyWaitedFor) {
  TempDir dir;
  {
    auto wal = WriteAheadLog::Create(dir.path(), 1);
    ASSERT_TRUE(wal.ok());
    ASSERT_TRUE((*wal)->Append("unwaited").ok());
  }
  EXPECT_EQ(Payloads(dir.path()), std::vector<std::string>{"unwaited"});
}

TEST(WriteAheadLogTest, RotateDropsBufferedRecordsAndReleasesTheirWaiters) {
  TempDir dir;
  auto wal = WriteAheadLog::Create(dir.path(), 1);
  ASSERT_TRUE(wal.ok());
  auto a = (*wal)->Append("covered by a manifest");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*wal)->Rotate(2).ok());
  ASSERT_TRUE((*wal)->Sync(*a).ok());  // returns at once: the checkpoint made it durable
  EXPECT_TRUE(Payloads(dir.path()).empty());
  auto b = (*wal)->Append("after");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*wal)->Sync(*b).ok());
  EXPECT_EQ(Payloads(dir.path()), std::vector<std::string>{"after"});
}

// A new file that cannot be started (a full disk) is removed, and the old file stays in use: its records and
// the next ones are all read back.
TEST(WriteAheadLogTest, RotateThatFailsKeepsTheOldFileAndLeavesNoPartialOne) {
  TempDir dir;
  auto wal = WriteAheadLog::Create(dir.path(), 1);
  ASSERT_TRUE(wal.ok());
  auto a = (*wal)->Append("before");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*wal)->Sync(*a).ok());
  auto files = ListDir(dir.path());
  ASSERT_TRUE(files.ok());
  SetWriteFaultForTesting(ENOSPC);
  Status rotated = (*wal)->Rotate(2);
  SetWriteFaultForTesting(0);
  EXPECT_FALSE(rotated.ok());
  EXPECT_EQ(ListDir(dir.path()).value(), *files);
  auto b = (*wal)->Append("after");
  ASSERT_TRUE(b.ok());
  ASSERT_TRUE((*wal)->Sync(*b).ok());
  EXPECT_EQ(Payloads(dir.path()), (std::vector<std::string>{"before", "after"}));
}

// Many threads appending (in order, as under the store's commit lock) and syncing: every record is durable
// once its Sync returns, and the file holds them in the order they were appended.
TEST(WriteAheadLogTest, ConcurrentAppendersAreWrittenInOrder) {
  TempDir dir;
  auto wal = WriteAheadLog::Create(dir.path(), 1);
  ASSERT_TRUE(wal.ok());
  std::mutex order;
  int next = 0;  // guarded by order
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; t++) {
    threads.emplace_back([&] {
      for (int k = 0; k < 50; k++) {
        uint64_t lsn = 0;
        {
          std::lock_guard<std::mutex> lock(order);
          auto appended = (*wal)->Append(std::to_string(next++));
          if (!appended.ok()) {
            failures++;
            continue;
          }
          lsn = *appended;
        }
        if (!(*wal)->Sync(lsn).ok() || (*wal)->synced_lsn() < lsn) failures++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<std::string> expected;
  for (int i = 0; i < 400; i++) expected.push_back(std::to_string(i));
  EXPECT_EQ(Payloads(dir.path()), expected);
}

// A sync that fails releases every committer waiting for it or for a later one: each gets the error (no one
// waits for a leader that will never come), and so does every later Append.
TEST(WriteAheadLogTest, FailedSyncReleasesEveryWaiter) {
  TempDir dir;
  auto wal = WriteAheadLog::Create(dir.path(), 1);
  ASSERT_TRUE(wal.ok());
  std::mutex order;
  std::atomic<int> appended{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; t++) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 100; k++) {
        uint64_t lsn = 0;
        {
          std::lock_guard<std::mutex> lock(order);
          if (t == 0 && k == 20) SetWriteFaultForTesting(EIO);
          auto a = (*wal)->Append("r");
          if (!a.ok()) {
            failed++;
            continue;
          }
          lsn = *a;
          appended++;
        }
        if (!(*wal)->Sync(lsn).ok()) failed++;
      }
    });
  }
  for (auto& t : threads) t.join();
  SetWriteFaultForTesting(0);
  EXPECT_GT(failed.load(), 0);
  EXPECT_LT((*wal)->synced_lsn(), static_cast<uint64_t>(appended.load()));
  EXPECT_FALSE((*wal)->Append("after").ok());
}

// A checkpoint's switch to a new file that fails to write or sync the old one fails every committer queued
// for a sync, not only the next to lead: the error is sticky, so no sync would ever settle the others.
TEST(WriteAheadLogTest, FailedStartNewFileReleasesQueuedCommitters) {
  for (int round = 0; round < 40; round++) {
    TempDir dir;
    auto wal = WriteAheadLog::Create(dir.path(), 1);
    ASSERT_TRUE(wal.ok());
    std::atomic<int> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> committers;
    for (int t = 0; t < 8; t++) {
      committers.emplace_back([&] {
        while (!stop.load()) {
          auto lsn = (*wal)->Append("r");
          if (!lsn.ok() || !(*wal)->Sync(*lsn).ok()) break;
        }
        done++;
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    SetWriteFaultForTesting(EIO);
    (void)(*wal)->StartNewFile(1000);
    stop = true;
    for (int i = 0; i < 500 && done.load() < 8; i++) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    SetWriteFaultForTesting(0);
    if (done.load() < 8) {
      for (auto& c : committers) c.detach();
      wal->release();  // the sleepers point into it
      FAIL() << "round " << round << ": " << 8 - done.load() << " of 8 committers still asleep after 5 s";
    }
    for (auto& c : committers) c.join();
  }
}

}  // namespace
}  // namespace blueshift::storage
