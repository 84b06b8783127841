#include "main/transaction.h"

#include <algorithm>

#include "catalog/catalog_rebase.h"
#include "catalog/cluster_catalog.h"
#include "main/conflict_tracker.h"
#include "main/database.h"
#include "main/database_set.h"
#include "util/crash_point.h"

namespace blueshift {

Transaction::Transaction(Database* db, uint64_t xid) : db_(db) {
  info_.xid = xid != 0 ? xid : LockManager::Global().NextXid();
  info_.start_us = NowMicros();
  ConflictTracker::Global().Begin(db_, info_.xid, [this] {
    base_ = db_->store()->Snapshot();
    return base_->version;
  });
}

uint64_t Transaction::Visible() const {
  return db_->store()->Snapshot()->version;
}

Transaction::~Transaction() {
  ConflictTracker::Global().End(db_, info_.xid, Visible());
  LockManager::Global().End(info_.xid);
  if (committed_) return;
  // Rolled back: the segment files it wrote go now rather than at the write-store folder's next round.
  changes_.clear();
  db_->store()->RemoveUnpublishedFiles();
}

IsolationLevel Transaction::LevelLocked() const {
  const DatabaseDef* db = base_->catalog->FindDatabase(info_.database.empty() ? kDefaultDatabase : info_.database);
  return db ? db->isolation : IsolationLevel::kSerializable;
}

Status Transaction::Access(Oid table, bool write) {
  if (snapshot_isolation_.load()) return Status::OK();
  std::vector<uint64_t> cycle = ConflictTracker::Global().Access(db_, info_.xid, table, write);
  return cycle.empty() ? Status::OK() : Conflict(table, cycle);
}

void Transaction::SetOwner(int32_t pid, std::string user, std::string database, const std::atomic<bool>* cancel) {
  info_.pid = pid;
  info_.user = std::move(user);
  info_.database = std::move(database);
  cancel_ = cancel;
  LockManager::Global().Begin(info_);
  std::lock_guard<std::mutex> lock(mu_);
  snapshot_isolation_ = LevelLocked() == IsolationLevel::kSnapshot;
}

Status Transaction::Lock(Oid table, LockMode mode) {
  return LockManager::Global().Acquire(info_.xid, table, mode, cancel_);
}

bool Transaction::TryLock(Oid table, LockMode mode) {
  return LockManager::Global().TryAcquire(info_.xid, table, mode);
}

bool Transaction::RefreshSnapshot() {
  std::lock_guard<std::mutex> lock(mu_);
  if (touched_ || catalog_ || !changes_.empty()) return false;
  std::shared_ptr<const Catalog> before = base_->catalog;
  ConflictTracker::Global().Refresh(db_, info_.xid, [this] {
    base_ = db_->store()->Snapshot();
    return base_->version;
  });
  snapshot_isolation_ = LevelLocked() == IsolationLevel::kSnapshot;
  return base_->catalog != before;
}

Catalog& Transaction::MutableCatalog() {
  touched_ = true;
  if (!catalog_) {
    catalog_ = std::make_shared<Catalog>(*base_->catalog);
    catalog_->set_oid_source(db_->oid_source());
    if (DatabaseSet* cluster = db_->databases()) catalog_->MutableSecurity().set_id_source(cluster->role_id_source());
  }
  return *catalog_;
}

void Transaction::TableCreated(Oid table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = changes_[table];
  c.table = table;
  c.created = true;
}

void Transaction::TableDropped(Oid table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = changes_.find(table);
  if (it != changes_.end() && it->second.created) {  // created and dropped in this transaction: nothing to do
    changes_.erase(it);
    return;
  }
  auto& c = changes_[table];
  c.table = table;
  c.dropped = true;
  c.added.clear();
  c.deleted.clear();
}

void Transaction::TableTruncated(Oid table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = changes_[table];
  c.table = table;
  c.truncated = true;
  c.added.clear();
  c.deleted.clear();
}

const storage::Store* Transaction::statistics_store() const {
  return db_->store();
}

std::shared_ptr<const storage::TableData> Transaction::TableData(Oid table) {
  std::lock_guard<std::mutex> lock(mu_);
  touched_ = true;
  std::shared_ptr<const storage::TableData> base;
  auto bt = base_->tables.find(table);
  if (bt != base_->tables.end()) base = bt->second;
  auto it = changes_.find(table);
  if (it == changes_.end() || (it->second.added.empty() && it->second.deleted.empty() && !it->second.truncated)) {
    if (base) return base;
    auto empty = std::make_shared<storage::TableData>();
    empty->table_oid = table;
    return empty;
  }
  // Overlay this transaction's own writes on the snapshot.
  auto view = std::make_shared<storage::TableData>();
  view->table_oid = table;
  view->slices.resize(db_->num_slices());
  if (base && !it->second.truncated) {
    for (size_t s = 0; s < base->slices.size() && s < view->slices.size(); s++) view->slices[s] = base->slices[s];
  }
  // Added first: the transaction may have deleted rows it inserted itself.
  for (const auto& seg : it->second.added) view->slices[seg->slice].Mutable().push_back({seg, nullptr});
  for (auto& slice : view->slices) {
    for (size_t k = 0; k < slice.size(); k++) {
      auto d = it->second.deleted.find(slice[k].meta->id);
      if (d == it->second.deleted.end()) continue;
      storage::SegmentState& seg = slice.Mutable()[k];
      auto merged = std::make_shared<storage::DeleteSet>();
      if (seg.deletes) merged->rows = seg.deletes->rows;
      merged->rows.insert(merged->rows.end(), d->second.begin(), d->second.end());
      std::sort(merged->rows.begin(), merged->rows.end());
      merged->rows.erase(std::unique(merged->rows.begin(), merged->rows.end()), merged->rows.end());
      seg.deletes = merged;
    }
  }
  return view;
}

void Transaction::AddSegments(Oid table, std::vector<std::shared_ptr<const storage::SegmentMeta>> segments) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = changes_[table];
  c.table = table;
  for (auto& s : segments) c.added.push_back(std::move(s));
}

std::vector<Oid> Transaction::WrittenTables() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Oid> out;
  for (const auto& [oid, change] : changes_) {
    if (!change.added.empty() && !change.dropped) out.push_back(oid);
  }
  return out;
}

void Transaction::AddDeletes(Oid table, uint64_t segment_id, std::vector<uint32_t> rows) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = changes_[table];
  c.table = table;
  auto& d = c.deleted[segment_id];
  d.insert(d.end(), rows.begin(), rows.end());
}

Result<int64_t> Transaction::AllocateIdentity(const TableDef& table, int column, int64_t count) {
  return db_->AllocateIdentity(table, column, count);
}

Status Transaction::Conflict(Oid table, const std::vector<uint64_t>& xids) {
  LockManager::Global().RecordConflict({info_.xid, info_.pid, info_.start_us, NowMicros(), table});
  std::string cycle;
  for (uint64_t xid : xids) cycle += (cycle.empty() ? "" : ", ") + std::to_string(xid);
  if (xids.size() == 1) cycle += ", a concurrent transaction";
  return Status(ErrorCode::kSerializationFailure,
                "1023 DETAIL: Serializable isolation violation on table - " + std::to_string(table) +
                    ", transactions forming the cycle are: " + cycle + " (pid:" + std::to_string(info_.pid) + ")");
}

bool Transaction::DeletesDeletedRows(const storage::DbVersion& current,
                                     const storage::CommitRequest::TableChange& change) {
  if (change.deleted.empty()) return false;
  auto t = current.tables.find(change.table);
  if (t == current.tables.end()) return false;
  for (const auto& segments : t->second->slices) {
    for (const storage::SegmentState& s : segments) {
      if (!s.deletes) continue;
      auto mine = change.deleted.find(s.meta->id);
      if (mine == change.deleted.end()) continue;
      for (uint32_t row : mine->second) {
        if (s.deletes->Contains(row)) return true;  // live in this transaction's snapshot, gone now
      }
    }
  }
  return false;
}

Status Transaction::RebaseCatalog(const Catalog& current) {
  std::vector<Oid> written;
  for (const auto& [table, change] : changes_) written.push_back(table);
  auto conflict = FindConflict(*base_->catalog, *catalog_, current, written);
  if (conflict) return Conflict(conflict->second, {info_.xid});
  catalog_ = std::make_shared<Catalog>(Rebase(*base_->catalog, *catalog_, current));
  return Status::OK();
}

Status Transaction::Commit() {
  if (!HasChanges()) {
    ConflictTracker::Global().Commit(db_, info_.xid, 0, Visible());
    committed_ = true;
    return Status::OK();
  }
  // A change to users, groups, database grants or databases goes to every database of the data directory
  // (database_set.h); such commits are serialized across databases.
  std::unique_lock<std::mutex> cluster_lock;
  if (catalog_ && !SameClusterPart(*base_->catalog, *catalog_)) {
    cluster_lock = std::unique_lock<std::mutex>(db_->databases()->cluster_mutex());
  }
  const bool cluster_change = cluster_lock.owns_lock();
  uint64_t wait_lsn = 0;
  // The catalog that was committed: this transaction's own, rebased on commits made since its snapshot. Its
  // cluster part is what every database must now have: the one before the rebase would miss a database
  // created meanwhile, which Propagate would then close and remove, with its committed rows.
  std::shared_ptr<const Catalog> committed;
  RETURN_IF_ERROR(Publish(&wait_lsn, cluster_change, &committed));
  committed_ = true;
  // Outside the commit lock: concurrent committers share the log's fsync (group commit).
  RETURN_IF_ERROR(db_->store()->WaitDurable(wait_lsn));
  if (!cluster_change) return Status::OK();
  CrashPoint("cluster_change_before_propagate");
  return db_->databases()->Propagate(*committed, db_);
}

Status Transaction::Publish(uint64_t* wait_lsn, bool cluster_change, std::shared_ptr<const Catalog>* committed) {
  std::lock_guard<std::mutex> commit_lock(db_->commit_mutex());
  auto current = db_->store()->Current();
  if (LockManager::Global().Terminated(info_.xid)) {
    return Status(ErrorCode::kAdminShutdown, "terminating connection due to administrator command");
  }
  if (catalog_ && current->catalog != base_->catalog) RETURN_IF_ERROR(RebaseCatalog(*current->catalog));
  storage::CommitRequest req;
  req.catalog = catalog_;
  for (auto& [oid, change] : changes_) {
    bool exists_now = current->tables.count(oid) > 0;
    if (!change.created && !exists_now) {
      return Conflict(oid, {info_.xid});
    }
    // Rows written on the definition of this transaction's snapshot, which a concurrent ALTER replaced.
    if (!change.created && current->catalog != base_->catalog &&
        current->catalog->FindTableByOid(oid) != base_->catalog->FindTableByOid(oid)) {
      return Conflict(oid, {info_.xid});
    }
    // A truncation or table rewrite from a snapshot that misses rows committed since would drop them.
    if (change.truncated && base_->tables.count(oid) &&
        current->tables.at(oid)->rows_version != base_->tables.at(oid)->rows_version) {
      return Conflict(oid, {info_.xid});
    }
    // Rows this transaction deletes (or updates) that a concurrent commit deleted or updated first: a lost
    // update under either level (under SERIALIZABLE the conflict tracker has already failed the statement
    // that read the table the other wrote). Rows others only added never conflict.
    if (DeletesDeletedRows(*current, change)) return Conflict(oid, {info_.xid});
    req.tables.push_back(change);
  }
  // Recorded as committed before the new version can be in anyone's snapshot. Under the commit lock the
  // store's next version is the current one's successor.
  const uint64_t version = current->version + 1;
  ConflictTracker::Global().Commit(db_, info_.xid, version, Visible());
  auto published = cluster_change && db_ != db_->root() ? CommitWithRoot(*current, req)
                                                        : db_->store()->Commit(*current, req, wait_lsn);
  if (!published.ok() || (*published)->version != version)
    ConflictTracker::Global().CommitFailed(db_, info_.xid, version, Visible());
  // The store finds the same for rows a fold moved to a new segment meanwhile.
  if (!published.ok() && published.status().code() == ErrorCode::kSerializationFailure && !req.tables.empty()) {
    return Conflict(req.tables.front().table, {info_.xid});
  }
  if (!published.ok()) return published.status();
  int64_t now = NowMicros();
  size_t write_store_segments = 0;
  for (const auto& ch : req.tables) {
    LockManager::Global().RecordCommit(ch.table, now);
    for (const auto& meta : ch.added) write_store_segments += meta->memory_image ? 1 : 0;
  }
  if (write_store_segments > 0) db_->WriteStoreGrew(write_store_segments);
  if (cluster_change) *committed = req.catalog;
  changes_.clear();
  catalog_.reset();
  return Status::OK();
}

Result<std::shared_ptr<const storage::DbVersion>> Transaction::CommitWithRoot(const storage::DbVersion& current,
                                                                              const storage::CommitRequest& request) {
  ASSIGN_OR_RETURN(storage::PreparedCommit prepared, db_->store()->Prepare(current, request));
  CrashPoint("cluster_change_prepared");
  Status decided = db_->databases()->CommitClusterPart(*catalog_, db_, prepared.next->version);
  if (!decided.ok()) {
    // The root's commit may have failed after its commit point (its CURRENT switched, then an I/O error):
    // the decision stands on disk, so the prepared commit must stay for the next Open to finish.
    storage::Store* root = db_->root()->store();
    auto on_disk = storage::Store::CurrentVersionOf(root->dir());
    if (on_disk.ok() && *on_disk <= root->Current()->version) {
      db_->store()->AbortPrepared(std::move(prepared));
    } else {
      db_->store()->AbandonPrepared(std::move(prepared), decided);
    }
    return decided;
  }
  CrashPoint("cluster_change_before_origin");
  return db_->store()->CommitPrepared(std::move(prepared));
}

}  // namespace blueshift
