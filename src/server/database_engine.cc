#include "server/database_engine.h"

#include <chrono>
#include <utility>

#include "function/cast.h"
#include "storage/store.h"

namespace blueshift::server {

namespace {

class SessionStatement : public EngineStatement {
 public:
  explicit SessionStatement(std::shared_ptr<PreparedStatement> prepared) : prepared_(std::move(prepared)) {}
  const std::vector<LogicalType>& param_types() const override { return prepared_->param_types(); }
  const std::vector<ColumnInfo>& columns() const override { return prepared_->columns(); }
  bool returns_rows() const override { return prepared_->returns_rows(); }
  bool empty() const override { return prepared_->empty(); }
  const PreparedStatement& prepared() const { return *prepared_; }

 private:
  std::shared_ptr<PreparedStatement> prepared_;
};

class SessionAdapter : public EngineSession {
 public:
  explicit SessionAdapter(std::unique_ptr<Session> session) : session_(std::move(session)) {}

  Status ExecuteSimple(std::string_view text, ResultSink* sink) override { return session_->ExecuteSimple(text, sink); }
  Result<std::shared_ptr<EngineStatement>> Prepare(std::string_view text,
                                                   const std::vector<int32_t>& declared_types) override {
    ASSIGN_OR_RETURN(std::shared_ptr<PreparedStatement> prepared, session_->Prepare(text, declared_types));
    return std::shared_ptr<EngineStatement>(std::make_shared<SessionStatement>(std::move(prepared)));
  }
  Status Execute(const EngineStatement& statement, const std::vector<Value>& params, ResultSink* sink,
                 bool sync_follows) override {
    // Every EngineStatement of this session was made by Prepare above.
    return session_->Execute(static_cast<const SessionStatement&>(statement).prepared(), params, sink, sync_follows);
  }
  Status Sync() override { return session_->Sync(); }
  void AbortUnit() override { session_->AbortUnit(); }
  char TransactionStatus() const override { return session_->TransactionStatus(); }
  std::shared_ptr<const TimeZone> time_zone() const override { return session_->time_zone(); }
  DateStyle date_style() const override { return session_->date_style(); }
  void Cancel() override { session_->Cancel(); }
  std::vector<std::pair<std::string, std::string>> TakeChangedReportedSettings() override {
    return session_->TakeChangedReportedSettings();
  }

 private:
  std::unique_ptr<Session> session_;
};

}  // namespace

bool DatabaseEngine::HasDatabase(const std::string& name) const {
  return db_->FindDatabase(name) != nullptr;
}

std::optional<LoginUser> DatabaseEngine::FindLoginUser(const std::string& name) const {
  auto version = db_->store()->Current();
  const UserDef* user = version->catalog->security().FindUser(name);
  if (!user) return std::nullopt;
  LoginUser login;
  login.password = user->password;
  login.superuser = user->superuser;
  login.connection_limit = user->connection_limit;
  if (!user->valid_until.empty() && user->valid_until != "infinity") {
    auto until = CastValue(Value::Varchar(user->valid_until), LogicalType::Timestamp(), CastContext::kExplicit);
    int64_t now_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    login.expired = until.ok() && until->GetInt() < now_us;  // both count microseconds since 1970
  }
  return login;
}

Result<std::unique_ptr<EngineSession>> DatabaseEngine::Connect(const SessionOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Session> session, db_->ConnectTo(options));
  return std::unique_ptr<EngineSession>(std::make_unique<SessionAdapter>(std::move(session)));
}

}  // namespace blueshift::server
