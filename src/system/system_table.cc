#include "system/system_table.h"

#include <map>
#include <mutex>

#include "system/system_table_builder.h"

namespace blueshift {

namespace system_internal {
void DefinePgCatalogTables();
void DefineInformationSchemaTables();
void DefineViewTables();
void DefineRedshiftViews();
void DefineStorageViews();
void DefineVacuumViews();
void DefineInterleavedView();
void DefineTableInfoView();
void DefineKeyCatalogTables();
void DefineSvvAllViews();
void DefineFunctionTables();

namespace {
struct Registry {
  std::vector<std::unique_ptr<SystemTable>> tables;
  std::vector<const SystemTable*> list;
  std::map<std::pair<std::string, std::string>, const SystemTable*> by_name;
  std::map<Oid, const SystemTable*> by_oid;
};

Registry& MutableRegistry() {
  static Registry r;
  return r;
}

const Registry& GetRegistry() {
  static std::once_flag once;
  std::call_once(once, [] {
    DefinePgCatalogTables();
    DefineInformationSchemaTables();
    DefineViewTables();
    DefineRedshiftViews();
    DefineStorageViews();
    DefineVacuumViews();
    DefineInterleavedView();
    DefineTableInfoView();
    DefineKeyCatalogTables();
    DefineSvvAllViews();
    DefineFunctionTables();
  });
  return MutableRegistry();
}
}  // namespace

SystemTable* Define(const char* schema, const char* name, Oid oid, const std::vector<Col>& columns, RowFn rows) {
  auto t = std::make_unique<SystemTable>();
  t->schema = schema;
  t->name = name;
  t->oid = oid;
  auto def = std::make_shared<TableDef>();
  def->oid = oid;
  def->schema = schema;
  def->name = name;
  def->schema_oid = std::string(schema) == "pg_catalog" ? 11 : 12000;
  def->dist_style = DistStyle::kAll;
  def->owner = "rdsdb";
  for (const Col& c : columns) {
    ColumnDef col;
    col.name = c.name;
    col.type = c.type;
    def->columns.push_back(std::move(col));
  }
  t->def = def;
  t->rows = std::move(rows);
  Registry& r = MutableRegistry();
  r.by_name[{schema, name}] = t.get();
  r.by_oid[oid] = t.get();
  r.list.push_back(t.get());
  r.tables.push_back(std::move(t));
  return r.tables.back().get();
}

}  // namespace system_internal

const SystemTable* FindSystemTable(const std::string& schema, const std::string& name) {
  const auto& r = system_internal::GetRegistry();
  auto it = r.by_name.find({schema, name});
  return it == r.by_name.end() ? nullptr : it->second;
}

const SystemTable* FindSystemTableByOid(Oid oid) {
  const auto& r = system_internal::GetRegistry();
  auto it = r.by_oid.find(oid);
  return it == r.by_oid.end() ? nullptr : it->second;
}

const std::vector<const SystemTable*>& AllSystemTables() {
  return system_internal::GetRegistry().list;
}

const SystemTable* RegisterSystemTable(const std::string& schema, const std::string& name, Oid oid,
                                       const std::vector<std::pair<std::string, LogicalType>>& columns,
                                       std::function<Status(const SystemContext&, std::vector<SystemRow>*)> rows) {
  if (const SystemTable* existing = FindSystemTable(schema, name)) return existing;
  SystemTable* t = system_internal::Define(schema.c_str(), name.c_str(), oid, {}, std::move(rows));
  auto def = std::make_shared<TableDef>(*t->def);
  for (const auto& [col, type] : columns) {
    ColumnDef c;
    c.name = col;
    c.type = type;
    def->columns.push_back(std::move(c));
  }
  t->def = def;
  return t;
}

std::string UserNameForId(const Catalog& catalog, int32_t id) {
  if (const UserDef* u = catalog.security().FindUserById(id)) return u->name;
  return "unknown (UID=" + std::to_string(id) + ")";
}

RowVisibility::RowVisibility(const SystemContext& ctx) : user_(ctx.user) {
  const UserDef* u = ctx.catalog != nullptr ? ctx.catalog->security().FindUser(ctx.user) : nullptr;
  if (u == nullptr) return;  // a user dropped while connected sees nothing but rows under its old name
  userid_ = u->id;
  superuser_ = u->superuser;
  all_ = u->superuser || u->syslog_unrestricted;
}

int32_t UserIdForName(const Catalog& catalog, const std::string& name) {
  const UserDef* u = catalog.security().FindUser(name);
  return u ? u->id : Security::kRdsdbId;
}

}  // namespace blueshift
