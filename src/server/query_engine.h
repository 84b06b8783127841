#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "main/result_sink.h"
#include "main/session.h"
#include "server/auth.h"
#include "types/logical_type.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift::server {

// The few engine calls the protocol needs, as an interface so the protocol can be tested with a fake
// engine. DatabaseEngine (database_engine.h) implements it over main/Database and main/Session.

// A prepared statement (the extended protocol's Parse). Immutable; shared by portals bound from it.
class EngineStatement {
 public:
  virtual ~EngineStatement() = default;
  virtual const std::vector<LogicalType>& param_types() const = 0;
  // Empty when the statement returns no rows.
  virtual const std::vector<ColumnInfo>& columns() const = 0;
  virtual bool returns_rows() const = 0;
  // True when the text held no statement (EmptyQueryResponse on Execute).
  virtual bool empty() const = 0;
};

// One client session; see main/session.h for the contracts. Driven by one thread; Cancel() from any.
class EngineSession {
 public:
  virtual ~EngineSession() = default;
  virtual Status ExecuteSimple(std::string_view text, ResultSink* sink) = 0;
  virtual Result<std::shared_ptr<EngineStatement>> Prepare(std::string_view text,
                                                           const std::vector<int32_t>& declared_types) = 0;
  // sync_follows: the client's next message is Sync (Session::Execute).
  virtual Status Execute(const EngineStatement& statement, const std::vector<Value>& params, ResultSink* sink,
                         bool sync_follows) = 0;
  // The extended protocol's Sync: commits the implicit transaction of the messages before it.
  virtual Status Sync() = 0;
  // An extended-protocol message failed: rolls back the implicit transaction, fails a transaction block.
  virtual void AbortUnit() = 0;
  virtual char TransactionStatus() const = 0;
  virtual void Cancel() = 0;
  virtual std::vector<std::pair<std::string, std::string>> TakeChangedReportedSettings() = 0;
  // The session's TimeZone setting, which bind parameters are decoded in.
  virtual std::shared_ptr<const TimeZone> time_zone() const { return TimeZone::Utc(); }
  // The session's DateStyle setting, which bind parameters of date/time types are read in.
  virtual DateStyle date_style() const { return DateStyle{}; }
};

// The database the server serves. Thread-safe.
class QueryEngine {
 public:
  virtual ~QueryEngine() = default;
  // Whether a client may connect to this database name.
  virtual bool HasDatabase(const std::string& name) const = 0;
  // Why a client may not connect to `name` when HasDatabase is false: 3D000 when no such database exists,
  // 55000 when it exists but is not served here.
  virtual Status NotServed(const std::string& name) const {
    return Status(ErrorCode::kInvalidCatalogName, "database \"" + name + "\" does not exist");
  }
  virtual Result<std::unique_ptr<EngineSession>> Connect(const SessionOptions& options) = 0;
  // The user `name` as authentication sees it, from the latest committed catalog; nullopt when none.
  virtual std::optional<LoginUser> FindLoginUser(const std::string& name) const = 0;
};

}  // namespace blueshift::server
