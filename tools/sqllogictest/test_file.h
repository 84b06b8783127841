#pragma once

#include <string>
#include <vector>

namespace blueshift::slt {

enum class RecordKind {
  kStatementOk,
  kStatementError,
  kQuery,
  kHalt,        // stop running the file
  kRestart,     // close and reopen the database (in process only)
  kConnection,  // later records run on the named session
  kRequire,     // skip the rest of the file unless the backend has the capability
  kDisconnect,  // closes the named session (a later record on that name opens a new one)
  kModeSkip,    // skip records until kModeUnskip
  kModeUnskip,
};

enum class SortMode { kNoSort, kRowSort, kValueSort };

// Record is one directive of a .test file, with the conditions (skipif/onlyif) that preceded it.
struct Record {
  RecordKind kind = RecordKind::kStatementOk;
  int line = 0;  // 1-based line of the directive
  std::string sql;
  // kStatementError: the text after "statement error" and/or the lines after "----"; may be empty.
  std::string expected_error;
  // kQuery
  std::string types;  // one letter per column: I, R, T, B
  SortMode sort = SortMode::kNoSort;
  std::string label;
  std::vector<std::string> expected_lines;
  // kConnection / kRequire: the argument.
  std::string argument;
  // kConnection: the database the named session connects to (`connection NAME DATABASE`); empty: the default.
  std::string database;
  std::vector<std::string> skip_if;  // engines the record does not run on
  std::vector<std::string> only_if;  // if non-empty, the only engines it runs on
};

struct TestFile {
  std::string path;
  std::vector<Record> records;
};

// Reads and parses a test file; loops are expanded here. Returns false with *error ("file:line: why") on
// a malformed file.
bool ParseTestFile(const std::string& path, TestFile* file, std::string* error);

// Parses test text already in memory (path is used in messages only).
bool ParseTestText(const std::string& path, const std::string& text, TestFile* file, std::string* error);

}  // namespace blueshift::slt
