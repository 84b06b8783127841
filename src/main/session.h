#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "main/result_sink.h"
#include "types/date_style.h"
#include "types/time_zone.h"
#include "types/value.h"
#include "util/status.h"

namespace blueshift {

class Catalog;
class Database;
class Transaction;
class StatementProfiles;
struct BoundStatement;
class InsertShapeCache;
struct ShapedInsert;
struct PreparedInsert;
namespace sql {
struct Statement;
}  // namespace sql

struct SessionOptions {
  std::string user = "awsuser";
  std::string database = "dev";
  std::string application_name;
  // Settings the startup packet named (name, value). The session takes extra_float_digits (clamped to its
  // range); others are ignored.
  std::vector<std::pair<std::string, std::string>> startup_settings;
  int32_t process_id = 0;  // what pg_backend_pid() returns; the server's BackendKeyData pid
  // Where the client is, for STL_CONNECTION_LOG ("[local]" for sessions opened in-process).
  std::string remote_host = "[local]";
  std::string remote_port;
  std::string auth_method = "trust";
  std::string ssl_version;
  // Called (from another session's thread) when PG_TERMINATE_BACKEND ends this session: the server closes
  // the connection. May be empty.
  std::function<void()> on_terminate;
};

// A statement prepared once and executed many times (the extended protocol's Parse). Holds the parsed
// statement; it is bound again at each execution against the catalog then current, so it never goes stale.
class PreparedStatement {
 public:
  ~PreparedStatement();
  // Parameter types, declared by the client or inferred from the statement ($1 compared with an integer
  // column is an integer). Unknown ones are VARCHAR.
  const std::vector<LogicalType>& param_types() const { return param_types_; }
  // The row description; empty when the statement returns no rows.
  const std::vector<ColumnInfo>& columns() const { return columns_; }
  bool returns_rows() const { return returns_rows_; }
  bool empty() const { return empty_; }  // no statement in the text

 private:
  friend class Session;
  PreparedStatement();
  std::string text_;
  std::shared_ptr<void> statement_;  // the parsed statement (sql::Statement), owned
  std::vector<LogicalType> param_types_;
  std::vector<ColumnInfo> columns_;
  bool returns_rows_ = false;
  bool empty_ = false;
  // The committed catalog columns_ are known to hold for; null when never checked against one (described in
  // a block that ran DDL). Updated by the session when a later catalog describes the rows alike.
  mutable std::shared_ptr<const Catalog> rows_checked_;
};

// Session is one client connection's state: its settings, its transaction, its prepared statements. One
// thread drives a session at a time; Cancel() may be called from any thread.
class Session {
 public:
  Session(Database* db, SessionOptions options);
  ~Session();  // rolls back an open transaction and drops the session's temporary tables

  // Runs every ';'-separated statement of text in order (the simple query protocol), reporting each one's
  // results to sink. Stops at the first error and returns it; an error inside a transaction block puts the
  // session in the failed state until ROLLBACK. Outside a block each statement commits on its own.
  Status ExecuteSimple(std::string_view text, ResultSink* sink);

  // Parses and describes one statement (zero statements gives an empty PreparedStatement). declared_types
  // are the client's parameter type OIDs (0 = infer); may be shorter than the number of parameters.
  Result<std::shared_ptr<PreparedStatement>> Prepare(std::string_view text, const std::vector<int32_t>& declared_types);

  // Runs a prepared statement with parameter values (already of its param_types, or NULL). Outside a
  // transaction block the statements executed up to the client's Sync are one implicit transaction, committed
  // by Sync() and rolled back by an error (PostgreSQL's extended protocol). sync_follows: the client's next
  // message is Sync, so a statement that starts the unit is its own transaction and commits now (autocommit,
  // which also lets VACUUM and the like run, as PostgreSQL allows them alone before Sync).
  Status Execute(const PreparedStatement& statement, const std::vector<Value>& params, ResultSink* sink,
                 bool sync_follows);
  // The extended protocol's Sync: commits the implicit transaction of the statements executed since the last
  // one; a transaction block stays open.
  Status Sync();
  // An extended-protocol message failed (ErrorResponse; the server skips to Sync): the implicit transaction
  // rolls back, a transaction block fails, as on a statement's error.
  void AbortUnit();

  // 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block (ReadyForQuery's status).
  char TransactionStatus() const;
  // The session's TimeZone setting: what a bind parameter of TIMESTAMPTZ text without an offset is read in.
  std::shared_ptr<const TimeZone> time_zone() const { return time_zone_; }
  // The session's DateStyle setting: what date/time text (bind parameters too) is read and written in.
  DateStyle date_style() const { return date_style_; }

  // Asks the running statement to stop with 57014 "canceling statement due to user request", or with
  // `message` instead when one is given (CANCEL pid 'message').
  void Cancel(std::string message = "");
  // PG_TERMINATE_BACKEND: every later statement fails with 57P01; the caller has already released the
  // transaction's locks. Thread-safe.
  void Terminate();

  const SessionOptions& options() const { return options_; }
  // Every setting's value in a new session (what SET ... TO DEFAULT restores).
  // Settings by name; looked up by string_view without building a key (several lookups a statement).
  using Settings = std::map<std::string, std::string, std::less<>>;
  static Settings DefaultSettings(const SessionOptions& options);
  // Current value of a setting (SHOW), e.g. "search_path", "timezone"; "" when it has none. The reference is
  // valid until the setting next changes.
  const std::string& GetSetting(std::string_view name) const;
  // Every change of a setting goes through these: they count the changes (settings_generation_).
  void PutSetting(const std::string& name, std::string value);
  void EraseSetting(const std::string& name);
  // Settings whose change the server reports with ParameterStatus; filled by SET, drained by the server.
  std::vector<std::pair<std::string, std::string>> TakeChangedReportedSettings();

 private:
  friend class StatementRunner;
  // Runs one parsed statement (an sql::Statement) inside the session's transaction handling.
  Status RunStatement(const void* statement, std::string_view text, const std::vector<Value>* params, ResultSink* sink);
  // RunStatement without the bookkeeping of STL_QUERY and friends (session_activity.cc).
  Status RunStatementBody(const void* statement, std::string_view text, const std::vector<Value>* params,
                          ResultSink* sink);
  // The statement's row of the activity log (session_activity.cc).
  int64_t StatementStarted(const void* statement, std::string_view text);
  void StatementFinished(int64_t handle, const void* statement, Status* status);
  // Files the steps the statement's plans ran (a query on the slices) under its query id.
  void RecordSteps(int64_t handle, const void* statement, const StatementProfiles& profiles);
  // The running query reads no user table: Redshift runs it on the leader and leaves it out of STL_QUERY.
  void MarkLeaderOnly();
  Status Begin();
  // At the newest durable version, owned by this session; xid 0 takes a new id.
  std::unique_ptr<Transaction> NewTransaction(uint64_t xid = 0);
  // The catalog a statement described now would be bound against, when it is a committed (immutable)
  // version; null while the transaction block has a catalog of its own (it ran DDL).
  std::shared_ptr<const Catalog> DescribeCatalog() const;
  // A statement Prepare described earlier from the same text and declared types, against the same catalog,
  // with the same settings and user (so described alike); null when there is none.
  std::shared_ptr<PreparedStatement> FindDescribed(std::string_view text, const std::vector<int32_t>& declared_types,
                                                   const std::shared_ptr<const Catalog>& catalog) const;
  // ExecuteSimple's statements: the parsed ones in order, or (run) the one INSERT of `shaped`.
  Status RunSimple(const std::vector<std::unique_ptr<sql::Statement>>& stmts, std::string_view text, ResultSink* sink);
  Status RunShaped(ShapedInsert* shaped, ResultSink* sink);
  // A prepared statement's rows must still be those of its RowDescription: after DDL changed the catalog it
  // is described again, and 0A000 "cached plan must not change result type" when its columns changed (as
  // PostgreSQL re-plans an invalidated statement).
  Status CheckRowDescription(const PreparedStatement& statement);
  // A statement's error: inside a transaction block it fails the block, outside it rolls back. Returns st.
  Status Failed(Status st);
  // An error inside the block: the block is failed until ROLLBACK or END, and its transaction is rolled
  // back now, releasing its locks (PostgreSQL's AbortTransaction): a session left idle in a failed block,
  // or a deadlock's victim, must not hold up others until its client sends ROLLBACK.
  void AbortBlock();
  Status CommitBlock();
  void RollbackBlock() { EndBlock(/*committed=*/false); }
  // Leaves the transaction block: settings SET LOCAL changed go back, and every setting the block changed
  // when it did not commit.
  void EndBlock(bool committed);

  Database* db_;
  SessionOptions options_;
  std::string login_user_;  // who connected; SET SESSION AUTHORIZATION changes options_.user only
  Settings settings_;
  // Changes of settings_ so far: what was derived from them (below, Described) holds while it is the same.
  uint64_t settings_generation_ = 1;
  std::pair<uint64_t, uint64_t> query_memory_limit_{0, 0};  // (generation, StatementRunner::QueryMemoryLimit)
  // The settings every statement reads, looked up and parsed once per settings_generation_ (a lookup by
  // name is a few hundred instructions; a single-row INSERT read five). The strings point into settings_
  // (its nodes stay put until erased, which changes the generation) or at an empty string.
  struct HotSettings {
    uint64_t generation = 0;
    int extra_float_digits = 0;
    int64_t statement_timeout_ms = 0;  // 0 (none) also when the text does not parse
    const std::string* search_path = nullptr;
    const std::string* query_group = nullptr;
  };
  mutable HotSettings hot_{};
  const HotSettings& Hot() const;
  // SET LOCAL in the current transaction block: each setting's value before its first SET LOCAL (nullopt:
  // it had none), put back when the block ends (RollbackBlock, which COMMIT also ends with).
  std::map<std::string, std::optional<std::string>> local_restore_;
  // Every SET in the current transaction block (or implicit transaction): each setting's value before the
  // block's first SET of it, put back when the block rolls back (PostgreSQL undoes SET with the transaction).
  std::map<std::string, std::optional<std::string>> block_restore_;
  std::vector<std::pair<std::string, std::string>> changed_reported_;
  std::unique_ptr<Transaction> txn_;
  std::string temp_schema_;  // where this session's temporary tables live (temp_schema.h)
  bool in_block_ = false;    // inside BEGIN ... COMMIT
  // An implicit transaction: a multi-statement Query's or the extended protocol's messages up to Sync.
  bool implicit_ = false;
  bool failed_ = false;     // an error happened inside the block (its transaction is gone: AbortBlock)
  bool read_only_ = false;  // BEGIN READ ONLY: the block may not write (StatementRunner::CheckReadOnly)
  std::atomic<bool> cancel_requested_{false};
  std::mutex cancel_mu_;
  std::string cancel_message_;    // guarded by cancel_mu_
  int64_t xid_ = 0;               // the transaction's id in the logs; 0 until a statement needs one
  int64_t statement_handle_ = 0;  // the running statement's Activity handle
  int64_t last_query_id_ = -1;    // PG_LAST_QUERY_ID()
  bool leader_only_ = false;      // the running query reads no user table (set by StatementRunner)
  std::shared_ptr<const TimeZone> time_zone_ = TimeZone::Utc();  // SET timezone
  DateStyle date_style_;                                         // SET datestyle
  int64_t statement_start_us_ = 0;                               // GETDATE(): when the current statement started (UTC)
  int64_t transaction_start_us_ = 0;  // SYSDATE, CURRENT_TIMESTAMP: when the transaction started (UTC)
  std::atomic<bool> terminated_{false};
  // Statements Prepare described, newest first (at most kDescribedStatements): drivers send the same text in
  // an unnamed Parse before every execution, and describing it binds the statement in a transaction of its
  // own. An entry holds its catalog, so a catalog changed by DDL is a different pointer (never a reused one).
  struct Described {
    std::string text;
    std::vector<int32_t> declared_types;
    std::shared_ptr<const Catalog> catalog;
    uint64_t settings_generation;
    std::string user;
    std::shared_ptr<PreparedStatement> statement;
  };
  static constexpr size_t kDescribedStatements = 8;
  std::vector<Described> described_;
  // The search_path as name resolution last resolved it (StatementRunner::MakeNameContext), for an
  // immutable catalog version (held, so never a reused pointer), the setting and the user it was resolved
  // with: every statement resolves names, often twice (its locks, then its binding).
  struct ResolvedSearchPath {
    std::shared_ptr<const Catalog> catalog;
    std::string setting;
    std::string user;
    std::vector<std::string> schemas;
  };
  ResolvedSearchPath search_path_;
  std::unique_ptr<InsertShapeCache> insert_shapes_;  // INSERT ... VALUES bound and planned by shape
  ShapedInsert* shaped_insert_ = nullptr;            // while ExecuteSimple runs a lone INSERT of a shape
  const PreparedInsert* prepared_insert_ = nullptr;  // while Execute runs a prepared statement
};

}  // namespace blueshift
