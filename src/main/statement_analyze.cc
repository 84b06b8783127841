// ANALYZE and ANALYZE COMPRESSION (docs/design/statistics.md).

#include <cmath>
#include <cstdlib>

#include "main/activity.h"
#include "main/database.h"
#include "main/statement_runner.h"
#include "storage/compression_advice.h"
#include "storage/table_layout.h"
#include "storage/table_stats.h"

namespace blueshift {
namespace {

constexpr int64_t kDefaultComprows = 100000;

// The analyze_threshold_percent setting (default 10, 0 = analyze every table).
double AnalyzeThreshold(const std::string& setting) {
  char* end = nullptr;
  double v = std::strtod(setting.c_str(), &end);
  return end == setting.c_str() ? 10.0 : v;
}

}  // namespace

Result<std::vector<std::shared_ptr<const TableDef>>> StatementRunner::MaintenanceTables(
    const std::optional<sql::QualifiedName>& name) {
  std::vector<std::shared_ptr<const TableDef>> tables;
  if (name) {
    sql::Binder binder(MakeBindContext(nullptr, nullptr));
    ASSIGN_OR_RETURN(auto def, binder.ResolveTable(*name));
    if (!FindSystemTableByOid(def->oid)) tables.push_back(def);
    return tables;
  }
  for (const auto& def : txn_->catalog().Tables()) {
    if (!FindSystemTableByOid(def->oid)) tables.push_back(def);
  }
  return tables;
}

Result<std::vector<std::shared_ptr<const TableDef>>> StatementRunner::AnalyzedTables(
    const std::optional<sql::QualifiedName>& name) {
  ASSIGN_OR_RETURN(auto tables, MaintenanceTables(name));
  for (const auto& def : tables) RETURN_IF_ERROR(txn_->Lock(def->oid, LockMode::kAccessShare));
  if (tables.empty() || !txn_->RefreshSnapshot()) return tables;
  return MaintenanceTables(name);  // a lock's holder changed the catalog
}

Result<std::vector<int>> StatementRunner::ResolveColumns(const TableDef& table, const std::vector<std::string>& names,
                                                         int location) {
  std::vector<int> out;
  for (const auto& n : names) {
    int c = table.FindColumn(n);
    if (c < 0) {
      return sql::ErrorAt(
          Status(ErrorCode::kUndefinedColumn, "column \"" + n + "\" of relation \"" + table.name + "\" does not exist"),
          location);
    }
    out.push_back(c);
  }
  if (names.empty()) {
    for (size_t c = 0; c < table.columns.size(); c++) out.push_back(static_cast<int>(c));
  }
  return out;
}

// Statistics are written with every segment, so a table's are always current; ANALYZE sketches the
// segments written before segment format 3 (stats_off above the threshold) and checks every sketch reads.
// PREDICATE COLUMNS analyzes every column: no predicate columns are recorded, which Redshift treats the same.
Status StatementRunner::RunAnalyze(const sql::AnalyzeStmt& stmt, ResultSink* sink) {
  if (stmt.compression) return RunAnalyzeCompression(stmt, sink);
  ASSIGN_OR_RETURN(auto tables, AnalyzedTables(stmt.table));
  double threshold = AnalyzeThreshold(session_->GetSetting("analyze_threshold_percent"));
  storage::Store* store = session_->db_->store();
  // What STL_ANALYZE records of each table: skipped or analyzed, against which threshold.
  AnalyzeEvent event;
  event.userid = UserIdForName(txn_->catalog(), session_->options_.user);
  event.xid = static_cast<int64_t>(txn_->xid());
  event.database = session_->options_.database;
  event.threshold_percent = static_cast<int32_t>(std::lround(threshold));
  for (const auto& def : tables) {
    ASSIGN_OR_RETURN(std::vector<int> columns, ResolveColumns(*def, stmt.columns, stmt.location));
    event.start_us = NowMicros();
    auto data = txn_->TableData(def->oid);
    ASSIGN_OR_RETURN(double stale, storage::StatsOffPercent(*store, *def, *data));
    storage::TableLayout layout = storage::ComputeTableLayout(*def, *data);
    event.table_id = def->oid;
    event.schema = def->schema;
    event.table = def->name;
    event.rows = static_cast<double>(layout.rows - layout.deleted_rows);
    event.modified_rows = std::round(event.rows * stale / 100.0);
    std::string name = "\"" + def->schema + "\".\"" + def->name + "\"";
    if (threshold > 0 && stale < threshold) {
      if (stmt.verbose) sink->Notice("INFO", "Skipping " + name + ": statistics are current");
      event.status = "Skipped";
    } else {
      ASSIGN_OR_RETURN(auto stats, storage::ComputeTableStatistics(*store, *def, *data, columns));
      if (stmt.verbose) sink->Notice("INFO", "Analyzing " + name + ": " + std::to_string(stats.rows) + " rows");
      event.status = "Full";
    }
    event.end_us = NowMicros();
    session_->db_->activity()->RecordAnalyze(event);
  }
  return sink->Complete("ANALYZE");
}

Status StatementRunner::RunAnalyzeCompression(const sql::AnalyzeStmt& stmt, ResultSink* sink) {
  int64_t comprows = stmt.comprows.value_or(kDefaultComprows);
  if (comprows < 1000 || comprows > 1000000000) {
    return sql::ErrorAt(Status(ErrorCode::kInvalidParameterValue, "COMPROWS must be between 1000 and 1000000000"),
                        stmt.location);
  }
  ASSIGN_OR_RETURN(auto tables, AnalyzedTables(stmt.table));
  std::vector<ColumnInfo> cols = {{"Table", LogicalType::Varchar(128)},
                                  {"Column", LogicalType::Varchar(128)},
                                  {"Encoding", LogicalType::Varchar(128)},
                                  {"Est_reduction_pct", LogicalType::Decimal(5, 2)}};
  std::vector<Value> values;
  for (const auto& def : tables) {
    ASSIGN_OR_RETURN(std::vector<int> columns, ResolveColumns(*def, stmt.columns, stmt.location));
    auto data = txn_->TableData(def->oid);
    ASSIGN_OR_RETURN(auto advice, storage::AdviseCompression(*session_->db_->store(), *def, *data, columns,
                                                             static_cast<uint64_t>(comprows)));
    for (const auto& a : advice) {
      values.push_back(Value::Varchar(def->name));
      values.push_back(Value::Varchar(def->columns[a.column].name));
      values.push_back(Value::Varchar(EncodingName(a.encoding)));
      values.push_back(Value::Decimal(
          static_cast<int128_t>(a.est_reduction_pct * 100 + (a.est_reduction_pct < 0 ? -0.5 : 0.5)), 5, 2));
    }
  }
  RETURN_IF_ERROR(SendRows(cols, values, sink));
  return sink->Complete("ANALYZE COMPRESSION");
}

}  // namespace blueshift
