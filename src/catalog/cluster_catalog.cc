#include "catalog/cluster_catalog.h"

#include "catalog/security_codec.h"

namespace blueshift {

namespace {

// The cluster part of a catalog as one Security value plus the databases, encoded for comparison.
std::string EncodeClusterPart(const Catalog& c) {
  const Security& s = c.security();
  Security part;
  part.set_next_id(s.next_id());
  for (const UserDef* u : s.Users()) part.PutUser(*u);
  for (const GroupDef* g : s.Groups()) part.PutGroup(*g);
  for (const auto& [key, entries] : s.acls()) {
    if (key.kind == AclObject::kDatabase) part.PutAcl(key, entries);
  }
  ByteWriter w;
  EncodeSecurity(part, &w);
  for (const auto& [name, d] : c.databases()) {
    w.String(name);
    w.U32(d.oid);
    w.String(d.owner);
    w.I32(d.connection_limit);
    w.U8(static_cast<uint8_t>(d.isolation));
  }
  return w.Release();
}

bool GranteeExists(const Security& s, const Grantee& g) {
  switch (g.kind) {
    case Grantee::Kind::kUser:
      return s.FindUserById(g.id) != nullptr;
    case Grantee::Kind::kGroup:
      return s.FindGroupById(g.id) != nullptr;
    case Grantee::Kind::kPublic:
      return true;
  }
  return true;
}

std::vector<AclEntry> Surviving(const Security& s, const std::vector<AclEntry>& entries) {
  std::vector<AclEntry> kept;
  for (const AclEntry& e : entries) {
    if (GranteeExists(s, e.grantee)) kept.push_back(e);
  }
  return kept;
}

}  // namespace

bool SameClusterPart(const Catalog& a, const Catalog& b) {
  return EncodeClusterPart(a) == EncodeClusterPart(b);
}

Catalog WithClusterPart(const Catalog& local, const Catalog& cluster) {
  const Security& from = cluster.security();
  const Security& own = local.security();
  Security merged;
  merged.set_next_id(from.next_id());
  for (const UserDef* u : from.Users()) merged.PutUser(*u);
  for (const GroupDef* g : from.Groups()) merged.PutGroup(*g);
  for (const auto& [key, entries] : from.acls()) {
    if (key.kind == AclObject::kDatabase) merged.PutAcl(key, entries);
  }
  for (const auto& [key, entries] : own.acls()) {
    if (key.kind == AclObject::kDatabase) continue;
    auto kept = Surviving(merged, entries);
    if (!kept.empty()) merged.PutAcl(key, std::move(kept));
  }
  for (DefaultAcl d : own.default_acls()) {
    if (!merged.FindUserById(d.owner)) continue;
    d.entries = Surviving(merged, d.entries);
    merged.PutDefaultAcl(std::move(d));
  }
  Catalog out = local;
  out.MutableSecurity() = std::move(merged);
  for (const auto& [name, d] : local.databases()) out.RemoveDatabase(name);
  for (const auto& [name, d] : cluster.databases()) out.PutDatabase(d);
  return out;
}

}  // namespace blueshift
