#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "util/status.h"

namespace blueshift {

class OidSource;

// Privilege bits, one per privilege keyword of GRANT. Which bits apply depends on the object kind.
enum Privilege : uint32_t {
  kPrivSelect = 1u << 0,
  kPrivInsert = 1u << 1,
  kPrivUpdate = 1u << 2,
  kPrivDelete = 1u << 3,
  kPrivReferences = 1u << 4,
  kPrivDrop = 1u << 5,
  kPrivAlter = 1u << 6,
  kPrivTruncate = 1u << 7,
  kPrivUsage = 1u << 8,
  kPrivCreate = 1u << 9,
  kPrivTemp = 1u << 10,
  kPrivExecute = 1u << 11,
};

// kLanguage: GRANT USAGE ON LANGUAGE sql | plpythonu, keyed by the language's name.
enum class AclObject : uint8_t { kDatabase = 0, kSchema = 1, kTable = 2, kFunction = 3, kLanguage = 4 };

// Every privilege GRANT ALL gives on an object kind.
uint32_t AllPrivileges(AclObject kind);
// "SELECT, INSERT" style list of the bits, in GRANT's keyword order.
std::string PrivilegeNames(uint32_t privileges);
// PostgreSQL's aclitem letters (r a w d x ...) for relacl/nspacl columns.
std::string PrivilegeLetters(uint32_t privileges);

struct Grantee {
  enum class Kind : uint8_t { kUser = 0, kGroup = 1, kPublic = 2 } kind = Kind::kPublic;
  int32_t id = 0;  // usesysid or grosysid; 0 for PUBLIC
  auto operator<=>(const Grantee&) const = default;
};

struct AclEntry {
  Grantee grantee;
  uint32_t privileges = 0;
  int32_t grantor = 0;
};

// The object an ACL belongs to: a database or a language by name, other objects by oid.
struct AclKey {
  AclObject kind = AclObject::kTable;
  uint32_t oid = 0;
  std::string name;
  auto operator<=>(const AclKey&) const = default;
};

// A user's stored credentials. Only hashes are kept: md5 is PostgreSQL's "md5" + hex(md5(password + user)),
// scram is a SCRAM-SHA-256 verifier "SCRAM-SHA-256$<iterations>:<salt b64>$<StoredKey b64>:<ServerKey b64>",
// sha256 is Redshift's "sha256|<hex digest of password + salt>|<salt>". Any may be empty.
struct PasswordHashes {
  std::string md5;
  std::string scram;
  std::string sha256;
  bool empty() const { return md5.empty() && scram.empty() && sha256.empty(); }
};

struct UserDef {
  int32_t id = 0;  // usesysid
  std::string name;
  bool superuser = false;  // CREATEUSER makes a superuser, as in Redshift
  bool createdb = false;
  int32_t connection_limit = -1;  // -1 = UNLIMITED
  std::string valid_until;        // 'infinity' or a timestamp text; empty = no limit
  bool syslog_unrestricted = false;
  int32_t session_timeout = 0;  // seconds; 0 = none
  PasswordHashes password;      // empty = DISABLE (or never set)
};

struct GroupDef {
  int32_t id = 0;  // grosysid
  std::string name;
  std::vector<int32_t> members;  // usesysids, in the order they were added
};

// ALTER DEFAULT PRIVILEGES: privileges given to objects `owner` creates later (in `schema_oid`, 0 = any).
struct DefaultAcl {
  int32_t owner = 0;
  uint32_t schema_oid = 0;
  AclObject kind = AclObject::kTable;
  std::vector<AclEntry> entries;
};

// Security is the users, groups and privileges part of a catalog version. It is a value, copied with the
// catalog. Owners of schemas and tables are recorded by user name on those objects; here are the access
// control lists of every object that has had something granted, and the privilege checks.
class Security {
 public:
  // The bootstrap state: superusers rdsdb (id 1) and `superuser` (id 100), PUBLIC's usual privileges.
  static Security Bootstrap(const std::string& superuser);

  const UserDef* FindUser(const std::string& name) const;
  const UserDef* FindUserById(int32_t id) const;
  const GroupDef* FindGroup(const std::string& name) const;
  const GroupDef* FindGroupById(int32_t id) const;
  std::vector<const UserDef*> Users() const;    // by id
  std::vector<const GroupDef*> Groups() const;  // by id
  // The groups `user_id` belongs to.
  std::vector<const GroupDef*> GroupsOf(int32_t user_id) const;

  Result<int32_t> CreateUser(UserDef user);  // assigns id
  Status ReplaceUser(const UserDef& user);   // same id
  // REQUIRES: the caller checked that the user owns nothing. Removes the user from groups and ACLs.
  Status DropUser(const std::string& name);
  Result<int32_t> CreateGroup(const std::string& name);
  Status DropGroup(const std::string& name);
  Status AddMember(const std::string& group, int32_t user_id);
  Status RemoveMember(const std::string& group, int32_t user_id);

  // GRANT adds bits to grantee's entry; REVOKE removes them (the entry goes when it has no bits left).
  void Grant(const AclKey& key, Grantee grantee, uint32_t privileges, int32_t grantor);
  void Revoke(const AclKey& key, Grantee grantee, uint32_t privileges);
  void DropAcl(const AclKey& key);  // the object is gone
  const std::vector<AclEntry>* FindAcl(const AclKey& key) const;
  const std::map<AclKey, std::vector<AclEntry>>& acls() const { return acls_; }

  // Whether user holds every bit of `privileges` on the object: superusers and the owner always do;
  // others through entries for themselves, a group they are in, or PUBLIC.
  bool HasPrivilege(const UserDef& user, const AclKey& key, const std::string& owner, uint32_t privileges) const;

  // Applies the default privileges for an object `owner` just created in `schema_oid`.
  void ApplyDefaults(const UserDef& owner, uint32_t schema_oid, const AclKey& key);
  void SetDefault(DefaultAcl def, Grantee grantee, uint32_t privileges, bool grant, int32_t grantor);
  const std::vector<DefaultAcl>& default_acls() const { return default_acls_; }

  // Where a transaction's copy takes the ids of new users and groups from: one source for the whole data
  // directory (users and groups are the cluster's), so that two made at once never share an id and their
  // changes merge at commit (catalog_rebase.h). Not part of the version: never encoded nor compared.
  void set_id_source(std::shared_ptr<OidSource> source) { id_source_ = std::move(source); }

  // For the codec.
  int32_t next_id() const { return next_id_; }
  void set_next_id(int32_t id) { next_id_ = id; }
  void PutUser(UserDef u) { users_[u.id] = std::move(u); }
  void PutGroup(GroupDef g) { groups_[g.id] = std::move(g); }
  void PutAcl(AclKey key, std::vector<AclEntry> entries) { acls_[std::move(key)] = std::move(entries); }
  void PutDefaultAcl(DefaultAcl d) { default_acls_.push_back(std::move(d)); }

  static constexpr int32_t kRdsdbId = 1;
  static constexpr int32_t kBootstrapSuperuserId = 100;

 private:
  uint32_t Held(const UserDef& user, const std::vector<AclEntry>& entries) const;
  int32_t TakeId();  // the next user or group id

  std::map<int32_t, UserDef> users_;
  std::map<int32_t, GroupDef> groups_;
  std::map<AclKey, std::vector<AclEntry>> acls_;
  std::vector<DefaultAcl> default_acls_;
  int32_t next_id_ = 101;
  std::shared_ptr<OidSource> id_source_;
};

}  // namespace blueshift
