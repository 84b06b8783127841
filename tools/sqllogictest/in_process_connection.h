#pragma once

#include <memory>
#include <string>

#include "connection.h"

namespace blueshift {
class Database;
}

namespace blueshift::slt {

// InProcessBackend opens a blueshift Database on a data directory inside this process; every Connect()
// is a new Session on it. Restart() closes the Database and opens it again on the same directory, which
// is how the tests check durability without a server.
class InProcessBackend : public Backend {
 public:
  InProcessBackend(std::string data_dir, int num_slices);
  ~InProcessBackend() override;

  // Opens the database; false with *error set on failure. REQUIRES: called once before Connect().
  bool Open(std::string* error);

  const std::string& engine() const override { return engine_; }
  std::unique_ptr<Connection> Connect(const std::string& database, std::string* error) override;
  bool SupportsRestart() const override { return true; }
  bool Restart(std::string* error) override;

 private:
  std::string data_dir_;
  int num_slices_;
  std::string engine_ = "blueshift";
  std::unique_ptr<Database> db_;
};

}  // namespace blueshift::slt
