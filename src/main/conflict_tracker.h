#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "catalog/table_def.h"

namespace blueshift {

// ConflictTracker finds the histories that Redshift's serializable isolation forbids, at table granularity:
// two concurrent transactions where each reads a table the other writes. Neither sees the other's write,
// so each would have to run before the other in any serial order — a cycle. The statement whose read or
// write closes the cycle fails (1023), as in Redshift, where "the last operation run causes the
// serializable isolation error". Transactions are concurrent when one is still open or committed after the
// other took its snapshot. Read-only transactions never conflict. Process-wide; thread-safe.
class ConflictTracker {
 public:
  static ConflictTracker& Global();

  // The count of committed writing transactions: a transaction whose snapshot was taken at sequence s
  // sees exactly the commits numbered <= s. Take it before the snapshot (a later commit is then counted
  // as concurrent, never the other way round).
  uint64_t CommitSeq() const;
  void Begin(uint64_t xid, uint64_t snapshot_seq);
  // The transaction moved its snapshot (it had done nothing yet).
  void Refresh(uint64_t xid, uint64_t snapshot_seq);
  // Records that xid reads (write false) or writes a table; returns the other transaction of a cycle this
  // access closes, if any (the access is then not recorded).
  std::optional<uint64_t> Access(uint64_t xid, Oid table, bool write);
  // The transaction committed: others that started before see it as concurrent from now on.
  void Commit(uint64_t xid);
  // The transaction ended (after Commit, or rolled back).
  void End(uint64_t xid);

 private:
  struct Txn {
    uint64_t snapshot_seq = 0;
    uint64_t commit_seq = 0;  // 0 while open
    std::set<Oid> reads, writes;
  };
  static bool Intersects(const std::set<Oid>& a, const std::set<Oid>& b);
  bool Concurrent(const Txn& t, const Txn& other) const;
  void Prune();  // committed transactions no open one is concurrent with

  mutable std::mutex mu_;
  uint64_t commit_seq_ = 0;
  std::map<uint64_t, Txn> open_;
  std::map<uint64_t, Txn> committed_;
};

}  // namespace blueshift
