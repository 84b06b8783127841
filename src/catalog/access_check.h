#pragma once

#include <string>

#include "catalog/catalog.h"

namespace blueshift {

// AccessCheck answers one user's privilege questions against one catalog version: superusers may do
// anything, owners anything on what they own, others what was granted to them, a group of theirs or
// PUBLIC. The Status forms give Redshift's 42501 messages. Holds references: the catalog must outlive it.
class AccessCheck {
 public:
  // A user missing from the catalog (dropped while connected) holds no privilege.
  AccessCheck(const Catalog& catalog, const std::string& user);

  const UserDef& user() const { return user_; }
  bool superuser() const { return user_.superuser; }

  bool HasTable(const TableDef& table, uint32_t privileges) const;
  bool HasSchema(const SchemaDef& schema, uint32_t privileges) const;
  bool HasDatabase(const std::string& database, uint32_t privileges) const;

  // "permission denied for relation t"
  Status Table(const TableDef& table, uint32_t privileges) const;
  // "must be owner of relation t" unless the user owns it, is a superuser, or holds `or_privilege`.
  Status TableOwner(const TableDef& table, uint32_t or_privilege = 0) const;
  // The same two checks for a view (views share the tables' privileges and messages).
  Status View(const ViewDef& view, uint32_t privileges) const;
  Status ViewOwner(const ViewDef& view, uint32_t or_privilege = 0) const;
  // "permission denied for schema s"; a missing schema is not this check's business (OK).
  Status Schema(const std::string& schema, uint32_t privileges) const;
  Status SchemaOwner(const SchemaDef& schema) const;                        // "must be owner of schema s"
  Status Database(const std::string& database, uint32_t privileges) const;  // "... for database d"
  // "must be superuser to <what>"
  Status Superuser(const std::string& what) const;

 private:
  const Catalog& catalog_;
  UserDef user_;

  bool HasRelation(Oid oid, const std::string& owner, uint32_t privileges) const;
  Status Relation(Oid oid, const std::string& name, const std::string& owner, uint32_t privileges) const;
  Status RelationOwner(Oid oid, const std::string& name, const std::string& owner, uint32_t or_privilege) const;
};

}  // namespace blueshift
