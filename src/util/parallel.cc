#include "util/parallel.h"

#include <system_error>
#include <thread>

namespace blueshift {

WorkerPool& WorkerPool::Global() {
  // Never destroyed: idle workers wait on its condition variable until the process ends.
  static WorkerPool* pool = new WorkerPool;
  return *pool;
}

bool WorkerPool::Submit(std::function<void()> job, TaskLatch* latch) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      Idle* w = idle_.back();
      idle_.pop_back();
      w->run = std::move(job);
      w->latch = latch;
      w->has_job = true;
      w->wake.notify_one();
      return true;
    }
  }
  try {
    std::thread([this, run = std::move(job), latch]() mutable { Work(std::move(run), latch); }).detach();
    return true;
  } catch (const std::system_error&) {
    return false;
  }
}

void WorkerPool::Work(std::function<void()> run, TaskLatch* latch) {
  Idle self;
  for (;;) {
    run();
    run = nullptr;  // what the job holds goes before its latch is counted down
    bool stay;
    {
      // Idle before the latch lets the submitter go on: its next RunParallel finds this worker.
      std::lock_guard<std::mutex> lock(mu_);
      stay = idle_.size() < kMaxIdle;
      if (stay) idle_.push_back(&self);
    }
    if (latch != nullptr) latch->Done();
    if (!stay) return;
    std::unique_lock<std::mutex> lock(mu_);
    self.wake.wait(lock, [&self] { return self.has_job; });
    self.has_job = false;
    run = std::move(self.run);
    latch = self.latch;
  }
}

size_t WorkerPool::idle() const {
  std::lock_guard<std::mutex> lock(mu_);
  return idle_.size();
}

}  // namespace blueshift
