#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

#include "storage/vacuum.h"

namespace blueshift::storage {

// When the automatic vacuum works on a table (docs/design/vacuum.md, "Automatic vacuum").
struct AutoVacuumOptions {
  bool enabled = true;
  int interval_ms = 5000;              // how often tables are looked at
  int quiet_ms = 30000;                // a table is vacuumed only after this long without a commit changing it
  double unsorted_percent = 5;         // ... and when more of its rows than this are unsorted
  double deleted_percent = 5;          // ... or marked deleted
  size_t max_segments_per_slice = 16;  // ... or a slice holds more small segments than this (SmallSegments)
  RewriteLimits limits;                // of its rewrites (the server's query_working_mem)
};

// VacuumScheduler runs VACUUMs for a store: the users' (one at a time, as Redshift allows) and the
// automatic one in a background thread (delete and sort, like Redshift's automatic vacuum delete and table
// sort). A user VACUUM never waits long for the background one: that stops at its next slice boundary.
// Readers are never blocked: every vacuum works on a pinned version and commits a new one. Thread-safe.
class VacuumScheduler {
 public:
  // REQUIRES: store and commit_mu outlive the scheduler.
  VacuumScheduler(Store* store, std::mutex* commit_mu, AutoVacuumOptions options);
  ~VacuumScheduler();  // stops the background thread

  void SetAutoEnabled(bool on);
  bool auto_enabled() const { return auto_enabled_.load(); }

  // Claims the right to run a user VACUUM until the returned guard is destroyed. Only one runs at a time:
  // where Redshift refuses a second concurrent VACUUM, it waits here for the first to finish.
  class UserVacuum {
   public:
    explicit UserVacuum(VacuumScheduler* s) : s_(s), lock_(s->user_mu_) {}
    // Vacuums one table; a background vacuum in progress stops at its next slice boundary first.
    Result<VacuumTableResult> Run(Oid table, VacuumOptions options);

   private:
    VacuumScheduler* s_;
    std::unique_lock<std::mutex> lock_;
  };
  UserVacuum BeginUserVacuum() { return UserVacuum(this); }

  // One pass of the automatic vacuum over every table (what the thread does each interval); public for tests.
  void RunAutomaticPass();

 private:
  void Loop();
  bool NeedsWork(const TableDef& def, const TableData& data) const;

  Store* store_;
  std::mutex* commit_mu_;
  AutoVacuumOptions options_;
  std::atomic<bool> auto_enabled_;
  std::atomic<bool> user_waiting_{false};  // asks the background vacuum to stop early
  std::mutex user_mu_;                     // held by the one user VACUUM running
  std::mutex run_mu_;                      // held while any vacuum runs
  // Last-seen data of each table and when it last changed (for the quiet period).
  struct Seen {
    std::weak_ptr<const TableData> data;
    std::chrono::steady_clock::time_point changed;
  };
  std::mutex pass_mu_;        // one automatic pass at a time
  std::map<Oid, Seen> seen_;  // guarded by pass_mu_
  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool shutdown_ = false;  // guarded by wake_mu_
  std::thread thread_;
};

}  // namespace blueshift::storage
