#include <algorithm>
#include <cstdint>
#include <iterator>
#include <optional>

#include "storage/identity_reservations.h"
#include "storage/manifest.h"
#include "storage/store.h"
#include "storage/wal.h"
#include "storage/wal_record.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using Retired = RetiredSegments;

void RetireAll(const TableData& t, Retired* retired) {
  for (const auto& segments : t.slices) {
    for (const SegmentState& s : segments) retired->emplace_back(t.table_oid, s.meta);
  }
}

// The segment to change, in its slice's own copy of the list (SliceSegments::Mutable).
SegmentState* FindSegment(TableData* t, uint64_t id) {
  for (auto& segments : t->slices) {
    for (size_t k = 0; k < segments.size(); k++) {
      if (segments[k].meta->id == id) return &segments.Mutable()[k];
    }
  }
  return nullptr;
}

Status ApplyDeletes(Oid table, const std::map<uint64_t, std::vector<uint32_t>>& deleted, TableData* t) {
  for (const auto& [id, rows] : deleted) {
    SegmentState* s = FindSegment(t, id);
    if (!s) {
      // A transaction deleting rows of a segment that a concurrent VACUUM replaced must retry.
      return Status(ErrorCode::kSerializationFailure, "commit deletes rows of segment " + std::to_string(id) +
                                                          ", which table " + std::to_string(table) + " does not have");
    }
    if (s->deletes && std::any_of(rows.begin(), rows.end(), [&](uint32_t r) { return s->deletes->Contains(r); })) {
      // Rows live in the committer's snapshot that a concurrent commit deleted (after a fold moved them).
      return Status(ErrorCode::kSerializationFailure, "commit deletes rows of segment " + std::to_string(id) +
                                                          " of table " + std::to_string(table) +
                                                          " that a concurrent transaction deleted");
    }
    // The segment's rows are sorted already: merge the few new ones in (a point UPDATE on a segment with
    // many deletes must not sort them all again).
    std::vector<uint32_t> added(rows.begin(), rows.end());
    std::sort(added.begin(), added.end());
    added.erase(std::unique(added.begin(), added.end()), added.end());
    auto merged = std::make_shared<DeleteSet>();
    if (s->deletes) {
      merged->rows.reserve(s->deletes->rows.size() + added.size());
      std::set_union(s->deletes->rows.begin(), s->deletes->rows.end(), added.begin(), added.end(),
                     std::back_inserter(merged->rows));
    } else {
      merged->rows = std::move(added);
    }
    if (!merged->rows.empty() && merged->rows.back() >= s->meta->row_count) {
      return Status(ErrorCode::kInternal, "commit deletes a row past the end of segment " + std::to_string(id));
    }
    s->deletes = std::move(merged);  // a new DeleteSet: older versions keep theirs
  }
  return Status::OK();
}

// The rows of `now` that `seen` (a subset, or null) does not hold: deleted since a rewrite read the segment.
std::vector<uint32_t> DeletedSince(const DeleteSet& now, const DeleteSet* seen) {
  if (!seen) return now.rows;
  std::vector<uint32_t> since;
  std::set_difference(now.rows.begin(), now.rows.end(), seen->rows.begin(), seen->rows.end(),
                      std::back_inserter(since));
  return since;
}

// Drops the segments VACUUM rewrote. Rows deleted since the rewrite read a segment are deleted where the
// rewrite put them (into *carried, by new segment id); without a move for that segment the commit fails.
// A fold's new segment (the last one added) moves to where the first removed segment of its slice was.
// One pass over the table's segments: a fold removes hundreds of segments from a slice of hundreds, under
// the commit lock.
Status ApplyRemovals(const CommitRequest::TableChange& ch, TableData* t, Retired* retired,
                     std::map<uint64_t, std::vector<uint32_t>>* carried) {
  if (ch.removed.empty()) return Status::OK();
  size_t fold_at = SIZE_MAX;
  size_t found = 0;
  for (auto& slice : t->slices) {
    bool fold_slice = ch.fold && ch.added.size() == 1 && &slice == &t->slices[ch.added[0]->slice];
    // A slice that loses no segment keeps the list it shares with the version before.
    if (std::none_of(slice.begin(), slice.end(), [&](const SegmentState& x) { return ch.removed.count(x.meta->id); }))
      continue;
    std::vector<SegmentState>& segments = slice.Mutable();
    size_t kept = 0;
    for (size_t k = 0; k < segments.size(); k++) {
      auto it = ch.removed.find(segments[k].meta->id);
      if (it == ch.removed.end()) {
        if (kept != k) segments[kept] = std::move(segments[k]);
        kept++;
        continue;
      }
      if (!ch.fold && segments[k].deletes != it->second) {
        auto move = ch.moves.find(it->first);
        if (move == ch.moves.end() || !segments[k].deletes) {
          return Status(ErrorCode::kSerializationFailure,
                        "rows of segment " + std::to_string(it->first) + " of table " + std::to_string(ch.table) +
                            " were deleted after it was rewritten; retry the rewrite");
        }
        for (uint32_t row : DeletedSince(*segments[k].deletes, it->second.get())) {
          auto to = move->second.Find(row);
          if (!to)
            return Status(ErrorCode::kInternal, "a rewrite lost a live row of segment " + std::to_string(it->first));
          (*carried)[to->first].push_back(to->second);
        }
      }
      if (fold_slice) fold_at = std::min(fold_at, kept);
      retired->emplace_back(ch.table, segments[k].meta);
      found++;
    }
    segments.resize(kept);
  }
  if (found != ch.removed.size()) {
    for (const auto& [id, seen] : ch.removed) {
      bool gone = std::none_of(retired->begin(), retired->end(),
                               [&](const auto& r) { return r.first == ch.table && r.second->id == id; });
      if (gone) {
        return Status(ErrorCode::kSerializationFailure, "segment " + std::to_string(id) + " of table " +
                                                            std::to_string(ch.table) + " was removed concurrently");
      }
    }
  }
  if (fold_at != SIZE_MAX) {
    std::vector<SegmentState>& segments = t->slices[ch.added[0]->slice].Mutable();
    fold_at = std::min(fold_at, segments.size() - 1);
    std::rotate(segments.begin() + static_cast<ptrdiff_t>(fold_at), segments.end() - 1, segments.end());
  }
  return Status::OK();
}

// The interleaved state after ch (interleaved_index.h): a proposed index becomes the index of a slice that
// had none and was empty before this commit; a VACUUM sets its slices' state; the sorted region keeps only
// segments the table still has. `was_empty` says which slices were empty before the additions.
void ApplyInterleaved(const CommitRequest::TableChange& ch, const std::vector<bool>& was_empty, TableData* t) {
  bool proposes = std::any_of(ch.added.begin(), ch.added.end(), [](const auto& m) { return m->proposed_index; });
  if (t->interleaved.empty() && !proposes && ch.interleaved.empty()) return;
  t->interleaved.resize(t->slices.size());
  for (const auto& meta : ch.added) {
    InterleavedSlice& s = t->interleaved[meta->slice];
    if (meta->proposed_index && !s.index && was_empty[meta->slice]) {
      s.index = meta->proposed_index;
      s.sorted_segments = {meta->id};
    }
  }
  for (const auto& [slice, state] : ch.interleaved) {
    if (slice < t->interleaved.size()) t->interleaved[slice] = state;
  }
  for (size_t slice = 0; slice < t->interleaved.size(); slice++) {
    std::vector<uint64_t>& ids = t->interleaved[slice].sorted_segments;
    ids.erase(std::remove_if(ids.begin(), ids.end(),
                             [&](uint64_t id) {
                               const auto& segs = t->slices[slice];
                               return std::none_of(segs.begin(), segs.end(),
                                                   [&](const SegmentState& x) { return x.meta->id == id; });
                             }),
              ids.end());
  }
}

Status ApplyChange(const CommitRequest::TableChange& ch, int num_slices, DbVersion* db, Retired* retired) {
  auto it = db->tables.find(ch.table);
  if (it != db->tables.end() && (ch.dropped || ch.created)) RetireAll(*it->second, retired);
  if (ch.dropped) {
    if (it != db->tables.end()) db->tables.erase(it);
    return Status::OK();
  }
  TableData t;
  if (it != db->tables.end() && !ch.created) {
    // The slices' lists are shared with the version before; a change copies the list of its slice only
    // (SliceSegments::Mutable).
    t = *it->second;
  } else {
    t.table_oid = ch.table;
    t.slices.resize(num_slices);
  }
  if (ch.truncated) {
    RetireAll(t, retired);
    for (auto& segments : t.slices) segments.Clear();
    t.interleaved.clear();  // the next load into the empty table builds a new index
  }
  std::vector<bool> was_empty;
  for (const auto& segments : t.slices) was_empty.push_back(segments.empty());
  for (const auto& meta : ch.added) {
    if (meta->slice >= t.slices.size()) return Status(ErrorCode::kInternal, "segment on a slice out of range");
    size_t added = 0;  // a copy of the slice's list makes room for all of them
    for (const auto& m : ch.added) added += m->slice == meta->slice ? 1 : 0;
    t.slices[meta->slice].Append(SegmentState{meta, nullptr}, added);
  }
  // After the additions: a transaction may delete rows it inserted itself.
  RETURN_IF_ERROR(ApplyDeletes(ch.table, ch.deleted, &t));
  std::map<uint64_t, std::vector<uint32_t>> carried;  // deletes made while VACUUM rewrote the removed segments
  RETURN_IF_ERROR(ApplyRemovals(ch, &t, retired, &carried));
  RETURN_IF_ERROR(ApplyDeletes(ch.table, carried, &t));
  ApplyInterleaved(ch, was_empty, &t);
  if (!ch.fold && (ch.created || ch.truncated || !ch.added.empty() || !ch.deleted.empty())) {
    t.rows_version = db->version;
  }
  db->tables[ch.table] = std::make_shared<const TableData>(std::move(t));
  return Status::OK();
}

// Every table of the catalog has data; data of tables the catalog no longer has is dropped.
void ReconcileWithCatalog(int num_slices, DbVersion* db, Retired* retired) {
  for (auto it = db->tables.begin(); it != db->tables.end();) {
    if (db->catalog->FindTableByOid(it->first)) {
      ++it;
      continue;
    }
    RetireAll(*it->second, retired);
    it = db->tables.erase(it);
  }
  for (const auto& def : db->catalog->Tables()) {
    if (db->tables.count(def->oid)) continue;
    auto t = std::make_shared<TableData>();
    t->table_oid = def->oid;
    t->slices.resize(num_slices);
    db->tables[def->oid] = std::move(t);
  }
}

}  // namespace

std::optional<std::pair<uint64_t, uint32_t>> RowMove::Find(uint32_t row) const {
  if (!new_position || row >= new_position->size()) return std::nullopt;
  uint32_t at = (*new_position)[row];
  if (at == kRowGone) return std::nullopt;
  auto next = std::upper_bound(starts.begin(), starts.end(), uint64_t{at});
  if (next == starts.begin()) return std::nullopt;
  size_t i = static_cast<size_t>(next - starts.begin()) - 1;
  return std::make_pair(new_ids[i], static_cast<uint32_t>(at - starts[i]));
}

Result<std::shared_ptr<DbVersion>> Store::BuildNext(const DbVersion& base, const CommitRequest& request,
                                                    RetiredSegments* retired) {
  auto next = std::make_shared<DbVersion>();
  next->version = base.version + 1;
  next->catalog = request.catalog ? request.catalog : base.catalog;
  next->decided = request.decides ? *request.decides : base.decided;
  next->tables = base.tables;
  for (const auto& ch : request.tables) RETURN_IF_ERROR(ApplyChange(ch, num_slices_, next.get(), retired));
  // Every version is reconciled with its catalog, so a commit that keeps the catalog and creates or drops no
  // table (a small write, a fold) need not sort and walk the catalog's tables again under the commit lock.
  bool reshapes = request.catalog != nullptr || std::any_of(request.tables.begin(), request.tables.end(),
                                                            [](const auto& ch) { return ch.created || ch.dropped; });
  if (reshapes) {
    ReconcileWithCatalog(num_slices_, next.get(), retired);
    ForgetFoldEncodingsOfDropped(*next);
  }
  ApplyIdentityReservations(base, request, reshapes, next.get());
  return next;
}

Result<std::shared_ptr<const DbVersion>> Store::Commit(const DbVersion& base, const CommitRequest& request,
                                                       uint64_t* wait_lsn) {
  std::unique_lock<std::mutex> commit_lock(commit_mu_);
  RETURN_IF_ERROR(CheckBase(base));
  Retired retired;
  std::optional<CommitRequest> forwarded;
  if (!forwards_.empty()) {
    ASSIGN_OR_RETURN(forwarded, ForwardDeletes(request));
  }
  const CommitRequest& req = forwarded ? *forwarded : request;
  ASSIGN_OR_RETURN(std::shared_ptr<DbVersion> next, BuildNext(base, req, &retired));
  TakeUnpublished(req);
  uint64_t lsn = 0;
  if (wal_ && IsLoggable(req) && !req.decides) {
    ASSIGN_OR_RETURN(lsn, wal_->Append(EncodeWalCommit(next->version, req)));
  } else {
    RETURN_IF_ERROR(Checkpoint(*next));
  }
  RememberMoves(req, retired);
  std::vector<std::string> removable;
  auto published = FinishCommit(std::move(next), &retired, lsn, &removable);
  commit_lock.unlock();
  RemoveFiles(removable);
  if (wait_lsn) {
    *wait_lsn = lsn;
  } else {
    RETURN_IF_ERROR(WaitDurable(lsn));
  }
  return published;
}

Status Store::CheckBase(const DbVersion& base) const {
  RETURN_IF_ERROR(unfinished_);
  uint64_t current = Current()->version;
  if (base.version == current) return Status::OK();
  return Status(ErrorCode::kSerializationFailure, "commit is based on version " + std::to_string(base.version) +
                                                      " but the current version is " + std::to_string(current));
}

std::shared_ptr<const DbVersion> Store::FinishCommit(std::shared_ptr<DbVersion> next, RetiredSegments* retired,
                                                     uint64_t lsn, std::vector<std::string>* removable) {
  PublishCurrent(next, lsn);
  Retire(*retired, next->version);
  retired->clear();
  *removable = TakeRemovableFiles();
  return next;
}

Result<PreparedCommit> Store::Prepare(const DbVersion& base, const CommitRequest& request) {
  PreparedCommit prepared;
  prepared.commit_lock = std::unique_lock<std::mutex>(commit_mu_);
  RETURN_IF_ERROR(CheckBase(base));
  std::optional<CommitRequest> forwarded;
  if (!forwards_.empty()) {
    ASSIGN_OR_RETURN(forwarded, ForwardDeletes(request));
  }
  ASSIGN_OR_RETURN(prepared.next, BuildNext(base, forwarded ? *forwarded : request, &prepared.retired));
  TakeUnpublished(request);
  RETURN_IF_ERROR(PrepareCheckpoint(*prepared.next));
  return prepared;
}

Result<std::shared_ptr<const DbVersion>> Store::CommitPrepared(PreparedCommit prepared) {
  CHECK(prepared.commit_lock.owns_lock());
  Status finished = FinishCheckpoint(*prepared.next);
  if (!finished.ok()) {
    // Decided elsewhere, so committed: the next Open makes it current.
    AbandonPrepared(std::move(prepared), finished);
    return finished;
  }
  std::vector<std::string> removable;
  auto published = FinishCommit(std::move(prepared.next), &prepared.retired, 0, &removable);
  RemoveFiles(removable);  // a rare commit, under the lock its caller holds
  return published;
}

void Store::AbandonPrepared(PreparedCommit prepared, const Status& why) {
  CHECK(prepared.commit_lock.owns_lock());
  unfinished_ = Status(why.code(), "a transaction may have committed without being made current (" + why.message() +
                                       "); restart the server to finish it");
  has_unfinished_ = true;
}

void Store::AbortPrepared(PreparedCommit prepared) {
  CHECK(prepared.commit_lock.owns_lock());
  // On failure the next Open's garbage collection removes it; a later commit of this version replaces it.
  (void)RemoveFile(dir_ + "/manifests/" + ManifestFileName(prepared.next->version));
}

void Store::Retire(const RetiredSegments& retired, uint64_t version) {
  for (const auto& [oid, meta] : retired) {
    // Most retired segments are single-row INSERTs' write-store segments folded away, which never got a
    // file: nothing to unlink (an unlink of a missing file per INSERT showed in profiles).
    if (meta->memory_image && meta->id >= unimaged_from_) continue;
    retired_.push_back({meta, SegmentPath(oid, meta->slice, meta->id), version});
  }
}

std::vector<std::string> Store::TakeRemovableFiles() {
  // Files retired after the newest manifest are still named by it (a crash would recover from it), and
  // retired_ is in commit order: only the prefix the manifest covers is looked at, so that the many small
  // commits between two checkpoints do not rescan everything retired since the last one.
  auto covered = std::partition_point(retired_.begin(), retired_.end(),
                                      [&](const RetiredSegmentFile& f) { return f.version <= manifest_version_; });
  std::vector<std::string> paths;
  auto keep = std::remove_if(retired_.begin(), covered, [&](RetiredSegmentFile& f) {
    if (!f.meta.expired()) return false;
    paths.push_back(std::move(f.path));
    return true;
  });
  retired_.erase(keep, covered);
  return paths;
}

void Store::RemoveRetiredFiles() {
  std::vector<std::string> removable;
  {
    std::lock_guard<std::mutex> lock(commit_mu_);
    removable = TakeRemovableFiles();
  }
  RemoveFiles(removable);
  RemoveUnpublishedFiles();
}

void Store::TakeUnpublished(const CommitRequest& request) {
  if (unpublished_count_.load() == 0) return;  // a commit of write-store segments only
  std::lock_guard<std::mutex> lock(unpublished_mu_);
  for (const auto& ch : request.tables) {
    for (const auto& meta : ch.added) unpublished_.erase(meta->id);
  }
  unpublished_count_.store(unpublished_.size());
}

void Store::RemoveUnpublishedFiles() {
  if (unpublished_count_.load() == 0) return;
  std::vector<std::string> removable;
  {
    // An expired meta cannot reach a commit any more: a commit holds the metas it adds until it took them.
    std::lock_guard<std::mutex> lock(unpublished_mu_);
    for (auto it = unpublished_.begin(); it != unpublished_.end();) {
      if (!it->second.meta.expired()) {
        ++it;
        continue;
      }
      removable.push_back(std::move(it->second.path));
      it = unpublished_.erase(it);
    }
    unpublished_count_.store(unpublished_.size());
  }
  RemoveFiles(removable);
}

void Store::RemoveFiles(const std::vector<std::string>& paths) {
  for (const auto& path : paths) (void)RemoveFile(path);  // on failure the next Open's garbage collection removes it
}

}  // namespace blueshift::storage
