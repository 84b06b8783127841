#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>

#include "server/query_engine.h"
#include "util/status.h"

namespace blueshift::server {

// The key a client gets in BackendKeyData and sends back in a CancelRequest.
struct BackendKey {
  int32_t process_id = 0;
  int32_t secret_key = 0;
};

// SessionRegistry admits sessions up to a limit and finds a session by its BackendKey for cancel
// requests. Thread-safe.
class SessionRegistry {
 public:
  explicit SessionRegistry(int max_sessions) : max_sessions_(max_sessions) {}

  // Takes a slot and hands out a fresh key; 53300 "connection limit N exceeded for non-bootstrap users"
  // (Redshift's words) when all are taken.
  Result<BackendKey> Admit();
  // Records that the session of `key` belongs to `user`, whose CONNECTION LIMIT is `limit` (-1 = none):
  // 53300 "too many connections for role" when the user already has `limit` sessions. Atomic with other
  // sessions' claims, so concurrent logins cannot overshoot the limit.
  Status ClaimUser(const BackendKey& key, const std::string& user, int32_t limit);
  // Makes the session reachable by Cancel. REQUIRES: key from Admit; session outlives Release(key).
  void Attach(const BackendKey& key, EngineSession* session);
  // Frees the slot; after it returns, Cancel no longer touches the session.
  void Release(const BackendKey& key);
  // Cancels the running statement of the session with that key; false when there is none (a wrong
  // secret is ignored silently, as in PostgreSQL).
  bool Cancel(int32_t process_id, int32_t secret_key);
  int active() const;

 private:
  struct Entry {
    int32_t secret_key = 0;
    EngineSession* session = nullptr;
    std::string user;  // set by ClaimUser
  };
  const int max_sessions_;
  mutable std::mutex mu_;
  std::map<int32_t, Entry> sessions_;
  int32_t next_process_id_ = 1000;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace blueshift::server
