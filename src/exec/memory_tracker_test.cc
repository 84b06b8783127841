#include "exec/memory_tracker.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "exec/spill_file.h"
#include "exec/spill_partitioner.h"
#include "storage/storage_test_util.h"

namespace blueshift {
namespace {

using storage::testing::TempDir;

TEST(MemoryTrackerTest, RefusesPastTheLimitAndCountsPeak) {
  MemoryTracker t(1000);
  EXPECT_TRUE(t.TryReserve(600));
  EXPECT_FALSE(t.TryReserve(401));
  EXPECT_EQ(t.used(), 600u);
  EXPECT_TRUE(t.TryReserve(400));
  t.Release(1000);
  EXPECT_EQ(t.used(), 0u);
  EXPECT_EQ(t.peak(), 1000u);
  Status st = t.Exceeded("a sort");
  EXPECT_EQ(st.code(), ErrorCode::kOutOfMemory);
  EXPECT_NE(st.message().find("a sort needs more than the query's memory limit of 1000 bytes"), std::string::npos);
}

TEST(MemoryTrackerTest, UnlimitedAlwaysReserves) {
  MemoryTracker t;
  EXPECT_TRUE(t.TryReserve(uint64_t{1} << 40));
  EXPECT_EQ(t.chunk_size(), uint64_t{1} << 20);
}

TEST(MemoryTrackerTest, ReservationGrowsInChunksAndReleasesOnDestruction) {
  MemoryTracker t(64 << 20);  // chunk: 1 MiB
  {
    MemoryReservation r(&t);
    EXPECT_TRUE(r.Resize(10));
    EXPECT_EQ(t.used(), uint64_t{1} << 20);
    EXPECT_TRUE(r.Resize((1 << 20) + 1));
    EXPECT_EQ(t.used(), uint64_t{2} << 20);
    EXPECT_TRUE(r.Resize(5 << 20));
    EXPECT_TRUE(r.Resize(1));  // a clear surplus goes back
    EXPECT_EQ(t.used(), uint64_t{1} << 20);
    EXPECT_FALSE(r.Resize(65 << 20));
    EXPECT_EQ(r.reserved(), uint64_t{1} << 20);
    MemoryReservation moved = std::move(r);
    EXPECT_EQ(moved.reserved(), uint64_t{1} << 20);
  }
  EXPECT_EQ(t.used(), 0u);
  MemoryReservation r(&t);
  EXPECT_EQ(r.ResizeOrFail(100 << 20, "a hash join").code(), ErrorCode::kOutOfMemory);
}

TEST(MemoryTrackerTest, ThreadsShareOneLimit) {
  MemoryTracker t(100 << 20);  // 1 MiB chunks: exactly 100 fit
  std::atomic<int> granted{0};
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; i++) {
    threads.emplace_back([&] {
      std::vector<MemoryReservation> held;
      for (int k = 0; k < 50; k++) {
        MemoryReservation r(&t);
        if (r.Resize(1)) {
          granted++;
          held.push_back(std::move(r));
        }
      }
      done++;
      while (done < 4) std::this_thread::yield();  // hold everything until every thread has tried
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(granted.load(), 100);
  EXPECT_EQ(t.used(), 0u);
  EXPECT_EQ(t.peak(), uint64_t{100} << 20);
}

Batch SampleBatch(size_t n) {
  Batch b({LogicalType::BigInt(), LogicalType::Varchar()});
  for (size_t i = 0; i < n; i++) {
    b.column(0).SetValue(i, i % 7 == 0 ? Value::NullOf(LogicalType::BigInt()) : Value::BigInt(int64_t(i) * 3));
    b.column(1).SetValue(i, Value::Varchar("row " + std::to_string(i)));
  }
  b.set_count(n);
  return b;
}

TEST(SpillFileTest, FramesRoundTripAndTheDirectoryGoes) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/tmp");
  MemoryTracker tracker;
  std::string spill_dir;
  {
    SpillSpace space(dir.path(), &tracker);
    auto file = space.NewFile();
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    Batch b = SampleBatch(100);
    std::vector<uint64_t> hashes(100);
    std::vector<uint8_t> blobs(100 * 4);
    for (size_t i = 0; i < 100; i++) hashes[i] = i * 1000003;
    for (size_t i = 0; i < blobs.size(); i++) blobs[i] = static_cast<uint8_t>(i);
    auto f1 = (*file)->Append(b, hashes.data(), blobs.data(), 4);
    auto f2 = (*file)->Append(SampleBatch(3), nullptr, nullptr, 0);
    ASSERT_TRUE(f1.ok() && f2.ok());
    EXPECT_GT(tracker.spilled(), 0u);
    SpillBatch out;
    ASSERT_TRUE((*file)->Read(*f1, b.types(), &out).ok());
    ASSERT_EQ(out.rows.count(), 100u);
    for (size_t i = 0; i < 100; i++) {
      EXPECT_EQ(out.rows.column(0).GetValue(i).ToString(), b.column(0).GetValue(i).ToString());
      EXPECT_EQ(out.rows.column(1).GetValue(i).ToString(), "row " + std::to_string(i));
      EXPECT_EQ(out.hashes[i], hashes[i]);
    }
    EXPECT_EQ(out.blobs, blobs);
    ASSERT_TRUE((*file)->Read(*f2, b.types(), &out).ok());
    EXPECT_EQ(out.rows.count(), 3u);
    EXPECT_TRUE(out.hashes.empty());
    // A frame read with the wrong shape is an error, not a crash.
    EXPECT_FALSE((*file)->Read(*f2, {LogicalType::BigInt()}, &out).ok());
    auto entries = std::filesystem::directory_iterator(dir.path() + "/tmp");
    ASSERT_NE(entries, std::filesystem::directory_iterator());
    spill_dir = entries->path();
  }
  EXPECT_FALSE(std::filesystem::exists(spill_dir));
}

TEST(SpillPartitionerTest, EveryRowLandsInItsHashPartition) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/tmp");
  SpillSpace space(dir.path(), nullptr);
  Batch b = SampleBatch(2000);
  std::vector<uint64_t> hashes(2000);
  for (size_t i = 0; i < hashes.size(); i++) hashes[i] = (i * 0x9e3779b97f4a7c15ULL) ^ (i << 60);
  std::vector<const Vector*> cols = {&b.column(0), &b.column(1)};
  SpillPartitioner part(&space, b.types(), 0, 1);
  ASSERT_TRUE(part.Add(cols, nullptr, 2000, hashes.data(), nullptr).ok());
  ASSERT_TRUE(part.Finish().ok());
  size_t total = 0;
  for (int p = 0; p < SpillPartitioner::kPartitions; p++) {
    for (const SpillFrame& f : part.frames(p)) {
      SpillBatch out;
      ASSERT_TRUE(part.file()->Read(f, b.types(), &out).ok());
      for (size_t r = 0; r < out.rows.count(); r++) EXPECT_EQ(SpillPartitioner::PartitionOf(out.hashes[r], 1), p);
      total += out.rows.count();
    }
  }
  EXPECT_EQ(total, 2000u);
}

}  // namespace
}  // namespace blueshift
