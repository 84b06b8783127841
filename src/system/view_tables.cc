// Views in the system catalogs: pg_views, information_schema.views, and a view's pg_class / pg_attribute /
// information_schema rows (a regular view shows the columns it had when created; a late-binding view none).

#include "system/system_table_builder.h"

namespace blueshift::system_internal {

TableDef ViewAsTable(const ViewDef& v) {
  TableDef t;
  t.oid = v.oid;
  t.schema_oid = v.schema_oid;
  t.schema = v.schema;
  t.name = v.name;
  t.owner = v.owner;
  t.sort_style = SortStyle::kNone;
  for (size_t i = 0; i < v.result_names.size(); i++) {
    ColumnDef c;
    c.name = v.result_names[i];
    c.type = v.result_types[i];
    t.columns.push_back(std::move(c));
  }
  return t;
}

std::string ViewDefinition(const ViewDef& v) {
  return v.query_sql + (v.late_binding ? " WITH NO SCHEMA BINDING" : "");
}

namespace {

Status PgViewsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& v : ctx.catalog->Views())
    rows->push_back({V(v->schema), V(v->name), V(v->owner), V(ViewDefinition(*v))});
  return Status::OK();
}

Status InformationSchemaViewsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& v : ctx.catalog->Views())
    rows->push_back({V(ctx.database), V(v->schema), V(v->name), V(ViewDefinition(*v)), V("NONE"), V("NO"), V("NO"),
                     V("NO"), V("NO"), V("NO")});
  return Status::OK();
}

}  // namespace

void DefineViewTables() {
  Define("pg_catalog", "pg_views", 11080,
         {{"schemaname", Name()}, {"viewname", Name()}, {"viewowner", Name()}, {"definition", Text()}}, PgViewsRows);
  Define("information_schema", "views", 12010,
         {{"table_catalog", Name()},
          {"table_schema", Name()},
          {"table_name", Name()},
          {"view_definition", Text()},
          {"check_option", Name()},
          {"is_updatable", Name()},
          {"is_insertable_into", Name()},
          {"is_trigger_updatable", Name()},
          {"is_trigger_deletable", Name()},
          {"is_trigger_insertable_into", Name()}},
         InformationSchemaViewsRows);
}

}  // namespace blueshift::system_internal
