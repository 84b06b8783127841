// The store's write-ahead log side: write-store segments, log commits, durability, checkpoints and replay.
#include <algorithm>

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
  std::lock_guard<std::mutex> lock(mu_);
  current_ = next;
  if (lsn == 0) {  // a checkpoint: durable, and so is everything before it
    pending_.clear();
    durable_ = std::move(next);
  } else {
    pending_.emplace_back(lsn, std::move(next));
  }
}

Status Store::WaitDurable(uint64_t lsn) {
  if (lsn == 0) return Status::OK();
  RETURN_IF_ERROR(wal_->Sync(lsn));
  uint64_t synced = wal_->synced_lsn();
  std::lock_guard<std::mutex> lock(mu_);
  auto end = std::find_if(pending_.begin(), pending_.end(), [&](const auto& p) { return p.first > synced; });
  if (end != pending_.begin()) {
    durable_ = std::prev(end)->second;
    pending_.erase(pending_.begin(), end);
  }
  return Status::OK();
}

Status Store::WriteMemoryImages(const DbVersion& v) {
  for (const auto& [oid, t] : v.tables) {
    for (const auto& segments : t->slices) {
      for (const SegmentState& s : segments) {
        if (!s.meta->memory_image) continue;
        std::string path = SegmentPath(oid, s.meta->slice, s.meta->id);
        if (PathExists(path)) continue;  // written by an earlier checkpoint
        RETURN_IF_ERROR(CreateDirDurably(dir_ + "/tables/" + std::to_string(oid)));
        RETURN_IF_ERROR(CreateDirDurably(SegmentDir(oid, s.meta->slice)));
        RETURN_IF_ERROR(ReplaceFileDurably(dir_ + "/tmp/seg.tmp", path, *s.meta->memory_image));
      }
    }
  }
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
  RETURN_IF_ERROR(WriteCurrent(dir_, next.version));
  manifest_version_ = next.version;
  RemoveOldManifests(next.version);
  // The manifest now holds everything the log did. A failure to start the new file leaves the old one,
  // whose records the manifest makes stale; replay skips them.
  if (wal_) RETURN_IF_ERROR(wal_->Rotate(next.version + 1));
  return Status::OK();
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
  if (replayed) RETURN_IF_ERROR(Checkpoint(*current_));
  return Status::OK();
}

}  // namespace blueshift::storage
