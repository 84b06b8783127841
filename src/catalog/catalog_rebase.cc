#include "catalog/catalog_rebase.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "catalog/security_codec.h"

namespace blueshift {

namespace {

std::string AclName(const AclKey& key) {
  return "acl " + std::to_string(static_cast<int>(key.kind)) + "." + std::to_string(key.oid) + "." + key.name;
}

std::string EncodeAcl(const std::vector<AclEntry>* entries) {
  if (!entries) return {};
  ByteWriter w;
  for (const AclEntry& e : *entries) {
    w.U8(static_cast<uint8_t>(e.grantee.kind));
    w.I32(e.grantee.id);
    w.U32(e.privileges);
    w.I32(e.grantor);
  }
  return "+" + w.Release();
}

// What a conflict on an object that is not a relation names: the system table that lists it (its pg_class
// oid), as a conflict on a table names the table. PostgreSQL's pg_default_acl for default privileges.
constexpr Oid kPgNamespaceOid = 2615;
constexpr Oid kPgProcOid = 1255;
constexpr Oid kPgLanguageOid = 2612;
constexpr Oid kPgDatabaseOid = 1262;
constexpr Oid kPgUserOid = 11001;
constexpr Oid kPgGroupOid = 11061;
constexpr Oid kPgDefaultAclOid = 826;

// The oid a conflict's message names: a relation's where either names one, else the first.
Oid Named(Oid a, Oid b) {
  if (a < Catalog::kFirstUserOid && b >= Catalog::kFirstUserOid) return b;
  return a;
}

Oid CatalogTableOf(AclObject kind) {
  switch (kind) {
    case AclObject::kDatabase:
      return kPgDatabaseOid;
    case AclObject::kSchema:
      return kPgNamespaceOid;
    case AclObject::kTable:
      return 0;
    case AclObject::kFunction:
      return kPgProcOid;
    case AclObject::kLanguage:
      return kPgLanguageOid;
  }
  return 0;
}

// One user, group or set of default privileges encoded for comparison (empty when there is none).
std::string Encoded(const Security& one) {
  ByteWriter w;
  EncodeSecurity(one, &w);
  return "+" + w.Release();
}
std::string EncodeUser(const UserDef* u) {
  if (!u) return {};
  Security one;
  one.PutUser(*u);
  return Encoded(one);
}
std::string EncodeGroup(const GroupDef* g) {
  if (!g) return {};
  Security one;
  one.PutGroup(*g);
  return Encoded(one);
}
std::string EncodeDefaultAcl(const DefaultAcl* d) {
  if (!d) return {};
  Security one;
  one.PutDefaultAcl(*d);
  return Encoded(one);
}

// Default privileges by owner, schema and object kind.
using DefaultAclKey = std::tuple<int32_t, uint32_t, AclObject>;
std::map<DefaultAclKey, const DefaultAcl*> DefaultAcls(const Security& s) {
  std::map<DefaultAclKey, const DefaultAcl*> out;
  for (const DefaultAcl& d : s.default_acls()) out[{d.owner, d.schema_oid, d.kind}] = &d;
  return out;
}
const DefaultAcl* Find(const std::map<DefaultAclKey, const DefaultAcl*>& acls, const DefaultAclKey& key) {
  auto it = acls.find(key);
  return it == acls.end() ? nullptr : it->second;
}
std::string DefaultAclName(const DefaultAclKey& key) {
  return "default acl " + std::to_string(std::get<0>(key)) + "." + std::to_string(std::get<1>(key)) + "." +
         std::to_string(static_cast<int>(std::get<2>(key)));
}

std::set<int32_t> UserIds(const Security& a, const Security& b) {
  std::set<int32_t> out;
  for (const UserDef* u : a.Users()) out.insert(u->id);
  for (const UserDef* u : b.Users()) out.insert(u->id);
  return out;
}
std::set<int32_t> GroupIds(const Security& a, const Security& b) {
  std::set<int32_t> out;
  for (const GroupDef* g : a.Groups()) out.insert(g->id);
  for (const GroupDef* g : b.Groups()) out.insert(g->id);
  return out;
}

// One kind of role (users or groups): "<kind> <id>", "<kind> <id> exists" and "<kind> name <name>".
template <typename Def>
void AddChangedRolesOfKind(const std::string& kind, Oid oid, const std::set<int32_t>& ids,
                           const Def* (Security::*by_id)(int32_t) const,
                           const Def* (Security::*by_name)(const std::string&) const, std::string (*encode)(const Def*),
                           const Security& from, const Security& to, CatalogObjects* out) {
  std::set<std::string> names;
  for (int32_t id : ids) {
    const Def* a = (from.*by_id)(id);
    const Def* b = (to.*by_id)(id);
    if (encode(a) != encode(b)) out->emplace(kind + " " + std::to_string(id), oid);
    if (!a != !b) out->emplace(kind + " " + std::to_string(id) + " exists", oid);
    if (a) names.insert(a->name);
    if (b) names.insert(b->name);
  }
  for (const std::string& name : names) {
    const Def* a = (from.*by_name)(name);
    const Def* b = (to.*by_name)(name);
    if ((a ? a->id : 0) != (b ? b->id : 0)) out->emplace(kind + " name " + name, oid);
  }
}

// Users and groups: "user <id>" and "group <id>" where the definition (a group's members included) differs,
// "user <id> exists" and "group <id> exists" where it was made or dropped, "user name <name>" and "group
// name <name>" where the name names another one or none, and the default privileges of each owner, schema
// and kind.
void AddChangedRoles(const Security& from, const Security& to, CatalogObjects* out) {
  AddChangedRolesOfKind<UserDef>("user", kPgUserOid, UserIds(from, to), &Security::FindUserById, &Security::FindUser,
                                 &EncodeUser, from, to, out);
  AddChangedRolesOfKind<GroupDef>("group", kPgGroupOid, GroupIds(from, to), &Security::FindGroupById,
                                  &Security::FindGroup, &EncodeGroup, from, to, out);
  auto a = DefaultAcls(from), b = DefaultAcls(to);
  std::set<DefaultAclKey> keys;
  for (const auto& [key, d] : a) keys.insert(key);
  for (const auto& [key, d] : b) keys.insert(key);
  for (const DefaultAclKey& key : keys) {
    if (EncodeDefaultAcl(Find(a, key)) != EncodeDefaultAcl(Find(b, key)))
      out->emplace(DefaultAclName(key), kPgDefaultAclOid);
  }
}

bool SameDatabase(const DatabaseDef* a, const DatabaseDef* b) {
  if (!a || !b) return a == b;
  return a->oid == b->oid && a->owner == b->owner && a->connection_limit == b->connection_limit &&
         a->isolation == b->isolation;
}

bool SameSchema(const SchemaDef* a, const SchemaDef* b) {
  if (!a || !b) return a == b;
  return a->oid == b->oid && a->owner == b->owner;
}

// Table and view names by "name <schema oid>.<name>", with the relation's oid.
CatalogObjects RelationNames(const Catalog& c) {
  CatalogObjects out;
  for (const auto& t : c.Tables()) out["name " + std::to_string(t->schema_oid) + "." + t->name] = t->oid;
  for (const auto& v : c.Views()) out["name " + std::to_string(v->schema_oid) + "." + v->name] = v->oid;
  for (const auto& f : c.Functions())
    out["function name " + std::to_string(f->schema_oid) + "." + f->name] = kPgProcOid;
  return out;
}

// Keys of `a` and `b` whose values differ (present in one only included).
void AddDifferent(const CatalogObjects& a, const CatalogObjects& b, CatalogObjects* out) {
  for (const auto& [key, oid] : a) {
    auto it = b.find(key);
    if (it == b.end() || it->second != oid) out->emplace(key, oid);
  }
  for (const auto& [key, oid] : b) {
    if (!a.count(key)) out->emplace(key, oid);
  }
}

std::set<Oid> Union(const std::vector<Oid>& a, const std::vector<Oid>& b) {
  std::set<Oid> out(a.begin(), a.end());
  out.insert(b.begin(), b.end());
  return out;
}

template <typename T>
std::vector<Oid> OidsOf(const std::vector<std::shared_ptr<const T>>& objects) {
  std::vector<Oid> out;
  for (const auto& o : objects) out.push_back(o->oid);
  return out;
}

std::vector<Oid> TableOids(const Catalog& c) {
  return OidsOf(c.Tables());
}
std::vector<Oid> ViewOids(const Catalog& c) {
  return OidsOf(c.Views());
}
std::vector<Oid> FunctionOids(const Catalog& c) {
  return OidsOf(c.Functions());
}

std::set<std::string> SchemaNames(const Catalog& a, const Catalog& b) {
  std::set<std::string> out;
  for (const SchemaDef* s : a.Schemas()) out.insert(s->name);
  for (const SchemaDef* s : b.Schemas()) out.insert(s->name);
  return out;
}

std::set<AclKey> AclKeys(const Security& a, const Security& b) {
  std::set<AclKey> out;
  for (const auto& [key, entries] : a.acls()) out.insert(key);
  for (const auto& [key, entries] : b.acls()) out.insert(key);
  return out;
}

std::set<std::string> DatabaseNames(const Catalog& a, const Catalog& b) {
  std::set<std::string> out;
  for (const auto& [name, d] : a.databases()) out.insert(name);
  for (const auto& [name, d] : b.databases()) out.insert(name);
  return out;
}

void AddChangedRelations(const Catalog& from, const Catalog& to, CatalogObjects* out) {
  for (Oid oid : Union(TableOids(from), TableOids(to))) {
    if (from.FindTableByOid(oid) != to.FindTableByOid(oid)) out->emplace("table " + std::to_string(oid), oid);
  }
  for (Oid oid : Union(ViewOids(from), ViewOids(to))) {
    if (from.FindViewByOid(oid) != to.FindViewByOid(oid)) out->emplace("view " + std::to_string(oid), oid);
  }
  for (Oid oid : Union(FunctionOids(from), FunctionOids(to))) {
    if (from.FindFunctionByOid(oid) != to.FindFunctionByOid(oid))
      out->emplace("function " + std::to_string(oid), kPgProcOid);
  }
  AddDifferent(RelationNames(from), RelationNames(to), out);
}

}  // namespace

CatalogObjects ChangedObjects(const Catalog& from, const Catalog& to) {
  CatalogObjects out;
  AddChangedRelations(from, to, &out);
  for (const std::string& name : SchemaNames(from, to)) {
    if (!SameSchema(from.FindSchema(name), to.FindSchema(name))) out.emplace("schema " + name, kPgNamespaceOid);
  }
  for (const AclKey& key : AclKeys(from.security(), to.security())) {
    if (EncodeAcl(from.security().FindAcl(key)) != EncodeAcl(to.security().FindAcl(key))) {
      out.emplace(AclName(key), key.kind == AclObject::kTable ? key.oid : CatalogTableOf(key.kind));
    }
  }
  for (const std::string& name : DatabaseNames(from, to)) {
    if (!SameDatabase(from.FindDatabase(name), to.FindDatabase(name))) out.emplace("database " + name, kPgDatabaseOid);
  }
  AddChangedRoles(from.security(), to.security(), &out);
  return out;
}

namespace {

const SchemaDef* SchemaByOid(const Catalog& c, Oid oid) {
  for (const SchemaDef* s : c.Schemas()) {
    if (s->oid == oid) return s;
  }
  return nullptr;
}

void RelyOnGrantee(const Grantee& g, Oid named, CatalogObjects* out) {
  if (g.kind == Grantee::Kind::kUser) out->emplace("user " + std::to_string(g.id) + " exists", named);
  if (g.kind == Grantee::Kind::kGroup) out->emplace("group " + std::to_string(g.id) + " exists", named);
}

// The object an ACL is on, where it exists in `c`.
void RelyOnAclObject(const Catalog& c, const AclKey& key, CatalogObjects* out) {
  switch (key.kind) {
    case AclObject::kTable:
      if (c.FindViewByOid(key.oid)) out->emplace("view " + std::to_string(key.oid), key.oid);
      if (c.FindTableByOid(key.oid)) out->emplace("table " + std::to_string(key.oid), key.oid);
      return;
    case AclObject::kSchema:
      if (const SchemaDef* s = SchemaByOid(c, key.oid)) out->emplace("schema " + s->name, kPgNamespaceOid);
      return;
    case AclObject::kFunction:
      if (c.FindFunctionByOid(key.oid)) out->emplace("function " + std::to_string(key.oid), kPgProcOid);
      return;
    case AclObject::kDatabase:
      if (c.FindDatabase(key.name)) out->emplace("database " + key.name, kPgDatabaseOid);
      return;
    case AclObject::kLanguage:
      return;
  }
}

bool SameEntry(const AclEntry& a, const AclEntry& b) {
  return a.grantee == b.grantee && a.privileges == b.privileges && a.grantor == b.grantor;
}

// Entries of `to` that `from` does not have as they are.
std::vector<AclEntry> NewEntries(const std::vector<AclEntry>* from, const std::vector<AclEntry>& to) {
  std::vector<AclEntry> out;
  for (const AclEntry& e : to) {
    bool kept = from && std::any_of(from->begin(), from->end(), [&](const AclEntry& f) { return SameEntry(f, e); });
    if (!kept) out.push_back(e);
  }
  return out;
}

// What the privileges, group members and default privileges given between `from` and `to` rely on: the
// users and groups they name and the object an ACL is on.
void AddReliedOnRoles(const Catalog& from, const Catalog& to, CatalogObjects* out) {
  const Security& a = from.security();
  const Security& b = to.security();
  for (const auto& [key, entries] : b.acls()) {
    auto added = NewEntries(a.FindAcl(key), entries);
    if (added.empty()) continue;
    Oid named = key.kind == AclObject::kTable ? key.oid : CatalogTableOf(key.kind);
    for (const AclEntry& e : added) RelyOnGrantee(e.grantee, named, out);
    RelyOnAclObject(to, key, out);
  }
  for (const GroupDef* g : b.Groups()) {
    const GroupDef* before = a.FindGroupById(g->id);
    for (int32_t member : g->members) {
      if (before && std::find(before->members.begin(), before->members.end(), member) != before->members.end())
        continue;
      out->emplace("user " + std::to_string(member) + " exists", kPgGroupOid);
    }
  }
  auto defaults_before = DefaultAcls(a);
  for (const auto& [key, d] : DefaultAcls(b)) {
    const DefaultAcl* before = Find(defaults_before, key);
    if (EncodeDefaultAcl(before) == EncodeDefaultAcl(d)) continue;
    out->emplace("user " + std::to_string(d->owner) + " exists", kPgDefaultAclOid);
    for (const AclEntry& e : NewEntries(before ? &before->entries : nullptr, d->entries))
      RelyOnGrantee(e.grantee, kPgDefaultAclOid, out);
    if (d->schema_oid == 0) continue;
    if (const SchemaDef* s = SchemaByOid(to, d->schema_oid)) out->emplace("schema " + s->name, kPgDefaultAclOid);
  }
}

}  // namespace

CatalogObjects ReliedOn(const Catalog& from, const Catalog& to) {
  CatalogObjects out;  // a schema or owner names the relation that relies on it, for the conflict's message
  auto owner = [&](const std::string& name, Oid named) { out.emplace("user name " + name, named); };
  for (const auto& t : to.Tables()) {
    if (from.FindTableByOid(t->oid) == t) continue;
    out.emplace("schema " + t->schema, t->oid);
    owner(t->owner, t->oid);
  }
  for (const auto& f : to.Functions()) {
    if (from.FindFunctionByOid(f->oid) == f) continue;
    out.emplace("schema " + f->schema, kPgProcOid);
    owner(f->owner, kPgProcOid);
  }
  for (const auto& v : to.Views()) {
    if (from.FindViewByOid(v->oid) == v) continue;
    out.emplace("schema " + v->schema, v->oid);
    owner(v->owner, v->oid);
    for (Oid oid : v->depends_on) {
      out.emplace((to.FindViewByOid(oid) ? "view " : "table ") + std::to_string(oid), oid);
    }
  }
  for (const SchemaDef* s : to.Schemas()) {
    if (!SameSchema(from.FindSchema(s->name), s)) owner(s->owner, kPgNamespaceOid);
  }
  for (const auto& [name, d] : to.databases()) {
    if (!SameDatabase(from.FindDatabase(name), &d)) owner(d.owner, kPgDatabaseOid);
  }
  AddReliedOnRoles(from, to, &out);
  return out;
}

std::optional<std::pair<std::string, Oid>> FindConflict(const Catalog& from, const Catalog& mine,
                                                        const Catalog& current, const std::vector<Oid>& written) {
  const CatalogObjects theirs = ChangedObjects(from, current);
  const CatalogObjects changed = ChangedObjects(from, mine);
  CatalogObjects used = changed;
  used.merge(ReliedOn(from, mine));
  for (Oid table : written) used.emplace("table " + std::to_string(table), table);
  for (const auto& [key, oid] : used) {
    auto it = theirs.find(key);
    if (it != theirs.end()) return std::make_pair(key, Named(oid, it->second));
  }
  // The other way round: what the commits since made relies on something this transaction changed. Rows
  // they wrote do not count: they were written first, a serial order.
  for (const auto& [key, oid] : ReliedOn(from, current)) {
    auto it = changed.find(key);
    if (it != changed.end()) return std::make_pair(key, Named(oid, it->second));
  }
  return std::nullopt;
}

namespace {

// Each object is mine where I changed it, else current's.
void RebaseRelations(const Catalog& from, const Catalog& mine, const Catalog& current, Catalog* out) {
  for (Oid oid : Union(TableOids(mine), TableOids(current))) {
    auto m = mine.FindTableByOid(oid);
    auto t = m != from.FindTableByOid(oid) ? m : current.FindTableByOid(oid);
    if (t) out->PutTable(t);
  }
  for (Oid oid : Union(ViewOids(mine), ViewOids(current))) {
    auto m = mine.FindViewByOid(oid);
    auto v = m != from.FindViewByOid(oid) ? m : current.FindViewByOid(oid);
    if (v) out->PutView(v);
  }
  for (Oid oid : Union(FunctionOids(mine), FunctionOids(current))) {
    auto m = mine.FindFunctionByOid(oid);
    auto f = m != from.FindFunctionByOid(oid) ? m : current.FindFunctionByOid(oid);
    if (f) out->PutFunction(f);
  }
  for (const std::string& name : SchemaNames(mine, current)) {
    const SchemaDef* m = mine.FindSchema(name);
    const SchemaDef* s = SameSchema(m, from.FindSchema(name)) ? current.FindSchema(name) : m;
    if (s) out->PutSchema(*s);
  }
}

// Each user, group and set of default privileges is mine where I changed it, else current's.
Security RebaseSecurity(const Security& from, const Security& mine, const Security& current) {
  Security out;
  out.set_next_id(std::max(mine.next_id(), current.next_id()));
  for (int32_t id : UserIds(mine, current)) {
    const UserDef* m = mine.FindUserById(id);
    const UserDef* u = EncodeUser(m) != EncodeUser(from.FindUserById(id)) ? m : current.FindUserById(id);
    if (u) out.PutUser(*u);
  }
  for (int32_t id : GroupIds(mine, current)) {
    const GroupDef* m = mine.FindGroupById(id);
    const GroupDef* g = EncodeGroup(m) != EncodeGroup(from.FindGroupById(id)) ? m : current.FindGroupById(id);
    if (g) out.PutGroup(*g);
  }
  auto defaults_from = DefaultAcls(from), defaults_mine = DefaultAcls(mine);
  auto changed = [&](const DefaultAclKey& key) {
    return EncodeDefaultAcl(Find(defaults_from, key)) != EncodeDefaultAcl(Find(defaults_mine, key));
  };
  auto defaults_current = DefaultAcls(current);
  for (const DefaultAcl& d : current.default_acls()) {
    DefaultAclKey key{d.owner, d.schema_oid, d.kind};
    const DefaultAcl* kept = changed(key) ? Find(defaults_mine, key) : &d;
    if (kept) out.PutDefaultAcl(*kept);
  }
  for (const auto& [key, d] : defaults_mine) {
    if (changed(key) && !defaults_current.count(key)) out.PutDefaultAcl(*d);
  }
  for (const AclKey& key : AclKeys(mine, current)) {
    const auto* m = mine.FindAcl(key);
    const auto* a = EncodeAcl(m) != EncodeAcl(from.FindAcl(key)) ? m : current.FindAcl(key);
    if (a) out.PutAcl(key, *a);
  }
  return out;
}

}  // namespace

Catalog Rebase(const Catalog& from, const Catalog& mine, const Catalog& current) {
  Catalog out;
  RebaseRelations(from, mine, current, &out);
  out.MutableSecurity() = RebaseSecurity(from.security(), mine.security(), current.security());
  for (const std::string& name : DatabaseNames(mine, current)) {
    const DatabaseDef* m = mine.FindDatabase(name);
    const DatabaseDef* d = SameDatabase(m, from.FindDatabase(name)) ? current.FindDatabase(name) : m;
    if (d) out.PutDatabase(*d);
  }
  out.set_next_oid(std::max(mine.next_oid(), current.next_oid()));
  return out;
}

}  // namespace blueshift
