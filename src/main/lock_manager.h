#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "util/status.h"

namespace blueshift {

// Table lock modes, weakest first, with PostgreSQL's names as SVV_TRANSACTIONS shows them and
// PostgreSQL's conflicts. Reads take AccessShareLock; INSERT and COPY RowExclusiveLock (an "insert lock":
// appends from many sessions go on side by side); UPDATE, DELETE and MERGE ShareRowExclusiveLock (a
// "delete lock": such writers of one table queue behind each other and behind inserts, as in Redshift,
// instead of failing with 1023); LOCK, TRUNCATE, ALTER and DROP AccessExclusiveLock, which makes readers
// wait too.
enum class LockMode { kAccessShare, kRowExclusive, kShareRowExclusive, kAccessExclusive };
const char* LockModeName(LockMode mode);

int64_t NowMicros();  // microseconds since the Unix epoch

// Who a transaction is, for the lock views.
struct TxnInfo {
  uint64_t xid = 0;
  int32_t pid = 0;
  std::string user;
  std::string database;
  int64_t start_us = 0;  // microseconds since the epoch
};

// A row of STV_LOCKS / SVV_TRANSACTIONS.
struct LockRow {
  TxnInfo txn;
  Oid table = 0;
  LockMode mode = LockMode::kAccessShare;
  bool granted = true;
  int64_t since_us = 0;        // when the lock was asked for
  int64_t last_commit_us = 0;  // the table's last commit in this process (0: none)
};

// A row of STL_TR_CONFLICT: a transaction rolled back by a serializable isolation violation.
struct ConflictRow {
  uint64_t xid = 0;
  int32_t pid = 0;
  int64_t start_us = 0;
  int64_t abort_us = 0;
  Oid table = 0;
};

// LockManager holds the table locks of every open transaction of the process, until the transaction ends.
// A request that conflicts with another transaction's lock waits, checking every 100 ms for a cancel
// request, and fails with 40P01 when waiting would close a cycle of waiting transactions (deadlock).
// It also keeps the log of serializable isolation conflicts. Process-wide (one Database per process
// serves clients); thread-safe.
class LockManager {
 public:
  static LockManager& Global();

  // Transaction ids: one counter for the process, so the lock views, STL_TR_CONFLICT and the query history
  // (which survives restarts: Activity reserves the ids it loads) name a transaction alike.
  uint64_t NextXid() { return next_xid_.fetch_add(1); }
  void ReserveXidsThrough(uint64_t xid) {
    uint64_t next = next_xid_.load();
    while (next <= xid && !next_xid_.compare_exchange_weak(next, xid + 1)) {
    }
  }
  // Makes a transaction known (SVV_TRANSACTIONS shows it from its first lock on).
  void Begin(const TxnInfo& txn);
  // Waits until txn may hold `mode` on table. Errors: 57014 when *cancel becomes true, 40P01 on a deadlock,
  // 57P01 when the transaction was terminated (Terminate).
  Status Acquire(uint64_t xid, Oid table, LockMode mode, const std::atomic<bool>* cancel);
  // Takes a lock txn does not hold yet when no other transaction holds a conflicting one; never waits.
  bool TryAcquire(uint64_t xid, Oid table, LockMode mode);
  // Ends the transaction: its locks go and waiters wake.
  void End(uint64_t xid);
  // Ends every transaction of the backend pid and marks them terminated; false when it has none.
  bool TerminateBackend(int32_t pid);
  bool Terminated(uint64_t xid) const;

  void RecordCommit(Oid table, int64_t at_us);
  void RecordConflict(const ConflictRow& row);

  // Held and awaited locks, oldest transaction first; a transaction without locks gives one row of table 0.
  std::vector<LockRow> Locks() const;
  std::vector<ConflictRow> Conflicts() const;

 private:
  struct Held {
    LockMode mode;
    bool granted;
    int64_t since_us;
    // A stronger mode the transaction waits for while `mode` stays granted (LOCK after a SELECT of the
    // table): the lock it holds keeps protecting the table meanwhile, and counts in deadlock detection.
    std::optional<LockMode> upgrade;
  };
  struct Txn {
    TxnInfo info;
    std::map<Oid, Held> locks;  // at most one entry per table: the strongest mode asked for
  };
  bool Conflicts(uint64_t xid, Oid table, LockMode mode, std::vector<uint64_t>* blockers) const;
  bool WouldDeadlock(uint64_t xid, const std::vector<uint64_t>& blockers) const;

  std::atomic<uint64_t> next_xid_{1000};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, Txn> txns_;
  std::map<uint64_t, bool> terminated_;  // xids ended by TerminateBackend
  std::map<Oid, int64_t> last_commit_;
  std::vector<ConflictRow> conflicts_;
};

}  // namespace blueshift
