#include "storage/wal_record.h"

#include "storage/identity_reservations.h"
#include "storage/manifest.h"
#include "util/byte_stream.h"

namespace blueshift::storage {
namespace {

constexpr uint8_t kFileSegment = 0;
constexpr uint8_t kWriteStoreSegment = 1;
constexpr uint8_t kFoldFlag = 1;
const char kWhere[] = "write-ahead log";

Status Corrupt(const std::string& why) {
  return Status(ErrorCode::kDataCorrupted, std::string(kWhere) + " record is corrupted: " + why);
}

Status DecodeAdded(ByteReader* r, CommitRequest::TableChange* ch) {
  uint32_t slice = r->U32();
  uint8_t kind = r->U8();
  if (!r->ok() || kind > kWriteStoreSegment) return Corrupt("bad segment entry");
  ASSIGN_OR_RETURN(SegmentState s, DecodeSegmentState(r, ch->table, slice, kWhere));
  auto meta = std::make_shared<SegmentMeta>(*s.meta);
  if (kind == kWriteStoreSegment) {
    std::string_view image = r->String();
    if (!r->ok() || image.size() != meta->file_bytes) return Corrupt("truncated segment image");
    meta->memory_image = std::make_shared<const std::string>(image);
  }
  ch->added.push_back(std::move(meta));
  return Status::OK();
}

Status DecodeDeleted(ByteReader* r, CommitRequest::TableChange* ch) {
  uint64_t id = r->U64();
  uint32_t n = r->U32();
  if (!r->CanHold(n, 4)) return Corrupt("truncated delete list");
  auto& rows = ch->deleted[id];
  for (uint32_t i = 0; i < n; i++) rows.push_back(r->U32());
  return Status::OK();
}

// Format 2: the segments a fold replaced (only folds remove segments in a log record).
Status DecodeRemoved(ByteReader* r, CommitRequest::TableChange* ch) {
  uint8_t flags = r->U8();
  uint32_t n = r->U32();
  if (!r->ok() || flags > kFoldFlag || !r->CanHold(n, 8)) return Corrupt("truncated removed-segment list");
  ch->fold = flags == kFoldFlag;
  if (n > 0 && (!ch->fold || ch->added.size() != 1)) return Corrupt("segments removed outside a fold");
  for (uint32_t i = 0; i < n; i++) ch->removed[r->U64()] = nullptr;
  return Status::OK();
}

}  // namespace

bool IsLoggable(const CommitRequest& request) {
  if (request.catalog) return false;
  for (const auto& ch : request.tables) {
    if (ch.created || ch.dropped || ch.truncated || (!ch.removed.empty() && !ch.fold)) return false;
    // A change of interleaved state (interleaved_index.h) lives in the manifest alone.
    if (!ch.interleaved.empty()) return false;
    for (const auto& meta : ch.added) {
      if (meta->proposed_index) return false;
    }
  }
  return true;
}

namespace {

// About the size of a record, so that it is built without growing: the segments' metadata (a block entry
// with its zone map per column) and images, the deleted rows and the removed segments.
size_t RecordSizeHint(const CommitRequest& request) {
  size_t n = 64;
  for (const auto& ch : request.tables) {
    n += 32 + 12 * ch.deleted.size() + 8 * ch.removed.size();
    for (const auto& [id, rows] : ch.deleted) n += 4 * rows.size();
    for (const auto& meta : ch.added) {
      n += 64 + (meta->memory_image ? meta->memory_image->size() : 0);
      for (const auto& blocks : meta->columns) n += 16 + 64 * blocks.size();
    }
  }
  return n;
}

}  // namespace

std::string EncodeWalCommit(uint64_t version, const CommitRequest& request) {
  ByteWriter w;
  w.mutable_data().reserve(RecordSizeHint(request));
  w.U64(version);
  w.U32(static_cast<uint32_t>(request.tables.size()));
  for (const auto& ch : request.tables) {
    w.U32(ch.table);
    w.U32(static_cast<uint32_t>(ch.added.size()));
    for (const auto& meta : ch.added) {
      w.U32(meta->slice);
      w.U8(meta->memory_image ? kWriteStoreSegment : kFileSegment);
      EncodeSegmentState(SegmentState{meta, nullptr}, &w);
      if (meta->memory_image) w.String(*meta->memory_image);
    }
    w.U32(static_cast<uint32_t>(ch.deleted.size()));
    for (const auto& [id, rows] : ch.deleted) {
      w.U64(id);
      w.U32(static_cast<uint32_t>(rows.size()));
      for (uint32_t row : rows) w.U32(row);
    }
    w.U8(ch.fold ? kFoldFlag : 0);
    w.U32(static_cast<uint32_t>(ch.removed.size()));
    for (const auto& [id, seen] : ch.removed) w.U64(id);
  }
  if (!request.identity.empty()) EncodeIdentityReservations(request.identity, &w);  // format 4
  return w.Release();
}

Result<WalCommit> DecodeWalCommit(std::string_view payload, uint32_t format_version) {
  ByteReader r(payload);
  WalCommit c;
  c.version = r.U64();
  uint32_t ntables = r.U32();
  if (!r.CanHold(ntables, 12)) return Corrupt("truncated");
  for (uint32_t t = 0; t < ntables; t++) {
    CommitRequest::TableChange ch;
    ch.table = r.U32();
    uint32_t nadded = r.U32();
    if (!r.CanHold(nadded, 16)) return Corrupt("truncated");
    for (uint32_t i = 0; i < nadded; i++) RETURN_IF_ERROR(DecodeAdded(&r, &ch));
    uint32_t ndeleted = r.U32();
    if (!r.CanHold(ndeleted, 12)) return Corrupt("truncated");
    for (uint32_t i = 0; i < ndeleted; i++) RETURN_IF_ERROR(DecodeDeleted(&r, &ch));
    if (format_version >= 2) RETURN_IF_ERROR(DecodeRemoved(&r, &ch));
    c.request.tables.push_back(std::move(ch));
  }
  // Format 4: IDENTITY reservations may follow the tables.
  if (format_version >= 4 && r.ok() && r.remaining() > 0 && !DecodeIdentityReservations(&r, &c.request.identity))
    return Corrupt("truncated identity reservations");
  if (!r.ok() || r.remaining() != 0) return Corrupt("bad length");
  return c;
}

}  // namespace blueshift::storage
