#include "util/parallel.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace blueshift {
namespace {

// Each task waits until every task has started: it passes only if each got a thread of its own at once.
void RunWaitingForEachOther(size_t n) {
  std::atomic<size_t> started{0};
  std::atomic<size_t> finished{0};
  RunParallel(n, [&](size_t) {
    started++;
    while (started.load() < n) std::this_thread::yield();
    finished++;
  });
  EXPECT_EQ(finished.load(), n);
}

TEST(RunParallelTest, EveryTaskRunsOnceAndAtOnce) {
  for (size_t n : {0, 1, 2, 5, 40}) {
    std::vector<std::atomic<int>> runs(n);
    RunParallel(n, [&](size_t i) { runs[i]++; });
    for (size_t i = 0; i < n; i++) EXPECT_EQ(runs[i].load(), 1) << i;
    RunWaitingForEachOther(n);
  }
}

TEST(RunParallelTest, TaskZeroRunsOnTheCallingThread) {
  std::thread::id zero;
  RunParallel(3, [&](size_t i) {
    if (i == 0) zero = std::this_thread::get_id();
  });
  EXPECT_EQ(zero, std::this_thread::get_id());
}

thread_local int tasks_on_this_thread = 0;

TEST(RunParallelTest, WorkersAreReused) {
  // kMaxIdle + 1 tasks at once take every idle worker that earlier tests left (a full pool would keep none of
  // this call's), so afterwards the idle workers are exactly this call's kMaxIdle, each having run a task.
  const size_t n = WorkerPool::kMaxIdle + 1;
  std::atomic<size_t> started{0};
  RunParallel(n, [&](size_t) {
    tasks_on_this_thread++;
    started++;
    while (started.load() < n) std::this_thread::yield();
  });
  // The next call from this thread finds idle workers, each of which ran a task before (a thread of its
  // own per task would start with none).
  std::atomic<int> reused{0};
  RunParallel(3, [&](size_t i) {
    if (i > 0 && tasks_on_this_thread > 0) reused++;
    tasks_on_this_thread++;
  });
  EXPECT_EQ(reused.load(), 2);
}

TEST(RunParallelTest, NestedAndConcurrentCalls) {
  std::atomic<int> leaves{0};
  RunParallel(4, [&](size_t) {
    RunParallel(4, [&](size_t) {
      RunWaitingForEachOther(3);
      leaves++;
    });
  });
  EXPECT_EQ(leaves.load(), 16);
}

TEST(RunParallelTest, KeepsAtMostMaxIdleWorkers) {
  RunWaitingForEachOther(WorkerPool::kMaxIdle + 20);
  for (int i = 0; i < 200 && WorkerPool::Global().idle() < WorkerPool::kMaxIdle; i++) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(WorkerPool::Global().idle(), WorkerPool::kMaxIdle);
}

}  // namespace
}  // namespace blueshift
