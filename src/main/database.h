#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "main/session.h"
#include "util/status.h"

namespace blueshift {

namespace storage {
class Store;
}

struct DatabaseOptions {
  std::string data_dir;
  int num_slices = 0;  // 0 = one per core
};

// Database is one open data directory: the store, the catalog versions and the commit order. Every
// session of a server shares it. Thread-safe.
class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  std::unique_ptr<Session> Connect(SessionOptions options) { return std::make_unique<Session>(this, std::move(options)); }
  storage::Store* store() { return store_.get(); }
  int num_slices() const;
  // Serializes commits: held from the conflict check to the publication of the new version.
  std::mutex& commit_mutex() { return commit_mu_; }

 private:
  Database() = default;
  std::unique_ptr<storage::Store> store_;
  std::mutex commit_mu_;
};

}  // namespace blueshift
