#pragma once

#include <memory>
#include <string>
#include <vector>

namespace blueshift::slt {

// What one statement text produced, in the text form a client sees. For a text holding several statements
// it is the last statement's result (what PQexec reports), or the first error.
struct QueryResult {
  bool ok = true;
  std::string sqlstate;  // five characters when !ok
  std::string message;   // the primary error message when !ok
  size_t num_columns = 0;
  // Each value in its text form; NULL is "NULL" and the empty string "(empty)" (sqllogictest conventions).
  std::vector<std::vector<std::string>> rows;
};

// Connection is one session against the engine under test. Not thread-safe.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual QueryResult Execute(const std::string& sql) = 0;
};

// Backend makes sessions against one engine: a database opened in this process or a server over the wire.
class Backend {
 public:
  virtual ~Backend() = default;
  // The engine name skipif/onlyif test against: "blueshift" or "postgres".
  virtual const std::string& engine() const = 0;
  // A new session on `database` (empty: the backend's default database), or nullptr with *error set.
  virtual std::unique_ptr<Connection> Connect(const std::string& database, std::string* error) = 0;
  // Whether Restart() does anything; over the wire the server is not ours to restart.
  virtual bool SupportsRestart() const = 0;
  // Closes and reopens the database on the same data. REQUIRES: every Connection of this backend is
  // destroyed. Returns false with *error set on failure.
  virtual bool Restart(std::string* error) = 0;
};

}  // namespace blueshift::slt
