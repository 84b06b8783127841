#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "exec/exec_context.h"
#include "storage/store.h"

namespace blueshift {

class Database;

// Transaction is one transaction's view and its pending changes: the committed version it started from
// (its snapshot), its own copy of the catalog once it runs DDL, and the segments and deletes it wrote.
// Nothing is visible to others until Commit publishes a new version. Thread-safe for the executor's
// concurrent calls; Commit/Rollback are called by the owning session only.
class Transaction : public TransactionContext {
 public:
  Transaction(Database* db, std::shared_ptr<const storage::DbVersion> base);

  const Catalog& catalog() const override { return catalog_ ? *catalog_ : *base_->catalog; }
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

  // Publishes the changes as the next version. On a conflict with a concurrent commit: 40001 with
  // Redshift's "1023" serializable isolation message; the transaction is then rolled back.
  Status Commit();
  bool HasChanges() const { return catalog_ != nullptr || !changes_.empty(); }

 private:
  Database* db_;
  std::shared_ptr<const storage::DbVersion> base_;
  std::shared_ptr<Catalog> catalog_;
  std::mutex mu_;
  std::map<Oid, storage::CommitRequest::TableChange> changes_;
};

}  // namespace blueshift
