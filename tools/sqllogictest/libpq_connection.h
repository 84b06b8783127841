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

  // Unless forced, learnt from the first connection; asked of the server with a connection of its own when
  // a record's condition needs it before any session was opened (a file whose first record is onlyif).
  const std::string& engine() const override;
  std::unique_ptr<Connection> Connect(const std::string& database, std::string* error) override;
  bool SupportsRestart() const override { return false; }
  bool Restart(std::string* error) override { return true; }

 private:
  std::string conninfo_;
  mutable std::string engine_;
  mutable bool engine_fixed_;
};

}  // namespace blueshift::slt
