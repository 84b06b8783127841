#pragma once

#include <memory>
#include <string>

#include "connection.h"

namespace blueshift::slt {

// LibpqBackend reaches a server over the PostgreSQL protocol (blueshift or a real PostgreSQL, for
// differential runs). The engine name comes from server_version unless forced: blueshift reports 8.0.2.
class LibpqBackend : public Backend {
 public:
  // conninfo is a libpq connection string; engine_override may be empty.
  LibpqBackend(std::string conninfo, std::string engine_override);

  const std::string& engine() const override { return engine_; }
  std::unique_ptr<Connection> Connect(std::string* error) override;
  bool SupportsRestart() const override { return false; }
  bool Restart(std::string* error) override { return true; }

 private:
  std::string conninfo_;
  std::string engine_;
  bool engine_fixed_;
};

}  // namespace blueshift::slt
