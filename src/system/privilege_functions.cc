#include "system/privilege_functions.h"

#include <cctype>

#include "catalog/access_check.h"
#include "system/function_lookup.h"
#include "system/system_functions.h"

namespace blueshift {

namespace {

// What a has_*_privilege call needs at run time: a copy of the catalog version (copies share table
// definitions) and the session's defaults.
struct PrivilegeCall {
  Catalog catalog;
  SystemContext ctx;
  AclObject kind = AclObject::kTable;
  bool has_user = false;
};

bool AnyNull(std::span<const Vector* const> args, size_t i) {
  for (const Vector* a : args) {
    if (a->IsNull(i)) return true;
  }
  return false;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// 'SELECT, INSERT' (any case, WITH GRANT OPTION accepted and ignored) as bits allowed for `kind`.
Result<uint32_t> ParsePrivileges(const std::string& text, AclObject kind) {
  static const std::pair<const char*, uint32_t> kWords[] = {
      {"select", kPrivSelect},         {"insert", kPrivInsert}, {"update", kPrivUpdate}, {"delete", kPrivDelete},
      {"references", kPrivReferences}, {"drop", kPrivDrop},     {"alter", kPrivAlter},   {"truncate", kPrivTruncate},
      {"usage", kPrivUsage},           {"create", kPrivCreate}, {"temp", kPrivTemp},     {"temporary", kPrivTemp},
      {"execute", kPrivExecute}};
  uint32_t bits = 0;
  size_t start = 0;
  std::string lower = Lower(text);
  while (start <= lower.size()) {
    size_t comma = lower.find(',', start);
    std::string word = Trim(lower.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (size_t w = word.find(" with grant option"); w != std::string::npos) word = word.substr(0, w);
    uint32_t bit = 0;
    for (const auto& [name, b] : kWords) {
      if (word == name) bit = b;
    }
    if (!(bit & AllPrivileges(kind)))
      return Status(ErrorCode::kInvalidParameterValue, "unrecognized privilege type: \"" + Trim(text) + "\"");
    bits |= bit;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return bits;
}

Result<UserDef> UserArg(const PrivilegeCall& call, const Vector* v, size_t i) {
  const Security& sec = call.catalog.security();
  if (v->type().IsString()) {
    std::string name(v->data<std::string_view>()[i]);
    if (const UserDef* u = sec.FindUser(name)) return *u;
    return Status(ErrorCode::kUndefinedObject, "user \"" + name + "\" does not exist");
  }
  int64_t id = v->GetValue(i).GetInt();
  if (const UserDef* u = sec.FindUserById(static_cast<int32_t>(id))) return *u;
  return Status(ErrorCode::kUndefinedObject, "user with OID " + std::to_string(id) + " does not exist");
}

Result<bool> CheckTable(const PrivilegeCall& call, const AccessCheck& access, const Vector* v, size_t i,
                        uint32_t bits) {
  Oid table_oid = 0;
  if (v->type().IsString()) {
    ASSIGN_OR_RETURN(int32_t oid, RegclassOid(std::string(v->data<std::string_view>()[i]), call.ctx));
    table_oid = static_cast<Oid>(oid);
  } else {
    table_oid = static_cast<Oid>(v->GetValue(i).GetInt());
  }
  std::shared_ptr<const TableDef> table = call.catalog.FindTableByOid(table_oid);
  if (table) return access.HasTable(*table, bits);
  if (auto view = call.catalog.FindViewByOid(table_oid)) {  // a view's privileges are a relation's, as a table's
    TableDef as_table;
    as_table.oid = view->oid;
    as_table.owner = view->owner;
    return access.HasTable(as_table, bits);
  }
  return (bits & ~(kPrivSelect)) == 0;  // system tables: readable by everyone
}

Result<bool> CheckSchema(const PrivilegeCall& call, const AccessCheck& access, const Vector* v, size_t i,
                         uint32_t bits) {
  const SchemaDef* schema = nullptr;
  if (v->type().IsString()) {
    std::string name(v->data<std::string_view>()[i]);
    schema = call.catalog.FindSchema(name);
    if (!schema) return Status(ErrorCode::kUndefinedSchema, "schema \"" + name + "\" does not exist");
  } else {
    int64_t oid = v->GetValue(i).GetInt();
    for (const SchemaDef* s : call.catalog.Schemas()) {
      if (s->oid == oid) schema = s;
    }
    if (!schema)
      return Status(ErrorCode::kUndefinedSchema, "schema with OID " + std::to_string(oid) + " does not exist");
  }
  return access.HasSchema(*schema, bits);
}

// A user-defined function by signature text or oid; built-in functions are executable by PUBLIC.
Result<bool> CheckFunction(const PrivilegeCall& call, const AccessCheck& access, const Vector* v, size_t i,
                           uint32_t bits) {
  std::shared_ptr<const FunctionDef> f;
  if (v->type().IsString()) {
    auto found = FindFunctionBySignature(std::string(v->data<std::string_view>()[i]), call.ctx);
    if (!found) return true;
    ASSIGN_OR_RETURN(f, *found);
  } else {
    f = call.catalog.FindFunctionByOid(static_cast<Oid>(v->GetValue(i).GetInt()));
    if (!f) return true;
  }
  return call.catalog.security().HasPrivilege(access.user(), {AclObject::kFunction, f->oid, ""}, f->owner, bits);
}

Result<bool> CheckOne(const PrivilegeCall& call, std::span<const Vector* const> args, size_t i) {
  UserDef user;
  if (call.has_user) {
    ASSIGN_OR_RETURN(user, UserArg(call, args[0], i));
  } else {
    user.name = call.ctx.user;
  }
  AccessCheck access(call.catalog, user.name);
  const Vector* object = args[call.has_user ? 1 : 0];
  const Vector* privs = args.back();  // has_column_privilege's column, before it, does not matter
  ASSIGN_OR_RETURN(uint32_t bits, ParsePrivileges(std::string(privs->data<std::string_view>()[i]), call.kind));
  switch (call.kind) {
    case AclObject::kTable:
      return CheckTable(call, access, object, i, bits);
    case AclObject::kSchema:
      return CheckSchema(call, access, object, i, bits);
    case AclObject::kDatabase: {
      std::string db = object->type().IsString() ? std::string(object->data<std::string_view>()[i]) : call.ctx.database;
      if (db != call.ctx.database)
        return Status(ErrorCode::kInvalidCatalogName, "database \"" + db + "\" does not exist");
      return access.HasDatabase(db, bits);
    }
    case AclObject::kFunction:
      return CheckFunction(call, access, object, i, bits);
    case AclObject::kLanguage:
      break;
  }
  return false;
}

Status HasPrivilegeKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& call = *static_cast<const PrivilegeCall*>(data);
  for (size_t i = 0; i < n; i++) {
    if (AnyNull(args, i)) {
      out->SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(bool ok, CheckOne(call, args, i));
    out->SetNull(i, false);
    out->data<uint8_t>()[i] = ok ? 1 : 0;
  }
  return Status::OK();
}

}  // namespace

std::optional<Result<BoundScalarFunction>> ResolvePrivilegeFunction(const std::string& name,
                                                                    const std::vector<LogicalType>& args,
                                                                    const SystemContext& ctx) {
  AclObject kind;
  if (name == "has_table_privilege" || name == "has_column_privilege") {
    kind = AclObject::kTable;
  } else if (name == "has_schema_privilege") {
    kind = AclObject::kSchema;
  } else if (name == "has_database_privilege") {
    kind = AclObject::kDatabase;
  } else if (name == "has_function_privilege") {
    kind = AclObject::kFunction;
  } else {
    return std::nullopt;
  }
  size_t want = name == "has_column_privilege" ? 3 : 2;  // (table, column, priv): the table's privilege decides
  if (args.size() != want && args.size() != want + 1) return std::nullopt;
  auto call = std::make_shared<PrivilegeCall>();
  call->catalog = *ctx.catalog;
  call->ctx = ctx;
  call->ctx.catalog = &call->catalog;
  call->kind = kind;
  call->has_user = args.size() == want + 1;
  std::vector<LogicalType> types;
  for (const auto& t : args) {
    types.push_back(t.IsString() || t.id() == TypeId::kNull ? LogicalType::Varchar(LogicalType::kMaxVarcharLength)
                                                            : LogicalType::BigInt());
  }
  BoundScalarFunction f;
  f.name = name;
  f.arg_types = types;
  f.return_type = LogicalType::Boolean();
  f.kernel = HasPrivilegeKernel;
  f.data = std::move(call);
  f.deterministic = false;
  return f;
}

}  // namespace blueshift
