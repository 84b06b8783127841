#include "main/conflict_tracker.h"

#include <algorithm>

namespace blueshift {

ConflictTracker& ConflictTracker::Global() {
  static ConflictTracker* tracker = new ConflictTracker();  // never destroyed: sessions may outlive statics
  return *tracker;
}

uint64_t ConflictTracker::CommitSeq() const {
  std::lock_guard<std::mutex> lock(mu_);
  return commit_seq_;
}

void ConflictTracker::Begin(uint64_t xid, uint64_t snapshot_seq) {
  std::lock_guard<std::mutex> lock(mu_);
  open_[xid].snapshot_seq = snapshot_seq;
}

void ConflictTracker::Refresh(uint64_t xid, uint64_t snapshot_seq) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(xid);
  if (it != open_.end()) it->second.snapshot_seq = snapshot_seq;
}

bool ConflictTracker::Intersects(const std::set<Oid>& a, const std::set<Oid>& b) {
  for (Oid x : a) {
    if (b.count(x)) return true;
  }
  return false;
}

// `other` committed after t's snapshot, or is still open.
bool ConflictTracker::Concurrent(const Txn& t, const Txn& other) const {
  return other.commit_seq == 0 || other.commit_seq > t.snapshot_seq;
}

std::optional<uint64_t> ConflictTracker::Access(uint64_t xid, Oid table, bool write) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(xid);
  if (it == open_.end()) return std::nullopt;
  Txn t = it->second;
  (write ? t.writes : t.reads).insert(table);
  if (t.writes.empty()) {  // read-only so far: no cycle can run through it
    it->second = std::move(t);
    return std::nullopt;
  }
  auto closes_cycle = [&](const Txn& other) {
    // t does not see other's writes (t -> other) and other did not see t's (other -> t).
    return Concurrent(t, other) && Intersects(t.reads, other.writes) && Intersects(other.reads, t.writes);
  };
  for (const auto* group : {&open_, &committed_}) {
    for (const auto& [other_xid, other] : *group) {
      if (other_xid != xid && closes_cycle(other)) return other_xid;
    }
  }
  it->second = std::move(t);
  return std::nullopt;
}

void ConflictTracker::Commit(uint64_t xid) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(xid);
  if (it == open_.end()) return;
  Txn t = std::move(it->second);
  open_.erase(it);
  if (t.writes.empty()) return;
  t.commit_seq = ++commit_seq_;
  committed_[xid] = std::move(t);
  Prune();
}

void ConflictTracker::End(uint64_t xid) {
  std::lock_guard<std::mutex> lock(mu_);
  if (open_.erase(xid) > 0) Prune();
}

void ConflictTracker::Prune() {
  uint64_t oldest = commit_seq_;
  for (const auto& [xid, t] : open_) oldest = std::min(oldest, t.snapshot_seq);
  for (auto it = committed_.begin(); it != committed_.end();) {
    it = it->second.commit_seq <= oldest ? committed_.erase(it) : std::next(it);
  }
}

}  // namespace blueshift
