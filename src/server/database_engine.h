#pragma once

#include <memory>

#include "main/database.h"
#include "server/query_engine.h"

namespace blueshift::server {

// QueryEngine over an open data directory (its root Database): sessions are main/Session objects on the
// database the client names. The Database must outlive this object and every session it returns.
class DatabaseEngine : public QueryEngine {
 public:
  explicit DatabaseEngine(Database* db) : db_(db) {}
  bool HasDatabase(const std::string& name) const override;
  Result<std::unique_ptr<EngineSession>> Connect(const SessionOptions& options) override;
  std::optional<LoginUser> FindLoginUser(const std::string& name) const override;

 private:
  Database* db_;
};

}  // namespace blueshift::server
