// The store's write-ahead log side: write-store segments, log commits, durability, checkpoints and replay.
#include <stdio.h>

#include <algorithm>
#include <cerrno>
#include <utility>
#include <vector>

#include "storage/identity_reservations.h"
#include "storage/manifest.h"
#include "storage/segment_writer.h"
#include "storage/store.h"
#include "storage/wal.h"
#include "storage/wal_record.h"
#include "util/file.h"

namespace blueshift::storage {

Result<std::shared_ptr<const SegmentMeta>> Store::WriteMemorySegment(const TableDef& table, uint32_t slice,
                                                                     const std::vector<Batch>& rows) {
  if (slice >= static_cast<uint32_t>(num_slices_)) {
    return Status(ErrorCode::kInternal, "slice " + std::to_string(slice) + " out of range");
  }
  return BuildMemorySegment(table, slice, next_segment_id_.fetch_add(1), rows,
                            WriteOrder(table, slice, /*may_propose=*/false));
}

std::shared_ptr<const DbVersion> Store::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return durable_;
}

void Store::PublishCurrent(std::shared_ptr<const DbVersion> next, uint64_t lsn) {
  std::shared_ptr<const DbVersion> old_current, old_durable;  // destroyed after mu_ is released
  decltype(pending_) old_pending;
  std::lock_guard<std::mutex> lock(mu_);
  old_current = std::exchange(current_, next);
  if (lsn == 0) {  // a checkpoint: durable, and so is everything before it
    old_pending.swap(pending_);
    old_durable = std::exchange(durable_, std::move(next));
  } else {
    pending_.emplace_back(lsn, std::move(next));
  }
}

Status Store::WaitDurable(uint64_t lsn) {
  if (lsn == 0) return Status::OK();
  RETURN_IF_ERROR(wal_->Sync(lsn));
  uint64_t synced = wal_->synced_lsn();
  // The versions this drops are often the last references to them: destroyed after mu_ is released (a
  // version's segment lists take a while to free, and every snapshot and commit takes mu_).
  std::vector<std::shared_ptr<const DbVersion>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto end = std::find_if(pending_.begin(), pending_.end(), [&](const auto& p) { return p.first > synced; });
    if (end != pending_.begin()) {
      dropped.reserve(static_cast<size_t>(end - pending_.begin()) + 1);
      dropped.push_back(std::exchange(durable_, std::prev(end)->second));
      for (auto it = pending_.begin(); it != end; ++it) dropped.push_back(std::move(it->second));
      pending_.erase(pending_.begin(), end);
    }
  }
  return Status::OK();
}

Status Store::WriteMemoryImages(const DbVersion& v) {
  // Written in groups: every file of a group is written, then each is fsynced and renamed into place, then
  // each directory is fsynced once (a file and a directory sync per image cost ~10 ms each under load).
  constexpr size_t kGroup = 64;
  struct Pending {
    std::unique_ptr<WritableFile> file;
    std::string path;
  };
  std::vector<Pending> group;
  std::vector<std::string> dirs;
  auto finish_group = [&]() -> Status {
    Status st;
    for (auto& p : group) {
      if (st.ok()) st = p.file->Sync();
      if (st.ok()) st = p.file->Close();
      if (st.ok() && ::rename(p.file->path().c_str(), p.path.c_str()) != 0)
        st = ErrnoStatus("rename", p.file->path(), errno);
      if (!st.ok()) (void)RemoveFile(p.file->path());
    }
    group.clear();
    return st;
  };
  for (const auto& [oid, t] : v.tables) {
    for (const auto& segments : t->slices) {
      for (const SegmentState& s : segments) {
        if (!s.meta->memory_image) continue;
        std::string path = SegmentPath(oid, s.meta->slice, s.meta->id);
        std::string dir = SegmentDir(oid, s.meta->slice);
        // A file there already was written by another checkpoint, which may run beside this one and not
        // have synced its directory yet: the directory is synced here too before this manifest names it.
        bool present = PathExists(path);
        if (dirs.empty() || dirs.back() != dir) {
          RETURN_IF_ERROR(CreateDirDurably(dir_ + "/tables/" + std::to_string(oid)));
          RETURN_IF_ERROR(CreateDirDurably(dir));
          dirs.push_back(dir);
        }
        if (present) continue;
        // A name of its own: a DDL checkpoint may write the same segment while a log checkpoint does.
        std::string tmp =
            dir_ + "/tmp/seg-" + std::to_string(s.meta->id) + "-" + std::to_string(image_writes_.fetch_add(1)) + ".tmp";
        auto file = WritableFile::Create(tmp, /*exclusive=*/false);
        Status st = file.status();
        if (st.ok()) st = (*file)->Append(*s.meta->memory_image);
        if (!st.ok()) {
          (void)RemoveFile(tmp);
          (void)finish_group();
          return st;
        }
        group.push_back({std::move(*file), std::move(path)});
        if (group.size() == kGroup) RETURN_IF_ERROR(finish_group());
      }
    }
  }
  RETURN_IF_ERROR(finish_group());
  for (const auto& dir : dirs) RETURN_IF_ERROR(SyncDir(dir));
  return Status::OK();
}

Status Store::Checkpoint(const DbVersion& next) {
  RETURN_IF_ERROR(PrepareCheckpoint(next));
  return FinishCheckpoint(next);
}

Status Store::PrepareCheckpoint(const DbVersion& next) {
  // Every segment `next` names has an id below this (ids are taken before a commit names them).
  unimaged_from_ = next_segment_id_.load();
  RETURN_IF_ERROR(WriteMemoryImages(next));
  return WriteManifest(next);
}

Status Store::FinishCheckpoint(const DbVersion& next) {
  RETURN_IF_ERROR(SwitchCurrent(next.version));
  manifest_version_ = next.version;
  // The manifest now holds everything the log did. A failure to start the new file leaves the old one in
  // use, whose records the manifest makes stale (replay skips them): the commit stands either way, and
  // reporting it failed would leave this process a version behind what CURRENT names.
  if (wal_) (void)wal_->Rotate(next.version + 1);
  return Status::OK();
}

Result<std::shared_ptr<const DbVersion>> Store::BeginLogCheckpoint(uint64_t min_log_bytes) {
  std::lock_guard<std::mutex> commit_lock(commit_mu_);
  RETURN_IF_ERROR(unfinished_);
  if (!wal_ || wal_->file_bytes() < min_log_bytes) return std::shared_ptr<const DbVersion>();
  std::shared_ptr<const DbVersion> base = Current();
  // Write-store segments of base may get a file from here on: a commit that retires one unlinks it.
  unimaged_from_ = next_segment_id_.load();
  RETURN_IF_ERROR(wal_->StartNewFile(base->version + 1));
  return base;
}

Status Store::FinishLogCheckpoint(const DbVersion& base) {
  RETURN_IF_ERROR(WriteMemoryImages(base));
  RETURN_IF_ERROR(WriteManifest(base));
  RETURN_IF_ERROR(SwitchCurrent(base.version));
  std::vector<std::string> removable;
  {
    std::lock_guard<std::mutex> commit_lock(commit_mu_);
    manifest_version_ = std::max(manifest_version_, base.version);
    removable = TakeRemovableFiles();
  }
  RETURN_IF_ERROR(wal_->RemoveFilesBefore(base.version + 1));
  RemoveFiles(removable);  // thousands of small files after a stream of INSERTs: not under the commit lock
  return Status::OK();
}

Result<bool> Store::CheckpointLog(uint64_t min_log_bytes) {
  ASSIGN_OR_RETURN(auto base, BeginLogCheckpoint(min_log_bytes));
  if (!base) return false;
  RETURN_IF_ERROR(FinishLogCheckpoint(*base));
  return true;
}

Status Store::ReplayLog() {
  ASSIGN_OR_RETURN(auto records, WriteAheadLog::ReadAll(dir_ + "/wal"));
  bool replayed = false;
  for (const auto& record : records) {
    ASSIGN_OR_RETURN(WalCommit c, DecodeWalCommit(record.payload, record.format_version));
    if (c.version <= current_->version) continue;   // the manifest has it
    if (c.version != current_->version + 1) break;  // a gap: what follows was never acknowledged
    RetiredSegments retired;
    ASSIGN_OR_RETURN(auto next, BuildNext(*current_, c.request, &retired));
    for (const auto& ch : c.request.tables) {
      for (const auto& meta : ch.added) next_segment_id_ = std::max(next_segment_id_.load(), meta->id + 1);
    }
    current_ = std::move(next);
    replayed = true;
  }
  if (reserve_from_zone_maps_) {
    // The manifest predates IDENTITY reservations: its columns' come from their values, before the next
    // manifest (this checkpoint's, or a later commit's) takes them as they are.
    auto db = std::make_shared<DbVersion>(*current_);
    ReserveFromZoneMaps(db.get());
    current_ = std::move(db);
  }
  if (replayed) RETURN_IF_ERROR(Checkpoint(*current_));
  return Status::OK();
}

}  // namespace blueshift::storage
