#pragma once

#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "connection.h"
#include "result_check.h"
#include "test_file.h"

namespace blueshift::slt {

struct FileCounts {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
};

// FileRunner runs the records of one test file against a backend, writing a report of each failure
// (file:line, the SQL, expected and actual) to out. Sessions are opened lazily, one per connection name
// ("default" until a `connection` directive names another).
class FileRunner {
 public:
  FileRunner(Backend* backend, std::ostream* out) : backend_(backend), out_(out) {}

  FileCounts Run(const TestFile& file);

 private:
  enum class Outcome { kPassed, kFailed, kSkipped, kDirective, kStop };  // kDirective: not counted

  Outcome RunRecord(const Record& record);
  Outcome RunStatement(const Record& record);
  Outcome RunQuery(const Record& record);
  Outcome Restart(const Record& record);
  bool Applies(const Record& record) const;
  // The session of the current connection name, opened if needed; nullptr after reporting a failure.
  Connection* CurrentConnection(const Record& record);
  void ReportFailure(const Record& record, const std::string& what, const std::string& details);

  Backend* backend_;
  std::ostream* out_;
  const TestFile* file_ = nullptr;
  std::map<std::string, std::unique_ptr<Connection>> connections_;
  std::map<std::string, std::string> databases_;  // connection name -> its database, when not the default
  std::string current_ = "default";
  std::map<std::string, Rows> labels_;
  bool skipping_ = false;  // between `mode skip` and `mode unskip`
};

}  // namespace blueshift::slt
