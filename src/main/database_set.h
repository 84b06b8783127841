#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "storage/store.h"
#include "util/status.h"

namespace blueshift {

class Database;

// DatabaseSet is the databases of a data directory other than the root (dev): one Database each, with its
// own store, write-ahead log and background workers in DIR/databases/<oid>/ (docs/format/README.md,
// "Databases"). The root's catalog is the authority for what is shared by every database (users, groups,
// grants on databases, the list of databases: catalog/cluster_catalog.h); every database's catalog carries
// a copy of it, brought up to date after each commit that changes it (Propagate) and at Open.
//
// Each database hands out table oids from its own range of kOidRange (the root from 100000, the k-th from
// k * kOidRange), so a table oid names one table of the whole data directory: the lock manager and the
// conflict tracker, which are process-wide, key tables by oid. Thread-safe. Owned by the root Database.
class DatabaseSet {
 public:
  static constexpr Oid kOidRange = Oid{1} << 24;

  explicit DatabaseSet(Database* root);
  ~DatabaseSet();

  // At Open: opens every database the root's catalog names, building the directory of one that has none
  // (a data directory written before databases had their own, or a crash right after CREATE DATABASE),
  // brings each to the root's cluster part, and removes the directories of databases no longer named and
  // of databases half built.
  Status OpenAll();
  // The open database `name` (the root for dev); null when there is none.
  Database* Find(const std::string& name);

  // Held by a commit that changes the cluster part from its conflict check through Propagate, so that such
  // commits are serialized across databases (lock order: this, then a database's commit mutex).
  std::mutex& cluster_mutex() { return cluster_mu_; }
  // Copies the cluster part of `catalog`, just committed in `origin`, into every other database (the root
  // first), then opens the databases it names that are not open yet and closes and removes those it no
  // longer names. REQUIRES: cluster_mutex() held.
  Status Propagate(const Catalog& catalog, Database* origin);

  // Commits the cluster part of `catalog` in the root: the commit point of a transaction that changes it
  // from database `origin`, whose own commit is prepared as version prepared_version of its store
  // (storage::Store::Prepare; docs/format/README.md, "Databases"). The root's commit records that decision,
  // so that Open makes the prepared commit current if a crash comes first. REQUIRES: cluster_mutex() held.
  Status CommitClusterPart(const Catalog& catalog, Database* origin, uint64_t prepared_version);

  // The latest committed catalog of every open database (the root's included), by database name.
  std::map<std::string, std::shared_ptr<const Catalog>> Catalogs();

  // Where the transactions of every database take the ids of new users and groups from (Security's
  // set_id_source): users and groups are the cluster's.
  const std::shared_ptr<OidSource>& role_id_source() const { return role_ids_; }

  // Ends session `pid` of a database other than the root; false when none has it.
  bool Terminate(int32_t pid);

 private:
  std::string DirOf(Oid oid) const;
  // Opens the databases `cluster` names that are not open (existing directories first, then building the
  // missing ones); closes and removes the others.
  Status Reconcile(const Catalog& cluster);
  // Makes database oid's directory: built and given its oid range in <oid>.new/, then renamed, so that a
  // directory named by an oid is always complete. Returns it open.
  Result<std::unique_ptr<Database>> Build(Oid oid, const Catalog& cluster);
  // Closes the open databases not in `named` (terminating their sessions) and removes their directories.
  Status CloseUnnamed(const std::set<Oid>& named);
  Status RemoveUnnamedDirs(const std::set<Oid>& named);
  // Commits db's catalog with the cluster part of `cluster` (and, for a new database, its oid range), with
  // the decision `decides` when given (even if the cluster part is the same already).
  Status Sync(Database* db, const Catalog& cluster, std::optional<storage::CommitDecision> decides = std::nullopt);
  // At Open, before the other databases open: makes current the prepared commit the root decided.
  Status FinishDecided(const storage::DbVersion& root_version);
  Oid FreeOidRange();  // REQUIRES: mu_ held

  Database* root_;
  std::mutex cluster_mu_;
  std::mutex mu_;  // guards open_ and retired_
  std::map<Oid, std::unique_ptr<Database>> open_;
  // Dropped databases that still had sessions (DROP DATABASE refuses that; a connection may race it): their
  // sessions were terminated, and the object lives until the root closes.
  std::vector<std::unique_ptr<Database>> retired_;
  std::shared_ptr<OidSource> role_ids_ = std::make_shared<OidSource>();
};

}  // namespace blueshift
