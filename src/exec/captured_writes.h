#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "exec/exec_context.h"

namespace blueshift {

// CapturedWrites is a TransactionContext that reads through to a transaction but holds back the segments
// and deletes a plan writes. A plan that reads the table it writes (UPDATE, a table rewrite) must not meet
// its own new rows while it runs; the caller publishes the writes once the plan finished, or keeps them to
// use otherwise (a rewrite replaces the table's segments with them). Thread-safe.
class CapturedWrites : public TransactionContext {
 public:
  // REQUIRES: txn outlives this object.
  explicit CapturedWrites(TransactionContext* txn) : txn_(txn) {}

  std::shared_ptr<const storage::TableData> TableData(Oid table) override { return txn_->TableData(table); }
  const storage::Store* statistics_store() const override { return txn_->statistics_store(); }
  const Catalog& catalog() const override { return txn_->catalog(); }
  void AddSegments(Oid table, std::vector<std::shared_ptr<const storage::SegmentMeta>> segments) override;
  void AddDeletes(Oid table, uint64_t segment_id, std::vector<uint32_t> rows) override;
  Result<int64_t> AllocateIdentity(const TableDef& table, int column, int64_t count) override {
    return txn_->AllocateIdentity(table, column, count);
  }

  // Hands everything held back to the transaction, and forgets it.
  void Publish();
  // The segments written into a table so far (moved out).
  std::vector<std::shared_ptr<const storage::SegmentMeta>> TakeSegments(Oid table);

 private:
  TransactionContext* txn_;
  std::mutex mu_;
  std::map<Oid, std::vector<std::shared_ptr<const storage::SegmentMeta>>> segments_;
  std::map<Oid, std::map<uint64_t, std::vector<uint32_t>>> deletes_;
};

}  // namespace blueshift
