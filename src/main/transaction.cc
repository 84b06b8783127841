#include "main/transaction.h"

#include <algorithm>

#include "main/database.h"

namespace blueshift {

Transaction::Transaction(Database* db, std::shared_ptr<const storage::DbVersion> base)
    : db_(db), base_(std::move(base)) {}

Catalog& Transaction::MutableCatalog() {
  if (!catalog_) catalog_ = std::make_shared<Catalog>(*base_->catalog);
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

std::shared_ptr<const storage::TableData> Transaction::TableData(Oid table) {
  std::lock_guard<std::mutex> lock(mu_);
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
  for (const auto& seg : it->second.added) view->slices[seg->slice].push_back({seg, nullptr});
  for (auto& slice : view->slices) {
    for (auto& seg : slice) {
      auto d = it->second.deleted.find(seg.meta->id);
      if (d == it->second.deleted.end()) continue;
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

static Status SerializationError(const std::string& table) {
  return Status(ErrorCode::kSerializationFailure,
                "1023 DETAIL: Serializable isolation violation on table - " + table +
                    ", transactions forming the cycle are: this transaction and a concurrent one");
}

Status Transaction::Commit() {
  if (!HasChanges()) return Status::OK();
  std::lock_guard<std::mutex> commit_lock(db_->commit_mutex());
  auto current = db_->store()->Current();
  if (catalog_ && current->catalog != base_->catalog) return SerializationError("pg_catalog");
  storage::CommitRequest req;
  req.catalog = catalog_;
  for (auto& [oid, change] : changes_) {
    bool exists_now = current->tables.count(oid) > 0;
    if (!change.created && !exists_now) {
      auto t = base_->catalog->FindTableByOid(oid);
      return SerializationError(t ? t->name : std::to_string(oid));
    }
    // Deletes (or a truncation) against a table someone else changed since our snapshot have no serial order
    // with theirs.
    bool rewrites = !change.deleted.empty() || change.truncated;
    if (rewrites && base_->tables.count(oid) && current->tables.at(oid) != base_->tables.at(oid)) {
      auto t = base_->catalog->FindTableByOid(oid);
      return SerializationError(t ? t->name : std::to_string(oid));
    }
    req.tables.push_back(change);
  }
  auto published = db_->store()->Commit(*current, req);
  if (!published.ok()) return published.status();
  changes_.clear();
  catalog_.reset();
  return Status::OK();
}

}  // namespace blueshift
