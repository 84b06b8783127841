// GRANT, REVOKE, ALTER DEFAULT PRIVILEGES and ALTER SCHEMA ... OWNER TO.

#include "catalog/access_check.h"
#include "main/statement_runner.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

using sql::GrantObject;

Status At(Status st, int location) {
  return sql::ErrorAt(std::move(st), location);
}

AclObject KindOf(GrantObject object) {
  switch (object) {
    case GrantObject::kSchema:
      return AclObject::kSchema;
    case GrantObject::kDatabase:
      return AclObject::kDatabase;
    case GrantObject::kFunction:
    case GrantObject::kAllFunctionsInSchema:
    case GrantObject::kFunctions:
      return AclObject::kFunction;
    case GrantObject::kLanguage:
      return AclObject::kLanguage;
    default:
      return AclObject::kTable;
  }
}

const char* KindWord(AclObject kind) {
  switch (kind) {
    case AclObject::kDatabase:
      return "database";
    case AclObject::kSchema:
      return "schema";
    case AclObject::kFunction:
      return "function";
    case AclObject::kLanguage:
      return "language";
    case AclObject::kTable:
      break;
  }
  return "relation";
}

uint32_t BitFor(const std::string& word) {
  static const std::pair<const char*, uint32_t> kBits[] = {
      {"select", kPrivSelect},         {"insert", kPrivInsert}, {"update", kPrivUpdate}, {"delete", kPrivDelete},
      {"references", kPrivReferences}, {"drop", kPrivDrop},     {"alter", kPrivAlter},   {"truncate", kPrivTruncate},
      {"usage", kPrivUsage},           {"create", kPrivCreate}, {"temp", kPrivTemp},     {"execute", kPrivExecute}};
  for (const auto& [name, bit] : kBits) {
    if (word == name) return bit;
  }
  return 0;
}

// The privilege bits of the statement, checked against what the object kind has.
Result<uint32_t> PrivilegeBits(const sql::GrantStmt& stmt, AclObject kind) {
  uint32_t allowed = AllPrivileges(kind);
  if (stmt.all) return allowed;
  uint32_t bits = 0;
  for (const auto& p : stmt.privileges) {
    uint32_t bit = BitFor(p);
    if (!(bit & allowed))
      return At(Status(ErrorCode::kInvalidParameterValue,
                       "invalid privilege type " + PrivilegeNames(bit) + " for " + KindWord(kind)),
                stmt.privileges_location);
    bits |= bit;
  }
  return bits;
}

Result<std::vector<Grantee>> ResolveGrantees(const Security& sec, const std::vector<sql::GranteeName>& names) {
  std::vector<Grantee> out;
  for (const auto& g : names) {
    if (g.kind == sql::GranteeName::Kind::kPublic) {
      out.push_back({Grantee::Kind::kPublic, 0});
    } else if (g.kind == sql::GranteeName::Kind::kGroup) {
      const GroupDef* group = sec.FindGroup(g.name);
      if (!group) return At(Status(ErrorCode::kUndefinedObject, "group \"" + g.name + "\" does not exist"), g.location);
      out.push_back({Grantee::Kind::kGroup, group->id});
    } else {
      const UserDef* user = sec.FindUser(g.name);
      if (!user) return At(Status(ErrorCode::kUndefinedObject, "user \"" + g.name + "\" does not exist"), g.location);
      out.push_back({Grantee::Kind::kUser, user->id});
    }
  }
  return out;
}

// An object a GRANT names, with its owner (who may grant on it).
struct Target {
  AclKey key;
  std::string owner;
  std::string name;
};

}  // namespace

Status StatementRunner::RunGrant(const sql::GrantStmt& stmt, ResultSink* sink) {
  if (stmt.with_grant_option)
    return At(Status(ErrorCode::kFeatureNotSupported, "WITH GRANT OPTION is not supported yet"), stmt.location);
  Catalog& cat = txn_->MutableCatalog();
  AclObject kind = KindOf(stmt.object);
  ASSIGN_OR_RETURN(uint32_t bits, PrivilegeBits(stmt, kind));
  ASSIGN_OR_RETURN(auto grantees, ResolveGrantees(cat.security(), stmt.grantees));
  if (stmt.default_privileges) {
    RETURN_IF_ERROR(RunDefaultPrivileges(stmt, bits, grantees));
    return sink->Complete("ALTER DEFAULT PRIVILEGES");
  }
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  AccessCheck access = binder.Access();
  std::vector<Target> targets;
  for (size_t i = 0; i < stmt.objects.size(); i++) {
    const sql::QualifiedName& name = stmt.objects[i];
    switch (stmt.object) {
      case GrantObject::kTable: {
        ASSIGN_OR_RETURN(auto view, binder.ResolveView(name));
        if (view) {
          targets.push_back({{AclObject::kTable, view->oid, ""}, view->owner, view->name});
          break;
        }
        ASSIGN_OR_RETURN(auto t, binder.ResolveTable(name));
        if (FindSystemTableByOid(t->oid))
          return At(
              Status(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + t->name + "\" is a system catalog"),
              name.location);
        targets.push_back({{AclObject::kTable, t->oid, ""}, t->owner, t->name});
        break;
      }
      case GrantObject::kSchema:
      case GrantObject::kAllTablesInSchema:
      case GrantObject::kAllFunctionsInSchema: {
        auto schema = cat.GetSchema(name.name());
        if (!schema.ok()) return At(schema.status(), name.location);
        if (stmt.object == GrantObject::kSchema) {
          targets.push_back({{AclObject::kSchema, (*schema)->oid, ""}, (*schema)->owner, (*schema)->name});
        } else if (stmt.object == GrantObject::kAllTablesInSchema) {
          for (const auto& t : cat.TablesInSchema((*schema)->oid))
            targets.push_back({{AclObject::kTable, t->oid, ""}, t->owner, t->name});
          for (const auto& v : cat.Views()) {  // ALL TABLES includes the schema's views, as in Redshift
            if (v->schema_oid == (*schema)->oid)
              targets.push_back({{AclObject::kTable, v->oid, ""}, v->owner, v->name});
          }
        } else {
          for (const auto& f : cat.Functions()) {
            if (f->schema_oid == (*schema)->oid)
              targets.push_back({{AclObject::kFunction, f->oid, ""}, f->owner, f->name});
          }
        }
        break;
      }
      case GrantObject::kFunction: {
        ASSIGN_OR_RETURN(auto f, binder.ResolveFunctionSignature(name, stmt.function_args[i]));
        targets.push_back({{AclObject::kFunction, f->oid, ""}, f->owner, f->name});
        break;
      }
      case GrantObject::kLanguage:
        if (name.parts.size() != 1 || (name.name() != "sql" && name.name() != "plpythonu"))
          return At(Status(ErrorCode::kUndefinedObject, "language \"" + name.name() + "\" does not exist"),
                    name.location);
        targets.push_back({{AclObject::kLanguage, 0, name.name()}, "rdsdb", name.name()});
        break;
      case GrantObject::kDatabase:
        if (!cat.FindDatabase(name.name()))
          return At(Status(ErrorCode::kInvalidCatalogName, "database \"" + name.name() + "\" does not exist"),
                    name.location);
        targets.push_back({{AclObject::kDatabase, 0, name.name()}, "rdsdb", name.name()});
        break;
      default:  // ON TABLES / ON FUNCTIONS belong to ALTER DEFAULT PRIVILEGES
        return At(Status(ErrorCode::kSyntaxError, "syntax error at or near \"" + name.name() + "\""), name.location);
    }
  }
  for (const auto& t : targets) {
    if (!access.superuser() && access.user().name != t.owner)
      return At(Status(ErrorCode::kInsufficientPrivilege,
                       std::string("permission denied for ") + KindWord(t.key.kind) + " " + t.name),
                stmt.location);
    for (const Grantee& g : grantees) {
      if (stmt.grant) {
        cat.MutableSecurity().Grant(t.key, g, bits, access.user().id);
      } else {
        cat.MutableSecurity().Revoke(t.key, g, bits);
      }
    }
  }
  return sink->Complete(stmt.grant ? "GRANT" : "REVOKE");
}

Status StatementRunner::RunDefaultPrivileges(const sql::GrantStmt& stmt, uint32_t privileges,
                                             const std::vector<Grantee>& grantees) {
  Catalog& cat = txn_->MutableCatalog();
  AccessCheck access(cat, session_->options_.user);
  std::vector<int32_t> owners;
  for (const auto& u : stmt.for_users) {
    const UserDef* user = cat.security().FindUser(u);
    if (!user) return At(Status(ErrorCode::kUndefinedObject, "user \"" + u + "\" does not exist"), stmt.location);
    if (user->id != access.user().id)
      RETURN_IF_ERROR(At(access.Superuser("alter default privileges for other users"), stmt.location));
    owners.push_back(user->id);
  }
  if (owners.empty()) owners.push_back(access.user().id);
  std::vector<uint32_t> schemas;
  for (const auto& s : stmt.in_schemas) {
    auto schema = cat.GetSchema(s);
    if (!schema.ok()) return At(schema.status(), stmt.location);
    schemas.push_back((*schema)->oid);
  }
  if (schemas.empty()) schemas.push_back(0);
  for (int32_t owner : owners) {
    for (uint32_t schema : schemas) {
      for (const Grantee& g : grantees) {
        DefaultAcl d{owner, schema, KindOf(stmt.object), {}};
        cat.MutableSecurity().SetDefault(std::move(d), g, privileges, stmt.grant, access.user().id);
      }
    }
  }
  return Status::OK();
}

void StatementRunner::ApplyDefaultPrivileges(Oid table) {
  Catalog& cat = txn_->MutableCatalog();
  auto def = cat.FindTableByOid(table);
  const UserDef* owner = cat.security().FindUser(session_->options_.user);
  if (!def || !owner) return;
  cat.MutableSecurity().ApplyDefaults(*owner, def->schema_oid, {AclObject::kTable, table, ""});
}

Status StatementRunner::RunAlterSchemaOwner(const sql::AlterSchemaOwnerStmt& stmt, ResultSink* sink) {
  Catalog& cat = txn_->MutableCatalog();
  auto schema = cat.GetSchema(stmt.schema);
  if (!schema.ok()) return At(schema.status(), stmt.location);
  AccessCheck access(cat, session_->options_.user);
  RETURN_IF_ERROR(At(access.SchemaOwner(**schema), stmt.location));
  if (!cat.security().FindUser(stmt.owner))
    return At(Status(ErrorCode::kUndefinedObject, "user \"" + stmt.owner + "\" does not exist"), stmt.location);
  SchemaDef copy = **schema;
  copy.owner = stmt.owner;
  cat.PutSchema(std::move(copy));
  return sink->Complete("ALTER SCHEMA");
}

}  // namespace blueshift
