#pragma once

#include "catalog/catalog.h"

namespace blueshift {

// A data directory holds several databases, each with its own catalog: schemas, tables, views, the grants
// on them and the default privileges belong to one database. Users, groups, their passwords, the grants on
// databases and the list of databases are cluster-wide: every database's catalog carries the same copy of
// this "cluster part", and the root database (dev) holds the authoritative one (docs/format/README.md,
// "Databases"). Stateless and thread-safe.

// Whether a and b hold the same cluster part.
bool SameClusterPart(const Catalog& a, const Catalog& b);

// `local` with the cluster part of `cluster`: users, groups, the next user id, database grants and the
// databases come from `cluster`; everything else from `local`. Grants of `local` to users or groups that
// `cluster` no longer has are dropped (a DROP USER made in another database).
Catalog WithClusterPart(const Catalog& local, const Catalog& cluster);

}  // namespace blueshift
