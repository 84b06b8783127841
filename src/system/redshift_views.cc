// Redshift's own catalog views over the catalog: PG_TABLE_DEF (the tables on the search path, one row per
// column, with distribution, sort key and encoding) and SVV_TABLES / SVV_COLUMNS.

#include <algorithm>

#include "system/column_default.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

bool OnSearchPath(const SystemContext& ctx, const std::string& schema) {
  return std::find(ctx.search_path.begin(), ctx.search_path.end(), schema) != ctx.search_path.end();
}

Status TableDefRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) {
    if (!OnSearchPath(ctx, t->schema)) continue;
    for (size_t i = 0; i < t->columns.size(); i++) {
      const ColumnDef& c = t->columns[i];
      int sort = t->SortKeyPosition(static_cast<int>(i));
      if (t->sort_style == SortStyle::kInterleaved && sort) sort = -sort;
      rows->push_back({V(t->schema), V(t->name), V(c.name), V(c.type.ToString()), V(EncodingName(c.encoding)),
                       V(t->IsDistKey(static_cast<int>(i))), V(sort), V(c.not_null)});
    }
  }
  return Status::OK();
}

Status SvvTablesRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables())
    rows->push_back({V(ctx.database), V(t->schema), V(t->name), V("TABLE"), Null()});
  return Status::OK();
}

Status SvvColumnsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) {
    for (size_t i = 0; i < t->columns.size(); i++) {
      const ColumnDef& c = t->columns[i];
      rows->push_back({V(ctx.database), V(t->schema), V(t->name), V(c.name), V(static_cast<int32_t>(i) + 1),
                       c.default_sql.empty() && !c.identity ? Null() : V(ColumnDefaultExpression(*t, i)),
                       V(c.not_null ? "NO" : "YES"), V(c.type.ToString()), Null()});
    }
  }
  return Status::OK();
}

// Every database of the catalog with its isolation level (CREATE/ALTER DATABASE ... ISOLATION LEVEL).
Status DbIsolationRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [name, db] : ctx.catalog->databases()) {
    rows->push_back({V(name), V(db.isolation == IsolationLevel::kSnapshot ? "Snapshot Isolation" : "Serializable")});
  }
  return Status::OK();
}

}  // namespace

void DefineRedshiftViews() {
  Define("pg_catalog", "stv_db_isolation_level", 13010,
         {{"db_name", LogicalType::Char(128)}, {"isolation_level", LogicalType::Char(20)}}, DbIsolationRows);
  Define("pg_catalog", "pg_table_def", 13001,
         {{"schemaname", Name()},
          {"tablename", Name()},
          {"column", Name()},
          {"type", Text()},
          {"encoding", Name()},
          {"distkey", LogicalType::Boolean()},
          {"sortkey", LogicalType::Integer()},
          {"notnull", LogicalType::Boolean()}},
         TableDefRows);
  Define("pg_catalog", "svv_tables", 13002,
         {{"table_catalog", Name()},
          {"table_schema", Name()},
          {"table_name", Name()},
          {"table_type", Name()},
          {"remarks", Text()}},
         SvvTablesRows);
  Define("pg_catalog", "svv_columns", 13003,
         {{"table_catalog", Name()},
          {"table_schema", Name()},
          {"table_name", Name()},
          {"column_name", Name()},
          {"ordinal_position", LogicalType::Integer()},
          {"column_default", Text()},
          {"is_nullable", Name()},
          {"data_type", Text()},
          {"remarks", Text()}},
         SvvColumnsRows);
  // Redshift Spectrum's external schemas; blueshift has none (CREATE EXTERNAL SCHEMA is not supported), and
  // tools such as DBeaver list them when they list schemas.
  Define("pg_catalog", "svv_external_schemas", 13011,
         {{"esoid", OidType()},
          {"eskind", LogicalType::SmallInt()},
          {"schemaname", Name()},
          {"esowner", LogicalType::Integer()},
          {"databasename", Name()},
          {"esoptions", Text()}},
         Empty());
}

}  // namespace blueshift::system_internal
