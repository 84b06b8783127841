// pg_catalog's tables, as much of them as PostgreSQL clients read (psql's \d family, drivers' metadata
// calls), generated from the catalog. Oids of blueshift objects are their catalog oids; built-in types use
// PostgreSQL's oids so clients recognize them.

#include <map>
#include <set>

#include "catalog/access_check.h"
#include "function/cast.h"
#include "system/column_default.h"
#include "system/system_table_builder.h"
#include "system/table_constraints.h"

namespace blueshift::system_internal {
namespace {

constexpr Oid kPgClassOid = 1259;

struct PgTypeRow {
  int32_t oid;
  const char* name;
  int len;
  char category;
  int32_t elem = 0;   // an array type's element type
  int32_t array = 0;  // the array type of this element type
};

// typinput: the name of the type's input function, as regproc prints it (pgjdbc tells arrays by
// typinput = 'array_in'::regproc).
const char* InputFunction(const PgTypeRow& t) {
  static const std::map<int32_t, const char*> kInput = {
      {16, "boolin"},      {18, "charin"},         {19, "namein"},           {20, "int8in"},
      {21, "int2in"},      {22, "int2vectorin"},   {23, "int4in"},           {25, "textin"},
      {26, "oidin"},       {30, "oidvectorin"},    {700, "float4in"},        {701, "float8in"},
      {705, "unknownin"},  {1042, "bpcharin"},     {1043, "varcharin"},      {1082, "date_in"},
      {1083, "time_in"},   {1114, "timestamp_in"}, {1184, "timestamptz_in"}, {1186, "interval_in"},
      {1266, "timetz_in"}, {1700, "numeric_in"},   {6551, "varbytein"}};
  if (t.category == 'A' && t.elem != 0 && t.oid != 22 && t.oid != 30) return "array_in";
  auto it = kInput.find(t.oid);
  return it == kInput.end() ? "-" : it->second;
}

// The catalog array types (category 'A') are the ones LogicalType::PgArray makes.
constexpr PgTypeRow kTypes[] = {
    {16, "bool", 1, 'B'},           {18, "char", 1, 'S'},           {19, "name", 64, 'S', 0, 1003},
    {20, "int8", 8, 'N'},           {21, "int2", 2, 'N', 0, 1005},  {22, "int2vector", -1, 'A', 21},
    {23, "int4", 4, 'N', 0, 1007},  {25, "text", -1, 'S', 0, 1009}, {26, "oid", 4, 'N', 0, 1028},
    {30, "oidvector", -1, 'A', 26}, {700, "float4", 4, 'N'},        {701, "float8", 8, 'N'},
    {705, "unknown", -2, 'X'},      {1003, "_name", -1, 'A', 19},   {1005, "_int2", -1, 'A', 21},
    {1007, "_int4", -1, 'A', 23},   {1009, "_text", -1, 'A', 25},   {1028, "_oid", -1, 'A', 26},
    {1042, "bpchar", -1, 'S'},      {1043, "varchar", -1, 'S'},     {1082, "date", 4, 'D'},
    {1083, "time", 8, 'D'},         {1114, "timestamp", 8, 'D'},    {1184, "timestamptz", 8, 'D'},
    {1186, "interval", 16, 'T'},    {1266, "timetz", 12, 'D'},      {1700, "numeric", -1, 'N'},
    {6551, "varbyte", -1, 'U'},
};

int32_t OwnerId(const Catalog& catalog, const std::string& owner) {
  return UserIdForName(catalog, owner);
}

Status NamespaceRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const SchemaDef* s : ctx.catalog->Schemas())
    rows->push_back({V(static_cast<int32_t>(s->oid)), V(s->name), V(OwnerId(*ctx.catalog, s->owner)), Null()});
  return Status::OK();
}

constexpr int32_t kHeapAm = 2;
constexpr int32_t kBtreeAm = 403;

void AddClassRow(const Catalog& catalog, const TableDef& t, std::vector<SystemRow>* rows, char relkind = 'r',
                 bool has_triggers = false) {
  bool has_index = relkind == 'r' && (!t.primary_key.empty() || !t.unique_keys.empty());
  rows->push_back({V(static_cast<int32_t>(t.oid)),
                   V(t.name),
                   V(static_cast<int32_t>(t.schema_oid)),
                   V(0),
                   V(0),
                   V(OwnerId(catalog, t.owner)),
                   V(relkind == 'i' ? kBtreeAm : kHeapAm),
                   V(static_cast<int32_t>(t.oid)),
                   V(0),
                   V(0),
                   Value::Real(0),
                   V(0),
                   V(has_index),
                   V(false),
                   Ch(t.temporary ? 't' : 'p'),
                   Ch(relkind),
                   I16(static_cast<int>(t.columns.size())),
                   I16(0),
                   V(false),
                   V(false),
                   V(has_triggers),
                   V(false),
                   V(false),
                   V(false),
                   V(true),
                   Ch('d'),
                   V(false),
                   Null(),
                   Null(),
                   Null(),
                   V(0)});
}

// The tables on either side of a foreign key. PostgreSQL enforces a foreign key with triggers on both
// tables, and psql's \d lists "Foreign-key constraints" and "Referenced by" only for tables with triggers.
std::set<Oid> ForeignKeyTables(const Catalog& catalog) {
  std::set<Oid> out;
  for (const auto& t : catalog.Tables()) {
    for (const TableConstraint& c : ConstraintsOf(catalog, *t)) {
      if (c.type != 'f') continue;
      out.insert(t->oid);
      if (c.ref_table != 0) out.insert(c.ref_table);
    }
  }
  return out;
}

Status ClassRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  std::set<Oid> with_triggers = ForeignKeyTables(*ctx.catalog);
  for (const auto& t : ctx.catalog->Tables()) {
    AddClassRow(*ctx.catalog, *t, rows, 'r', with_triggers.count(t->oid) > 0);
    for (const TableDef& index : IndexRelationsOf(*ctx.catalog, *t)) AddClassRow(*ctx.catalog, index, rows, 'i');
  }
  for (const auto& v : ctx.catalog->Views()) AddClassRow(*ctx.catalog, ViewAsTable(*v), rows, 'v');
  for (const SystemTable* s : AllSystemTables()) AddClassRow(*ctx.catalog, *s->def, rows);
  return Status::OK();
}

// attidentity stays empty: Redshift shows an IDENTITY column through its default, "identity"(...) in
// pg_attrdef, and psql's \d prints that default only when attidentity is empty.
void AddAttributeRows(const TableDef& t, std::vector<SystemRow>* rows) {
  for (size_t i = 0; i < t.columns.size(); i++) {
    const ColumnDef& c = t.columns[i];
    int sort = t.SortKeyPosition(static_cast<int>(i));
    if (t.sort_style == SortStyle::kInterleaved && sort) sort = -sort;
    rows->push_back({V(static_cast<int32_t>(t.oid)), V(c.name), V(c.type.PgOid()), V(-1),
                     I16(c.type.IsString() || c.type.id() == TypeId::kDecimal ? -1 : c.type.FixedWidth()),
                     I16(static_cast<int>(i) + 1), V(0), V(c.type.PgTypmod()), V(c.not_null),
                     V(!c.default_sql.empty() || c.identity.has_value()), V(false), V(std::string("")),
                     V(std::string("")), V(0), V(t.IsDistKey(static_cast<int>(i))), V(sort),
                     I16(static_cast<int>(c.encoding))});
  }
}

Status AttributeRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) {
    AddAttributeRows(*t, rows);
    for (const TableDef& index : IndexRelationsOf(*ctx.catalog, *t)) AddAttributeRows(index, rows);
  }
  for (const auto& v : ctx.catalog->Views()) AddAttributeRows(ViewAsTable(*v), rows);
  for (const SystemTable* s : AllSystemTables()) AddAttributeRows(*s->def, rows);
  return Status::OK();
}

// A default's oid is the one the catalog gave it (ColumnDef::default_oid): unique among all oids, and kept
// while the column keeps its default, whatever happens to the other columns.
Status AttrdefRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables()) {
    for (size_t i = 0; i < t->columns.size(); i++) {
      std::string def = ColumnDefaultExpression(*t, i);
      if (def.empty()) continue;
      rows->push_back({V(static_cast<int32_t>(t->columns[i].default_oid)), V(static_cast<int32_t>(t->oid)),
                       I16(static_cast<int>(i) + 1), V(def), V(def)});
    }
  }
  return Status::OK();
}

Status TypeRows(const SystemContext&, std::vector<SystemRow>* rows) {
  for (const auto& t : kTypes) {
    rows->push_back({V(t.oid),
                     V(t.name),
                     V(11),
                     V(1),
                     I16(t.len),
                     V(t.len > 0),
                     Ch('b'),
                     Ch(t.category),
                     V(false),
                     V(true),
                     Ch(','),
                     V(0),
                     V(t.elem),
                     V(t.array),
                     V(InputFunction(t)),
                     V(false),
                     V(0),
                     V(-1),
                     V(0),
                     V(t.category == 'S' || t.elem == 25 || t.elem == 19 ? 100 : 0),
                     Null()});
  }
  return Status::OK();
}

// VALID UNTIL as a timestamp; NULL for none or 'infinity'.
Value ValidUntil(const UserDef& u) {
  if (u.valid_until.empty() || u.valid_until == "infinity") return Null();
  auto v = CastValue(Value::Varchar(u.valid_until), LogicalType::Timestamp(), CastContext::kExplicit);
  return v.ok() ? *v : Null();
}

// Users and groups are roles in pg_roles (groups cannot log in).
Status RoleRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const UserDef* u : ctx.catalog->security().Users()) {
    rows->push_back({V(u->name), V(u->superuser), V(true), V(u->superuser), V(u->createdb), V(true),
                     V(u->connection_limit), ValidUntil(*u), V(false), V(u->superuser), V(u->id)});
  }
  for (const GroupDef* g : ctx.catalog->security().Groups()) {
    rows->push_back(
        {V(g->name), V(false), V(true), V(false), V(false), V(false), V(-1), Null(), V(false), V(false), V(g->id)});
  }
  return Status::OK();
}

Status UserRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const UserDef* u : ctx.catalog->security().Users()) {
    rows->push_back({V(u->name), V(u->id), V(u->createdb), V(u->superuser), V(u->superuser), V("********"),
                     ValidUntil(*u), Null()});
  }
  return Status::OK();
}

// pg_shadow: pg_user with the stored password hash; only superusers see rows.
Status ShadowRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  AccessCheck access(*ctx.catalog, ctx.user);
  if (!access.superuser()) return Status::OK();
  for (const UserDef* u : ctx.catalog->security().Users()) {
    const PasswordHashes& p = u->password;
    std::string hash = !p.scram.empty() ? p.scram : !p.md5.empty() ? p.md5 : p.sha256;
    rows->push_back({V(u->name), V(u->id), V(u->createdb), V(u->superuser), V(u->superuser),
                     hash.empty() ? Null() : V(hash), ValidUntil(*u), Null()});
  }
  return Status::OK();
}

// grolist as an oid[] of the member users' ids.
Status GroupRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const GroupDef* g : ctx.catalog->security().Groups()) {
    std::string list = "{";
    for (size_t i = 0; i < g->members.size(); i++) list += (i ? "," : "") + std::to_string(g->members[i]);
    rows->push_back({V(g->name), V(g->id), V(list + "}")});
  }
  return Status::OK();
}

// Group membership as PostgreSQL's role membership: one row per (group, member user).
Status AuthMemberRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const GroupDef* g : ctx.catalog->security().Groups()) {
    for (int32_t member : g->members) rows->push_back({V(g->id), V(member), V(Security::kRdsdbId), V(false)});
  }
  return Status::OK();
}

// Every database of the data directory; each accepts connections.
Status DatabaseRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& [name, db] : ctx.catalog->databases()) {
    const UserDef* owner = ctx.catalog->security().FindUser(db.owner);
    rows->push_back({V(static_cast<int32_t>(db.oid)), V(name), V(owner ? owner->id : 1), V(6), V("C"), V("C"), V(false),
                     V(true), V(db.connection_limit), Null()});
  }
  return Status::OK();
}

Status TablesViewRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& t : ctx.catalog->Tables())
    rows->push_back({V(t->schema), V(t->name), V(t->owner), Null(),
                     V(!t->primary_key.empty() || !t->unique_keys.empty()), V(false), V(false)});
  return Status::OK();
}

Status AmRows(const SystemContext&, std::vector<SystemRow>* rows) {
  rows->push_back({V(kHeapAm), V("heap"), V(0), Ch('t')});
  rows->push_back({V(kBtreeAm), V("btree"), V(330), Ch('i')});
  return Status::OK();
}

}  // namespace

std::vector<int32_t> PgTypeOids() {
  std::vector<int32_t> out;
  for (const auto& t : kTypes) out.push_back(t.oid);
  return out;
}

void DefinePgCatalogTables() {
  Define("pg_catalog", "pg_namespace", 2615,
         {{"oid", OidType()}, {"nspname", Name()}, {"nspowner", OidType()}, {"nspacl", Text()}}, NamespaceRows);
  Define("pg_catalog", "pg_class", kPgClassOid,
         {{"oid", OidType()},
          {"relname", Name()},
          {"relnamespace", OidType()},
          {"reltype", OidType()},
          {"reloftype", OidType()},
          {"relowner", OidType()},
          {"relam", OidType()},
          {"relfilenode", OidType()},
          {"reltablespace", OidType()},
          {"relpages", LogicalType::Integer()},
          {"reltuples", LogicalType::Real()},
          {"relallvisible", LogicalType::Integer()},
          {"relhasindex", LogicalType::Boolean()},
          {"relisshared", LogicalType::Boolean()},
          {"relpersistence", CharType()},
          {"relkind", CharType()},
          {"relnatts", LogicalType::SmallInt()},
          {"relchecks", LogicalType::SmallInt()},
          {"relhasoids", LogicalType::Boolean()},
          {"relhasrules", LogicalType::Boolean()},
          {"relhastriggers", LogicalType::Boolean()},
          {"relhassubclass", LogicalType::Boolean()},
          {"relrowsecurity", LogicalType::Boolean()},
          {"relforcerowsecurity", LogicalType::Boolean()},
          {"relispopulated", LogicalType::Boolean()},
          {"relreplident", CharType()},
          {"relispartition", LogicalType::Boolean()},
          {"relacl", Text()},
          {"reloptions", Text()},
          {"relpartbound", Text()},
          {"reltoastrelid", OidType()}},
         ClassRows);
  Define("pg_catalog", "pg_attribute", 1249,
         {{"attrelid", OidType()},
          {"attname", Name()},
          {"atttypid", OidType()},
          {"attstattarget", LogicalType::Integer()},
          {"attlen", LogicalType::SmallInt()},
          {"attnum", LogicalType::SmallInt()},
          {"attndims", LogicalType::Integer()},
          {"atttypmod", LogicalType::Integer()},
          {"attnotnull", LogicalType::Boolean()},
          {"atthasdef", LogicalType::Boolean()},
          {"attisdropped", LogicalType::Boolean()},
          {"attidentity", CharType()},
          {"attgenerated", CharType()},
          {"attcollation", OidType()},
          {"attisdistkey", LogicalType::Boolean()},
          {"attsortkeyord", LogicalType::Integer()},
          {"attencodingtype", LogicalType::SmallInt()}},
         AttributeRows);
  Define("pg_catalog", "pg_attrdef", 2604,
         {{"oid", OidType()},
          {"adrelid", OidType()},
          {"adnum", LogicalType::SmallInt()},
          {"adbin", Text()},
          {"adsrc", Text()}},
         AttrdefRows);
  Define("pg_catalog", "pg_type", 1247,
         {{"oid", OidType()},
          {"typname", Name()},
          {"typnamespace", OidType()},
          {"typowner", OidType()},
          {"typlen", LogicalType::SmallInt()},
          {"typbyval", LogicalType::Boolean()},
          {"typtype", CharType()},
          {"typcategory", CharType()},
          {"typispreferred", LogicalType::Boolean()},
          {"typisdefined", LogicalType::Boolean()},
          {"typdelim", CharType()},
          {"typrelid", OidType()},
          {"typelem", OidType()},
          {"typarray", OidType()},
          {"typinput", Name()},
          {"typnotnull", LogicalType::Boolean()},
          {"typbasetype", OidType()},
          {"typtypmod", LogicalType::Integer()},
          {"typndims", LogicalType::Integer()},
          {"typcollation", OidType()},
          {"typdefault", Text()}},
         TypeRows);
  Define("pg_catalog", "pg_roles", 11000,
         {{"rolname", Name()},
          {"rolsuper", LogicalType::Boolean()},
          {"rolinherit", LogicalType::Boolean()},
          {"rolcreaterole", LogicalType::Boolean()},
          {"rolcreatedb", LogicalType::Boolean()},
          {"rolcanlogin", LogicalType::Boolean()},
          {"rolconnlimit", LogicalType::Integer()},
          {"rolvaliduntil", LogicalType::Timestamp()},
          {"rolreplication", LogicalType::Boolean()},
          {"rolbypassrls", LogicalType::Boolean()},
          {"oid", OidType()}},
         RoleRows);
  Define("pg_catalog", "pg_user", 11001,
         {{"usename", Name()},
          {"usesysid", LogicalType::Integer()},
          {"usecreatedb", LogicalType::Boolean()},
          {"usesuper", LogicalType::Boolean()},
          {"usecatupd", LogicalType::Boolean()},
          {"passwd", Text()},
          {"valuntil", LogicalType::Timestamp()},
          {"useconfig", Text()}},
         UserRows);
  Define("pg_catalog", "pg_shadow", 11060,
         {{"usename", Name()},
          {"usesysid", LogicalType::Integer()},
          {"usecreatedb", LogicalType::Boolean()},
          {"usesuper", LogicalType::Boolean()},
          {"usecatupd", LogicalType::Boolean()},
          {"passwd", Text()},
          {"valuntil", LogicalType::Timestamp()},
          {"useconfig", Text()}},
         ShadowRows);
  Define("pg_catalog", "pg_group", 11061,
         {{"groname", Name()},
          {"grosysid", LogicalType::Integer()},
          {"grolist", LogicalType::PgArray(PgArrayKind::kOidArray)}},
         GroupRows);
  Define(
      "pg_catalog", "pg_auth_members", 1261,
      {{"roleid", OidType()}, {"member", OidType()}, {"grantor", OidType()}, {"admin_option", LogicalType::Boolean()}},
      AuthMemberRows);
  Define("pg_catalog", "pg_database", 1262,
         {{"oid", OidType()},
          {"datname", Name()},
          {"datdba", OidType()},
          {"encoding", LogicalType::Integer()},
          {"datcollate", Name()},
          {"datctype", Name()},
          {"datistemplate", LogicalType::Boolean()},
          {"datallowconn", LogicalType::Boolean()},
          {"datconnlimit", LogicalType::Integer()},
          {"datacl", Text()}},
         DatabaseRows);
  Define("pg_catalog", "pg_tables", 11002,
         {{"schemaname", Name()},
          {"tablename", Name()},
          {"tableowner", Name()},
          {"tablespace", Name()},
          {"hasindexes", LogicalType::Boolean()},
          {"hasrules", LogicalType::Boolean()},
          {"hastriggers", LogicalType::Boolean()}},
         TablesViewRows);
  Define("pg_catalog", "pg_am", 2601,
         {{"oid", OidType()}, {"amname", Name()}, {"amhandler", OidType()}, {"amtype", CharType()}}, AmRows);
  Define(
      "pg_catalog", "pg_description", 2609,
      {{"objoid", OidType()}, {"classoid", OidType()}, {"objsubid", LogicalType::Integer()}, {"description", Text()}},
      Empty());
  Define("pg_catalog", "pg_inherits", 2611,
         {{"inhrelid", OidType()}, {"inhparent", OidType()}, {"inhseqno", LogicalType::Integer()}}, Empty());
  Define("pg_catalog", "pg_trigger", 2620,
         {{"oid", OidType()},
          {"tgrelid", OidType()},
          {"tgname", Name()},
          {"tgisinternal", LogicalType::Boolean()},
          {"tgenabled", CharType()}},
         Empty());
  Define("pg_catalog", "pg_rewrite", 2618, {{"oid", OidType()}, {"rulename", Name()}, {"ev_class", OidType()}},
         Empty());
  Define("pg_catalog", "pg_collation", 3456, {{"oid", OidType()}, {"collname", Name()}}, Empty());
}

}  // namespace blueshift::system_internal
