// pg_constraint, pg_index and pg_depend from the tables' informational constraints (table_constraints.h),
// and pg_settings: what drivers read to find primary, unique and foreign keys (pgjdbc's getPrimaryKeys,
// getImportedKeys and getIndexInfo, SQLAlchemy's reflection).

#include "system/system_table_builder.h"
#include "system/table_constraints.h"

namespace blueshift::system_internal {
namespace {

constexpr int32_t kPgClass = 1259;
constexpr int32_t kPgConstraint = 2606;

Value OidV(Oid oid) {
  return V(static_cast<int32_t>(oid));
}

Status ConstraintRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) {
    for (const TableConstraint& c : ConstraintsOf(*ctx.catalog, *t)) {
      bool fk = c.type == 'f';
      rows->push_back({OidV(c.oid), V(c.name), OidV(t->schema_oid), Ch(c.type), V(false), V(false), V(true),
                       OidV(t->oid), V(0), OidV(c.index_oid), OidV(c.ref_table), fk ? Ch('a') : Ch(' '),
                       fk ? Ch('a') : Ch(' '), fk ? Ch('u') : Ch(' '), V(Int2Array(c.columns)),
                       fk ? V(Int2Array(c.ref_columns)) : Null(), Null(), Null()});
    }
  }
  return Status::OK();
}

Status IndexRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) {
    for (const TableConstraint& c : ConstraintsOf(*ctx.catalog, *t)) {
      if (c.type == 'f') continue;
      std::vector<int> zeros(c.columns.size(), 0);
      std::vector<int> opclasses(c.columns.size(), 1978);  // btree integer_ops: any btree opclass will do
      rows->push_back({OidV(c.index_oid), OidV(t->oid), I16(static_cast<int>(c.columns.size())), V(true),
                       V(c.type == 'p'), V(false), V(true), V(false), V(Int2Vector(c.columns)),
                       V(Int2Vector(opclasses)), V(Int2Vector(zeros)), Null(), Null()});
    }
  }
  return Status::OK();
}

// A key constraint's index depends on it internally ('i'); a foreign key depends normally ('n') on the
// index of the key it references, which is how pgjdbc finds PK_NAME for servers before 9.0.
Status DependRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  auto row = [&](int32_t classid, Oid objid, int32_t refclassid, Oid refobjid, char type) {
    rows->push_back({V(classid), OidV(objid), V(0), V(refclassid), OidV(refobjid), V(0), Ch(type)});
  };
  for (const auto& t : ctx.catalog->Tables()) {
    for (const TableConstraint& c : ConstraintsOf(*ctx.catalog, *t)) {
      if (c.type != 'f') {
        row(kPgClass, c.index_oid, kPgConstraint, c.oid, 'i');
        continue;
      }
      if (c.ref_table != 0) row(kPgConstraint, c.oid, kPgClass, c.ref_table, 'n');
      if (c.index_oid != 0) row(kPgConstraint, c.oid, kPgClass, c.index_oid, 'n');
    }
  }
  return Status::OK();
}

// Read-only settings clients ask for (pgjdbc reads max_index_keys before it lists foreign keys).
Status SettingRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  std::string path;
  for (size_t i = 0; i < ctx.search_path.size(); i++) path += (i ? ", " : "") + ctx.search_path[i];
  struct Setting {
    const char* name;
    std::string value;
    const char* type;
    const char* context;
  };
  const Setting settings[] = {
      {"max_index_keys", "32", "integer", "internal"},   {"max_identifier_length", "127", "integer", "internal"},
      {"server_version", "8.0.2", "string", "internal"}, {"server_encoding", "UTF8", "string", "internal"},
      {"integer_datetimes", "on", "bool", "internal"},   {"search_path", path, "string", "user"},
  };
  for (const Setting& s : settings) {
    rows->push_back({V(s.name), V(s.value), Null(), V("Preset Options"), Null(), V(s.context), V(s.type), V("default"),
                     Null(), Null()});
  }
  return Status::OK();
}

}  // namespace

void DefineKeyCatalogTables() {
  Define("pg_catalog", "pg_constraint", 2606,
         {{"oid", OidType()},
          {"conname", Name()},
          {"connamespace", OidType()},
          {"contype", CharType()},
          {"condeferrable", LogicalType::Boolean()},
          {"condeferred", LogicalType::Boolean()},
          {"convalidated", LogicalType::Boolean()},
          {"conrelid", OidType()},
          {"contypid", OidType()},
          {"conindid", OidType()},
          {"confrelid", OidType()},
          {"confupdtype", CharType()},
          {"confdeltype", CharType()},
          {"confmatchtype", CharType()},
          {"conkey", LogicalType::PgArray(PgArrayKind::kInt2Array)},
          {"confkey", LogicalType::PgArray(PgArrayKind::kInt2Array)},
          {"conbin", Text()},
          {"consrc", Text()}},
         ConstraintRows);
  Define("pg_catalog", "pg_index", 2610,
         {{"indexrelid", OidType()},
          {"indrelid", OidType()},
          {"indnatts", LogicalType::SmallInt()},
          {"indisunique", LogicalType::Boolean()},
          {"indisprimary", LogicalType::Boolean()},
          {"indisclustered", LogicalType::Boolean()},
          {"indisvalid", LogicalType::Boolean()},
          {"indisreplident", LogicalType::Boolean()},
          {"indkey", LogicalType::PgArray(PgArrayKind::kInt2Vector)},
          {"indclass", LogicalType::PgArray(PgArrayKind::kOidVector)},
          {"indoption", LogicalType::PgArray(PgArrayKind::kInt2Vector)},
          {"indexprs", Text()},
          {"indpred", Text()}},
         IndexRows);
  Define("pg_catalog", "pg_depend", 2608,
         {{"classid", OidType()},
          {"objid", OidType()},
          {"objsubid", LogicalType::Integer()},
          {"refclassid", OidType()},
          {"refobjid", OidType()},
          {"refobjsubid", LogicalType::Integer()},
          {"deptype", CharType()}},
         DependRows);
  Define("pg_catalog", "pg_settings", 11062,
         {{"name", Text()},
          {"setting", Text()},
          {"unit", Text()},
          {"category", Text()},
          {"short_desc", Text()},
          {"context", Text()},
          {"vartype", Text()},
          {"source", Text()},
          {"min_val", Text()},
          {"max_val", Text()}},
         SettingRows);
}

}  // namespace blueshift::system_internal
