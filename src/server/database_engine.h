#pragma once

#include <memory>

#include "main/database.h"
#include "server/query_engine.h"

namespace blueshift::server {

// QueryEngine over an open Database: sessions are main/Session objects. The only database is "dev".
// The Database must outlive this object and every session it returns.
class DatabaseEngine : public QueryEngine {
 public:
  explicit DatabaseEngine(Database* db) : db_(db) {}
  bool HasDatabase(const std::string& name) const override;
  // A database made with CREATE DATABASE is a catalog entry (pg_database.datallowconn false): 55000.
  Status NotServed(const std::string& name) const override;
  Result<std::unique_ptr<EngineSession>> Connect(const SessionOptions& options) override;
  std::optional<LoginUser> FindLoginUser(const std::string& name) const override;

 private:
  Database* db_;
};

}  // namespace blueshift::server
