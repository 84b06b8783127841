#include "main/analyze_log.h"

namespace blueshift {

void AnalyzeLog::Add(AnalyzeEvent e) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->table_id == e.table_id && it->database == e.database && it->status == "Full") {
      e.prev_us = it->end_us;
      break;
    }
  }
  events_.push_back(std::move(e));
  while (!events_.empty() &&
         (events_.size() > max_events_ || events_.front().end_us < events_.back().end_us - retention_us_)) {
    events_.pop_front();
  }
}

size_t AnalyzeLog::Size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_.size();
}

std::vector<AnalyzeEvent> AnalyzeLog::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {events_.begin(), events_.end()};
}

}  // namespace blueshift
