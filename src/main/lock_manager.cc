#include "main/lock_manager.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

namespace blueshift {
namespace {

constexpr size_t kMaxConflictRows = 10000;

}  // namespace

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

bool Compatible(LockMode a, LockMode b) {
  if (a == LockMode::kAccessExclusive || b == LockMode::kAccessExclusive) return false;
  if (a == LockMode::kAccessShare || b == LockMode::kAccessShare) return true;
  return a == LockMode::kRowExclusive && b == LockMode::kRowExclusive;
}

}  // namespace

const char* LockModeName(LockMode mode) {
  switch (mode) {
    case LockMode::kAccessShare:
      return "AccessShareLock";
    case LockMode::kRowExclusive:
      return "RowExclusiveLock";
    case LockMode::kShareRowExclusive:
      return "ShareRowExclusiveLock";
    case LockMode::kAccessExclusive:
      return "AccessExclusiveLock";
  }
  return "?";
}

LockManager& LockManager::Global() {
  static LockManager* manager = new LockManager();  // never destroyed: sessions may outlive statics
  return *manager;
}

void LockManager::Begin(const TxnInfo& txn) {
  std::lock_guard<std::mutex> lock(mu_);
  txns_[txn.xid].info = txn;
}

bool LockManager::Conflicts(uint64_t xid, Oid table, LockMode mode, std::vector<uint64_t>* blockers) const {
  blockers->clear();
  for (const auto& [other, t] : txns_) {
    if (other == xid) continue;
    auto it = t.locks.find(table);
    if (it != t.locks.end() && it->second.granted && !Compatible(it->second.mode, mode)) blockers->push_back(other);
  }
  return !blockers->empty();
}

// True when one of the blockers waits, directly or through others, for xid.
bool LockManager::WouldDeadlock(uint64_t xid, const std::vector<uint64_t>& blockers) const {
  std::vector<uint64_t> todo = blockers;
  std::set<uint64_t> seen;
  std::vector<uint64_t> next;
  while (!todo.empty()) {
    uint64_t t = todo.back();
    todo.pop_back();
    if (t == xid) return true;
    if (!seen.insert(t).second) continue;
    auto it = txns_.find(t);
    if (it == txns_.end()) continue;
    for (const auto& [table, held] : it->second.locks) {
      std::optional<LockMode> waits = held.granted ? held.upgrade : held.mode;
      if (waits && Conflicts(t, table, *waits, &next)) todo.insert(todo.end(), next.begin(), next.end());
    }
  }
  return false;
}

Status LockManager::Acquire(uint64_t xid, Oid table, LockMode mode, const std::atomic<bool>* cancel) {
  std::unique_lock<std::mutex> lock(mu_);
  auto terminated = [] {
    return Status(ErrorCode::kAdminShutdown, "terminating connection due to administrator command");
  };
  if (terminated_.count(xid)) return terminated();
  Txn& txn = txns_[xid];
  txn.info.xid = xid;
  std::optional<LockMode> prior;
  int64_t since = NowMicros();
  if (auto it = txn.locks.find(table); it != txn.locks.end()) {
    prior = it->second.mode;
    since = it->second.since_us;
  }
  if (prior && *prior >= mode) return Status::OK();
  LockMode want = prior ? std::max(*prior, mode) : mode;
  // Back to what the transaction held before this request.
  auto restore = [&] {
    auto& locks = txns_[xid].locks;
    if (prior) {
      locks[table] = Held{*prior, true, since, std::nullopt};
    } else {
      locks.erase(table);
    }
  };
  std::vector<uint64_t> blockers;
  while (Conflicts(xid, table, want, &blockers)) {
    if (WouldDeadlock(xid, blockers)) {
      restore();
      return Status(ErrorCode::kDeadlockDetected, "deadlock detected")
          .WithDetail("Transaction " + std::to_string(xid) + " waits for " + LockModeName(want) + " on relation " +
                      std::to_string(table) + "; blocked by transaction " + std::to_string(blockers.front()) + ".");
    }
    // Shown as waiting; a lock held already stays granted while its upgrade waits.
    txns_[xid].locks[table] = prior ? Held{*prior, true, since, want} : Held{want, false, since, std::nullopt};
    cv_.wait_for(lock, std::chrono::milliseconds(100));
    if (!txns_.count(xid) || terminated_.count(xid)) return terminated();
    if (cancel && cancel->load()) {
      restore();
      return Status(ErrorCode::kQueryCanceled, "canceling statement due to user request");
    }
  }
  txns_[xid].locks[table] = Held{want, true, since, std::nullopt};
  return Status::OK();
}

bool LockManager::TryAcquire(uint64_t xid, Oid table, LockMode mode) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<uint64_t> blockers;
  if (terminated_.count(xid) || Conflicts(xid, table, mode, &blockers)) return false;
  Txn& txn = txns_[xid];
  txn.info.xid = xid;
  if (txn.locks.count(table)) return false;
  txn.locks[table] = Held{mode, true, NowMicros(), std::nullopt};
  return true;
}

void LockManager::End(uint64_t xid) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    txns_.erase(xid);
    terminated_.erase(xid);
  }
  cv_.notify_all();
}

bool LockManager::TerminateBackend(int32_t pid) {
  bool any = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = txns_.begin(); it != txns_.end();) {
      if (it->second.info.pid != pid) {
        ++it;
        continue;
      }
      terminated_[it->first] = true;
      it = txns_.erase(it);
      any = true;
    }
  }
  cv_.notify_all();
  return any;
}

bool LockManager::Terminated(uint64_t xid) const {
  std::lock_guard<std::mutex> lock(mu_);
  return terminated_.count(xid) > 0;
}

void LockManager::RecordCommit(Oid table, int64_t at_us) {
  std::lock_guard<std::mutex> lock(mu_);
  last_commit_[table] = at_us;
}

void LockManager::RecordConflict(const ConflictRow& row) {
  std::lock_guard<std::mutex> lock(mu_);
  if (conflicts_.size() >= kMaxConflictRows) conflicts_.erase(conflicts_.begin());
  conflicts_.push_back(row);
}

std::vector<LockRow> LockManager::Locks() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<LockRow> rows;
  for (const auto& [xid, t] : txns_) {
    if (t.locks.empty()) rows.push_back({t.info, 0, LockMode::kAccessShare, true, 0, 0});  // no table locks yet
    for (const auto& [table, held] : t.locks) {
      auto c = last_commit_.find(table);
      int64_t last_commit = c == last_commit_.end() ? 0 : c->second;
      rows.push_back({t.info, table, held.mode, held.granted, held.since_us, last_commit});
      if (held.upgrade) rows.push_back({t.info, table, *held.upgrade, false, held.since_us, last_commit});
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const LockRow& a, const LockRow& b) { return a.txn.start_us < b.txn.start_us; });
  return rows;
}

std::vector<ConflictRow> LockManager::Conflicts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return conflicts_;
}

}  // namespace blueshift
