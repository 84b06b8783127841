#include "main/session.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "load/copy_job.h"
#include "load/load_history.h"
#include "main/database.h"
#include "main/insert_shape_cache.h"
#include "main/statement_runner.h"
#include "main/statement_timer.h"
#include "main/temp_schema.h"
#include "main/transaction.h"
#include "sql/parser.h"
#include "sql/statement_shape.h"
#include "storage/store.h"
#include "types/numeric_format.h"

namespace blueshift {

namespace {
Status AbortedBlock() {
  return Status(ErrorCode::kInFailedSqlTransaction,
                "current transaction is aborted, commands ignored until end of transaction block");
}

bool EndsBlock(const sql::Statement& s) {
  return s.kind == sql::StmtKind::kTransaction && s.As<sql::TransactionStmt>().txn != sql::TxnKind::kBegin;
}

using StatementList = std::vector<std::unique_ptr<sql::Statement>>;
}  // namespace

PreparedStatement::PreparedStatement() = default;
PreparedStatement::~PreparedStatement() = default;

Session::Settings Session::DefaultSettings(const SessionOptions& options) {
  return {{"search_path", "$user, public"},
          {"timezone", "UTC"},
          {"datestyle", "ISO, MDY"},
          {"client_encoding", "UTF8"},
          {"server_encoding", "UTF8"},
          {"server_version", "8.0.2"},
          {"application_name", options.application_name},
          {"extra_float_digits", "0"},
          {"statement_timeout", "0"},
          {"standard_conforming_strings", "on"},
          {"integer_datetimes", "on"},
          {"transaction_isolation", "serializable"},
          {"max_identifier_length", "127"},
          {"query_group", "default"},
          {"analyze_threshold_percent", "10"},
          {"auto_dist_all_max_rows", "100000"},  // docs/design/distribution.md
          {"enable_result_cache_for_session", "on"},
          {"describe_field_name_in_uppercase", "off"},
          {"wlm_query_slot_count", "1"},
          {"copy_split_bytes", std::to_string(load::kDefaultSplitBytes)}};  // load/copy_job.h
}

Session::Session(Database* db, SessionOptions options)
    : db_(db),
      options_(std::move(options)),
      temp_schema_(TempSchemaName(db->NextSessionNumber())),
      insert_shapes_(std::make_unique<InsertShapeCache>()) {
  login_user_ = options_.user;
  db_->RegisterSession(options_.process_id, this);
  settings_ = DefaultSettings(options_);
  settings_["query_working_mem"] = std::to_string(db_->query_working_mem_mb()) + "MB";  // query_memory.h
  for (const auto& [name, value] : options_.startup_settings) {
    int digits = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), digits);
    if (name != "extra_float_digits" || ec != std::errc() || end != value.data() + value.size()) continue;
    settings_[name] = std::to_string(std::clamp(digits, kMinExtraFloatDigits, kMaxExtraFloatDigits));
  }
  SessionEntry entry{options_.process_id, WallClockMicros(), options_.user, options_.database, 0};
  ConnectionEvent connect;
  connect.remote_host = options_.remote_host;
  connect.remote_port = options_.remote_port;
  connect.pid = options_.process_id;
  connect.database = options_.database;
  connect.user = options_.user;
  connect.auth_method = options_.auth_method;
  connect.ssl_version = options_.ssl_version;
  connect.application_name = options_.application_name;
  db_->activity()->SessionStarted(this, entry, connect);
}

Session::~Session() {
  db_->UnregisterSession(options_.process_id, this);
  txn_.reset();
  db_->activity()->SessionEnded(this);
  load::LoadHistory::Global().ForgetSession(options_.process_id);  // its PG_LAST_COPY_ID() and friends
  if (!db_->store()->Current()->catalog->FindSchema(temp_schema_)) return;
  // A failure leaves the schema to the next Open, which drops every temp schema.
  (void)DropSchemasWhere(db_, [&](const std::string& s) { return s == temp_schema_; });
}

char Session::TransactionStatus() const {
  if (!in_block_) return 'I';
  return failed_ ? 'E' : 'T';
}

const std::string& Session::GetSetting(std::string_view name) const {
  static const std::string kNone;
  auto it = settings_.find(name);
  return it == settings_.end() ? kNone : it->second;
}

const Session::HotSettings& Session::Hot() const {
  if (hot_.generation == settings_generation_) return hot_;
  hot_.generation = settings_generation_;
  hot_.extra_float_digits = std::atoi(GetSetting("extra_float_digits").c_str());
  auto timeout = StatementTimer::ParseTimeout(GetSetting("statement_timeout"));
  hot_.statement_timeout_ms = timeout.ok() ? *timeout : 0;
  hot_.search_path = &GetSetting("search_path");
  hot_.query_group = &GetSetting("query_group");
  return hot_;
}

void Session::PutSetting(const std::string& name, std::string value) {
  settings_[name] = std::move(value);
  settings_generation_++;
}

void Session::EraseSetting(const std::string& name) {
  settings_.erase(name);
  settings_generation_++;
}

std::vector<std::pair<std::string, std::string>> Session::TakeChangedReportedSettings() {
  return std::exchange(changed_reported_, {});
}

std::unique_ptr<Transaction> Session::NewTransaction(uint64_t xid) {
  auto txn = std::make_unique<Transaction>(db_, xid);
  txn->SetOwner(options_.process_id, options_.user, options_.database, &cancel_requested_);
  return txn;
}

Status Session::Begin() {
  if (!txn_) {
    // The id the statement history already gave the transaction (StatementStarted), if any.
    if (xid_ == 0) xid_ = db_->activity()->NextXid();
    txn_ = NewTransaction(static_cast<uint64_t>(xid_));
    transaction_start_us_ = statement_start_us_ ? statement_start_us_ : NowMicros();
  }
  return Status::OK();
}

Status Session::CommitBlock() {
  Status st;
  std::vector<Oid> written;
  if (txn_) written = txn_->WrittenTables();
  if (txn_) st = txn_->Commit();
  txn_.reset();
  xid_ = 0;
  if (st.ok() && !written.empty()) StatementRunner::MoveAutoDistribution(this, written);
  return st;
}

void Session::EndBlock(bool committed) {
  if (!local_restore_.empty() || !block_restore_.empty())
    StatementRunner(this, nullptr).RestoreBlockSettings(committed);
  txn_.reset();
  xid_ = 0;
  in_block_ = false;
  failed_ = false;
  read_only_ = false;
  implicit_ = false;
}

Status Session::ExecuteSimple(std::string_view text, ResultSink* sink) {
  cancel_requested_.store(false);
  // A lone INSERT of a shape this session ran before needs no parsing (insert_shape_cache.h).
  std::optional<sql::StatementShape> shape;
  if (!failed_) shape = sql::ScanInsertShape(text);
  ShapedInsert shaped;
  if (shape) {
    shaped.text = text;
    shaped.shape = &*shape;
    shaped.cached = insert_shapes_->Find(shape->key);
    if (shaped.cached) {
      shaped.statement = shaped.cached->statement;
      return RunShaped(&shaped, sink);
    }
  }
  auto parsed = sql::Parse(text);
  if (!parsed.ok()) {
    if (in_block_) AbortBlock();
    return parsed.status();
  }
  StatementList& stmts = *parsed;
  if (stmts.empty()) return sink->EmptyQuery();
  if (shape && stmts.size() == 1 && stmts[0]->kind == sql::StmtKind::kInsert) {
    shaped.statement = std::move(stmts[0]);
    return RunShaped(&shaped, sink);
  }
  return RunSimple(stmts, text, sink);
}

Status Session::RunShaped(ShapedInsert* shaped, ResultSink* sink) {
  // Held here: a stale entry's statement goes with the entry when the INSERT is cached again.
  std::shared_ptr<const sql::Statement> hold = shaped->statement;
  const sql::Statement& stmt = *hold;
  const InsertShapeCache::Entry* cached = shaped->cached;
  size_t begin = cached ? cached->text_begin : stmt.text_begin;
  size_t end = cached ? shaped->text.size() - cached->text_tail : stmt.text_end;
  implicit_ = false;
  shaped_insert_ = shaped;
  Status st = RunStatement(&stmt, shaped->text.substr(begin, end - begin), nullptr, sink);
  shaped_insert_ = nullptr;
  return st.ok() ? st : Failed(std::move(st));
}

Status Session::Failed(Status st) {
  if (in_block_) {
    AbortBlock();
  } else {
    RollbackBlock();
  }
  return st;
}

void Session::AbortBlock() {
  failed_ = true;
  txn_.reset();
  xid_ = 0;
}

Status Session::RunSimple(const StatementList& stmts, std::string_view text, ResultSink* sink) {
  // Several statements in one message run in one implicit transaction, as PostgreSQL does; a COMMIT or
  // ROLLBACK ends it (or the block BEGIN opened) for good, and the statements after it start another.
  const bool several = stmts.size() > 1;
  implicit_ = false;
  for (const auto& stmt : stmts) {
    if (several && !in_block_) implicit_ = true;
    std::string_view stmt_text = text.substr(stmt->text_begin, stmt->text_end - stmt->text_begin);
    Status st = RunStatement(stmt.get(), stmt_text, nullptr, sink);
    if (!st.ok()) return Failed(std::move(st));
  }
  if (implicit_ && !in_block_) {
    Status st = CommitBlock();
    EndBlock(st.ok());
    return st;
  }
  implicit_ = false;
  return Status::OK();
}

void Session::Terminate() {
  terminated_.store(true);
  Cancel();
  if (options_.on_terminate) options_.on_terminate();
}

Status Session::RunStatementBody(const void* statement, std::string_view text, const std::vector<Value>* params,
                                 ResultSink* sink) {
  const auto& stmt = *static_cast<const sql::Statement*>(statement);
  if (terminated_.load()) {
    RollbackBlock();
    return Status(ErrorCode::kAdminShutdown, "terminating connection due to administrator command");
  }
  statement_start_us_ = NowMicros();
  ScopedSessionTimeZone zone(time_zone_);
  ScopedDateStyle date_style(date_style_);
  const HotSettings& hot = Hot();
  ScopedExtraFloatDigits float_digits(hot.extra_float_digits);
  if (failed_ && !EndsBlock(stmt)) return AbortedBlock();
  if (stmt.kind == sql::StmtKind::kTransaction) {
    const auto& t = stmt.As<sql::TransactionStmt>();
    switch (t.txn) {
      case sql::TxnKind::kBegin:
        if (in_block_) sink->Notice("WARNING", "there is already a transaction in progress");
        if (!in_block_ || t.read_only) read_only_ = t.read_only.value_or(false);
        in_block_ = true;
        implicit_ = false;  // an implicit transaction becomes the block, with what it did so far
        RETURN_IF_ERROR(Begin());
        return sink->Complete("BEGIN");
      case sql::TxnKind::kCommit: {
        if (!in_block_) {
          sink->Notice("WARNING", "there is no transaction in progress");
          if (implicit_) {  // commits the implicit transaction (PostgreSQL: with the warning)
            Status st = CommitBlock();
            EndBlock(st.ok());
            RETURN_IF_ERROR(st);
          }
          return sink->Complete("COMMIT");
        }
        bool was_failed = failed_;
        Status st = was_failed ? Status::OK() : CommitBlock();
        EndBlock(!was_failed && st.ok());
        RETURN_IF_ERROR(st);
        return sink->Complete(was_failed ? "ROLLBACK" : "COMMIT");
      }
      case sql::TxnKind::kRollback:
        if (!in_block_) sink->Notice("WARNING", "there is no transaction in progress");
        RollbackBlock();
        return sink->Complete("ROLLBACK");
    }
  }
  RETURN_IF_ERROR(Begin());
  // The block's snapshot is taken by its first statement that reads or writes a table, not at BEGIN (Redshift
  // and PostgreSQL alike): until then each statement moves it to the newest commit.
  if (in_block_) txn_->RefreshSnapshot();
  StatementRunner runner(this, txn_.get());
  {
    StatementTimer timer(Hot().statement_timeout_ms, &cancel_requested_);
    RETURN_IF_ERROR(timer.Reword(runner.Run(stmt, text, params, sink)));
  }
  if (!in_block_ && !implicit_) return CommitBlock();
  return Status::OK();
}

std::shared_ptr<const Catalog> Session::DescribeCatalog() const {
  if (txn_) return txn_->SnapshotCatalog();
  return db_->store()->Snapshot()->catalog;  // what NewTransaction would start from
}

std::shared_ptr<PreparedStatement> Session::FindDescribed(std::string_view text,
                                                          const std::vector<int32_t>& declared_types,
                                                          const std::shared_ptr<const Catalog>& catalog) const {
  if (!catalog) return nullptr;
  for (const Described& d : described_) {
    if (d.catalog == catalog && d.text == text && d.declared_types == declared_types && d.user == options_.user &&
        d.settings_generation == settings_generation_)
      return d.statement;
  }
  return nullptr;
}

Result<std::shared_ptr<PreparedStatement>> Session::Prepare(std::string_view text,
                                                            const std::vector<int32_t>& declared_types) {
  // A prepared statement is immutable: one described alike can be handed out again. Not in a failed block,
  // where only a statement that ends the block may be prepared (checked below on the parsed statement).
  std::shared_ptr<const Catalog> catalog = failed_ ? nullptr : DescribeCatalog();
  if (auto same = FindDescribed(text, declared_types, catalog)) return same;
  auto parsed = sql::Parse(text);
  if (!parsed.ok()) return parsed.status();
  if (parsed->size() > 1)
    return Status(ErrorCode::kSyntaxError, "cannot insert multiple commands into a prepared statement");
  std::shared_ptr<PreparedStatement> ps(new PreparedStatement());
  ps->text_ = std::string(text);
  if (parsed->empty()) {
    ps->empty_ = true;
    return ps;
  }
  for (int32_t oid : declared_types) ps->param_types_.push_back(TypeForOid(oid));
  auto holder = std::make_shared<StatementList>(std::move(parsed).value());
  const sql::Statement& stmt = *(*holder)[0];
  if (failed_ && !EndsBlock(stmt)) return AbortedBlock();
  statement_start_us_ = NowMicros();
  ScopedSessionTimeZone zone(time_zone_);
  ScopedDateStyle date_style(date_style_);
  RETURN_IF_ERROR(Begin());
  if (in_block_) txn_->RefreshSnapshot();          // as RunStatementBody does
  if (catalog) catalog = txn_->SnapshotCatalog();  // what it is described against (a commit may have come)
  StatementRunner runner(this, txn_.get());
  Status st = runner.Describe(stmt, &ps->param_types_, &ps->columns_, &ps->returns_rows_);
  if (!in_block_ && !implicit_) txn_.reset();
  RETURN_IF_ERROR(st);
  for (auto& t : ps->param_types_) {
    if (t.id() == TypeId::kNull) t = LogicalType::Varchar();
  }
  ps->statement_ = std::shared_ptr<void>(holder, holder.get());
  ps->rows_checked_ = catalog;
  if (catalog) {
    described_.insert(described_.begin(),
                      Described{ps->text_, declared_types, catalog, settings_generation_, options_.user, ps});
    if (described_.size() > kDescribedStatements) described_.pop_back();
  }
  return ps;
}

Status Session::Execute(const PreparedStatement& statement, const std::vector<Value>& params, ResultSink* sink,
                        bool sync_follows) {
  cancel_requested_.store(false);
  if (statement.empty()) return sink->EmptyQuery();
  if (!in_block_ && !sync_follows) implicit_ = true;  // more follows before Sync: one transaction up to it
  const auto& list = *static_cast<const StatementList*>(statement.statement_.get());
  if (statement.returns_rows_ && !failed_) {
    Status checked = CheckRowDescription(statement);
    if (!checked.ok()) return Failed(std::move(checked));
  }
  PreparedInsert prepared{list[0].get(), statement.statement_};
  prepared_insert_ = &prepared;
  Status st = RunStatement(list[0].get(), statement.text_, &params, sink);
  prepared_insert_ = nullptr;
  return st.ok() ? st : Failed(std::move(st));
}

Status Session::CheckRowDescription(const PreparedStatement& statement) {
  std::shared_ptr<const Catalog> catalog = DescribeCatalog();
  if (catalog && catalog == statement.rows_checked_) return Status::OK();
  const auto& list = *static_cast<const StatementList*>(statement.statement_.get());
  statement_start_us_ = NowMicros();
  ScopedSessionTimeZone zone(time_zone_);
  ScopedDateStyle date_style(date_style_);
  RETURN_IF_ERROR(Begin());
  if (in_block_) txn_->RefreshSnapshot();  // as RunStatementBody does
  catalog = txn_->SnapshotCatalog();
  std::vector<LogicalType> param_types = statement.param_types_;
  std::vector<ColumnInfo> columns;
  bool returns_rows = false;
  Status st = StatementRunner(this, txn_.get()).Describe(*list[0], &param_types, &columns, &returns_rows);
  if (!in_block_ && !implicit_) txn_.reset();
  if (!st.ok()) return Status::OK();  // the execution reports what no longer binds
  bool same = returns_rows && columns.size() == statement.columns_.size();
  for (size_t i = 0; same && i < columns.size(); i++)
    same = columns[i].name == statement.columns_[i].name && columns[i].type == statement.columns_[i].type;
  if (!same) return Status(ErrorCode::kFeatureNotSupported, "cached plan must not change result type");
  statement.rows_checked_ = catalog;
  return Status::OK();
}

Status Session::Sync() {
  if (!implicit_ || in_block_) return Status::OK();
  Status st = CommitBlock();
  EndBlock(st.ok());
  return st;
}

void Session::AbortUnit() {
  if (in_block_) {
    AbortBlock();
  } else if (implicit_) {
    RollbackBlock();
  }
}

}  // namespace blueshift
