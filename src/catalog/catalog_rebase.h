#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"

namespace blueshift {

// A transaction that runs DDL changes its own copy of the catalog version it started from (catalog.h). When
// other transactions committed catalog changes meanwhile, its changes are applied to the newest version
// instead of replacing it, provided no object it changed or relies on was changed by them: the conflict
// check of main/transaction.cc is per object, as Redshift's, not per catalog. Stateless and thread-safe.

// The objects a catalog is made of, by key, each with the oid a conflict's message names: the table or view
// it concerns, else the system table that lists it (pg_namespace, pg_proc, pg_user, ...): "schema <name>",
// "table <oid>", "view <oid>", "function <oid>", "name <schema oid>.<name>" (the name of a table or view),
// "function name <schema oid>.<name>", "acl <kind>.<oid>.<name>", "database <name>", "user <id>" and "group
// <id>" (the definition, a group's members included), "user <id> exists" and "group <id> exists" (made or
// dropped), "user name <name>" and "group name <name>" (which one a name names), "default acl <owner>.<schema
// oid>.<kind>" (ALTER DEFAULT PRIVILEGES).
using CatalogObjects = std::map<std::string, Oid>;

// The objects that differ between two versions of one database's catalog (made, dropped or changed).
CatalogObjects ChangedObjects(const Catalog& from, const Catalog& to);

// The objects that what was made or changed between `from` and `to` relies on: a relation's or function's
// schema, a view's relations, the owner (by name) of a relation, function, schema or database, the users and
// groups named by privileges given, group members added and default privileges, and the object privileges
// were given on. A schema or owner is given the oid of a table or view that relies on it.
CatalogObjects ReliedOn(const Catalog& from, const Catalog& to);

// Why a transaction whose catalog went from `from` (its snapshot's) to `mine`, and that wrote rows to the
// tables `written`, cannot be rebased onto `current` (the newest committed catalog, also made from `from`):
// the key of an object that it changed, relies on or wrote to and that the commits since changed, or of an
// object it changed that what those commits made or changed relies on (a schema it drops that a new table is
// in, a table it drops or alters that a new view reads), with the oid the conflict's message names. Either
// way the later of the two commits fails, whichever it is. nullopt when Rebase applies.
std::optional<std::pair<std::string, Oid>> FindConflict(const Catalog& from, const Catalog& mine,
                                                        const Catalog& current, const std::vector<Oid>& written);

// `current` with the changes from `from` to `mine` applied; the next oid is the higher of the two.
// REQUIRES: FindConflict(from, mine, current, ...) is nullopt.
Catalog Rebase(const Catalog& from, const Catalog& mine, const Catalog& current);

}  // namespace blueshift
