#include "main/statement_timer.h"

#include <cctype>
#include <chrono>

namespace blueshift {

StatementTimer::StatementTimer(int64_t timeout_ms, std::atomic<bool>* cancel) {
  if (timeout_ms <= 0) return;
  watchdog_ = std::thread([this, timeout_ms, cancel] {
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return done_; })) return;
    fired_.store(true);
    cancel->store(true);
  });
}

StatementTimer::~StatementTimer() {
  if (!watchdog_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  watchdog_.join();
}

Status StatementTimer::Reword(Status st) const {
  if (fired_.load() && st.code() == ErrorCode::kQueryCanceled)
    return Status(ErrorCode::kQueryCanceled, "canceling statement due to statement timeout");
  return st;
}

Result<int64_t> StatementTimer::ParseTimeout(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) i++;
  std::string unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  int64_t scale = unit.empty() || unit == "ms" ? 1
                  : unit == "s"                ? 1000
                  : unit == "min"              ? 60000
                  : unit == "h"                ? 3600000
                  : unit == "d"                ? 86400000
                                               : 0;
  if (i == 0 || i > 12 || scale == 0)
    return Status(ErrorCode::kInvalidParameterValue,
                  "invalid value for parameter \"statement_timeout\": \"" + text + "\"");
  return std::stoll(text.substr(0, i)) * scale;
}

}  // namespace blueshift
