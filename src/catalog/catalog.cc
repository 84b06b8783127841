#include "catalog/catalog.h"

#include <algorithm>

namespace blueshift {

namespace {

// Tables and views alike: by schema and name, and every one ordered by schema, name.
template <typename T>
std::shared_ptr<const T> FindByName(const std::map<Oid, std::shared_ptr<const T>>& objects, const std::string& schema,
                                    const std::string& name) {
  for (const auto& [oid, o] : objects) {
    if (o->name == name && o->schema == schema) return o;
  }
  return nullptr;
}

template <typename T>
std::vector<std::shared_ptr<const T>> SortedByName(const std::map<Oid, std::shared_ptr<const T>>& objects) {
  std::vector<std::shared_ptr<const T>> out;
  for (const auto& [oid, o] : objects) out.push_back(o);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a->schema != b->schema ? a->schema < b->schema : a->name < b->name;
  });
  return out;
}

// Adds a table or view: a new oid, in an existing schema, under a name no other relation there has.
template <typename T>
Result<Oid> AddRelation(Catalog* catalog, T def, std::map<Oid, std::shared_ptr<const T>>* into) {
  ASSIGN_OR_RETURN(const SchemaDef* schema, catalog->GetSchema(def.schema));
  if (catalog->FindTable(def.schema, def.name) || catalog->FindView(def.schema, def.name))
    return Status(ErrorCode::kDuplicateTable, "relation \"" + def.name + "\" already exists");
  def.oid = catalog->TakeOids(1);
  def.schema_oid = schema->oid;
  Oid oid = def.oid;
  (*into)[oid] = std::make_shared<const T>(std::move(def));
  return oid;
}

}  // namespace

Oid OidSource::Take(Oid floor, Oid n) {
  Oid first = next_.load();
  while (!next_.compare_exchange_weak(first, std::max(first, floor) + n)) {
  }
  return std::max(first, floor);
}

Oid Catalog::TakeOids(Oid n) {
  Oid first = oid_source_ ? oid_source_->Take(next_oid_, n) : next_oid_;
  next_oid_ = first + n;
  return first;
}

Catalog Catalog::Bootstrap() {
  Catalog c;
  c.PutSchema({11, "pg_catalog", "rdsdb"});
  c.PutSchema({2200, "public", "rdsdb"});
  c.PutSchema({12000, "information_schema", "rdsdb"});
  c.security_ = Security::Bootstrap("awsuser");
  const Grantee kPublic{Grantee::Kind::kPublic, 0};
  c.security_.Grant({AclObject::kSchema, 2200, ""}, kPublic, kPrivUsage | kPrivCreate, Security::kRdsdbId);
  c.security_.Grant({AclObject::kSchema, 11, ""}, kPublic, kPrivUsage, Security::kRdsdbId);
  c.security_.Grant({AclObject::kSchema, 12000, ""}, kPublic, kPrivUsage, Security::kRdsdbId);
  c.security_.Grant({AclObject::kDatabase, 0, "dev"}, kPublic, kPrivTemp, Security::kRdsdbId);
  GrantSqlLanguageToPublic(&c.security_);
  c.PutDatabase(DefaultDatabase());
  return c;
}

void Catalog::GrantSqlLanguageToPublic(Security* security) {
  security->Grant({AclObject::kLanguage, 0, "sql"}, {Grantee::Kind::kPublic, 0}, kPrivUsage, Security::kRdsdbId);
}

DatabaseDef Catalog::DefaultDatabase() {
  DatabaseDef dev;
  dev.oid = kDefaultDatabaseOid;
  dev.name = kDefaultDatabase;
  dev.owner = "awsuser";  // the cluster's admin user, as Security::Bootstrap makes it
  return dev;
}

const DatabaseDef* Catalog::FindDatabase(const std::string& name) const {
  auto it = databases_.find(name);
  return it == databases_.end() ? nullptr : &it->second;
}

const SchemaDef* Catalog::FindSchema(const std::string& name) const {
  auto it = schemas_.find(name);
  return it == schemas_.end() ? nullptr : &it->second;
}

Result<const SchemaDef*> Catalog::GetSchema(const std::string& name) const {
  const SchemaDef* s = FindSchema(name);
  if (!s) return Status(ErrorCode::kUndefinedSchema, "schema \"" + name + "\" does not exist");
  return s;
}

std::shared_ptr<const TableDef> Catalog::FindTable(const std::string& schema, const std::string& name) const {
  return FindByName(tables_, schema, name);
}

std::shared_ptr<const TableDef> Catalog::FindTableByOid(Oid oid) const {
  auto it = tables_.find(oid);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<const SchemaDef*> Catalog::Schemas() const {
  std::vector<const SchemaDef*> out;
  for (const auto& [name, s] : schemas_) out.push_back(&s);
  return out;
}

std::vector<std::shared_ptr<const TableDef>> Catalog::Tables() const {
  return SortedByName(tables_);
}

std::vector<std::shared_ptr<const TableDef>> Catalog::TablesInSchema(Oid schema_oid) const {
  std::vector<std::shared_ptr<const TableDef>> out;
  for (const auto& t : Tables()) {
    if (t->schema_oid == schema_oid) out.push_back(t);
  }
  return out;
}

Result<Oid> Catalog::CreateSchema(const std::string& name, const std::string& owner) {
  if (schemas_.count(name)) return Status(ErrorCode::kDuplicateSchema, "schema \"" + name + "\" already exists");
  Oid oid = TakeOids(1);
  schemas_[name] = SchemaDef{oid, name, owner};
  return oid;
}

Status Catalog::DropSchema(const std::string& name, bool cascade) {
  auto it = schemas_.find(name);
  if (it == schemas_.end()) return Status(ErrorCode::kUndefinedSchema, "schema \"" + name + "\" does not exist");
  auto tables = TablesInSchema(it->second.oid);
  std::vector<Oid> views;
  for (const auto& [oid, v] : views_) {
    if (v->schema_oid == it->second.oid) views.push_back(oid);
  }
  std::vector<Oid> functions;
  for (const auto& [oid, f] : functions_) {
    if (f->schema_oid == it->second.oid) functions.push_back(oid);
  }
  if ((!tables.empty() || !views.empty() || !functions.empty()) && !cascade) {
    return Status(ErrorCode::kDependentObjectsStillExist,
                  "cannot drop schema " + name + " because other objects depend on it")
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  }
  for (const auto& t : tables) {
    tables_.erase(t->oid);
    security_.DropAcl({AclObject::kTable, t->oid, ""});
  }
  security_.DropAcl({AclObject::kSchema, it->second.oid, ""});
  for (Oid v : views) {
    views_.erase(v);
    security_.DropAcl({AclObject::kTable, v, ""});
  }
  for (Oid f : functions) RETURN_IF_ERROR(DropFunction(f));
  schemas_.erase(it);
  return Status::OK();
}

Result<Oid> Catalog::CreateTable(TableDef def) {
  def.primary_key_oid = 0;
  def.unique_key_oids.clear();
  for (auto& fk : def.foreign_keys) fk.oid = 0;
  for (auto& c : def.columns) c.default_oid = 0;
  AssignConstraintOids(&def);
  return AddRelation(this, std::move(def), &tables_);
}

void Catalog::AssignConstraintOids(TableDef* def) {
  auto key_oids = [&](Oid* oid) {
    if (*oid != 0) return;
    *oid = TakeOids(2);
  };
  if (def->primary_key.empty()) def->primary_key_oid = 0;
  if (!def->primary_key.empty()) key_oids(&def->primary_key_oid);
  def->unique_key_oids.resize(def->unique_keys.size(), 0);
  for (Oid& oid : def->unique_key_oids) key_oids(&oid);
  for (auto& fk : def->foreign_keys) {
    if (fk.oid == 0) fk.oid = TakeOids(1);
  }
  for (auto& c : def->columns) {
    if (!c.HasDefault()) {
      c.default_oid = 0;
    } else if (c.default_oid == 0) {
      c.default_oid = TakeOids(1);
    }
  }
}

Status Catalog::DropTable(Oid oid) {
  if (!tables_.erase(oid)) return Status(ErrorCode::kUndefinedTable, "table does not exist");
  security_.DropAcl({AclObject::kTable, oid, ""});
  return Status::OK();
}

Status Catalog::ReplaceTable(TableDef def) {
  if (!tables_.count(def.oid))
    return Status(ErrorCode::kUndefinedTable, "relation \"" + def.name + "\" does not exist");
  Oid oid = def.oid;
  AssignConstraintOids(&def);
  tables_[oid] = std::make_shared<const TableDef>(std::move(def));
  return Status::OK();
}

std::shared_ptr<const ViewDef> Catalog::FindView(const std::string& schema, const std::string& name) const {
  return FindByName(views_, schema, name);
}

std::shared_ptr<const ViewDef> Catalog::FindViewByOid(Oid oid) const {
  auto it = views_.find(oid);
  return it == views_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const ViewDef>> Catalog::Views() const {
  return SortedByName(views_);
}

std::vector<std::shared_ptr<const ViewDef>> Catalog::DependentViews(Oid oid) const {
  std::vector<std::shared_ptr<const ViewDef>> out;
  for (const auto& v : Views()) {
    if (std::find(v->depends_on.begin(), v->depends_on.end(), oid) != v->depends_on.end()) out.push_back(v);
  }
  return out;
}

std::shared_ptr<const FunctionDef> Catalog::FindFunctionByOid(Oid oid) const {
  auto it = functions_.find(oid);
  return it == functions_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const FunctionDef>> Catalog::FindFunctions(const std::string& schema,
                                                                       const std::string& name) const {
  std::vector<std::shared_ptr<const FunctionDef>> out;
  for (const auto& [oid, f] : functions_) {
    if (f->name == name && f->schema == schema) out.push_back(f);
  }
  return out;
}

std::vector<std::shared_ptr<const FunctionDef>> Catalog::Functions() const {
  std::vector<std::shared_ptr<const FunctionDef>> out;
  for (const auto& [oid, f] : functions_) out.push_back(f);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a->schema != b->schema ? a->schema < b->schema : a->name < b->name;
  });
  return out;
}

Result<Oid> Catalog::CreateFunction(FunctionDef def) {
  ASSIGN_OR_RETURN(const SchemaDef* schema, GetSchema(def.schema));
  def.oid = TakeOids(1);
  def.schema_oid = schema->oid;
  Oid oid = def.oid;
  functions_[oid] = std::make_shared<const FunctionDef>(std::move(def));
  return oid;
}

Status Catalog::DropFunction(Oid oid) {
  if (!functions_.erase(oid)) return Status(ErrorCode::kUndefinedFunction, "function does not exist");
  security_.DropAcl({AclObject::kFunction, oid, ""});
  return Status::OK();
}

Result<Oid> Catalog::CreateView(ViewDef def) {
  return AddRelation(this, std::move(def), &views_);
}

Status Catalog::ReplaceView(ViewDef def) {
  if (!views_.count(def.oid)) return Status(ErrorCode::kUndefinedTable, "view \"" + def.name + "\" does not exist");
  Oid oid = def.oid;
  views_[oid] = std::make_shared<const ViewDef>(std::move(def));
  return Status::OK();
}

Status Catalog::DropView(Oid oid) {
  if (!views_.erase(oid)) return Status(ErrorCode::kUndefinedTable, "view does not exist");
  security_.DropAcl({AclObject::kTable, oid, ""});
  return Status::OK();
}

}  // namespace blueshift
