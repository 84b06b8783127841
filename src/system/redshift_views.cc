// Redshift's own catalog views over the catalog: PG_TABLE_DEF (the tables on the search path, one row per
// column, with distribution, sort key and encoding) and SVV_TABLES / SVV_COLUMNS, with Redshift's columns.

#include <algorithm>

#include "system/column_default.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

// PG_TABLE_DEF lists the tables a name finds: the session's temporary tables and those on the search path.
bool OnSearchPath(const SystemContext& ctx, const std::string& schema) {
  if (!ctx.temp_schema.empty() && schema == ctx.temp_schema) return true;
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

// SVV_TABLES and SVV_COLUMNS: the tables and views (a late-binding view has no columns here) the user sees.
Status SvvTablesRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [t, view] : VisibleRelations(ctx))
    rows->push_back({V(ctx.database), V(t.schema), V(t.name), V(view ? "VIEW" : "TABLE"), Null()});
  return Status::OK();
}

Status SvvColumnsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [t, view] : VisibleRelations(ctx)) {
    for (size_t i = 0; i < t.columns.size(); i++) {
      const ColumnDef& c = t.columns[i];
      ColumnTypeFacts f = DescribeColumnType(c.type);
      rows->push_back({V(ctx.database),
                       V(t.schema),
                       V(t.name),
                       V(c.name),
                       V(static_cast<int32_t>(i) + 1),
                       ColumnDefaultValue(t, i),
                       V(c.not_null ? "NO" : "YES"),
                       V(f.data_type),
                       f.character_maximum_length,
                       f.numeric_precision,
                       f.numeric_precision_radix,
                       f.numeric_scale,
                       f.datetime_precision,
                       Null(),
                       Null(),
                       Null(),
                       Null(),
                       Null(),
                       Null(),
                       Null(),
                       Null(),
                       Null(),
                       Null()});
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
         {{"table_catalog", Text()},
          {"table_schema", Text()},
          {"table_name", Text()},
          {"table_type", Text()},
          {"remarks", Text()}},
         SvvTablesRows);
  Define("pg_catalog", "svv_columns", 13003,
         {{"table_catalog", Text()},
          {"table_schema", Text()},
          {"table_name", Text()},
          {"column_name", Text()},
          {"ordinal_position", LogicalType::Integer()},
          {"column_default", Text()},
          {"is_nullable", Text()},
          {"data_type", Text()},
          {"character_maximum_length", LogicalType::Integer()},
          {"numeric_precision", LogicalType::Integer()},
          {"numeric_precision_radix", LogicalType::Integer()},
          {"numeric_scale", LogicalType::Integer()},
          {"datetime_precision", LogicalType::Integer()},
          {"interval_type", Text()},
          {"interval_precision", Text()},
          {"character_set_catalog", Text()},
          {"character_set_schema", Text()},
          {"character_set_name", Text()},
          {"collation_catalog", Text()},
          {"collation_schema", Text()},
          {"collation_name", Text()},
          {"domain_name", Text()},
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
