#pragma once

#include <cstddef>
#include <system_error>
#include <thread>
#include <vector>

namespace blueshift {

// Runs task(i) for every i in [0, n): i >= 1 each on a thread of its own, 0 on the calling thread, and returns
// once all have. A thread that cannot be started (the system is out of them) leaves its task to the calling
// thread, after task 0: the work is done either way and no started thread is left unjoined. REQUIRES: task
// does not throw (it catches what it calls and reports through its own state).
template <typename Task>
void RunParallel(size_t n, const Task& task) {
  std::vector<std::thread> threads;
  std::vector<size_t> here;  // the tasks left to this thread
  threads.reserve(n > 0 ? n - 1 : 0);
  for (size_t i = 1; i < n; i++) {
    try {
      threads.emplace_back([&task, i] { task(i); });
    } catch (const std::system_error&) {
      here.push_back(i);
    }
  }
  if (n > 0) task(0);
  for (size_t i : here) task(i);
  for (auto& t : threads) t.join();
}

}  // namespace blueshift
