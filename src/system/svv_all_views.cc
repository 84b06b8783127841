// Redshift's SVV_ALL_SCHEMAS, SVV_ALL_TABLES, SVV_ALL_COLUMNS and SVV_REDSHIFT_DATABASES: the objects a user
// may see, with Redshift's columns. SHOW SCHEMAS / TABLES / COLUMNS / DATABASES list their rows
// (show_objects.cc). blueshift has no external or datashare objects, so every row is local.

#include "system/column_default.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {

namespace {
constexpr uint32_t kAnyTablePrivilege[] = {kPrivSelect,     kPrivInsert, kPrivUpdate, kPrivDelete,
                                           kPrivReferences, kPrivDrop,   kPrivAlter,  kPrivTruncate};
}  // namespace

bool SeesSchema(const AccessCheck& access, const SchemaDef& schema) {
  return access.superuser() || access.user().name == schema.owner || access.HasSchema(schema, kPrivUsage);
}

bool SeesRelation(const AccessCheck& access, const Catalog& catalog, const TableDef& relation) {
  if (access.superuser() || access.user().name == relation.owner) return true;
  const SchemaDef* schema = catalog.FindSchema(relation.schema);
  if (schema == nullptr || !access.HasSchema(*schema, kPrivUsage)) return false;
  for (uint32_t bit : kAnyTablePrivilege) {
    if (access.HasTable(relation, bit)) return true;
  }
  return false;
}

std::vector<std::pair<TableDef, bool>> VisibleRelations(const SystemContext& ctx) {
  AccessCheck access(*ctx.catalog, ctx.user);
  std::vector<std::pair<TableDef, bool>> out;
  for (const auto& t : ctx.catalog->Tables()) {
    if (SeesRelation(access, *ctx.catalog, *t)) out.emplace_back(*t, false);
  }
  for (const auto& v : ctx.catalog->Views()) {
    TableDef t = ViewAsTable(*v);
    if (SeesRelation(access, *ctx.catalog, t)) out.emplace_back(std::move(t), true);
  }
  return out;
}

namespace {

Status AllSchemasRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  AccessCheck access(*ctx.catalog, ctx.user);
  for (const SchemaDef* s : ctx.catalog->Schemas()) {
    if (!SeesSchema(access, *s)) continue;
    rows->push_back(
        {V(ctx.database), V(s->name), V(UserIdForName(*ctx.catalog, s->owner)), V("local"), Null(), Null(), Null()});
  }
  return Status::OK();
}

Status AllTablesRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [t, view] : VisibleRelations(ctx))
    rows->push_back({V(ctx.database), V(t.schema), V(t.name), V(view ? "VIEW" : "TABLE"), Null(), Null()});
  return Status::OK();
}

Status AllColumnsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [t, view] : VisibleRelations(ctx)) {
    for (size_t i = 0; i < t.columns.size(); i++) {
      const ColumnDef& c = t.columns[i];
      ColumnTypeFacts f = DescribeColumnType(c.type);
      rows->push_back({V(ctx.database), V(t.schema), V(t.name), V(c.name), V(static_cast<int32_t>(i) + 1),
                       ColumnDefaultValue(t, i), V(c.not_null ? "NO" : "YES"), V(f.data_type),
                       f.character_maximum_length, f.numeric_precision, f.numeric_scale, Null()});
    }
  }
  return Status::OK();
}

// Every database is visible to every user (Redshift's rule for local databases).
Status RedshiftDatabasesRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [name, db] : ctx.catalog->databases()) {
    rows->push_back({V(name), V(UserIdForName(*ctx.catalog, db.owner)), V("local"), Null(), Null(),
                     V(db.isolation == IsolationLevel::kSnapshot ? "Snapshot Isolation" : "Serializable")});
  }
  return Status::OK();
}

LogicalType Varchar(int n) {
  return LogicalType::Varchar(n);
}

}  // namespace

void DefineSvvAllViews() {
  Define("pg_catalog", "svv_all_schemas", 13020,
         {{"database_name", Varchar(128)},
          {"schema_name", Varchar(128)},
          {"schema_owner", LogicalType::Integer()},
          {"schema_type", Varchar(32)},
          {"schema_acl", Varchar(128)},
          {"source_database", Varchar(128)},
          {"schema_option", Varchar(128)}},
         AllSchemasRows);
  Define("pg_catalog", "svv_all_tables", 13021,
         {{"database_name", Varchar(128)},
          {"schema_name", Varchar(128)},
          {"table_name", Varchar(128)},
          {"table_type", Varchar(128)},
          {"table_acl", Varchar(128)},
          {"remarks", Varchar(128)}},
         AllTablesRows);
  Define("pg_catalog", "svv_all_columns", 13022,
         {{"database_name", Varchar(128)},
          {"schema_name", Varchar(128)},
          {"table_name", Varchar(128)},
          {"column_name", Varchar(128)},
          {"ordinal_position", LogicalType::Integer()},
          {"column_default", Varchar(4000)},
          {"is_nullable", Varchar(3)},
          {"data_type", Varchar(128)},
          {"character_maximum_length", LogicalType::Integer()},
          {"numeric_precision", LogicalType::Integer()},
          {"numeric_scale", LogicalType::Integer()},
          {"remarks", Varchar(256)}},
         AllColumnsRows);
  Define("pg_catalog", "svv_redshift_databases", 13023,
         {{"database_name", Varchar(128)},
          {"database_owner", LogicalType::Integer()},
          {"database_type", Varchar(32)},
          {"database_acl", Varchar(128)},
          {"database_options", Varchar(128)},
          {"database_isolation_level", Varchar(128)}},
         RedshiftDatabasesRows);
}

}  // namespace blueshift::system_internal
