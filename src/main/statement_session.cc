#include <algorithm>
#include <charconv>

#include "catalog/access_check.h"
#include "exec/pipeline.h"
#include "load/copy_job.h"
#include "load/load_history.h"
#include "main/database.h"
#include "main/query_memory.h"
#include "main/statement_runner.h"
#include "main/statement_timer.h"
#include "plan/optimizer.h"
#include "plan/physical_planner.h"
#include "storage/vacuum_scheduler.h"
#include "system/system_table.h"
#include "types/date_style.h"
#include "types/numeric_format.h"

namespace blueshift {

namespace {
// Settings a client hears about through ParameterStatus when they change.
bool IsReported(const std::string& name) {
  return name == "application_name" || name == "datestyle" || name == "timezone" || name == "client_encoding" ||
         name == "standard_conforming_strings" || name == "integer_datetimes" || name == "is_superuser" ||
         name == "session_authorization" || name == "server_version";
}

std::string ReportedName(const std::string& name) {
  if (name == "datestyle") return "DateStyle";
  if (name == "timezone") return "TimeZone";
  return name;
}
}  // namespace

Status StatementRunner::SendRows(const std::vector<ColumnInfo>& columns, const std::vector<Value>& values,
                                 ResultSink* sink) {
  RETURN_IF_ERROR(sink->BeginRows(columns));
  std::vector<LogicalType> types;
  for (const auto& c : columns) types.push_back(c.type);
  Batch batch(types, std::max<size_t>(values.size() / std::max<size_t>(columns.size(), 1), 1));
  size_t rows = columns.empty() ? 0 : values.size() / columns.size();
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < columns.size(); c++) batch.column(c).SetValue(r, values[r * columns.size() + c]);
  }
  batch.set_count(rows);
  if (rows) RETURN_IF_ERROR(sink->Rows(batch));
  return Status::OK();
}

uint64_t StatementRunner::QueryMemoryLimit() const {
  auto& [generation, limit] = session_->query_memory_limit_;
  if (generation == session_->settings_generation_) return limit;
  auto per_slot = ParseQueryWorkingMem(session_->GetSetting("query_working_mem"));
  auto slots = ParseWlmQuerySlotCount(session_->GetSetting("wlm_query_slot_count"));
  uint64_t bytes = per_slot.ok() ? *per_slot : session_->db_->query_working_mem_mb() << 20;
  generation = session_->settings_generation_;
  limit = bytes * (slots.ok() ? *slots : 1);
  return limit;
}

void StatementRunner::ApplyQueryMemoryLimit(ExecContext* ctx) const {
  ctx->set_memory_limit(QueryMemoryLimit());
}

namespace {

// extra_float_digits takes an integer from -15 to 2 (types/numeric_format.h), as in Redshift, and 3,
// PostgreSQL 9's most, which pgjdbc and DBeaver send to newer servers: it prints as 2 does.
Status CheckExtraFloatDigits(const std::string& value, int location) {
  int digits = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), digits);
  if (ec != std::errc() || end != value.data() + value.size())
    return Status(ErrorCode::kInvalidParameterValue,
                  "invalid value for parameter \"extra_float_digits\": \"" + value + "\"")
        .WithPosition(location + 1);
  if (digits < kMinExtraFloatDigits || digits > kMaxExtraFloatDigits + 1)
    return Status(ErrorCode::kInvalidParameterValue, value +
                                                         " is outside the valid range for parameter "
                                                         "\"extra_float_digits\" (-15 .. 2)")
        .WithPosition(location + 1);
  return Status::OK();
}

}  // namespace

// The background vacuum is one per database: SET auto_vacuum switches it for every session (docs/design/vacuum.md).
Status StatementRunner::SetAutoVacuum(const std::string& value, int location) {
  std::string v = value;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  bool on = v == "on" || v == "true" || v == "1";
  if (!on && v != "off" && v != "false" && v != "0") {
    return Status(ErrorCode::kInvalidParameterValue, "parameter \"auto_vacuum\" requires a Boolean value")
        .WithPosition(location + 1);
  }
  session_->db_->vacuum()->SetAutoEnabled(on);
  return Status::OK();
}

Status StatementRunner::RunSet(const sql::SetStmt& stmt, ResultSink* sink) {
  std::string value;
  for (size_t i = 0; i < stmt.values.size(); i++) value += (i ? ", " : "") + stmt.values[i].text;
  std::string name = stmt.name;
  if (name == "session_authorization")
    return SetSessionAuthorization(stmt.to_default || stmt.values.empty() ? "" : stmt.values[0].text, stmt.location,
                                   "SET", sink);
  if (name == "time zone") name = "timezone";
  std::optional<std::string> before;
  if (auto it = session_->settings_.find(name); it != session_->settings_.end()) before = it->second;
  if (session_->in_block_ || session_->implicit_) session_->block_restore_.emplace(name, before);  // for ROLLBACK
  if (stmt.scope == sql::SetStmt::Scope::kLocal) {
    // Until the transaction block ends; outside one it has nothing to last for (as PostgreSQL).
    if (!session_->in_block_) {
      sink->Notice("WARNING", "SET LOCAL can only be used in transaction blocks");
      return sink->Complete("SET");
    }
    session_->local_restore_.emplace(name, before);
  } else {
    session_->local_restore_.erase(name);  // a plain SET outlasts the block
  }
  if (name == "statement_timeout") {
    if (stmt.to_default) value = "0";
    auto ms = StatementTimer::ParseTimeout(value);
    if (!ms.ok()) return sql::ErrorAt(ms.status(), stmt.location);
    value = std::to_string(*ms);
  }
  if (stmt.to_default) {
    // Not a fresh Session: constructing one would register it under this session's pid.
    auto defaults = Session::DefaultSettings(session_->options_);
    auto it = defaults.find(name);
    value = it == defaults.end() ? "" : it->second;
  }
  if (name == "timezone") {
    auto zone = TimeZone::Find(value == "0" ? "UTC" : value);
    if (!zone.ok())
      return Status(ErrorCode::kInvalidParameterValue, "invalid value for parameter \"TimeZone\": \"" + value + "\"")
          .WithPosition(stmt.location + 1);
    session_->time_zone_ = *zone;
    value = (*zone)->name();  // SHOW gives the database's spelling: 'america/new_york' shows America/New_York
  }
  if (name == "datestyle") {
    auto style = ParseDateStyle(value, session_->date_style_);
    if (!style.ok()) return Status(style.status()).WithPosition(stmt.location + 1);
    session_->date_style_ = *style;
    value = DateStyleName(*style);  // SHOW gives PostgreSQL's spelling: 'sql,dmy' shows SQL, DMY
  }
  if (name == "extra_float_digits") RETURN_IF_ERROR(CheckExtraFloatDigits(value, stmt.location));
  if (name == "auto_vacuum") RETURN_IF_ERROR(SetAutoVacuum(value, stmt.location));
  if (name == "query_working_mem") {
    if (stmt.to_default) value = std::to_string(session_->db_->query_working_mem_mb()) + "MB";
    auto bytes = ParseQueryWorkingMem(value);
    if (!bytes.ok()) return Status(bytes.status()).WithPosition(stmt.location + 1);
  }
  if (name == "wlm_query_slot_count") {
    auto slots = ParseWlmQuerySlotCount(value);
    if (!slots.ok()) return Status(slots.status()).WithPosition(stmt.location + 1);
    value = std::to_string(*slots);
  }
  if (name == "copy_split_bytes") {
    auto bytes = load::ParseCopySplitBytes(value);
    if (!bytes.ok()) return Status(bytes.status()).WithPosition(stmt.location + 1);
  }
  session_->PutSetting(name, value);
  if (IsReported(name)) session_->changed_reported_.emplace_back(ReportedName(name), value);
  return sink->Complete("SET");
}

namespace {
// Takes the completion of the SETs a RESET runs; the RESET completes on its own.
class SetCompletionSink : public ResultSink {
 public:
  Status BeginRows(const std::vector<ColumnInfo>&) override { return Status::OK(); }
  Status Rows(const Batch&) override { return Status::OK(); }
  Status Complete(const std::string&) override { return Status::OK(); }
};
}  // namespace

// RESET name is SET name TO DEFAULT; RESET ALL does that for every setting a session starts with.
Status StatementRunner::RunReset(const sql::ResetStmt& stmt, ResultSink* sink) {
  if (stmt.name == "session_authorization") return SetSessionAuthorization("", stmt.location, "RESET", sink);
  std::vector<std::string> names;
  if (stmt.name == "all") {
    for (const auto& [name, value] : Session::DefaultSettings(session_->options_)) names.push_back(name);
    names.push_back("query_working_mem");
  } else {
    if (!session_->settings_.count(stmt.name))
      return Status(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + stmt.name + "\"");
    names.push_back(stmt.name);
  }
  SetCompletionSink quiet;
  for (const std::string& name : names) {
    sql::SetStmt set;
    set.name = name;
    set.to_default = true;
    set.location = stmt.location;
    RETURN_IF_ERROR(RunSet(set, &quiet));
  }
  return sink->Complete("RESET");
}

Result<std::string> StatementRunner::CurrentSetting(const std::string& name) const {
  auto it = session_->settings_.find(name == "time zone" ? "timezone" : name);
  if (it == session_->settings_.end())
    return Status(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + name + "\"");
  return it->second;
}

Result<std::string> StatementRunner::SetConfig(const std::string& name, const std::string& value, bool is_local) {
  sql::SetStmt set;
  set.name = name;
  if (is_local) {
    // Outside a transaction block the statement is its own transaction: the value would end with it.
    if (!session_->in_block_) return value;
    set.scope = sql::SetStmt::Scope::kLocal;
  }
  set.location = -1;  // errors take the position of SET_CONFIG's value argument
  sql::SetValue v;
  v.kind = sql::SetValue::Kind::kString;
  v.text = value;
  set.values.push_back(std::move(v));
  SetCompletionSink quiet;
  RETURN_IF_ERROR(RunSet(set, &quiet));
  return CurrentSetting(name);
}

void StatementRunner::RestoreBlockSettings(bool committed) {
  auto restore = std::move(committed ? session_->local_restore_ : session_->block_restore_);
  session_->local_restore_.clear();
  session_->block_restore_.clear();
  for (auto& [name, old] : restore) {
    if (!old) {
      session_->EraseSetting(name);
      continue;
    }
    // The value was accepted when it was set; putting it back through SET keeps its side effects (the time
    // zone, ParameterStatus for reported settings) in step.
    Status st = SetConfig(name, *old, false).status();
    if (!st.ok()) session_->PutSetting(name, *old);
  }
  session_->block_restore_.clear();  // what the SETs above recorded
}

Status StatementRunner::RunShow(const sql::ShowStmt& stmt, ResultSink* sink) {
  if (stmt.objects != sql::ShowObjects::kNone) return RunShowObjects(stmt, sink);
  if (stmt.name == "all") {
    std::vector<Value> values;
    for (const auto& [k, v] : session_->settings_) {
      values.push_back(Value::Varchar(k));
      values.push_back(Value::Varchar(v));
    }
    RETURN_IF_ERROR(SendRows({{"name", LogicalType::Varchar()}, {"setting", LogicalType::Varchar()}}, values, sink));
    return sink->Complete("SHOW");
  }
  auto it = session_->settings_.find(stmt.name);
  if (it == session_->settings_.end())
    return Status(ErrorCode::kUndefinedObject, "unrecognized configuration parameter \"" + stmt.name + "\"");
  RETURN_IF_ERROR(SendRows({{stmt.name, LogicalType::Varchar()}}, {Value::Varchar(it->second)}, sink));
  return sink->Complete("SHOW");
}

// CANCEL pid ['message']: stops the statement running in that session; the session itself stays.
Status StatementRunner::RunCancel(const sql::CancelStmt& stmt, ResultSink* sink) {
  if (stmt.pid < INT32_MIN || stmt.pid > INT32_MAX)
    return Status(ErrorCode::kUndefinedObject, "Session " + std::to_string(stmt.pid) + " does not exist");
  const std::string& user = session_->options_.user;
  const bool superuser = AccessCheck(txn_->catalog(), user).superuser();
  RETURN_IF_ERROR(
      session_->db_->activity()->CancelSession(static_cast<int32_t>(stmt.pid), stmt.message, user, superuser));
  return sink->Complete("CANCEL");
}

}  // namespace blueshift
