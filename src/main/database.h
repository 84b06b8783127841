#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "catalog/catalog.h"
#include "main/activity.h"
#include "main/session.h"
#include "util/status.h"

namespace blueshift {

namespace storage {
class Store;
class VacuumScheduler;
}  // namespace storage
class WriteStoreFolder;
class IdentityGenerator;
class DatabaseSet;

struct DatabaseOptions {
  std::string data_dir;
  int num_slices = 0;                 // 0 = one per core
  bool auto_vacuum = true;            // the background vacuum (docs/design/vacuum.md); SET auto_vacuum switches it too
  int history_retention_hours = 168;  // how long STL_QUERY, STL_CONNECTION_LOG, ... keep their rows
  uint64_t query_working_mem_mb = 0;  // a WLM slot's memory per query (main/query_memory.h); 0 = the default
};

// Database is one database of a data directory: its store (catalog versions and data), its commit order and
// background workers. The root database, dev, lives in the data directory itself and owns the others that
// CREATE DATABASE made (DatabaseSet, DIR/databases/<oid>/); users, groups and the list of databases are
// shared by all of them (catalog/cluster_catalog.h). Every session of a server connected to one database
// shares its Database. Thread-safe.
class Database {
 public:
  // Opens the data directory: dev and every other database its catalog names.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  // Opens one database of root's data directory in `dir` (database_set.h). REQUIRES: root outlives it.
  static Result<std::unique_ptr<Database>> OpenOther(Database* root, const std::string& dir);
  ~Database();

  // Opens a session on this database; a process_id of 0 gets a fresh one (sessions opened in-process).
  std::unique_ptr<Session> Connect(SessionOptions options);
  // Opens a session on database options.database of this data directory (empty: dev); 3D000 when there is
  // none, 53300 when a user who is not a superuser would exceed the database's CONNECTION LIMIT.
  Result<std::unique_ptr<Session>> ConnectTo(SessionOptions options);
  // The database `name` of this data directory (dev is the root), null when there is none. The object
  // lives as long as the root.
  Database* FindDatabase(const std::string& name);
  // The root database (dev) and the set of all databases it owns.
  Database* root() { return root_; }
  DatabaseSet* databases();
  // The sessions connected to this database.
  size_t SessionCount();
  storage::Store* store() { return store_.get(); }
  // User VACUUMs and the background vacuum.
  storage::VacuumScheduler* vacuum() { return vacuum_.get(); }
  // Query and connection history, shared by every database of the data directory (the root's).
  Activity* activity() { return root_->activity_.get(); }
  int num_slices() const;
  // The server's query_working_mem in MB (a session's default).
  uint64_t query_working_mem_mb() const { return query_working_mem_mb_; }
  // Hands out `count` IDENTITY values (the first is returned, the others follow by the step): see
  // IdentityGenerator::Allocate.
  Result<int64_t> AllocateIdentity(const TableDef& table, int column, int64_t count);
  // Serializes commits: held from the conflict check to the publication of the new version.
  std::mutex& commit_mutex() { return commit_mu_; }
  // Where transactions' catalog copies take new oids from (catalog.h: OidSource).
  const std::shared_ptr<OidSource>& oid_source() const { return oid_source_; }
  // The sessions by process id, for PG_TERMINATE_BACKEND (process id 0: not registered).
  void RegisterSession(int32_t pid, Session* session);
  void UnregisterSession(int32_t pid, Session* session);
  // Ends the session: its transaction's locks are released at once, the transaction can no longer commit,
  // and the session (and its connection) ends. False when no session of any database of the data directory
  // has that process id.
  bool TerminateBackend(int32_t pid);
  // Numbers sessions for their temp schema names (temp_schema.h).
  uint64_t NextSessionNumber() { return next_session_.fetch_add(1); }
  // Folds the write store into segment files now (it also happens in the background).
  Result<int> FoldWriteStore();
  // A commit added `segments` write-store segments (WriteStoreFolder::Grew).
  void WriteStoreGrew(size_t segments);

 private:
  Database() = default;
  static Result<std::unique_ptr<Database>> OpenStore(const DatabaseOptions& options, Database* root);
  bool TerminateLocal(int32_t pid);
  friend class DatabaseSet;

  Database* root_ = this;
  DatabaseOptions options_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Activity> activity_;
  uint64_t query_working_mem_mb_ = 0;
  std::atomic<int32_t> next_local_pid_{1 << 20};
  std::mutex commit_mu_;
  std::shared_ptr<OidSource> oid_source_ = std::make_shared<OidSource>();
  std::unique_ptr<storage::VacuumScheduler> vacuum_;  // after store_ and commit_mu_: destroyed before them
  std::atomic<uint64_t> next_session_{1};
  std::mutex sessions_mu_;
  std::map<int32_t, Session*> sessions_;
  std::unique_ptr<IdentityGenerator> identity_;  // after store_ and commit_mu_
  std::unique_ptr<WriteStoreFolder> folder_;     // stops before the store goes
  std::unique_ptr<DatabaseSet> others_;          // the root's; last: the others close first
};

}  // namespace blueshift
