#pragma once

// Test-only: a QueryEngine that understands a handful of commands, so the protocol can be tested without
// the SQL engine. Statements are split at ';' and trimmed:
//   rows N   one INTEGER column "n" (0..N-1) and a VARCHAR column "s" (NULL on odd rows), "SELECT N";
//            "rows $1" takes N from the first parameter
//   error    42601 syntax error at or near "error", position 1
//   sleep    waits until Cancel(), then 57014
//   begin / commit   transaction status 'T' / 'I'
//   set NAME VALUE   reports NAME=VALUE through TakeChangedReportedSettings
//   notice   sends a NOTICE "a notice"
//   (empty)  EmptyQueryResponse
//   anything else completes with the tag "OK"

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/query_engine.h"
#include "types/batch.h"

namespace blueshift::server {

class FakeStatement : public EngineStatement {
 public:
  explicit FakeStatement(std::string text) : text_(std::move(text)) {
    if (text_.rfind("rows", 0) == 0) {
      columns_ = {{"n", LogicalType::Integer()}, {"s", LogicalType::Varchar(10)}};
    }
    if (text_.find("$1") != std::string::npos) params_.push_back(LogicalType::Integer());
  }
  const std::vector<LogicalType>& param_types() const override { return params_; }
  const std::vector<ColumnInfo>& columns() const override { return columns_; }
  bool returns_rows() const override { return !columns_.empty(); }
  bool empty() const override { return text_.empty(); }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<LogicalType> params_;
  std::vector<ColumnInfo> columns_;
};

class FakeSession : public EngineSession {
 public:
  Status ExecuteSimple(std::string_view text, ResultSink* sink) override {
    std::vector<std::string> statements = Split(std::string(text));
    if (statements.empty()) return sink->EmptyQuery();
    for (const std::string& s : statements) RETURN_IF_ERROR(Run(s, {}, sink));
    return Status::OK();
  }
  Result<std::shared_ptr<EngineStatement>> Prepare(std::string_view text, const std::vector<int32_t>&) override {
    std::vector<std::string> statements = Split(std::string(text));
    if (!statements.empty() && statements[0] == "error") {
      return Status(ErrorCode::kSyntaxError, "syntax error at or near \"error\"").WithPosition(1);
    }
    return std::shared_ptr<EngineStatement>(std::make_shared<FakeStatement>(statements.empty() ? "" : statements[0]));
  }
  Status Execute(const EngineStatement& statement, const std::vector<Value>& params, ResultSink* sink,
                 bool sync_follows) override {
    if (!sync_follows) ++pipelined_;
    return Run(static_cast<const FakeStatement&>(statement).text(), params, sink);
  }
  Status Sync() override {
    ++syncs_;
    return Status::OK();
  }
  void AbortUnit() override { ++aborts_; }
  // Executes told more was coming before Sync; Syncs; failed extended-protocol messages.
  int pipelined_ = 0;
  int syncs_ = 0;
  int aborts_ = 0;
  char TransactionStatus() const override { return status_; }
  void Cancel() override { cancel_.store(true); }
  std::vector<std::pair<std::string, std::string>> TakeChangedReportedSettings() override {
    return std::move(changed_);
  }

 private:
  static std::vector<std::string> Split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ';')) {
      size_t b = part.find_first_not_of(" \n\t");
      if (b == std::string::npos) continue;
      out.push_back(part.substr(b, part.find_last_not_of(" \n\t") - b + 1));
    }
    return out;
  }

  static Status Rows(int64_t n, ResultSink* sink) {
    RETURN_IF_ERROR(sink->BeginRows({{"n", LogicalType::Integer()}, {"s", LogicalType::Varchar(10)}}));
    Batch batch({LogicalType::Integer(), LogicalType::Varchar(10)});
    for (int64_t i = 0; i < n; ++i) {
      size_t row = batch.count();
      batch.column(0).SetValue(row, Value::Integer(static_cast<int32_t>(i)));
      batch.column(1).SetValue(
          row, i % 2 ? Value::NullOf(LogicalType::Varchar(10)) : Value::Varchar("r" + std::to_string(i)));
      batch.set_count(row + 1);
      if (batch.count() == 3 || i == n - 1) {
        RETURN_IF_ERROR(sink->Rows(batch));
        batch.Reset();
      }
    }
    return sink->Complete("SELECT " + std::to_string(n));
  }

  Status Run(const std::string& s, const std::vector<Value>& params, ResultSink* sink) {
    if (s.empty()) return sink->EmptyQuery();
    if (s.rfind("rows", 0) == 0) {
      int64_t n = params.empty() ? std::stoll(s.substr(4)) : params[0].GetInt();
      return Rows(n, sink);
    }
    if (s == "error") return Status(ErrorCode::kSyntaxError, "syntax error at or near \"error\"").WithPosition(1);
    if (s == "sleep") {
      while (!cancel_.exchange(false)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return Status(ErrorCode::kQueryCanceled, "canceling statement due to user request");
    }
    if (s == "begin") status_ = 'T';
    if (s == "commit") status_ = 'I';
    if (s.rfind("set ", 0) == 0) {
      std::stringstream in(s.substr(4));
      std::string name, value;
      in >> name >> value;
      changed_.emplace_back(name, value);
    }
    if (s == "notice") sink->Notice("NOTICE", "a notice");
    return sink->Complete("OK");
  }

  char status_ = 'I';
  std::atomic<bool> cancel_{false};
  std::vector<std::pair<std::string, std::string>> changed_;
};

class FakeEngine : public QueryEngine {
 public:
  bool HasDatabase(const std::string& name) const override { return name == "dev"; }
  Result<std::unique_ptr<EngineSession>> Connect(const SessionOptions& options) override {
    return std::unique_ptr<EngineSession>(std::make_unique<FakeSession>());
  }
  std::optional<LoginUser> FindLoginUser(const std::string& name) const override {
    auto it = users.find(name);
    if (it == users.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, LoginUser> users{{"awsuser", LoginUser{}}};  // who may log in
};

}  // namespace blueshift::server
