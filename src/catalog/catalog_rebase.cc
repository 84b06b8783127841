#include "catalog/catalog_rebase.h"

#include <set>

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

// Users, groups, the next user id and the default privileges: the part of Security that is not an ACL.
Security RolesOf(const Security& s) {
  Security roles;
  roles.set_next_id(s.next_id());
  for (const UserDef* u : s.Users()) roles.PutUser(*u);
  for (const GroupDef* g : s.Groups()) roles.PutGroup(*g);
  for (const DefaultAcl& d : s.default_acls()) roles.PutDefaultAcl(d);
  return roles;
}

std::string EncodeRoles(const Security& s) {
  ByteWriter w;
  EncodeSecurity(RolesOf(s), &w);
  return w.Release();
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
  for (const auto& f : c.Functions()) out["function name " + std::to_string(f->schema_oid) + "." + f->name] = 0;
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
    if (from.FindFunctionByOid(oid) != to.FindFunctionByOid(oid)) out->emplace("function " + std::to_string(oid), 0);
  }
  AddDifferent(RelationNames(from), RelationNames(to), out);
}

}  // namespace

CatalogObjects ChangedObjects(const Catalog& from, const Catalog& to) {
  CatalogObjects out;
  AddChangedRelations(from, to, &out);
  for (const std::string& name : SchemaNames(from, to)) {
    if (!SameSchema(from.FindSchema(name), to.FindSchema(name))) out.emplace("schema " + name, 0);
  }
  for (const AclKey& key : AclKeys(from.security(), to.security())) {
    if (EncodeAcl(from.security().FindAcl(key)) != EncodeAcl(to.security().FindAcl(key))) {
      out.emplace(AclName(key), key.kind == AclObject::kTable ? key.oid : 0);
    }
  }
  for (const std::string& name : DatabaseNames(from, to)) {
    if (!SameDatabase(from.FindDatabase(name), to.FindDatabase(name))) out.emplace("database " + name, 0);
  }
  if (EncodeRoles(from.security()) != EncodeRoles(to.security())) out.emplace("roles", 0);
  return out;
}

CatalogObjects ReliedOn(const Catalog& from, const Catalog& to) {
  CatalogObjects out;  // a schema names the relation that relies on it, for the conflict's message
  for (const auto& t : to.Tables()) {
    if (from.FindTableByOid(t->oid) != t) out.emplace("schema " + t->schema, t->oid);
  }
  for (const auto& f : to.Functions()) {
    if (from.FindFunctionByOid(f->oid) != f) out.emplace("schema " + f->schema, 0);
  }
  for (const auto& v : to.Views()) {
    if (from.FindViewByOid(v->oid) == v) continue;
    out.emplace("schema " + v->schema, v->oid);
    for (Oid oid : v->depends_on) {
      out.emplace((to.FindViewByOid(oid) ? "view " : "table ") + std::to_string(oid), oid);
    }
  }
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
    if (it != theirs.end()) return std::make_pair(key, oid ? oid : it->second);
  }
  // The other way round: what the commits since made relies on something this transaction changed. Rows
  // they wrote do not count: they were written first, a serial order.
  for (const auto& [key, oid] : ReliedOn(from, current)) {
    auto it = changed.find(key);
    if (it != changed.end()) return std::make_pair(key, oid ? oid : it->second);
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

Security RebaseSecurity(const Security& from, const Security& mine, const Security& current) {
  Security out = RolesOf(EncodeRoles(mine) != EncodeRoles(from) ? mine : current);
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
