#include "catalog/access_check.h"

namespace blueshift {

namespace {
Status Denied(const std::string& message) {
  return Status(ErrorCode::kInsufficientPrivilege, message);
}
}  // namespace

AccessCheck::AccessCheck(const Catalog& catalog, const std::string& user) : catalog_(catalog) {
  if (const UserDef* u = catalog.security().FindUser(user)) {
    user_ = *u;
  } else {
    user_.id = -1;
    user_.name = user;
  }
}

bool AccessCheck::HasRelation(Oid oid, const std::string& owner, uint32_t privileges) const {
  return catalog_.security().HasPrivilege(user_, {AclObject::kTable, oid, ""}, owner, privileges);
}

bool AccessCheck::HasTable(const TableDef& table, uint32_t privileges) const {
  return HasRelation(table.oid, table.owner, privileges);
}

bool AccessCheck::HasSchema(const SchemaDef& schema, uint32_t privileges) const {
  return catalog_.security().HasPrivilege(user_, {AclObject::kSchema, schema.oid, ""}, schema.owner, privileges);
}

bool AccessCheck::HasDatabase(const std::string& database, uint32_t privileges) const {
  return catalog_.security().HasPrivilege(user_, {AclObject::kDatabase, 0, database}, "rdsdb", privileges);
}

Status AccessCheck::Relation(Oid oid, const std::string& name, const std::string& owner, uint32_t privileges) const {
  if (HasRelation(oid, owner, privileges)) return Status::OK();
  return Denied("permission denied for relation " + name);
}

Status AccessCheck::RelationOwner(Oid oid, const std::string& name, const std::string& owner,
                                  uint32_t or_privilege) const {
  if (user_.superuser || user_.name == owner) return Status::OK();
  if (or_privilege && HasRelation(oid, owner, or_privilege)) return Status::OK();
  return Denied("must be owner of relation " + name);
}

Status AccessCheck::Table(const TableDef& table, uint32_t privileges) const {
  return Relation(table.oid, table.name, table.owner, privileges);
}

Status AccessCheck::TableOwner(const TableDef& table, uint32_t or_privilege) const {
  return RelationOwner(table.oid, table.name, table.owner, or_privilege);
}

Status AccessCheck::View(const ViewDef& view, uint32_t privileges) const {
  return Relation(view.oid, view.name, view.owner, privileges);
}

Status AccessCheck::ViewOwner(const ViewDef& view, uint32_t or_privilege) const {
  return RelationOwner(view.oid, view.name, view.owner, or_privilege);
}

Status AccessCheck::Schema(const std::string& schema, uint32_t privileges) const {
  const SchemaDef* s = catalog_.FindSchema(schema);
  if (!s || HasSchema(*s, privileges)) return Status::OK();
  return Denied("permission denied for schema " + schema);
}

Status AccessCheck::SchemaOwner(const SchemaDef& schema) const {
  if (user_.superuser || user_.name == schema.owner) return Status::OK();
  return Denied("must be owner of schema " + schema.name);
}

Status AccessCheck::Database(const std::string& database, uint32_t privileges) const {
  if (HasDatabase(database, privileges)) return Status::OK();
  return Denied("permission denied for database " + database);
}

Status AccessCheck::Superuser(const std::string& what) const {
  if (user_.superuser) return Status::OK();
  return Denied("must be superuser to " + what);
}

}  // namespace blueshift
