#include "storage/manifest.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "catalog/catalog_codec.h"
#include "storage/identity_reservations.h"
#include "storage/typed_value.h"
#include "util/byte_stream.h"
#include "util/crc32c.h"
#include "util/fixed_fields.h"

namespace blueshift::storage {
namespace {

constexpr char kManifestMagic[] = "BLUMANIF";
constexpr char kCurrentTag[] = "blueshift CURRENT 1";

void PutBlock(const BlockInfo& b, const LogicalType& type, ByteWriter* w) {
  {
    FixedFields f(w, 26);
    f.Put<uint32_t>(b.first_row);
    f.Put<uint32_t>(b.row_count);
    f.Put<uint32_t>(b.null_count);
    f.Put<uint8_t>(static_cast<uint8_t>(b.encoding));
    f.Put<uint64_t>(b.offset);
    f.Put<uint32_t>(b.size);
    f.Put<uint8_t>(b.has_minmax ? 1 : 0);
  }
  if (b.has_minmax) {
    PutTypedValue(b.min, type, w);
    PutTypedValue(b.max, type, w);
  }
}

void PutSegment(const SegmentState& s, ByteWriter* w) {
  const SegmentMeta& m = *s.meta;
  {
    FixedFields f(w, 32);
    f.Put<uint64_t>(m.id);
    f.Put<uint32_t>(m.slice);
    f.Put<uint64_t>(m.row_count);
    f.Put<uint64_t>(m.file_bytes);
    f.Put<uint32_t>(static_cast<uint32_t>(m.columns.size()));
  }
  for (size_t c = 0; c < m.columns.size(); c++) {
    EncodeLogicalType(m.types[c], w);
    w->U32(static_cast<uint32_t>(m.columns[c].size()));
    for (const BlockInfo& b : m.columns[c]) PutBlock(b, m.types[c], w);
  }
  const std::vector<uint32_t> none;
  const auto& rows = s.deletes ? s.deletes->rows : none;
  w->U32(static_cast<uint32_t>(rows.size()));
  for (uint32_t r : rows) w->U32(r);
}

// Decoding state: the reader and where we are, for messages.
struct Decoder {
  ByteReader r;
  std::string name;
  std::string where;

  Status Corrupt(const std::string& why) const {
    return Status(ErrorCode::kDataCorrupted,
                  "manifest \"" + name + "\" is corrupted" + (where.empty() ? "" : " in " + where) + ": " + why);
  }
};

Result<BlockInfo> GetBlock(Decoder* d, const LogicalType& type) {
  BlockInfo b;
  b.first_row = d->r.U32();
  b.row_count = d->r.U32();
  b.null_count = d->r.U32();
  uint8_t enc = d->r.U8();
  b.offset = d->r.U64();
  b.size = d->r.U32();
  b.has_minmax = d->r.Bool();
  if (enc > static_cast<uint8_t>(Encoding::kZstd)) return d->Corrupt("unknown block encoding");
  b.encoding = static_cast<Encoding>(enc);
  b.min = b.max = Value::NullOf(type);
  if (b.has_minmax) {
    b.min = GetTypedValue(type, &d->r);
    b.max = GetTypedValue(type, &d->r);
  }
  if (!d->r.ok()) return d->Corrupt("truncated block metadata");
  return b;
}

Status GetColumns(Decoder* d, SegmentMeta* m) {
  uint32_t ncols = d->r.U32();
  if (!d->r.CanHold(ncols, 13)) return d->Corrupt("truncated");
  for (uint32_t c = 0; c < ncols; c++) {
    auto type = DecodeLogicalType(&d->r);
    if (!type.ok()) return d->Corrupt(type.status().message());
    m->types.push_back(*type);
    uint32_t nblocks = d->r.U32();
    if (!d->r.CanHold(nblocks, 30)) return d->Corrupt("truncated");
    m->columns.emplace_back();
    for (uint32_t k = 0; k < nblocks; k++) {
      ASSIGN_OR_RETURN(BlockInfo b, GetBlock(d, *type));
      m->columns.back().push_back(std::move(b));
    }
  }
  return Status::OK();
}

Result<SegmentState> GetSegment(Decoder* d, Oid table, uint32_t slice) {
  auto m = std::make_shared<SegmentMeta>();
  m->id = d->r.U64();
  m->slice = d->r.U32();
  m->row_count = d->r.U64();
  m->file_bytes = d->r.U64();
  d->where = "table " + std::to_string(table) + ", segment " + std::to_string(m->id);
  if (m->slice != slice) return d->Corrupt("segment listed under the wrong slice");
  RETURN_IF_ERROR(GetColumns(d, m.get()));
  uint32_t ndel = d->r.U32();
  if (!d->r.CanHold(ndel, 4)) return d->Corrupt("truncated delete set");
  SegmentState s;
  s.meta = std::move(m);
  if (ndel == 0) return s;
  auto del = std::make_shared<DeleteSet>();
  for (uint32_t i = 0; i < ndel; i++) del->rows.push_back(d->r.U32());
  for (uint32_t i = 0; i < ndel; i++) {
    bool ordered = i == 0 || del->rows[i - 1] < del->rows[i];
    if (!ordered || del->rows[i] >= s.meta->row_count) return d->Corrupt("delete set out of order or range");
  }
  s.deletes = std::move(del);
  return s;
}

// A table's interleaved state (manifest.md, "Interleaved state"; format 2).
void PutInterleaved(const TableData& t, ByteWriter* w) {
  w->Bool(!t.interleaved.empty());
  for (const InterleavedSlice& s : t.interleaved) {
    w->Bool(s.index != nullptr);
    if (s.index) s.index->Encode(w);
    w->U32(static_cast<uint32_t>(s.sorted_segments.size()));
    for (uint64_t id : s.sorted_segments) w->U64(id);
    w->I64(s.last_reindex_us);
  }
}

Status GetInterleaved(Decoder* d, TableData* t) {
  if (!d->r.Bool()) return Status::OK();
  t->interleaved.resize(t->slices.size());
  for (InterleavedSlice& s : t->interleaved) {
    if (d->r.Bool()) {
      auto index = InterleavedIndex::Decode(&d->r);
      if (!index.ok()) return d->Corrupt(index.status().message());
      s.index = std::move(*index);
    }
    uint32_t n = d->r.U32();
    if (!d->r.CanHold(n, 8)) return d->Corrupt("truncated interleaved state");
    for (uint32_t i = 0; i < n; i++) s.sorted_segments.push_back(d->r.U64());
    if (!std::is_sorted(s.sorted_segments.begin(), s.sorted_segments.end()))
      return d->Corrupt("interleaved sorted segments out of order");
    s.last_reindex_us = d->r.I64();
  }
  if (!d->r.ok()) return d->Corrupt("truncated interleaved state");
  return Status::OK();
}

Result<std::shared_ptr<const TableData>> GetTable(Decoder* d, uint32_t num_slices, uint32_t version) {
  auto t = std::make_shared<TableData>();
  t->table_oid = d->r.U32();
  uint32_t nslices = d->r.U32();
  if (!d->r.ok() || nslices != num_slices) return d->Corrupt("bad slice count for a table");
  t->slices.resize(nslices);
  for (uint32_t s = 0; s < nslices; s++) {
    uint32_t nseg = d->r.U32();
    if (!d->r.CanHold(nseg, 36)) return d->Corrupt("truncated");
    for (uint32_t k = 0; k < nseg; k++) {
      ASSIGN_OR_RETURN(SegmentState seg, GetSegment(d, t->table_oid, s));
      t->slices[s].Mutable().push_back(std::move(seg));
    }
  }
  d->where = "table " + std::to_string(t->table_oid);
  if (version >= 2) RETURN_IF_ERROR(GetInterleaved(d, t.get()));
  d->where.clear();
  return std::shared_ptr<const TableData>(std::move(t));
}

}  // namespace

void EncodeSegmentState(const SegmentState& s, ByteWriter* w) {
  PutSegment(s, w);
}

Result<SegmentState> DecodeSegmentState(ByteReader* r, Oid table, uint32_t slice, const std::string& name) {
  Decoder d{*r, name, ""};
  auto s = GetSegment(&d, table, slice);
  *r = d.r;
  return s;
}

std::string EncodeManifest(const DbVersion& db, uint32_t num_slices, uint64_t next_segment_id) {
  ByteWriter w;
  w.Bytes(kManifestMagic, 8);
  w.U32(kManifestFormatVersion);
  w.U64(db.version);
  w.U32(num_slices);
  w.U64(next_segment_id);
  w.String(EncodeCatalog(*db.catalog));
  w.U32(static_cast<uint32_t>(db.tables.size()));
  for (const auto& [oid, t] : db.tables) {
    w.U32(oid);
    w.U32(static_cast<uint32_t>(t->slices.size()));
    for (const auto& segments : t->slices) {
      w.U32(static_cast<uint32_t>(segments.size()));
      for (const SegmentState& s : segments) PutSegment(s, &w);
    }
    PutInterleaved(*t, &w);
  }
  w.U32(db.decided.database);
  w.U64(db.decided.version);
  EncodeIdentityReservations(db.identity ? *db.identity : IdentityReservations(), &w);
  w.U32(Crc32c(w.data()));
  return w.Release();
}

Result<Manifest> DecodeManifest(std::string_view bytes, const std::string& name) {
  Decoder d{ByteReader(bytes), name, ""};
  if (bytes.size() < 40) return d.Corrupt("file is too short");
  uint32_t crc;
  std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
  if (Crc32c(bytes.data(), bytes.size() - 4) != crc) return d.Corrupt("checksum mismatch");
  d.r = ByteReader(bytes.data(), bytes.size() - 4);
  if (d.r.Bytes(8) != std::string_view(kManifestMagic, 8)) return d.Corrupt("bad magic");
  uint32_t version = d.r.U32();
  if (version < 1 || version > kManifestFormatVersion)
    return d.Corrupt("unknown format version " + std::to_string(version));
  auto db = std::make_shared<DbVersion>();
  Manifest m;
  db->version = d.r.U64();
  m.num_slices = d.r.U32();
  m.next_segment_id = d.r.U64();
  auto catalog = DecodeCatalog(d.r.String());
  if (!d.r.ok() || m.num_slices == 0) return d.Corrupt("truncated header");
  if (!catalog.ok()) return d.Corrupt(catalog.status().message());
  db->catalog = std::make_shared<const Catalog>(std::move(*catalog));
  uint32_t ntables = d.r.U32();
  if (!d.r.CanHold(ntables, 8)) return d.Corrupt("truncated");
  for (uint32_t i = 0; i < ntables; i++) {
    ASSIGN_OR_RETURN(auto t, GetTable(&d, m.num_slices, version));
    db->tables[t->table_oid] = std::move(t);
  }
  if (version >= 3) {
    db->decided.database = d.r.U32();
    db->decided.version = d.r.U64();
    if (!d.r.ok()) return d.Corrupt("truncated commit decision");
  }
  if (version >= 4) {
    auto reserved = std::make_shared<IdentityReservations>();
    if (!DecodeIdentityReservations(&d.r, reserved.get())) return d.Corrupt("truncated identity reservations");
    if (!reserved->empty()) db->identity = std::move(reserved);
  }
  if (d.r.remaining() != 0) return d.Corrupt("trailing bytes");
  m.db = std::move(db);
  m.format_version = version;
  return m;
}

std::string ManifestFileName(uint64_t version) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "MANIFEST-%020" PRIu64, version);
  return buf;
}

std::optional<uint64_t> ParseManifestFileName(std::string_view name) {
  constexpr std::string_view kPrefix = "MANIFEST-";
  if (name.size() != kPrefix.size() + 20 || name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  uint64_t v = 0;
  for (char c : name.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::string EncodeCurrent(const std::string& manifest_name) {
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", Crc32c(manifest_name));
  return std::string(kCurrentTag) + "\n" + manifest_name + "\n" + crc + "\n";
}

Result<std::string> DecodeCurrent(std::string_view bytes) {
  size_t a = bytes.find('\n');
  size_t b = a == std::string_view::npos ? a : bytes.find('\n', a + 1);
  std::string name(b == std::string_view::npos ? std::string_view() : bytes.substr(a + 1, b - a - 1));
  std::string_view rest = b == std::string_view::npos ? std::string_view() : bytes.substr(b + 1);
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", Crc32c(name));
  if (bytes.substr(0, a) != kCurrentTag || rest != std::string(crc) + "\n" || !ParseManifestFileName(name)) {
    return Status(ErrorCode::kDataCorrupted, "the CURRENT file is damaged (it must name the live manifest)");
  }
  return name;
}

}  // namespace blueshift::storage
