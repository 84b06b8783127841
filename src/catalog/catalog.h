#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/database_def.h"
#include "catalog/function_def.h"
#include "catalog/security.h"
#include "catalog/table_def.h"
#include "catalog/view_def.h"
#include "util/status.h"

namespace blueshift {

struct SchemaDef {
  Oid oid = 0;
  std::string name;
  std::string owner = "awsuser";
};

// OidSource hands out the oids of one database's new objects to the catalog copies of its concurrent
// transactions, so that two that create objects at once never give them the same oid: their changes are
// merged at commit (catalog_rebase.h). Thread-safe.
class OidSource {
 public:
  // n consecutive oids, the first no lower than `floor` (the copy's next oid) nor than any handed out before.
  Oid Take(Oid floor, Oid n);

 private:
  std::atomic<Oid> next_{0};
};

// Catalog is one version of the database's metadata: schemas and tables. It is a value: a transaction
// that runs DDL copies the version it started from, changes its copy, and publishes it at commit, so
// catalog changes are transactional and readers never see a half-made change. Copies are cheap: table
// definitions are shared, immutable, between versions.
class Catalog {
 public:
  // A fresh database: schemas pg_catalog, information_schema and public.
  static Catalog Bootstrap();
  // dev, SERIALIZABLE, owned by awsuser (also what catalogs older than format 4 get).
  static DatabaseDef DefaultDatabase();
  // USAGE ON LANGUAGE sql to PUBLIC, as Redshift has it (also what catalogs older than format 11 get).
  static void GrantSqlLanguageToPublic(Security* security);

  // Lookups by case-folded names. Missing objects give 3F000 / 42P01 in Redshift's words.
  Result<const SchemaDef*> GetSchema(const std::string& name) const;
  const SchemaDef* FindSchema(const std::string& name) const;
  std::shared_ptr<const TableDef> FindTable(const std::string& schema, const std::string& name) const;
  std::shared_ptr<const TableDef> FindTableByOid(Oid oid) const;
  std::vector<const SchemaDef*> Schemas() const;
  std::vector<std::shared_ptr<const TableDef>> Tables() const;  // ordered by schema, name
  std::vector<std::shared_ptr<const TableDef>> TablesInSchema(Oid schema_oid) const;

  // Mutations on this copy. REQUIRES: names already validated for length and case-folded.
  Result<Oid> CreateSchema(const std::string& name, const std::string& owner);
  Status DropSchema(const std::string& name, bool cascade);
  // Assigns def.oid and def.schema_oid from the schema name in def.schema, and fresh constraint oids.
  Result<Oid> CreateTable(TableDef def);
  Status DropTable(Oid oid);
  // Same oid, new definition (ALTER); constraints that kept their oids keep them, new ones get oids.
  Status ReplaceTable(TableDef def);
  // Gives each constraint of def that has no oid one (a primary or unique key two: the constraint and
  // its index relation), and each column DEFAULT or IDENTITY its pg_attrdef oid; clears primary_key_oid
  // when there is no primary key and a column's default_oid when it has no default.
  void AssignConstraintOids(TableDef* def);

  // Views (regular and late-binding); they share the tables' namespace: a name is a table or a view.
  std::shared_ptr<const ViewDef> FindView(const std::string& schema, const std::string& name) const;
  std::shared_ptr<const ViewDef> FindViewByOid(Oid oid) const;
  std::vector<std::shared_ptr<const ViewDef>> Views() const;  // ordered by schema, name
  // The regular views that read relation `oid` directly.
  std::vector<std::shared_ptr<const ViewDef>> DependentViews(Oid oid) const;
  // Assigns def.oid (unless it replaces a view: then def.oid is that view's) and def.schema_oid.
  Result<Oid> CreateView(ViewDef def);
  Status ReplaceView(ViewDef def);
  Status DropView(Oid oid);  // and its privileges
  void PutView(std::shared_ptr<const ViewDef> v) { views_[v->oid] = std::move(v); }

  // Scalar SQL user-defined functions (catalog/function_def.h); they live in schemas, overloaded by argument
  // types, and take their oids from the same counter as relations.
  std::shared_ptr<const FunctionDef> FindFunctionByOid(Oid oid) const;
  // The overloads named `name` in `schema`, by oid.
  std::vector<std::shared_ptr<const FunctionDef>> FindFunctions(const std::string& schema,
                                                                const std::string& name) const;
  std::vector<std::shared_ptr<const FunctionDef>> Functions() const;  // ordered by schema, name, oid
  // Assigns def.oid (a new one) and def.schema_oid from def.schema. REQUIRES: no overload with the same
  // argument types exists (the caller replaces that one with PutFunction).
  Result<Oid> CreateFunction(FunctionDef def);
  // Removes the function and its privileges.
  Status DropFunction(Oid oid);
  void PutFunction(std::shared_ptr<const FunctionDef> f) { functions_[f->oid] = std::move(f); }

  // For the storage layer's codec: every object, and the next oid to hand out.
  Oid next_oid() const { return next_oid_; }
  void set_next_oid(Oid oid) { next_oid_ = oid; }
  // n consecutive new oids (from the oid source when the copy has one); next_oid() is then past them.
  Oid TakeOids(Oid n);
  // Where a transaction's copy takes its new oids from (shared with the database's other transactions).
  void set_oid_source(std::shared_ptr<OidSource> source) { oid_source_ = std::move(source); }
  void PutSchema(SchemaDef s) { schemas_[s.name] = std::move(s); }
  void PutTable(std::shared_ptr<const TableDef> t) { tables_[t->oid] = std::move(t); }

  // Users, groups and privileges (catalog/security.h).
  const Security& security() const { return security_; }
  Security& MutableSecurity() { return security_; }

  // Databases by case-folded name (catalog/database_def.h); Bootstrap() has dev.
  const std::map<std::string, DatabaseDef>& databases() const { return databases_; }
  const DatabaseDef* FindDatabase(const std::string& name) const;
  void PutDatabase(DatabaseDef d) { databases_[d.name] = std::move(d); }
  void RemoveDatabase(const std::string& name) { databases_.erase(name); }

  static constexpr Oid kFirstUserOid = 100000;

 private:
  std::map<std::string, SchemaDef> schemas_;
  std::map<Oid, std::shared_ptr<const TableDef>> tables_;
  std::map<Oid, std::shared_ptr<const ViewDef>> views_;
  std::map<Oid, std::shared_ptr<const FunctionDef>> functions_;
  Oid next_oid_ = kFirstUserOid;
  std::shared_ptr<OidSource> oid_source_;  // not part of the version: never encoded nor compared
  Security security_;
  std::map<std::string, DatabaseDef> databases_;
};

}  // namespace blueshift
