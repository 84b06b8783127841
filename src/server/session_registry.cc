#include "server/session_registry.h"

namespace blueshift::server {

Result<BackendKey> SessionRegistry::Admit() {
  std::lock_guard<std::mutex> lock(mu_);
  if (static_cast<int>(sessions_.size()) >= max_sessions_) {
    return Status(ErrorCode::kTooManyConnections,
                  "connection limit " + std::to_string(max_sessions_) + " exceeded for non-bootstrap users");
  }
  BackendKey key;
  do {
    key.process_id = next_process_id_++;
    if (next_process_id_ <= 0) next_process_id_ = 1000;
  } while (sessions_.count(key.process_id) > 0);
  key.secret_key = static_cast<int32_t>(random_());
  sessions_[key.process_id] = Entry{key.secret_key, nullptr, ""};
  return key;
}

Status SessionRegistry::ClaimUser(const BackendKey& key, const std::string& user, int32_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  if (limit >= 0) {
    int open = 0;
    for (const auto& [pid, entry] : sessions_) open += entry.user == user ? 1 : 0;
    if (open >= limit) {
      return Status(ErrorCode::kTooManyConnections, "too many connections for role \"" + user + "\"");
    }
  }
  sessions_[key.process_id].user = user;
  return Status::OK();
}

void SessionRegistry::Attach(const BackendKey& key, EngineSession* session) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[key.process_id].session = session;
}

void SessionRegistry::Release(const BackendKey& key) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(key.process_id);
}

bool SessionRegistry::Cancel(int32_t process_id, int32_t secret_key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(process_id);
  if (it == sessions_.end() || it->second.secret_key != secret_key || it->second.session == nullptr) return false;
  it->second.session->Cancel();
  return true;
}

int SessionRegistry::active() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(sessions_.size());
}

}  // namespace blueshift::server
