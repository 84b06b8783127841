// pg_proc (the SQL user-defined functions; built-in functions are not listed) and pg_language.

#include <algorithm>
#include <tuple>

#include "system/system_table_builder.h"

namespace blueshift::system_internal {

void DefineFunctionTables();

namespace {

constexpr int32_t kPgLanguageInternal = 12;
constexpr int32_t kPgLanguageC = 13;

Value OidValue(Oid oid) {
  return V(static_cast<int32_t>(oid));
}

int32_t UserId(const Catalog& catalog, const std::string& name) {
  const UserDef* u = catalog.security().FindUser(name);
  return u ? u->id : 0;
}

// An ACL as PostgreSQL's aclitem[] text: {=X/owner,bob=X/owner,"group g=X/owner"}.
Value AclText(const Catalog& catalog, const AclKey& key) {
  const auto* entries = catalog.security().FindAcl(key);
  if (!entries) return Null();
  std::string out = "{";
  for (const AclEntry& e : *entries) {
    std::string grantee;
    if (e.grantee.kind == Grantee::Kind::kUser) {
      const UserDef* u = catalog.security().FindUserById(e.grantee.id);
      grantee = u ? u->name : std::to_string(e.grantee.id);
    } else if (e.grantee.kind == Grantee::Kind::kGroup) {
      const GroupDef* g = catalog.security().FindGroupById(e.grantee.id);
      grantee = "group " + (g ? g->name : std::to_string(e.grantee.id));
    }
    const UserDef* grantor = catalog.security().FindUserById(e.grantor);
    std::string item = grantee + "=" + PrivilegeLetters(e.privileges) + "/" + (grantor ? grantor->name : "");
    if (e.grantee.kind == Grantee::Kind::kGroup) item = "\"" + item + "\"";
    out += (out.size() > 1 ? "," : "") + item;
  }
  return V(out + "}");
}

Status ProcRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  const Catalog& cat = *ctx.catalog;
  for (const auto& f : cat.Functions()) {
    std::string argtypes;
    for (const auto& t : f->arg_types) argtypes += (argtypes.empty() ? "" : " ") + std::to_string(t.PgOid());
    char volatility = f->volatility == Volatility::kImmutable ? 'i' : f->volatility == Volatility::kStable ? 's' : 'v';
    rows->push_back({OidValue(f->oid),
                     V(f->name),
                     OidValue(f->schema_oid),
                     V(UserId(cat, f->owner)),
                     V(static_cast<int32_t>(kLanguageSqlOid)),
                     Value::Real(100),
                     Value::Real(0),
                     V(0),
                     Ch('f'),
                     V(false),
                     V(false),
                     V(false),
                     V(false),
                     Ch(volatility),
                     I16(static_cast<int>(f->arg_types.size())),
                     I16(0),
                     V(f->return_type.PgOid()),
                     V(argtypes),
                     Null(),
                     V(f->body_sql),
                     Null(),
                     AclText(cat, {AclObject::kFunction, f->oid, ""})});
  }
  return Status::OK();
}

// Whether the user may see the function in SHOW FUNCTIONS and SVV_REDSHIFT_FUNCTIONS.
bool SeesFunction(const AccessCheck& access, const Catalog& cat, const FunctionDef& f) {
  if (access.superuser() || access.user().name == f.owner) return true;
  const SchemaDef* schema = cat.FindSchema(f.schema);
  return schema && access.HasSchema(*schema, kPrivUsage) &&
         cat.security().HasPrivilege(access.user(), {AclObject::kFunction, f.oid, ""}, f.owner, kPrivExecute);
}

// The functions the user sees, by schema, name and argument list.
std::vector<std::shared_ptr<const FunctionDef>> VisibleFunctions(const SystemContext& ctx) {
  AccessCheck access(*ctx.catalog, ctx.user);
  std::vector<std::shared_ptr<const FunctionDef>> out;
  for (const auto& f : ctx.catalog->Functions()) {
    if (SeesFunction(access, *ctx.catalog, *f)) out.push_back(f);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a->schema, a->name) < std::tie(b->schema, b->name) ||
           (std::tie(a->schema, a->name) == std::tie(b->schema, b->name) &&
            FunctionSignature(*a) < FunctionSignature(*b));
  });
  return out;
}

std::string ArgumentList(const FunctionDef& f) {
  std::string s = FunctionSignature("", f.arg_types);
  return s.substr(1, s.size() - 2);
}

std::string ResultType(const FunctionDef& f) {
  std::string s = FunctionSignature("", {f.return_type});
  return s.substr(1, s.size() - 2);
}

Status RedshiftFunctionRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& f : VisibleFunctions(ctx))
    rows->push_back(
        {V(ctx.database), V(f->schema), V(f->name), V("REGULAR FUNCTION"), V(ArgumentList(*f)), V(ResultType(*f))});
  return Status::OK();
}

Status LanguageRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  struct Language {
    int32_t oid;
    const char* name;
    bool trusted;
  };
  for (const Language& l : {Language{kPgLanguageInternal, "internal", false}, Language{kPgLanguageC, "c", false},
                            Language{static_cast<int32_t>(kLanguageSqlOid), "sql", true},
                            Language{static_cast<int32_t>(kLanguagePlpythonuOid), "plpythonu", false}}) {
    rows->push_back({V(l.oid), V(l.name), V(Security::kRdsdbId), V(l.oid > kPgLanguageC), V(l.trusted),
                     AclText(*ctx.catalog, {AclObject::kLanguage, 0, l.name})});
  }
  return Status::OK();
}

}  // namespace

std::vector<Col> FunctionListingColumns() {
  return {{"database_name", Name()},
          {"schema_name", Name()},
          {"function_name", Name()},
          {"number_of_arguments", LogicalType::Integer()},
          {"argument_list", Text()},
          {"return_type", Name()},
          {"remarks", LogicalType::Varchar(256)}};
}

Status FunctionListingRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  for (const auto& f : VisibleFunctions(ctx))
    rows->push_back({V(ctx.database), V(f->schema), V(f->name), V(static_cast<int32_t>(f->arg_types.size())),
                     V(ArgumentList(*f)), V(ResultType(*f)), Null()});
  return Status::OK();
}

void DefineFunctionTables() {
  Define("pg_catalog", "pg_proc", 1255,
         {{"oid", OidType()},
          {"proname", Name()},
          {"pronamespace", OidType()},
          {"proowner", OidType()},
          {"prolang", OidType()},
          {"procost", LogicalType::Real()},
          {"prorows", LogicalType::Real()},
          {"provariadic", OidType()},
          {"prokind", CharType()},
          {"proisagg", LogicalType::Boolean()},
          {"proiswindow", LogicalType::Boolean()},
          {"prosecdef", LogicalType::Boolean()},
          {"proretset", LogicalType::Boolean()},
          {"provolatile", CharType()},
          {"pronargs", LogicalType::SmallInt()},
          {"pronargdefaults", LogicalType::SmallInt()},
          {"prorettype", OidType()},
          {"proargtypes", LogicalType::PgArray(PgArrayKind::kOidVector)},
          {"proargnames", LogicalType::PgArray(PgArrayKind::kTextArray)},
          {"prosrc", Text()},
          {"probin", Text()},
          {"proacl", Text()}},
         ProcRows);
  Define("pg_catalog", "pg_language", 2612,
         {{"oid", OidType()},
          {"lanname", Name()},
          {"lanowner", OidType()},
          {"lanispl", LogicalType::Boolean()},
          {"lanpltrusted", LogicalType::Boolean()},
          {"lanacl", Text()}},
         LanguageRows);
  Define("pg_catalog", "svv_redshift_functions", 16501,
         {{"database_name", Name()},
          {"schema_name", Name()},
          {"function_name", Name()},
          {"function_type", Name()},
          {"argument_type", LogicalType::Varchar(512)},
          {"result_type", Name()}},
         RedshiftFunctionRows);
}

}  // namespace blueshift::system_internal
