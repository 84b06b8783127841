#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace blueshift {

class TaskLatch;

// WorkerPool keeps the threads RunParallel's tasks run on, so a query's pipelines reuse threads instead of
// starting one per task (a TPC-H query starts five to ten). What that saves is mostly the thread's exit:
// the allocator hands back a thread's heap when the thread ends (mimalloc, ~2.6M instructions a thread in
// TPC-H Q16), and RunParallel waited for it on the query's critical path.
//
// Every job gets a thread at once, as a thread of its own would: an idle worker, or a new one when none is
// idle; so jobs may wait for each other (as a pipeline's tasks may) without deadlock. A worker counts as
// idle before it tells the job's latch that the job is done, so the next RunParallel of the thread that
// waited finds it. At most kMaxIdle idle workers are kept; one more ends as it becomes idle. Workers run at
// the process's normal priority whatever the submitting thread's (the vacuum thread, niced, submits
// nothing). Thread-safe.
class WorkerPool {
 public:
  static constexpr size_t kMaxIdle = 16;

  // The process's pool. Its workers are detached and live until the process ends.
  static WorkerPool& Global();

  // Runs job on a worker, then counts latch down (when given): the idle worker that finished last (its
  // caches and allocator pages the warmest), or a new thread when none is idle. Returns false when no
  // thread can be started (the system is out of them); job has not run then and latch is untouched.
  bool Submit(std::function<void()> job, TaskLatch* latch);

  // Workers waiting for a job, for tests.
  size_t idle() const;

 private:
  // A waiting worker, on its own thread's stack; Submit hands it a job.
  struct Idle {
    std::condition_variable wake;
    bool has_job = false;
    std::function<void()> run;
    TaskLatch* latch = nullptr;
  };

  // A worker's life: runs its first job, then each job handed to it while idle, until kMaxIdle others are.
  void Work(std::function<void()> run, TaskLatch* latch);

  mutable std::mutex mu_;
  std::vector<Idle*> idle_;  // the most recently idle last
};

// Counts the jobs of one RunParallel still running; Wait returns when none is.
class TaskLatch {
 public:
  void Add() {
    std::lock_guard<std::mutex> lock(mu_);
    pending_++;
  }
  // The job's last use of the latch: Wait's caller may destroy it right after.
  void Done() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ == 0) done_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return pending_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable done_;
  size_t pending_ = 0;
};

// Runs task(i) for every i in [0, n): i >= 1 each on a worker of WorkerPool::Global() (at once, one worker
// per task), 0 on the calling thread, and returns once all have. A task the pool cannot start (the system is
// out of threads) runs on the calling thread, after task 0: the work is done either way. REQUIRES: task does
// not throw (it catches what it calls and reports through its own state), and leaves no thread-local state
// set on the worker (RAII scopes like ScopedSliceNumber restore theirs).
template <typename Task>
void RunParallel(size_t n, const Task& task) {
  std::vector<size_t> here;  // the tasks left to this thread
  TaskLatch latch;
  WorkerPool& pool = WorkerPool::Global();
  for (size_t i = 1; i < n; i++) {
    latch.Add();
    if (!pool.Submit([&task, i] { task(i); }, &latch)) {
      latch.Done();
      here.push_back(i);
    }
  }
  if (n > 0) task(0);
  for (size_t i : here) task(i);
  latch.Wait();
}

}  // namespace blueshift
