#include "test_runner.h"

#include <algorithm>

namespace blueshift::slt {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string DescribeError(const QueryResult& result) {
  return "ERROR " + result.sqlstate + ": " + result.message + "\n";
}

}  // namespace

FileCounts FileRunner::Run(const TestFile& file) {
  file_ = &file;
  FileCounts counts;
  for (const Record& record : file.records) {
    Outcome outcome = RunRecord(record);
    if (outcome == Outcome::kStop) break;
    if (outcome == Outcome::kPassed) counts.passed++;
    if (outcome == Outcome::kFailed) counts.failed++;
    if (outcome == Outcome::kSkipped) counts.skipped++;
  }
  connections_.clear();
  return counts;
}

bool FileRunner::Applies(const Record& record) const {
  if (Contains(record.skip_if, backend_->engine())) return false;
  return record.only_if.empty() || Contains(record.only_if, backend_->engine());
}

FileRunner::Outcome FileRunner::RunRecord(const Record& record) {
  if (record.kind == RecordKind::kModeUnskip) skipping_ = false;
  if (skipping_ || !Applies(record))
    return record.kind == RecordKind::kModeUnskip ? Outcome::kDirective : Outcome::kSkipped;
  switch (record.kind) {
    case RecordKind::kStatementOk:
    case RecordKind::kStatementError:
      return RunStatement(record);
    case RecordKind::kQuery:
      return RunQuery(record);
    case RecordKind::kHalt:
      return Outcome::kStop;
    case RecordKind::kRestart:
      return Restart(record);
    case RecordKind::kConnection:
      current_ = record.argument;
      if (!record.database.empty()) databases_[current_] = record.database;
      return Outcome::kDirective;
    case RecordKind::kDisconnect:
      connections_.erase(record.argument);
      return Outcome::kDirective;
    case RecordKind::kRequire:
      // The only capability a backend may lack is restart; an unknown requirement skips the file too.
      if (record.argument == "restart" && backend_->SupportsRestart()) return Outcome::kDirective;
      *out_ << file_->path << ":" << record.line << ": skipping the rest of the file (require " << record.argument
            << ")\n";
      return Outcome::kStop;
    case RecordKind::kModeSkip:
      skipping_ = true;
      return Outcome::kDirective;
    case RecordKind::kModeUnskip:
      return Outcome::kDirective;
  }
  return Outcome::kSkipped;
}

Connection* FileRunner::CurrentConnection(const Record& record) {
  auto it = connections_.find(current_);
  if (it != connections_.end()) return it->second.get();
  std::string error;
  auto db = databases_.find(current_);
  std::unique_ptr<Connection> connection = backend_->Connect(db == databases_.end() ? "" : db->second, &error);
  if (connection == nullptr) {
    ReportFailure(record, "cannot connect (connection " + current_ + ")", error + "\n");
    return nullptr;
  }
  return (connections_[current_] = std::move(connection)).get();
}

FileRunner::Outcome FileRunner::Restart(const Record& record) {
  if (!backend_->SupportsRestart()) return Outcome::kDirective;
  connections_.clear();
  std::string error;
  if (backend_->Restart(&error)) return Outcome::kPassed;
  ReportFailure(record, "restart failed", error + "\n");
  return Outcome::kStop;
}

FileRunner::Outcome FileRunner::RunStatement(const Record& record) {
  Connection* connection = CurrentConnection(record);
  if (connection == nullptr) return Outcome::kFailed;
  QueryResult result = connection->Execute(record.sql);
  if (record.kind == RecordKind::kStatementOk) {
    if (result.ok) return Outcome::kPassed;
    ReportFailure(record, "statement failed", DescribeError(result));
    return Outcome::kFailed;
  }
  if (result.ok) {
    ReportFailure(record, "statement succeeded but an error was expected", "expected: " + record.expected_error + "\n");
    return Outcome::kFailed;
  }
  if (ErrorMatches(record.expected_error, result)) return Outcome::kPassed;
  ReportFailure(record, "wrong error", "expected: " + record.expected_error + "\nactual:   " + DescribeError(result));
  return Outcome::kFailed;
}

FileRunner::Outcome FileRunner::RunQuery(const Record& record) {
  Connection* connection = CurrentConnection(record);
  if (connection == nullptr) return Outcome::kFailed;
  QueryResult result = connection->Execute(record.sql);
  if (!result.ok) {
    ReportFailure(record, "query failed", DescribeError(result));
    return Outcome::kFailed;
  }
  if (result.num_columns != record.types.size()) {
    ReportFailure(record, "wrong column count",
                  "expected " + std::to_string(record.types.size()) + " columns, got " +
                      std::to_string(result.num_columns) + "\n" + RenderRows(result.rows));
    return Outcome::kFailed;
  }
  Rows actual = NormalizeActual(result.rows, record);
  Rows expected;
  std::string error;
  if (!record.label.empty() && labels_.count(record.label) > 0 && record.expected_lines.empty()) {
    expected = labels_[record.label];
  } else if (!ParseExpected(record, &expected, &error)) {
    ReportFailure(record, "malformed expected result", error + "\n");
    return Outcome::kFailed;
  }
  if (!record.label.empty()) labels_.emplace(record.label, actual);
  if (RowsMatch(expected, actual)) return Outcome::kPassed;
  ReportFailure(record, "wrong result", "expected:\n" + RenderRows(expected) + "actual:\n" + RenderRows(actual));
  return Outcome::kFailed;
}

void FileRunner::ReportFailure(const Record& record, const std::string& what, const std::string& details) {
  *out_ << "================================================================\n"
        << file_->path << ":" << record.line << ": " << what << "\n"
        << "connection: " << current_ << "\n"
        << "SQL:\n"
        << record.sql << "\n"
        << details;
}

}  // namespace blueshift::slt
