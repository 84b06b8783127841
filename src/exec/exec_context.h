#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/table_def.h"
#include "exec/memory_tracker.h"
#include "exec/query_profile.h"
#include "exec/spill_file.h"
#include "storage/store.h"
#include "system/system_table.h"
#include "util/status.h"

namespace blueshift {

class PhysicalOperator;
struct GlobalSinkState {
  virtual ~GlobalSinkState() = default;
};
// What the tasks of one run of a pipeline share through its source (a table scan's queue of morsels), made
// by PhysicalOperator::InitSourceShare before the tasks start.
struct SourceShare {
  virtual ~SourceShare() = default;
};

// What an executing plan needs from the transaction it runs in: the table data it sees (its snapshot plus
// its own uncommitted writes) and a place to leave its writes until commit. Implemented by the session's
// Transaction; thread-safe, since slices call it concurrently.
class TransactionContext {
 public:
  virtual ~TransactionContext() = default;
  virtual std::shared_ptr<const storage::TableData> TableData(Oid table) = 0;
  // The catalog version the transaction sees (its own DDL included).
  virtual const Catalog& catalog() const = 0;
  virtual void AddSegments(Oid table, std::vector<std::shared_ptr<const storage::SegmentMeta>> segments) = 0;
  virtual void AddDeletes(Oid table, uint64_t segment_id, std::vector<uint32_t> rows) = 0;
  // Reserves `count` values of an IDENTITY column; returns the first (the others follow by its step).
  virtual Result<int64_t> AllocateIdentity(const TableDef& table, int column, int64_t count) = 0;
  // The store whose segment sketches (distinct counts, frequent values) the optimizer's estimates read; null
  // when there is none (estimates from row counts and zone maps only).
  virtual const storage::Store* statistics_store() const { return nullptr; }
};

// Per-execution state shared by every slice running a plan: the transaction, the store, cancellation and
// the global state of every sink (so a sink's later source role finds it). Created per statement.
class ExecContext {
 public:
  ExecContext(TransactionContext* txn, storage::Store* store, const std::atomic<bool>* cancel)
      : txn_(txn), store_(store), cancel_(cancel), spill_(store->dir(), &memory_) {}
  ~ExecContext();

  TransactionContext* txn() const { return txn_; }
  storage::Store* store() const { return store_; }
  int num_slices() const { return store_->num_slices(); }
  const std::atomic<bool>* cancel_flag() const { return cancel_; }
  // 57014 when the client asked to cancel.
  Status CheckCancel() const;

  // Who runs the statement, for system tables' rows.
  const SystemContext& system_context() const { return system_; }
  void set_system_context(SystemContext s) { system_ = std::move(s); }

  // The runtime statistics of the plan run in this context (filled by ExecutePlan).
  QueryProfile& profile() { return *profile_; }
  const std::shared_ptr<QueryProfile>& shared_profile() const { return profile_; }
  // The query's memory: its limit (0 = none; set before execution) and what its operators hold.
  MemoryTracker& memory() { return memory_; }
  void set_memory_limit(uint64_t bytes) { memory_.set_limit(bytes); }
  // Where operators that outgrow the memory limit spill (removed when the context is destroyed).
  SpillSpace& spill() { return spill_; }

  GlobalSinkState* sink_state(const PhysicalOperator* op) const;
  void set_sink_state(const PhysicalOperator* op, std::unique_ptr<GlobalSinkState> state);
  // The share of a source's current run (nullptr when it has none); replaced at each run of its pipeline.
  SourceShare* source_share(const PhysicalOperator* op) const;
  void set_source_share(const PhysicalOperator* op, std::unique_ptr<SourceShare> share);

 private:
  TransactionContext* txn_;
  storage::Store* store_;
  const std::atomic<bool>* cancel_;
  SystemContext system_;
  std::shared_ptr<QueryProfile> profile_ = std::make_shared<QueryProfile>();
  // Declared before the sink states, which hold reservations and spill files: destroyed after them.
  MemoryTracker memory_;
  SpillSpace spill_;
  mutable std::mutex mu_;
  std::map<const PhysicalOperator*, std::unique_ptr<GlobalSinkState>> sink_states_;
  std::map<const PhysicalOperator*, std::unique_ptr<SourceShare>> source_shares_;
};

}  // namespace blueshift
