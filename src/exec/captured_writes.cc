#include "exec/captured_writes.h"

namespace blueshift {

void CapturedWrites::AddSegments(Oid table, std::vector<std::shared_ptr<const storage::SegmentMeta>> segments) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& held = segments_[table];
  for (auto& s : segments) held.push_back(std::move(s));
}

void CapturedWrites::AddDeletes(Oid table, uint64_t segment_id, std::vector<uint32_t> rows) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& held = deletes_[table][segment_id];
  held.insert(held.end(), rows.begin(), rows.end());
}

void CapturedWrites::Publish() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [table, by_segment] : deletes_) {
    for (auto& [segment, rows] : by_segment) txn_->AddDeletes(table, segment, std::move(rows));
  }
  for (auto& [table, segments] : segments_) {
    if (!segments.empty()) txn_->AddSegments(table, std::move(segments));
  }
  deletes_.clear();
  segments_.clear();
}

std::vector<std::shared_ptr<const storage::SegmentMeta>> CapturedWrites::TakeSegments(Oid table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = segments_.find(table);
  if (it == segments_.end()) return {};
  auto out = std::move(it->second);
  segments_.erase(it);
  return out;
}

}  // namespace blueshift
