// The monitoring views over main/activity.h, with Redshift's columns: STL_QUERY, STL_QUERYTEXT, SVL_QLOG,
// SVL_STATEMENTTEXT, STL_DDLTEXT, STL_UTILITYTEXT, STV_RECENTS, STV_INFLIGHT, STV_SESSIONS, STL_SESSIONS
// and STL_CONNECTION_LOG. Redshift's CHAR(n) columns are VARCHAR(n) here (no blank padding), as in
// STL_LOAD_ERRORS. Registered once per process; rows come from the scanning statement's database.

#include <mutex>

#include "main/activity.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

using Columns = std::vector<std::pair<std::string, LogicalType>>;

constexpr size_t kChunkBytes = 200;   // STL_QUERYTEXT and friends: the text in 200-character rows
constexpr size_t kRecentsKept = 100;  // STV_RECENTS: finished queries shown after the running ones

LogicalType Text(int n) {
  return LogicalType::Varchar(n);
}

// The first `n` bytes of s, not splitting a UTF-8 sequence.
std::string Prefix(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) n--;
  return s.substr(0, n);
}

// Redshift's text views show a newline as the two characters \n, then cut the text into chunks.
std::vector<std::string> Chunks(const std::string& text) {
  std::string escaped;
  for (char c : text) {
    if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else {
      escaped += c;
    }
  }
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < escaped.size()) {
    std::string piece = Prefix(escaped.substr(pos), kChunkBytes);
    if (piece.empty()) piece = escaped.substr(pos, kChunkBytes);  // a malformed sequence: cut anyway
    pos += piece.size();
    out.push_back(std::move(piece));
  }
  if (out.empty()) out.emplace_back();
  return out;
}

std::string OneLine(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

bool InStlQuery(const StatementRecord& r) {
  return r.kind == StatementClass::kQuery && !r.leader_only && r.query != 0;
}

// The rows of the views, or none when the statement runs outside a database. `fill` gets the activity and
// the scanning user's visibility: superusers see everyone's rows, other users their own (RowVisibility).
template <typename F>
Status WithActivity(const SystemContext& ctx, F&& fill) {
  if (ctx.activity != nullptr) fill(*ctx.activity, RowVisibility(ctx));
  return Status::OK();
}

Status StlQueryRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    for (const auto& r : a.History()) {
      if (!InStlQuery(r) || !vis.SeesUser(r.user)) continue;
      rows->push_back({Value::Integer(r.userid), Value::Integer(static_cast<int32_t>(r.query)), Value::Varchar(r.label),
                       Value::BigInt(r.xid), Value::Integer(r.pid), Value::Varchar(r.database),
                       Value::Varchar(Prefix(r.text, 4000)), Value::Timestamp(r.start_us), Value::Timestamp(r.end_us),
                       Value::Integer(r.aborted ? 1 : 0), Value::Integer(0), Value::Integer(0)});
    }
  });
}

Status StlQueryTextRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    for (const auto& r : a.History()) {
      if (!InStlQuery(r) || !vis.SeesUser(r.user)) continue;
      auto chunks = Chunks(r.text);
      for (size_t i = 0; i < chunks.size(); i++) {
        rows->push_back({Value::Integer(r.userid), Value::BigInt(r.xid), Value::Integer(r.pid),
                         Value::Integer(static_cast<int32_t>(r.query)), Value::Integer(static_cast<int32_t>(i)),
                         Value::Varchar(chunks[i])});
      }
    }
  });
}

Status SvlQlogRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    for (const auto& r : a.History()) {
      if (!InStlQuery(r) || !vis.SeesUser(r.user)) continue;
      rows->push_back({Value::Integer(r.userid), Value::Integer(static_cast<int32_t>(r.query)), Value::BigInt(r.xid),
                       Value::Integer(r.pid), Value::Timestamp(r.start_us), Value::Timestamp(r.end_us),
                       Value::BigInt(r.end_us - r.start_us), Value::Integer(r.aborted ? 1 : 0), Value::Varchar(r.label),
                       Value::Varchar(Prefix(OneLine(r.text), 60)), Value::NullOf(LogicalType::Integer()),
                       Value::Varchar("0 - Ran on the main cluster"), Value::NullOf(LogicalType::Integer())});
    }
  });
}

const char* TypeName(StatementClass kind) {
  switch (kind) {
    case StatementClass::kQuery:
      return "QUERY";
    case StatementClass::kDdl:
      return "DDL";
    case StatementClass::kUtility:
      return "UTILITY";
  }
  return "UTILITY";
}

// SVL_STATEMENTTEXT (every statement, with its type), STL_DDLTEXT and STL_UTILITYTEXT (one class each).
void TextRows(const Activity& a, const RowVisibility& vis, bool with_type, const StatementClass* only,
              std::vector<SystemRow>* rows) {
  for (const auto& r : a.History()) {
    if ((only != nullptr && r.kind != *only) || !vis.SeesUser(r.user)) continue;
    auto chunks = Chunks(r.text);
    for (size_t i = 0; i < chunks.size(); i++) {
      SystemRow row{Value::Integer(r.userid),
                    Value::BigInt(r.xid),
                    Value::Integer(r.pid),
                    Value::Varchar(r.label),
                    Value::Timestamp(r.start_us),
                    Value::Timestamp(r.end_us),
                    Value::Integer(static_cast<int32_t>(i))};
      if (with_type) row.push_back(Value::Varchar(TypeName(r.kind)));
      row.push_back(Value::Varchar(chunks[i]));
      rows->push_back(std::move(row));
    }
  }
}

Status SvlStatementTextRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) { TextRows(a, vis, true, nullptr, rows); });
}

Status StlDdlTextRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  static constexpr StatementClass kDdl = StatementClass::kDdl;
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) { TextRows(a, vis, false, &kDdl, rows); });
}

Status StlUtilityTextRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  static constexpr StatementClass kUtility = StatementClass::kUtility;
  return WithActivity(ctx,
                      [&](const Activity& a, const RowVisibility& vis) { TextRows(a, vis, false, &kUtility, rows); });
}

Status StvRecentsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    int64_t now = WallClockMicros();
    for (const auto& r : a.Running()) {
      if (r.kind != StatementClass::kQuery || !vis.SeesUser(r.user)) continue;
      rows->push_back({Value::Integer(r.userid), Value::Varchar("Running"), Value::Timestamp(r.start_us),
                       Value::Integer(static_cast<int32_t>(std::min<int64_t>(now - r.start_us, INT32_MAX))),
                       Value::Varchar(r.user), Value::Varchar(r.database), Value::Varchar(Prefix(r.text, 600)),
                       Value::Integer(r.pid)});
    }
    auto history = a.History();
    size_t shown = 0;
    for (auto it = history.rbegin(); it != history.rend() && shown < kRecentsKept; ++it) {
      const auto& r = *it;
      if (r.kind != StatementClass::kQuery || !vis.SeesUser(r.user)) continue;
      shown++;
      rows->push_back({Value::Integer(r.userid), Value::Varchar("Done"), Value::Timestamp(r.start_us),
                       Value::Integer(static_cast<int32_t>(std::min<int64_t>(r.end_us - r.start_us, INT32_MAX))),
                       Value::Varchar(r.user), Value::Varchar(r.database), Value::Varchar(Prefix(r.text, 600)),
                       Value::Integer(-1)});
    }
  });
}

Status StvInflightRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    for (const auto& r : a.Running()) {
      if (!InStlQuery(r) || !vis.SeesUser(r.user)) continue;
      rows->push_back({Value::Integer(r.userid), Value::Integer(0), Value::Integer(static_cast<int32_t>(r.query)),
                       Value::Varchar(r.label), Value::BigInt(r.xid), Value::Integer(r.pid),
                       Value::Timestamp(r.start_us), Value::Varchar(Prefix(OneLine(r.text), 100)), Value::Integer(0),
                       Value::Integer(0), Value::Integer(0)});
    }
  });
}

Status StvSessionsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    for (const auto& s : a.Sessions()) {
      if (!vis.SeesUser(s.user)) continue;
      rows->push_back({Value::Timestamp(s.start_us), Value::Integer(s.pid), Value::Varchar(s.user),
                       Value::Varchar(s.database), Value::Integer(s.timeout_sec)});
    }
  });
}

// STL_SESSIONS: sessions that ended, from their "disconnecting session" events. timed_out 2 is Redshift's
// "the client ended the connection".
Status StlSessionsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    for (const auto& e : a.Connections()) {
      if (e.event != "disconnecting session" || !vis.SeesUser(e.user)) continue;
      rows->push_back({Value::Integer(UserIdForName(*ctx.catalog, e.user)), Value::Timestamp(e.time_us - e.duration_us),
                       Value::Timestamp(e.time_us), Value::Integer(e.pid), Value::Varchar(e.user),
                       Value::Varchar(e.database), Value::Integer(0), Value::Integer(2)});
    }
  });
}

Status StlConnectionLogRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  return WithActivity(ctx, [&](const Activity& a, const RowVisibility& vis) {
    if (!vis.superuser()) return;  // STL_CONNECTION_LOG is visible only to superusers
    for (const auto& e : a.Connections()) {
      Value empty = Value::Varchar("");
      rows->push_back({Value::Varchar(e.event),
                       Value::Timestamp(e.time_us),
                       Value::Varchar(e.remote_host),
                       Value::Varchar(e.remote_port),
                       Value::Integer(e.pid),
                       Value::Varchar(e.database),
                       Value::Varchar(e.user),
                       Value::Varchar(e.auth_method),
                       Value::Integer(static_cast<int32_t>(std::min<int64_t>(e.duration_us, INT32_MAX))),
                       Value::Varchar(e.ssl_version),
                       empty,
                       Value::NullOf(LogicalType::Integer()),
                       empty,
                       empty,
                       empty,
                       Value::Varchar(e.application_name),
                       empty,
                       empty,
                       empty,
                       Value::Integer(0),
                       empty,
                       empty});
    }
  });
}

Columns TextColumns(bool with_type) {
  Columns c{{"userid", LogicalType::Integer()},      {"xid", LogicalType::BigInt()},
            {"pid", LogicalType::Integer()},         {"label", Text(320)},
            {"starttime", LogicalType::Timestamp()}, {"endtime", LogicalType::Timestamp()},
            {"sequence", LogicalType::Integer()}};
  if (with_type) c.push_back({"type", Text(10)});
  c.push_back({"text", Text(200)});
  return c;
}

}  // namespace

void RegisterActivitySystemTables() {
  static std::once_flag once;
  std::call_once(once, [] {
    const auto kInt = LogicalType::Integer();
    const auto kBig = LogicalType::BigInt();
    const auto kTs = LogicalType::Timestamp();
    RegisterSystemTable("pg_catalog", "stl_query", 14101,
                        {{"userid", kInt},
                         {"query", kInt},
                         {"label", Text(320)},
                         {"xid", kBig},
                         {"pid", kInt},
                         {"database", Text(32)},
                         {"querytxt", Text(4000)},
                         {"starttime", kTs},
                         {"endtime", kTs},
                         {"aborted", kInt},
                         {"insert_pristine", kInt},
                         {"concurrency_scaling_status", kInt}},
                        StlQueryRows);
    RegisterSystemTable(
        "pg_catalog", "stl_querytext", 14102,
        {{"userid", kInt}, {"xid", kBig}, {"pid", kInt}, {"query", kInt}, {"sequence", kInt}, {"text", Text(200)}},
        StlQueryTextRows);
    RegisterSystemTable("pg_catalog", "svl_qlog", 14103,
                        {{"userid", kInt},
                         {"query", kInt},
                         {"xid", kBig},
                         {"pid", kInt},
                         {"starttime", kTs},
                         {"endtime", kTs},
                         {"elapsed", kBig},
                         {"aborted", kInt},
                         {"label", Text(320)},
                         {"substring", Text(60)},
                         {"source_query", kInt},
                         {"concurrency_scaling_status_txt", Text(256)},
                         {"from_sp_call", kInt}},
                        SvlQlogRows);
    RegisterSystemTable("pg_catalog", "svl_statementtext", 14104, TextColumns(true), SvlStatementTextRows);
    RegisterSystemTable("pg_catalog", "stl_ddltext", 14105, TextColumns(false), StlDdlTextRows);
    RegisterSystemTable("pg_catalog", "stl_utilitytext", 14106, TextColumns(false), StlUtilityTextRows);
    RegisterSystemTable("pg_catalog", "stv_recents", 14107,
                        {{"userid", kInt},
                         {"status", Text(20)},
                         {"starttime", kTs},
                         {"duration", kInt},
                         {"user_name", Text(50)},
                         {"db_name", Text(50)},
                         {"query", Text(600)},
                         {"pid", kInt}},
                        StvRecentsRows);
    RegisterSystemTable("pg_catalog", "stv_inflight", 14108,
                        {{"userid", kInt},
                         {"slice", kInt},
                         {"query", kInt},
                         {"label", Text(320)},
                         {"xid", kBig},
                         {"pid", kInt},
                         {"starttime", kTs},
                         {"text", Text(100)},
                         {"suspended", kInt},
                         {"insert_pristine", kInt},
                         {"concurrency_scaling_status", kInt}},
                        StvInflightRows);
    RegisterSystemTable(
        "pg_catalog", "stv_sessions", 14109,
        {{"starttime", kTs}, {"process", kInt}, {"user_name", Text(50)}, {"db_name", Text(50)}, {"timeout_sec", kInt}},
        StvSessionsRows);
    RegisterSystemTable("pg_catalog", "stl_sessions", 14110,
                        {{"userid", kInt},
                         {"starttime", kTs},
                         {"endtime", kTs},
                         {"process", kInt},
                         {"user_name", Text(50)},
                         {"db_name", Text(50)},
                         {"timeout_sec", kInt},
                         {"timed_out", kInt}},
                        StlSessionsRows);
    RegisterSystemTable("pg_catalog", "stl_connection_log", 14111,
                        {{"event", Text(50)},
                         {"recordtime", kTs},
                         {"remotehost", Text(45)},
                         {"remoteport", Text(32)},
                         {"pid", kInt},
                         {"dbname", Text(50)},
                         {"username", Text(50)},
                         {"authmethod", Text(32)},
                         {"duration", kInt},
                         {"sslversion", Text(50)},
                         {"sslcipher", Text(128)},
                         {"mtu", kInt},
                         {"sslcompression", Text(64)},
                         {"sslexpansion", Text(64)},
                         {"iamauthguid", Text(36)},
                         {"application_name", Text(250)},
                         {"os_version", Text(64)},
                         {"driver_version", Text(64)},
                         {"plugin_name", Text(32)},
                         {"protocol_version", kInt},
                         {"sessionuuid", Text(36)},
                         {"compression", Text(128)}},
                        StlConnectionLogRows);
  });
}

}  // namespace blueshift
