#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "util/status.h"

namespace blueshift {

// StatementTimer enforces statement_timeout: while it lives, a watchdog thread sets *cancel once
// `timeout_ms` has passed, which stops the running statement at its next cancellation check. A timeout of 0
// starts no thread. Destruction stops the watchdog. Not copyable; one statement per timer.
class StatementTimer {
 public:
  StatementTimer(int64_t timeout_ms, std::atomic<bool>* cancel);
  ~StatementTimer();
  StatementTimer(const StatementTimer&) = delete;
  StatementTimer& operator=(const StatementTimer&) = delete;

  // The statement's status, reworded when the timer cancelled it: 57014 "canceling statement due to
  // statement timeout".
  Status Reword(Status st) const;

  // statement_timeout's value in milliseconds: a number (ms) or a number with ms, s, min, h or d. 22023
  // when malformed or negative.
  static Result<int64_t> ParseTimeout(const std::string& text);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::atomic<bool> fired_{false};
  std::thread watchdog_;
};

}  // namespace blueshift
