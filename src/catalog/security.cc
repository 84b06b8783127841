#include "catalog/security.h"

#include <algorithm>

#include "catalog/catalog.h"

namespace blueshift {

namespace {

struct PrivilegeName {
  uint32_t bit;
  const char* name;
  char letter;
};

constexpr PrivilegeName kPrivilegeNames[] = {
    {kPrivSelect, "SELECT", 'r'},
    {kPrivInsert, "INSERT", 'a'},
    {kPrivUpdate, "UPDATE", 'w'},
    {kPrivDelete, "DELETE", 'd'},
    {kPrivReferences, "REFERENCES", 'x'},
    {kPrivDrop, "DROP", 'D'},
    {kPrivAlter, "ALTER", 'A'},
    {kPrivTruncate, "TRUNCATE", 't'},
    {kPrivUsage, "USAGE", 'U'},
    {kPrivCreate, "CREATE", 'C'},
    {kPrivTemp, "TEMP", 'T'},
    {kPrivExecute, "EXECUTE", 'X'},
};

Status UndefinedUser(const std::string& name) {
  return Status(ErrorCode::kUndefinedObject, "user \"" + name + "\" does not exist");
}

Status UndefinedGroup(const std::string& name) {
  return Status(ErrorCode::kUndefinedObject, "group \"" + name + "\" does not exist");
}

void AddBits(std::vector<AclEntry>* entries, Grantee grantee, uint32_t privileges, int32_t grantor) {
  for (auto& e : *entries) {
    if (e.grantee == grantee) {
      e.privileges |= privileges;
      return;
    }
  }
  entries->push_back({grantee, privileges, grantor});
}

void RemoveBits(std::vector<AclEntry>* entries, Grantee grantee, uint32_t privileges) {
  for (auto& e : *entries) {
    if (e.grantee == grantee) e.privileges &= ~privileges;
  }
  std::erase_if(*entries, [](const AclEntry& e) { return e.privileges == 0; });
}

}  // namespace

uint32_t AllPrivileges(AclObject kind) {
  switch (kind) {
    case AclObject::kDatabase:
      return kPrivCreate | kPrivTemp;
    case AclObject::kSchema:
      return kPrivUsage | kPrivCreate;
    case AclObject::kTable:
      return kPrivSelect | kPrivInsert | kPrivUpdate | kPrivDelete | kPrivReferences | kPrivDrop | kPrivAlter |
             kPrivTruncate;
    case AclObject::kFunction:
      return kPrivExecute;
    case AclObject::kLanguage:
      return kPrivUsage;
  }
  return 0;
}

std::string PrivilegeNames(uint32_t privileges) {
  std::string out;
  for (const auto& p : kPrivilegeNames) {
    if (privileges & p.bit) out += (out.empty() ? "" : ", ") + std::string(p.name);
  }
  return out;
}

std::string PrivilegeLetters(uint32_t privileges) {
  std::string out;
  for (const auto& p : kPrivilegeNames) {
    if (privileges & p.bit) out += p.letter;
  }
  return out;
}

Security Security::Bootstrap(const std::string& superuser) {
  Security s;
  using IdName = std::pair<int32_t, std::string>;
  for (const auto& [id, name] : {IdName{kRdsdbId, "rdsdb"}, IdName{kBootstrapSuperuserId, superuser}}) {
    UserDef u;
    u.id = id;
    u.name = name;
    u.superuser = true;
    u.createdb = true;
    s.PutUser(std::move(u));
  }
  return s;
}

const UserDef* Security::FindUser(const std::string& name) const {
  for (const auto& [id, u] : users_) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

const UserDef* Security::FindUserById(int32_t id) const {
  auto it = users_.find(id);
  return it == users_.end() ? nullptr : &it->second;
}

const GroupDef* Security::FindGroup(const std::string& name) const {
  for (const auto& [id, g] : groups_) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

const GroupDef* Security::FindGroupById(int32_t id) const {
  auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : &it->second;
}

std::vector<const UserDef*> Security::Users() const {
  std::vector<const UserDef*> out;
  for (const auto& [id, u] : users_) out.push_back(&u);
  return out;
}

std::vector<const GroupDef*> Security::Groups() const {
  std::vector<const GroupDef*> out;
  for (const auto& [id, g] : groups_) out.push_back(&g);
  return out;
}

std::vector<const GroupDef*> Security::GroupsOf(int32_t user_id) const {
  std::vector<const GroupDef*> out;
  for (const auto& [id, g] : groups_) {
    if (std::find(g.members.begin(), g.members.end(), user_id) != g.members.end()) out.push_back(&g);
  }
  return out;
}

Result<int32_t> Security::CreateUser(UserDef user) {
  if (FindUser(user.name)) return Status(ErrorCode::kDuplicateObject, "user \"" + user.name + "\" already exists");
  user.id = TakeId();
  int32_t id = user.id;
  users_[id] = std::move(user);
  return id;
}

int32_t Security::TakeId() {
  int32_t id = id_source_ ? static_cast<int32_t>(id_source_->Take(static_cast<Oid>(next_id_), 1)) : next_id_;
  next_id_ = id + 1;
  return id;
}

Status Security::ReplaceUser(const UserDef& user) {
  auto it = users_.find(user.id);
  if (it == users_.end()) return UndefinedUser(user.name);
  it->second = user;
  return Status::OK();
}

Status Security::DropUser(const std::string& name) {
  const UserDef* u = FindUser(name);
  if (!u) return UndefinedUser(name);
  int32_t id = u->id;
  Grantee g{Grantee::Kind::kUser, id};
  for (auto& [gid, group] : groups_) std::erase(group.members, id);
  for (auto& [key, entries] : acls_) std::erase_if(entries, [&](const AclEntry& e) { return e.grantee == g; });
  std::erase_if(default_acls_, [&](const DefaultAcl& d) { return d.owner == id; });
  for (auto& d : default_acls_) std::erase_if(d.entries, [&](const AclEntry& e) { return e.grantee == g; });
  users_.erase(id);
  return Status::OK();
}

Result<int32_t> Security::CreateGroup(const std::string& name) {
  if (FindGroup(name)) return Status(ErrorCode::kDuplicateObject, "group \"" + name + "\" already exists");
  int32_t id = TakeId();
  groups_[id] = GroupDef{id, name, {}};
  return id;
}

Status Security::DropGroup(const std::string& name) {
  const GroupDef* g = FindGroup(name);
  if (!g) return UndefinedGroup(name);
  Grantee grantee{Grantee::Kind::kGroup, g->id};
  for (auto& [key, entries] : acls_) std::erase_if(entries, [&](const AclEntry& e) { return e.grantee == grantee; });
  for (auto& d : default_acls_) std::erase_if(d.entries, [&](const AclEntry& e) { return e.grantee == grantee; });
  groups_.erase(g->id);
  return Status::OK();
}

Status Security::AddMember(const std::string& group, int32_t user_id) {
  const GroupDef* g = FindGroup(group);
  if (!g) return UndefinedGroup(group);
  auto& members = groups_[g->id].members;
  if (std::find(members.begin(), members.end(), user_id) == members.end()) members.push_back(user_id);
  return Status::OK();
}

Status Security::RemoveMember(const std::string& group, int32_t user_id) {
  const GroupDef* g = FindGroup(group);
  if (!g) return UndefinedGroup(group);
  std::erase(groups_[g->id].members, user_id);
  return Status::OK();
}

void Security::Grant(const AclKey& key, Grantee grantee, uint32_t privileges, int32_t grantor) {
  AddBits(&acls_[key], grantee, privileges, grantor);
}

void Security::Revoke(const AclKey& key, Grantee grantee, uint32_t privileges) {
  auto it = acls_.find(key);
  if (it == acls_.end()) return;
  RemoveBits(&it->second, grantee, privileges);
  if (it->second.empty()) acls_.erase(it);
}

void Security::DropAcl(const AclKey& key) {
  acls_.erase(key);
}

const std::vector<AclEntry>* Security::FindAcl(const AclKey& key) const {
  auto it = acls_.find(key);
  return it == acls_.end() ? nullptr : &it->second;
}

uint32_t Security::Held(const UserDef& user, const std::vector<AclEntry>& entries) const {
  auto groups = GroupsOf(user.id);
  uint32_t held = 0;
  for (const auto& e : entries) {
    bool applies =
        e.grantee.kind == Grantee::Kind::kPublic || (e.grantee.kind == Grantee::Kind::kUser && e.grantee.id == user.id);
    for (const GroupDef* g : groups)
      applies = applies || (e.grantee.kind == Grantee::Kind::kGroup && e.grantee.id == g->id);
    if (applies) held |= e.privileges;
  }
  return held;
}

bool Security::HasPrivilege(const UserDef& user, const AclKey& key, const std::string& owner,
                            uint32_t privileges) const {
  if (user.superuser || user.name == owner) return true;
  const std::vector<AclEntry>* entries = FindAcl(key);
  if (!entries) return false;
  return (Held(user, *entries) & privileges) == privileges;
}

void Security::ApplyDefaults(const UserDef& owner, uint32_t schema_oid, const AclKey& key) {
  for (const auto& d : default_acls_) {
    if (d.owner != owner.id || d.kind != key.kind || (d.schema_oid != 0 && d.schema_oid != schema_oid)) continue;
    for (const auto& e : d.entries) Grant(key, e.grantee, e.privileges, owner.id);
  }
}

void Security::SetDefault(DefaultAcl def, Grantee grantee, uint32_t privileges, bool grant, int32_t grantor) {
  auto it = std::find_if(default_acls_.begin(), default_acls_.end(), [&](const DefaultAcl& d) {
    return d.owner == def.owner && d.schema_oid == def.schema_oid && d.kind == def.kind;
  });
  // An owner's defaults for functions in every schema replace the built-in one, PUBLIC's EXECUTE: such a
  // record starts with it, and stays when empty (then PUBLIC lost it). CREATE FUNCTION grants PUBLIC's
  // EXECUTE itself only when the owner has no such record.
  bool replaces_builtin = def.kind == AclObject::kFunction && def.schema_oid == 0;
  if (it == default_acls_.end()) {
    if (!grant && !replaces_builtin) return;
    if (replaces_builtin) def.entries.push_back({{Grantee::Kind::kPublic, 0}, kPrivExecute, grantor});
    default_acls_.push_back(std::move(def));
    it = default_acls_.end() - 1;
  }
  if (grant) {
    AddBits(&it->entries, grantee, privileges, grantor);
  } else {
    RemoveBits(&it->entries, grantee, privileges);
    if (it->entries.empty() && !replaces_builtin) default_acls_.erase(it);
  }
}

}  // namespace blueshift
