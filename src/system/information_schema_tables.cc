// information_schema's tables, schemata and columns views, generated from the catalog.

#include "system/column_default.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

Status SchemataRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const SchemaDef* s : ctx.catalog->Schemas())
    rows->push_back({V(ctx.database), V(s->name), V(s->owner), Null(), Null(), Null(), Null()});
  return Status::OK();
}

Status TablesRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables())
    rows->push_back({V(ctx.database), V(t->schema), V(t->name), V("BASE TABLE"), Null(), Null(), Null(), Null(), Null(),
                     V("YES"), V("NO"), Null()});
  for (const auto& v : ctx.catalog->Views())
    rows->push_back({V(ctx.database), V(v->schema), V(v->name), V("VIEW"), Null(), Null(), Null(), Null(), Null(),
                     V("NO"), V("NO"), Null()});
  for (const SystemTable* s : AllSystemTables())
    rows->push_back({V(ctx.database), V(s->schema), V(s->name), V("VIEW"), Null(), Null(), Null(), Null(), Null(),
                     V("NO"), V("NO"), Null()});
  return Status::OK();
}

void AddColumnRows(const SystemContext& ctx, const TableDef& t, std::vector<SystemRow>* rows) {
  for (size_t i = 0; i < t.columns.size(); i++) {
    const ColumnDef& c = t.columns[i];
    ColumnTypeFacts f = DescribeColumnType(c.type);
    rows->push_back({V(ctx.database), V(t.schema), V(t.name), V(c.name), V(static_cast<int32_t>(i) + 1),
                     ColumnDefaultValue(t, i), V(c.not_null ? "NO" : "YES"), V(f.data_type), f.character_maximum_length,
                     f.character_maximum_length, f.numeric_precision, f.numeric_precision_radix, f.numeric_scale,
                     f.datetime_precision, V(ctx.database), V("pg_catalog"),
                     V(c.type.ToString().substr(0, c.type.ToString().find('('))), V("NO"),
                     V(c.identity ? "YES" : "NO")});
  }
}

Status ColumnsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) AddColumnRows(ctx, *t, rows);
  for (const auto& v : ctx.catalog->Views()) AddColumnRows(ctx, ViewAsTable(*v), rows);
  return Status::OK();
}

}  // namespace

void DefineInformationSchemaTables() {
  Define("information_schema", "schemata", 12001,
         {{"catalog_name", Name()},
          {"schema_name", Name()},
          {"schema_owner", Name()},
          {"default_character_set_catalog", Name()},
          {"default_character_set_schema", Name()},
          {"default_character_set_name", Name()},
          {"sql_path", Text()}},
         SchemataRows);
  Define("information_schema", "tables", 12002,
         {{"table_catalog", Name()},
          {"table_schema", Name()},
          {"table_name", Name()},
          {"table_type", Name()},
          {"self_referencing_column_name", Name()},
          {"reference_generation", Name()},
          {"user_defined_type_catalog", Name()},
          {"user_defined_type_schema", Name()},
          {"user_defined_type_name", Name()},
          {"is_insertable_into", Name()},
          {"is_typed", Name()},
          {"commit_action", Name()}},
         TablesRows);
  Define("information_schema", "columns", 12003,
         {{"table_catalog", Name()},
          {"table_schema", Name()},
          {"table_name", Name()},
          {"column_name", Name()},
          {"ordinal_position", LogicalType::Integer()},
          {"column_default", Text()},
          {"is_nullable", Name()},
          {"data_type", Name()},
          {"character_maximum_length", LogicalType::Integer()},
          {"character_octet_length", LogicalType::Integer()},
          {"numeric_precision", LogicalType::Integer()},
          {"numeric_precision_radix", LogicalType::Integer()},
          {"numeric_scale", LogicalType::Integer()},
          {"datetime_precision", LogicalType::Integer()},
          {"udt_catalog", Name()},
          {"udt_schema", Name()},
          {"udt_name", Name()},
          {"is_generated", Name()},
          {"is_identity", Name()}},
         ColumnsRows);
}

}  // namespace blueshift::system_internal
