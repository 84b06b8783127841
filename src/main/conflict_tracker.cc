#include "main/conflict_tracker.h"

#include <algorithm>

namespace blueshift {

ConflictTracker& ConflictTracker::Global() {
  static ConflictTracker* tracker = new ConflictTracker();  // never destroyed: sessions may outlive statics
  return *tracker;
}

void ConflictTracker::Begin(DbKey db, uint64_t xid, const std::function<uint64_t()>& snapshot) {
  std::lock_guard<std::mutex> lock(mu_);
  Txn& t = dbs_[db].open[xid];
  t.xid = xid;
  t.snapshot_seq = snapshot();
}

void ConflictTracker::Refresh(DbKey db, uint64_t xid, const std::function<uint64_t()>& snapshot) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t version = snapshot();
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return;
  auto it = d->second.open.find(xid);
  if (it != d->second.open.end()) it->second.snapshot_seq = version;
}

bool ConflictTracker::Intersects(const std::set<Oid>& a, const std::set<Oid>& b) {
  if (a.size() > b.size()) return Intersects(b, a);
  for (Oid x : a) {
    if (b.count(x)) return true;
  }
  return false;
}

bool ConflictTracker::Precedes(const Txn& a, const Txn& b) {
  if (a.xid == b.xid) return false;
  // a read what b wrote without seeing it.
  bool b_unseen = !b.committed || (b.commit_seq != 0 && b.commit_seq > a.snapshot_seq);
  if (b_unseen && !b.writes.empty() && Intersects(a.reads, b.writes)) return true;
  // b read what a wrote, and saw it.
  bool a_seen = a.committed && a.commit_seq != 0 && a.commit_seq <= b.snapshot_seq;
  return a_seen && Intersects(a.writes, b.reads);
}

std::vector<uint64_t> ConflictTracker::FindCycle(const DbState& db, const Txn& t) {
  std::vector<const Txn*> nodes;
  nodes.reserve(db.open.size() + db.writers.size() + db.readers.size());
  for (const auto* group : {&db.open, &db.writers, &db.readers}) {
    for (const auto& entry : *group) {
      if (entry.second.xid != t.xid) nodes.push_back(&entry.second);
    }
  }
  // Depth-first from t; parent[i] is the node index the search reached node i from (-1: from t).
  std::vector<int> parent(nodes.size(), -2);  // -2: not reached
  std::vector<int> stack;
  auto expand = [&](const Txn& from, int from_index) -> int {
    if (from_index >= 0 && Precedes(from, t)) return from_index;  // back at t
    for (size_t i = 0; i < nodes.size(); ++i) {
      if (parent[i] == -2 && Precedes(from, *nodes[i])) {
        parent[i] = from_index;
        stack.push_back(static_cast<int>(i));
      }
    }
    return -2;
  };
  int last = expand(t, -1);
  while (last == -2 && !stack.empty()) {
    int i = stack.back();
    stack.pop_back();
    last = expand(*nodes[i], i);
  }
  if (last == -2) return {};
  std::vector<uint64_t> path;
  for (int i = last; i >= 0; i = parent[i]) path.push_back(nodes[i]->xid);
  path.push_back(t.xid);
  std::reverse(path.begin(), path.end());
  return path;
}

std::vector<uint64_t> ConflictTracker::Access(DbKey db, uint64_t xid, Oid table, bool write) {
  std::lock_guard<std::mutex> lock(mu_);
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return {};
  auto it = d->second.open.find(xid);
  if (it == d->second.open.end()) return {};
  Txn& t = it->second;
  std::set<Oid>& set = write ? t.writes : t.reads;
  if (!set.insert(table).second) return {};  // nothing new
  // Without reads a transaction has no edge out: it cannot be on a cycle.
  if (t.reads.empty()) return {};
  std::vector<uint64_t> cycle = FindCycle(d->second, t);
  if (!cycle.empty()) set.erase(table);
  return cycle;
}

void ConflictTracker::Commit(DbKey db, uint64_t xid, uint64_t version, uint64_t visible) {
  std::lock_guard<std::mutex> lock(mu_);
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return;
  DbState& state = d->second;
  auto it = state.open.find(xid);
  if (it == state.open.end()) return;
  Txn t = std::move(it->second);
  state.open.erase(it);
  t.committed = true;
  if (version != 0 && !t.writes.empty()) {
    t.commit_seq = version;
    state.writers[version] = std::move(t);
  } else if (!t.reads.empty()) {
    t.writes.clear();  // it changed nothing
    state.readers[xid] = std::move(t);
  }
  Prune(db, visible);
}

void ConflictTracker::CommitFailed(DbKey db, uint64_t xid, uint64_t version, uint64_t visible) {
  std::lock_guard<std::mutex> lock(mu_);
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return;
  auto it = d->second.writers.find(version);
  if (it != d->second.writers.end() && it->second.xid == xid) d->second.writers.erase(it);
  Prune(db, visible);
}

void ConflictTracker::End(DbKey db, uint64_t xid, uint64_t visible) {
  std::lock_guard<std::mutex> lock(mu_);
  auto d = dbs_.find(db);
  if (d == dbs_.end()) return;
  d->second.open.erase(xid);
  Prune(db, visible);  // also after Commit: the commit may be visible now
}

size_t ConflictTracker::RetainedForTest() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [key, db] : dbs_) n += db.writers.size() + db.readers.size();
  return n;
}

void ConflictTracker::Prune(DbKey key, uint64_t visible) {
  DbState& db = dbs_.at(key);
  // With nothing open, what every snapshot to come holds (a commit not yet durable stays for a transaction
  // that begins without it: forgetting it let two writers' skew commit, bug hunt 18 #1).
  uint64_t h = visible;
  for (const auto& [xid, t] : db.open) h = std::min(h, t.snapshot_seq);
  // Newest first: h only falls, so every writer committed after the final h is visited.
  for (auto it = db.writers.rbegin(); it != db.writers.rend() && it->first > h; ++it) {
    if (!it->second.reads.empty()) h = std::min(h, it->second.snapshot_seq);
  }
  db.writers.erase(db.writers.begin(), db.writers.upper_bound(h));
  for (auto it = db.readers.begin(); it != db.readers.end();) {
    it = it->second.snapshot_seq <= h ? db.readers.erase(it) : std::next(it);
  }
  if (db.open.empty() && db.writers.empty() && db.readers.empty()) dbs_.erase(key);
}

}  // namespace blueshift
