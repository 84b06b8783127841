// SHOW DATABASES / SCHEMAS / TABLES / COLUMNS / FUNCTIONS: the rows come from src/system (show_objects.h).

#include "main/statement_runner.h"
#include "system/show_objects.h"

namespace blueshift {

namespace {

ShowRequest ToRequest(const sql::ShowStmt& stmt) {
  ShowRequest r;
  switch (stmt.objects) {
    case sql::ShowObjects::kSchemas:
      r.listing = ShowListing::kSchemas;
      break;
    case sql::ShowObjects::kTables:
      r.listing = ShowListing::kTables;
      break;
    case sql::ShowObjects::kColumns:
      r.listing = ShowListing::kColumns;
      break;
    case sql::ShowObjects::kFunctions:
      r.listing = ShowListing::kFunctions;
      break;
    default:
      r.listing = ShowListing::kDatabases;
      break;
  }
  r.path = stmt.path;
  r.like = stmt.like;
  r.limit = stmt.limit;
  return r;
}

}  // namespace

std::vector<ColumnInfo> StatementRunner::ShowObjectsColumns(const sql::ShowStmt& stmt) {
  std::vector<ColumnInfo> out;
  for (auto& [name, type] : ShowColumns(ToRequest(stmt).listing)) out.push_back({name, type});
  return out;
}

Status StatementRunner::RunShowObjects(const sql::ShowStmt& stmt, ResultSink* sink) {
  ShowRequest request = ToRequest(stmt);
  std::vector<SystemRow> rows;
  RETURN_IF_ERROR(sql::ErrorAt(ShowRows(request, MakeNameContext().system(), &rows), stmt.location));
  std::vector<ColumnInfo> columns = ShowObjectsColumns(stmt);
  std::vector<Value> values;
  for (SystemRow& row : rows) {
    for (Value& v : row) values.push_back(std::move(v));
  }
  RETURN_IF_ERROR(SendRows(columns, values, sink));
  return sink->Complete("SHOW");
}

}  // namespace blueshift
