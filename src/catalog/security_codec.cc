#include "catalog/security_codec.h"

namespace blueshift {
namespace {

Status Corrupt(const std::string& what) {
  return Status(ErrorCode::kDataCorrupted, "catalog in manifest is corrupted: " + what);
}

void PutEntries(const std::vector<AclEntry>& entries, ByteWriter* w) {
  w->U32(static_cast<uint32_t>(entries.size()));
  for (const auto& e : entries) {
    w->U8(static_cast<uint8_t>(e.grantee.kind));
    w->I32(e.grantee.id);
    w->U32(e.privileges);
    w->I32(e.grantor);
  }
}

Result<std::vector<AclEntry>> GetEntries(ByteReader* r) {
  uint32_t n = r->U32();
  if (!r->CanHold(n, 13)) return Corrupt("truncated");
  std::vector<AclEntry> out;
  for (uint32_t i = 0; i < n; i++) {
    AclEntry e;
    uint8_t kind = r->U8();
    if (kind > static_cast<uint8_t>(Grantee::Kind::kPublic)) return Corrupt("unknown grantee kind");
    e.grantee = {static_cast<Grantee::Kind>(kind), r->I32()};
    e.privileges = r->U32();
    e.grantor = r->I32();
    out.push_back(e);
  }
  return out;
}

Result<AclObject> GetObjectKind(ByteReader* r) {
  uint8_t kind = r->U8();
  if (kind > static_cast<uint8_t>(AclObject::kLanguage)) return Corrupt("unknown privilege object kind");
  return static_cast<AclObject>(kind);
}

void PutUser(const UserDef& u, ByteWriter* w) {
  w->I32(u.id);
  w->String(u.name);
  w->Bool(u.superuser);
  w->Bool(u.createdb);
  w->I32(u.connection_limit);
  w->String(u.valid_until);
  w->Bool(u.syslog_unrestricted);
  w->I32(u.session_timeout);
  w->String(u.password.md5);
  w->String(u.password.scram);
  w->String(u.password.sha256);
}

UserDef GetUser(ByteReader* r) {
  UserDef u;
  u.id = r->I32();
  u.name = std::string(r->String());
  u.superuser = r->Bool();
  u.createdb = r->Bool();
  u.connection_limit = r->I32();
  u.valid_until = std::string(r->String());
  u.syslog_unrestricted = r->Bool();
  u.session_timeout = r->I32();
  u.password.md5 = std::string(r->String());
  u.password.scram = std::string(r->String());
  u.password.sha256 = std::string(r->String());
  return u;
}

}  // namespace

void EncodeSecurity(const Security& security, ByteWriter* w) {
  w->I32(security.next_id());
  auto users = security.Users();
  w->U32(static_cast<uint32_t>(users.size()));
  for (const UserDef* u : users) PutUser(*u, w);
  auto groups = security.Groups();
  w->U32(static_cast<uint32_t>(groups.size()));
  for (const GroupDef* g : groups) {
    w->I32(g->id);
    w->String(g->name);
    w->U32(static_cast<uint32_t>(g->members.size()));
    for (int32_t m : g->members) w->I32(m);
  }
  w->U32(static_cast<uint32_t>(security.acls().size()));
  for (const auto& [key, entries] : security.acls()) {
    w->U8(static_cast<uint8_t>(key.kind));
    w->U32(key.oid);
    w->String(key.name);
    PutEntries(entries, w);
  }
  w->U32(static_cast<uint32_t>(security.default_acls().size()));
  for (const auto& d : security.default_acls()) {
    w->I32(d.owner);
    w->U32(d.schema_oid);
    w->U8(static_cast<uint8_t>(d.kind));
    PutEntries(d.entries, w);
  }
}

Result<Security> DecodeSecurity(ByteReader* r) {
  Security s;
  s.set_next_id(r->I32());
  uint32_t nu = r->U32();
  if (!r->CanHold(nu, 40)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nu; i++) s.PutUser(GetUser(r));
  uint32_t ng = r->U32();
  if (!r->CanHold(ng, 12)) return Corrupt("truncated");
  for (uint32_t i = 0; i < ng; i++) {
    GroupDef g;
    g.id = r->I32();
    g.name = std::string(r->String());
    uint32_t nm = r->U32();
    if (!r->CanHold(nm, 4)) return Corrupt("truncated");
    for (uint32_t k = 0; k < nm; k++) g.members.push_back(r->I32());
    s.PutGroup(std::move(g));
  }
  uint32_t na = r->U32();
  if (!r->CanHold(na, 13)) return Corrupt("truncated");
  for (uint32_t i = 0; i < na; i++) {
    AclKey key;
    ASSIGN_OR_RETURN(key.kind, GetObjectKind(r));
    key.oid = r->U32();
    key.name = std::string(r->String());
    ASSIGN_OR_RETURN(auto entries, GetEntries(r));
    s.PutAcl(std::move(key), std::move(entries));
  }
  uint32_t nd = r->U32();
  if (!r->CanHold(nd, 13)) return Corrupt("truncated");
  for (uint32_t i = 0; i < nd; i++) {
    DefaultAcl d;
    d.owner = r->I32();
    d.schema_oid = r->U32();
    ASSIGN_OR_RETURN(d.kind, GetObjectKind(r));
    ASSIGN_OR_RETURN(d.entries, GetEntries(r));
    s.PutDefaultAcl(std::move(d));
  }
  if (!r->ok()) return Corrupt("truncated");
  return s;
}

}  // namespace blueshift
