#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "exec/exec_context.h"
#include "main/lock_manager.h"
#include "storage/store.h"

namespace blueshift {

class Database;

// Transaction is one transaction's view and its pending changes: the committed version it started from
// (its snapshot), its own copy of the catalog once it runs DDL, and the segments and deletes it wrote.
// Nothing is visible to others until Commit publishes a new version. Thread-safe for the executor's
// concurrent calls; Commit/Rollback are called by the owning session only.
class Transaction : public TransactionContext {
 public:
  // xid: the transaction's id (LockManager::NextXid), 0 to take a new one.
  // Reads the newest durable version of db's store (taken as ConflictTracker::Begin says).
  explicit Transaction(Database* db, uint64_t xid = 0);
  // Releases the transaction's locks; without a Commit, also removes the segment files it wrote
  // (Store::RemoveUnpublishedFiles).
  ~Transaction() override;

  // Who runs the transaction, for the lock views; cancel (the session's flag) interrupts a lock wait.
  void SetOwner(int32_t pid, std::string user, std::string database, const std::atomic<bool>* cancel);
  uint64_t xid() const { return info_.xid; }
  // Takes a table lock, held until the transaction ends (lock_manager.h); may wait.
  Status Lock(Oid table, LockMode mode);
  // Takes a table lock the transaction does not hold when nobody holds a conflicting one; false otherwise.
  bool TryLock(Oid table, LockMode mode);
  // Records a read or write of a table for serializable isolation (conflict_tracker.h): 40001 with Redshift's
  // 1023 message when it closes a cycle with a concurrent transaction. Under SNAPSHOT isolation (the
  // database's level, catalog/database_def.h) such cycles are allowed: nothing is checked.
  Status Access(Oid table, bool write);
  // Moves the snapshot to the newest durable version while the transaction has read and written nothing
  // (a statement that waited for a lock then sees what the lock's holder committed). Returns whether the
  // snapshot's catalog changed: a statement bound against the old one must be bound again.
  bool RefreshSnapshot();

  const Catalog& catalog() const override { return catalog_ ? *catalog_ : *base_->catalog; }
  // The snapshot's catalog (immutable) while the transaction has no catalog copy of its own; else null.
  std::shared_ptr<const Catalog> SnapshotCatalog() const { return catalog_ ? nullptr : base_->catalog; }
  // The transaction's own catalog copy, made on first use.
  Catalog& MutableCatalog();
  void TableCreated(Oid table);
  void TableDropped(Oid table);
  // Drops every row of the table at commit (TRUNCATE, a table rewrite): earlier writes to it are forgotten;
  // segments added afterwards are the table's new contents.
  void TableTruncated(Oid table);

  std::shared_ptr<const storage::TableData> TableData(Oid table) override;
  void AddSegments(Oid table, std::vector<std::shared_ptr<const storage::SegmentMeta>> segments) override;
  void AddDeletes(Oid table, uint64_t segment_id, std::vector<uint32_t> rows) override;
  Result<int64_t> AllocateIdentity(const TableDef& table, int column, int64_t count) override;
  const storage::Store* statistics_store() const override;

  // Publishes the changes as the next version. On a conflict with a concurrent commit: 40001 with
  // Redshift's "1023" serializable isolation message; the transaction is then rolled back.
  Status Commit();
  bool HasChanges() const { return catalog_ != nullptr || !changes_.empty(); }
  // The tables this transaction added rows to.
  std::vector<Oid> WrittenTables();

 private:
  // Conflict checks and the store commit under the database's commit lock; *wait_lsn is what to wait for.
  // cluster_change: the catalog's cluster part changed (commits it in the root first); *committed is then
  // set to the catalog committed (rebased on concurrent commits).
  Status Publish(uint64_t* wait_lsn, bool cluster_change, std::shared_ptr<const Catalog>* committed);
  // The store commit of a cluster change made in a database other than the root, in two phases: this
  // database's commit is prepared, the root's catalog commit (the commit point) records it, then it is
  // made current. A crash before the root's commit loses all of it, one after is finished at Open
  // (database_set.h). REQUIRES: the commit lock and the cluster mutex held.
  Result<std::shared_ptr<const storage::DbVersion>> CommitWithRoot(const storage::DbVersion& current,
                                                                   const storage::CommitRequest& request);

  // Whether a row the change deletes is already deleted in `current`: the rows a transaction deletes were
  // live in its snapshot, so a concurrent commit deleted (or updated) it.
  static bool DeletesDeletedRows(const storage::DbVersion& current, const storage::CommitRequest::TableChange& change);

  // Applies this transaction's catalog changes to `current`, which others changed since its snapshot,
  // unless an object it changed or relies on, or a table it wrote rows to, was changed there too: then
  // 1023 naming that table (catalog/catalog_rebase.h). Tables it only read do not count: having read
  // their earlier definition orders it before the other transaction, which is a serial order (rows read
  // and written are checked by the conflict tracker). REQUIRES: the commit lock held.
  Status RebaseCatalog(const Catalog& current);

  // Logs a conflict (STL_TR_CONFLICT) and returns the 1023 error naming the transactions of the cycle (this
  // one first); with only this one, the other is a concurrent commit.
  Status Conflict(Oid table, const std::vector<uint64_t>& xids);

  // The isolation level of the transaction's database in its snapshot's catalog. REQUIRES: mu_ held.
  IsolationLevel LevelLocked() const;
  // The version a snapshot taken now would hold (the conflict tracker's `visible`).
  uint64_t Visible() const;

  Database* db_;
  TxnInfo info_;
  std::atomic<bool> snapshot_isolation_{false};
  const std::atomic<bool>* cancel_ = nullptr;
  std::atomic<bool> touched_{false};  // read or wrote anything
  bool committed_ = false;            // Commit published its changes (or it had none)
  std::shared_ptr<const storage::DbVersion> base_;
  std::shared_ptr<Catalog> catalog_;
  std::mutex mu_;
  std::map<Oid, storage::CommitRequest::TableChange> changes_;
};

}  // namespace blueshift
