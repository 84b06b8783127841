#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "catalog/table_def.h"

namespace blueshift {

// ConflictTracker finds the histories that Redshift's serializable isolation forbids, at table granularity.
// Each transaction is a node; an edge A -> B says A must come before B in any serial order with the same
// results:
//   - A reads a table B writes, and A does not see B's write (B is open, or committed after A's snapshot);
//   - B reads or writes a table A wrote, and B sees A (A committed before B's snapshot).
// A history is serializable exactly when these edges form no cycle. The statement whose read or write
// closes a cycle fails (1023), as in Redshift, where "the last operation run causes the serializable
// isolation error"; cycles may run through any number of transactions, committed ones included.
//
// A write that does not depend on the table's rows (INSERT, COPY) is recorded as a write alone; UPDATE,
// DELETE, MERGE, TRUNCATE and DDL also read the table. Two blind writes of one table order nothing: appends
// commute.
//
// What a transaction sees is exact: its snapshot is a version of its database's store, and a commit is
// the version it made (versions of one database are numbered in commit order; a snapshot holds every
// version up to its own). Each database is tracked apart: transactions of different databases share no
// tables. Committed transactions are kept while a cycle may still pass through them (Prune). Process-wide;
// thread-safe.
class ConflictTracker {
 public:
  // A database, told apart by the address of its object (its transactions all end before it goes).
  using DbKey = const void*;

  static ConflictTracker& Global();

  // Registers a transaction and takes its snapshot: `snapshot` runs under the tracker's lock, takes the
  // version of the store the transaction reads and returns its number. Taken under the lock, no snapshot can
  // miss a commit that a Prune meanwhile judged visible to every snapshot to come (and so forgot).
  void Begin(DbKey db, uint64_t xid, const std::function<uint64_t()>& snapshot);
  // The transaction moves its snapshot (it had done nothing yet), taken as Begin takes it.
  void Refresh(DbKey db, uint64_t xid, const std::function<uint64_t()>& snapshot);
  // Records that xid reads (write false) or writes a table. When that closes a cycle, the access is not
  // recorded and the cycle's transactions are returned, xid first, in their order along the cycle.
  std::vector<uint64_t> Access(DbKey db, uint64_t xid, Oid table, bool write);
  // `visible` below: the newest version a snapshot taken now would hold (the store's durable version), read
  // before the call. Commits after it are kept for the snapshots still to be taken without them.
  //
  // The transaction committed as store version `version` (0: it changed nothing). Call it before any
  // snapshot can hold that version.
  void Commit(DbKey db, uint64_t xid, uint64_t version, uint64_t visible);
  // The store did not commit it after all: it is forgotten (its transaction is rolled back).
  void CommitFailed(DbKey db, uint64_t xid, uint64_t version, uint64_t visible);
  // The transaction ended (after Commit, or rolled back).
  void End(DbKey db, uint64_t xid, uint64_t visible);

  // How many committed transactions are kept (for tests).
  size_t RetainedForTest() const;

 private:
  struct Txn {
    uint64_t xid = 0;
    uint64_t snapshot_seq = 0;
    uint64_t commit_seq = 0;  // the version it committed; 0 while open or when it changed nothing
    bool committed = false;
    std::set<Oid> reads, writes;
  };
  struct DbState {
    std::map<uint64_t, Txn> open;     // by xid
    std::map<uint64_t, Txn> writers;  // committed writers, by commit_seq
    std::map<uint64_t, Txn> readers;  // committed transactions that changed nothing, by xid
  };
  static bool Intersects(const std::set<Oid>& a, const std::set<Oid>& b);
  // Whether a must come before b (the edge a -> b).
  static bool Precedes(const Txn& a, const Txn& b);
  // A path of edges from t back to t, t first; empty when there is none.
  static std::vector<uint64_t> FindCycle(const DbState& db, const Txn& t);
  // Drops the committed transactions no cycle can reach any more. Every edge out of a kept transaction
  // leads to a kept one, and every open transaction is kept, so a cycle closed by a later access (which
  // runs through its open transaction) only meets kept ones. With h the oldest snapshot of the open
  // transactions, of the snapshots still to be taken (`visible`: a commit that is not yet durable is not in
  // them, so it may yet meet a transaction that does not see it) and of the kept writers that read (an edge
  // out of a writer A by its reads leads to a commit after A's snapshot): kept are the writers committed
  // after h and the readers whose snapshot is after h (every edge out of a committed transaction leads to a
  // commit after its snapshot, or to one that sees it). Writers that read nothing have no edges out and do
  // not lower h. A database's state is dropped when nothing is left in it.
  void Prune(DbKey key, uint64_t visible);

  mutable std::mutex mu_;
  std::map<DbKey, DbState> dbs_;
};

}  // namespace blueshift
