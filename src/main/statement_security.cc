// CREATE/ALTER/DROP USER and CREATE/ALTER/DROP GROUP: the security part of the transaction's catalog.

#include <cstdint>
#include <set>

#include "catalog/access_check.h"
#include "catalog/password.h"
#include "main/database.h"
#include "main/database_set.h"
#include "main/statement_runner.h"

namespace blueshift {

namespace {

using Kind = sql::UserOption::Kind;

Status At(Status st, int location) {
  return sql::ErrorAt(std::move(st), location);
}

Status UndefinedUser(const std::string& name) {
  return Status(ErrorCode::kUndefinedObject, "user \"" + name + "\" does not exist");
}

// Options a non-superuser may change on their own user.
bool SelfServiceOption(Kind kind) {
  return kind == Kind::kPassword;
}

Status ApplyUserOption(const sql::UserOption& o, const std::string& name, UserDef* user) {
  switch (o.kind) {
    case Kind::kPassword: {
      ASSIGN_OR_RETURN(user->password, HashPassword(name, o.text));
      return Status::OK();
    }
    case Kind::kPasswordDisable:
      if (user->superuser) return Status(ErrorCode::kInvalidParameterValue, "cannot disable password of a superuser");
      user->password = {};
      return Status::OK();
    case Kind::kCreateDb:
      user->createdb = o.flag;
      return Status::OK();
    case Kind::kCreateUser:
      user->superuser = o.flag;
      return Status::OK();
    case Kind::kSyslogAccess:
      user->syslog_unrestricted = o.flag;
      return Status::OK();
    case Kind::kValidUntil:
      user->valid_until = o.text;
      return Status::OK();
    case Kind::kConnectionLimit:
      if (o.number < -1 || o.number > INT32_MAX)
        return Status(ErrorCode::kInvalidParameterValue, "invalid connection limit " + std::to_string(o.number));
      user->connection_limit = static_cast<int32_t>(o.number);
      return Status::OK();
    case Kind::kSessionTimeout:
      if (o.number != 0 && (o.number < 60 || o.number > 1728000))
        return Status(ErrorCode::kInvalidParameterValue, "session timeout must be between 60 and 1728000 seconds");
      user->session_timeout = static_cast<int32_t>(o.number);
      return Status::OK();
    case Kind::kInGroup:
    case Kind::kRename:
      return Status::OK();  // handled by the statement
  }
  return Status::OK();
}

Status CheckRedundant(const std::vector<sql::UserOption>& options) {
  std::set<Kind> seen;
  for (const auto& o : options) {
    Kind k = o.kind == Kind::kPasswordDisable ? Kind::kPassword : o.kind;
    if (!seen.insert(k).second)
      return At(Status(ErrorCode::kSyntaxError, "conflicting or redundant options"), o.location);
  }
  return Status::OK();
}

// Changes the owner name `from` to `to` on every schema and table of the catalog.
void RenameOwner(Catalog* cat, const std::string& from, const std::string& to) {
  for (const SchemaDef* s : cat->Schemas()) {
    if (s->owner != from) continue;
    SchemaDef copy = *s;
    copy.owner = to;
    cat->PutSchema(std::move(copy));
  }
  for (const auto& t : cat->Tables()) {
    if (t->owner != from) continue;
    TableDef copy = *t;
    copy.owner = to;
    (void)cat->ReplaceTable(std::move(copy));  // the table exists: it was just listed
  }
}

// Whether user `name` owns a schema, table, view, function or database.
bool OwnsObjects(const Catalog& cat, const std::string& name) {
  for (const SchemaDef* s : cat.Schemas()) {
    if (s->owner == name) return true;
  }
  for (const auto& t : cat.Tables()) {
    if (t->owner == name) return true;
  }
  for (const auto& v : cat.Views()) {
    if (v->owner == name) return true;
  }
  for (const auto& f : cat.Functions()) {
    if (f->owner == name) return true;
  }
  for (const auto& [db_name, d] : cat.databases()) {
    if (d.owner == name) return true;
  }
  return false;
}

// Whether the object of an ACL exists (catalogs written before DROP VIEW dropped the view's ACL kept it).
bool AclObjectExists(const Catalog& cat, const AclKey& key) {
  switch (key.kind) {
    case AclObject::kTable:
      return cat.FindTableByOid(key.oid) || cat.FindViewByOid(key.oid);
    case AclObject::kSchema:
      for (const SchemaDef* s : cat.Schemas()) {
        if (s->oid == key.oid) return true;
      }
      return false;
    case AclObject::kFunction:
      return cat.FindFunctionByOid(key.oid) != nullptr;
    case AclObject::kDatabase:
      return cat.FindDatabase(key.name) != nullptr;
    case AclObject::kLanguage:
      return true;
  }
  return true;
}

// Whether user `id` has been granted a privilege on an object.
bool HasPrivileges(const Catalog& cat, int32_t id) {
  const Grantee user{Grantee::Kind::kUser, id};
  for (const auto& [key, entries] : cat.security().acls()) {
    if (!AclObjectExists(cat, key)) continue;
    for (const AclEntry& e : entries) {
      if (e.grantee == user) return true;
    }
  }
  return false;
}

}  // namespace

Status StatementRunner::RunSecurity(const sql::SecurityStmt& stmt, ResultSink* sink) {
  switch (stmt.security_kind) {
    case sql::SecurityKind::kCreateUser:
      return RunCreateUser(static_cast<const sql::UserStmt&>(stmt), sink);
    case sql::SecurityKind::kAlterUser:
      return RunAlterUser(static_cast<const sql::UserStmt&>(stmt), sink);
    case sql::SecurityKind::kDropUser:
      return RunDropUsers(static_cast<const sql::DropRolesStmt&>(stmt), sink);
    case sql::SecurityKind::kCreateGroup:
    case sql::SecurityKind::kAlterGroup:
      return RunGroup(static_cast<const sql::GroupStmt&>(stmt), sink);
    case sql::SecurityKind::kDropGroup:
      return RunDropGroups(static_cast<const sql::DropRolesStmt&>(stmt), sink);
    case sql::SecurityKind::kGrant:
      return RunGrant(static_cast<const sql::GrantStmt&>(stmt), sink);
    case sql::SecurityKind::kAlterSchemaOwner:
      return RunAlterSchemaOwner(static_cast<const sql::AlterSchemaOwnerStmt&>(stmt), sink);
  }
  return Status(ErrorCode::kInternal, "security statement kind not handled");
}

Status StatementRunner::RunCreateUser(const sql::UserStmt& stmt, ResultSink* sink) {
  Catalog& cat = txn_->MutableCatalog();
  RETURN_IF_ERROR(At(AccessCheck(cat, session_->options_.user).Superuser("create users"), stmt.location));
  if (stmt.name == "public")
    return At(Status(ErrorCode::kInvalidParameterValue, "user name \"public\" is reserved"), stmt.location);
  RETURN_IF_ERROR(CheckRedundant(stmt.options));
  bool has_password = false;
  UserDef user;
  user.name = stmt.name;
  // CREATEUSER first: DISABLE is refused for superusers whatever the order.
  for (const auto& o : stmt.options) {
    if (o.kind == Kind::kCreateUser) RETURN_IF_ERROR(At(ApplyUserOption(o, stmt.name, &user), o.location));
  }
  for (const auto& o : stmt.options) {
    has_password = has_password || o.kind == Kind::kPassword || o.kind == Kind::kPasswordDisable;
    RETURN_IF_ERROR(At(ApplyUserOption(o, stmt.name, &user), o.location));
  }
  if (!has_password)
    return At(Status(ErrorCode::kSyntaxError, "CREATE USER requires PASSWORD or PASSWORD DISABLE"), stmt.location);
  std::vector<std::string> groups;
  for (const auto& o : stmt.options) {
    if (o.kind != Kind::kInGroup) continue;
    for (const auto& g : o.names) {
      if (!cat.security().FindGroup(g))
        return At(Status(ErrorCode::kUndefinedObject, "group \"" + g + "\" does not exist"), o.location);
      groups.push_back(g);
    }
  }
  auto id = cat.MutableSecurity().CreateUser(std::move(user));
  if (!id.ok()) return At(id.status(), stmt.location);
  for (const auto& g : groups) RETURN_IF_ERROR(cat.MutableSecurity().AddMember(g, *id));
  return sink->Complete("CREATE USER");
}

Status StatementRunner::RunAlterUser(const sql::UserStmt& stmt, ResultSink* sink) {
  Catalog& cat = txn_->MutableCatalog();
  const UserDef* found = cat.security().FindUser(stmt.name);
  if (!found) return At(UndefinedUser(stmt.name), stmt.location);
  UserDef user = *found;
  AccessCheck access(cat, session_->options_.user);
  bool self = user.name == session_->options_.user;
  for (const auto& o : stmt.options) {
    if (!(self && SelfServiceOption(o.kind))) RETURN_IF_ERROR(At(access.Superuser("alter other users"), o.location));
  }
  RETURN_IF_ERROR(CheckRedundant(stmt.options));
  for (const auto& o : stmt.options) {
    if (o.kind == Kind::kCreateUser) RETURN_IF_ERROR(At(ApplyUserOption(o, user.name, &user), o.location));
  }
  for (const auto& o : stmt.options) {
    if (o.kind == Kind::kCreateUser) continue;
    if (o.kind == Kind::kRename) {
      if (self) return At(Status(ErrorCode::kFeatureNotSupported, "session user cannot be renamed"), o.location);
      if (cat.security().FindUser(o.text))
        return At(Status(ErrorCode::kDuplicateObject, "user \"" + o.text + "\" already exists"), o.location);
      RenameOwner(&cat, user.name, o.text);
      user.name = o.text;
      if (!user.password.md5.empty()) {  // the md5 hash is salted with the old name
        user.password.md5.clear();
        sink->Notice("NOTICE", "MD5 password cleared because of user rename");
      }
      continue;
    }
    RETURN_IF_ERROR(At(ApplyUserOption(o, user.name, &user), o.location));
  }
  RETURN_IF_ERROR(cat.MutableSecurity().ReplaceUser(user));
  return sink->Complete("ALTER USER");
}

Status StatementRunner::RunDropUsers(const sql::DropRolesStmt& stmt, ResultSink* sink) {
  Catalog& cat = txn_->MutableCatalog();
  RETURN_IF_ERROR(At(AccessCheck(cat, session_->options_.user).Superuser("drop users"), stmt.location));
  for (const auto& name : stmt.names) {
    const UserDef* user = cat.security().FindUser(name);
    if (!user) {
      if (stmt.if_exists) {
        sink->Notice("NOTICE", "user \"" + name + "\" does not exist, skipping");
        continue;
      }
      return At(UndefinedUser(name), stmt.location);
    }
    if (name == session_->options_.user)
      return At(Status(ErrorCode::kDependentObjectsStillExist, "current user cannot be dropped"), stmt.location);
    if (user->id == Security::kRdsdbId || user->id == Security::kBootstrapSuperuserId)
      return At(Status(ErrorCode::kInsufficientPrivilege, "cannot drop the bootstrap user \"" + name + "\""),
                stmt.location);
    // DG r_DROP_USER: not while the user owns an object or has a privilege on one, in any database (users
    // are shared by every database).
    const std::string owns = "user \"" + name + "\" can't be dropped because the user owns some object";
    const std::string holds = "user \"" + name + "\" can't be dropped because the user has a privilege on some object";
    const auto others = session_->db_->databases()->Catalogs();
    const std::string& here = session_->options_.database;
    if (OwnsObjects(cat, name)) return At(Status(ErrorCode::kObjectInUse, owns), stmt.location);
    for (const auto& [db_name, other] : others) {
      if (db_name != here && OwnsObjects(*other, name))
        return At(
            Status(ErrorCode::kObjectInUse, owns).WithDetail("The user owns objects in database " + db_name + "."),
            stmt.location);
    }
    if (HasPrivileges(cat, user->id)) return At(Status(ErrorCode::kObjectInUse, holds), stmt.location);
    for (const auto& [db_name, other] : others) {
      if (db_name != here && HasPrivileges(*other, user->id))
        return At(Status(ErrorCode::kObjectInUse, holds)
                      .WithDetail("The user has privileges on objects in database " + db_name + "."),
                  stmt.location);
    }
    RETURN_IF_ERROR(cat.MutableSecurity().DropUser(name));
  }
  return sink->Complete("DROP USER");
}

Status StatementRunner::RunGroup(const sql::GroupStmt& stmt, ResultSink* sink) {
  Catalog& cat = txn_->MutableCatalog();
  RETURN_IF_ERROR(At(AccessCheck(cat, session_->options_.user).Superuser("manage groups"), stmt.location));
  Security& sec = cat.MutableSecurity();
  bool create = stmt.security_kind == sql::SecurityKind::kCreateGroup;
  if (create) {
    if (stmt.name == "public")
      return At(Status(ErrorCode::kInvalidParameterValue, "group name \"public\" is reserved"), stmt.location);
    auto id = sec.CreateGroup(stmt.name);
    if (!id.ok()) return At(id.status(), stmt.location);
  } else if (!sec.FindGroup(stmt.name)) {
    return At(Status(ErrorCode::kUndefinedObject, "group \"" + stmt.name + "\" does not exist"), stmt.location);
  }
  if (!stmt.new_name.empty()) {
    if (sec.FindGroup(stmt.new_name))
      return At(Status(ErrorCode::kDuplicateObject, "group \"" + stmt.new_name + "\" already exists"), stmt.location);
    GroupDef g = *sec.FindGroup(stmt.name);
    g.name = stmt.new_name;
    sec.PutGroup(std::move(g));
  }
  for (const auto& u : stmt.users) {
    const UserDef* user = sec.FindUser(u);
    if (!user) return At(UndefinedUser(u), stmt.location);
    RETURN_IF_ERROR(stmt.add ? sec.AddMember(stmt.name, user->id) : sec.RemoveMember(stmt.name, user->id));
  }
  return sink->Complete(create ? "CREATE GROUP" : "ALTER GROUP");
}

Status StatementRunner::RunDropGroups(const sql::DropRolesStmt& stmt, ResultSink* sink) {
  Catalog& cat = txn_->MutableCatalog();
  RETURN_IF_ERROR(At(AccessCheck(cat, session_->options_.user).Superuser("drop groups"), stmt.location));
  for (const auto& name : stmt.names) {
    const GroupDef* group = cat.security().FindGroup(name);
    if (!group) {
      if (stmt.if_exists) {
        sink->Notice("NOTICE", "group \"" + name + "\" does not exist, skipping");
        continue;
      }
      return At(Status(ErrorCode::kUndefinedObject, "group \"" + name + "\" does not exist"), stmt.location);
    }
    Grantee g{Grantee::Kind::kGroup, group->id};
    for (const auto& [key, entries] : cat.security().acls()) {
      for (const auto& e : entries) {
        if (e.grantee == g)
          return At(Status(ErrorCode::kObjectInUse,  // DG r_DROP_GROUP's words; 55006 as DROP USER's
                           "group \"" + name + "\" can't be dropped because the group has a privilege on some object"),
                    stmt.location);
      }
    }
    RETURN_IF_ERROR(cat.MutableSecurity().DropGroup(name));
  }
  return sink->Complete("DROP GROUP");
}

}  // namespace blueshift

namespace blueshift {

Status StatementRunner::SetSessionAuthorization(std::string user, int location, const char* tag, ResultSink* sink) {
  const Catalog& cat = txn_->catalog();
  if (user.empty()) user = session_->login_user_;
  if (user != session_->login_user_) {
    RETURN_IF_ERROR(At(AccessCheck(cat, session_->login_user_).Superuser("set session authorization"), location));
  }
  const UserDef* def = cat.security().FindUser(user);
  if (!def) return At(UndefinedUser(user), location);
  session_->options_.user = user;
  session_->db_->activity()->SessionUserChanged(session_, user);
  session_->PutSetting("session_authorization", user);
  session_->changed_reported_.emplace_back("session_authorization", user);
  session_->changed_reported_.emplace_back("is_superuser", def->superuser ? "on" : "off");
  return sink->Complete(tag);
}

}  // namespace blueshift
