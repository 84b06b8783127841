#include "load/load_history.h"

#include "util/query_id.h"

namespace blueshift::load {

LoadHistory& LoadHistory::Global() {
  static LoadHistory* history = new LoadHistory();
  return *history;
}

int64_t LoadHistory::NextQueryId() {
  return blueshift::NextQueryId();
}

void LoadHistory::RecordCopy(CopyRecord record) {
  std::lock_guard<std::mutex> lock(mu_);
  last_[record.session] = std::move(record);
}

std::optional<CopyRecord> LoadHistory::LastCopy(int32_t session) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_.find(session);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

int64_t LoadHistory::LastCopyCount(int32_t session) const {
  auto last = LastCopy(session);
  if (!last) return -1;
  return last->committed ? static_cast<int64_t>(last->rows) : 0;
}

int64_t LoadHistory::LastCopyId(int32_t session) const {
  auto last = LastCopy(session);
  return last ? last->query : -1;
}

void LoadHistory::RecordUnload(int32_t session, int64_t query, int64_t rows) {
  std::lock_guard<std::mutex> lock(mu_);
  last_unload_[session] = {query, rows};
}

int64_t LoadHistory::LastUnloadCount(int32_t session) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_unload_.find(session);
  return it == last_unload_.end() ? 0 : it->second.second;
}

int64_t LoadHistory::LastUnloadId(int32_t session) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_unload_.find(session);
  return it == last_unload_.end() ? -1 : it->second.first;
}

void LoadHistory::ForgetSession(int32_t session) {
  std::lock_guard<std::mutex> lock(mu_);
  last_.erase(session);
  last_unload_.erase(session);
}

void LoadHistory::RecordCommits(std::vector<LoadCommitRecord> commits) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& c : commits) commits_.push_back(std::move(c));
  if (commits_.size() > kMaxCommits) commits_.erase(commits_.begin(), commits_.end() - kMaxCommits);
}

std::vector<LoadCommitRecord> LoadHistory::Commits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return commits_;
}

}  // namespace blueshift::load
