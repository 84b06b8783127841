#include "storage/vacuum_scheduler.h"

#include "util/thread_priority.h"

namespace blueshift::storage {

VacuumScheduler::VacuumScheduler(Store* store, std::mutex* commit_mu, AutoVacuumOptions options)
    : store_(store), commit_mu_(commit_mu), options_(options), auto_enabled_(options.enabled) {
  thread_ = std::thread([this] { Loop(); });
}

VacuumScheduler::~VacuumScheduler() {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    shutdown_ = true;
  }
  user_waiting_.store(true);  // stops a pass in progress at its next slice
  wake_.notify_all();
  thread_.join();
}

void VacuumScheduler::SetAutoEnabled(bool on) {
  auto_enabled_.store(on);
  wake_.notify_all();
}

void VacuumScheduler::Loop() {
  // Redshift's automatic vacuum runs when the cluster is quiet and backs off under load; here it runs at the
  // lowest CPU priority, so queries running meanwhile keep the cores (user VACUUMs run at normal priority).
  LowerCurrentThreadPriority();
  std::unique_lock<std::mutex> lock(wake_mu_);
  while (!shutdown_) {
    wake_.wait_for(lock, std::chrono::milliseconds(options_.interval_ms));
    if (shutdown_) break;
    if (!auto_enabled_.load()) continue;
    lock.unlock();
    RunAutomaticPass();
    lock.lock();
  }
}

bool VacuumScheduler::NeedsWork(const TableDef& def, const TableData& data) const {
  TableLayout l = ComputeTableLayout(def, data);
  if (l.rows == 0) return false;
  if (l.DeletedPercent() > options_.deleted_percent) return true;
  if (l.has_sort_key && l.UnsortedPercent() > options_.unsorted_percent) return true;
  for (const auto& s : data.slices) {
    if (SmallSegments(s, options_.limits.segment_rows) > options_.max_segments_per_slice) return true;
  }
  return false;
}

void VacuumScheduler::RunAutomaticPass() {
  std::lock_guard<std::mutex> pass(pass_mu_);
  auto version = store_->Current();
  auto now = std::chrono::steady_clock::now();
  std::vector<Oid> due;
  for (const auto& [oid, data] : version->tables) {
    auto& seen = seen_[oid];
    if (seen.data.lock() != data) {
      seen.data = data;
      seen.changed = now;
      continue;
    }
    if (now - seen.changed < std::chrono::milliseconds(options_.quiet_ms)) continue;
    auto def = version->catalog->FindTableByOid(oid);
    if (def && NeedsWork(*def, *data)) due.push_back(oid);
  }
  for (auto it = seen_.begin(); it != seen_.end();) {
    it = version->tables.count(it->first) ? std::next(it) : seen_.erase(it);
  }
  version.reset();
  for (Oid oid : due) {
    if (user_waiting_.load() || !auto_enabled_.load()) return;
    std::unique_lock<std::mutex> run(run_mu_, std::try_to_lock);
    if (!run.owns_lock()) return;
    VacuumOptions o;
    o.background = true;
    o.threshold_percent = 100 - static_cast<int>(std::min(options_.unsorted_percent, options_.deleted_percent));
    o.userid = 1;  // rdsdb, the system's own user
    o.stop = &user_waiting_;
    o.limits = options_.limits;
    // A failure (a full disk, a damaged block) leaves the table as it was; the next pass tries again.
    (void)VacuumTable(store_, commit_mu_, oid, o, store_->vacuum_log());
  }
}

Result<VacuumTableResult> VacuumScheduler::UserVacuum::Run(Oid table, VacuumOptions options) {
  s_->user_waiting_.store(true);
  std::unique_lock<std::mutex> run(s_->run_mu_);
  s_->user_waiting_.store(false);
  return VacuumTable(s_->store_, s_->commit_mu_, table, options, s_->store_->vacuum_log());
}

}  // namespace blueshift::storage
