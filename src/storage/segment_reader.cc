#include "storage/segment_reader.h"

#include <algorithm>
#include <cstring>

#include "storage/block.h"
#include "storage/block_cache.h"
#include "storage/encoding.h"
#include "storage/segment_writer.h"
#include "util/byte_stream.h"
#include "util/crc32c.h"

namespace blueshift::storage {
namespace {

constexpr size_t kFileHeaderBytes = 36;

Status CheckFileHeader(const RandomAccessFile& file, const TableDef& table, const SegmentMeta& meta) {
  char buf[kFileHeaderBytes];
  Status st = file.Read(0, sizeof buf, buf);
  ByteReader r(buf, sizeof buf);
  std::string_view magic = r.Bytes(8);
  uint32_t version = r.U32();
  uint32_t oid = r.U32();
  uint32_t slice = r.U32();
  r.U32();  // column count
  uint64_t id = r.U64();
  uint32_t crc = r.U32();
  if (!st.ok() || magic != std::string_view(kSegmentMagic, 8) || crc != Crc32c(buf, kFileHeaderBytes - 4) ||
      version < kMinSegmentFormatVersion || version > kSegmentFormatVersion || oid != table.oid ||
      slice != meta.slice || id != meta.id) {
    return Status(ErrorCode::kDataCorrupted, "segment file \"" + file.path() + "\" of table \"" + table.schema + "." +
                                                 table.name + "\" has a damaged or foreign header");
  }
  return Status::OK();
}

// What the reader keeps of meta: everything but the zone maps' min and max, which it never looks at (copying
// them costs an allocation per block of a string column, for every scan that opens the segment).
SegmentMeta ReaderMeta(const SegmentMeta& meta) {
  SegmentMeta m;
  m.id = meta.id;
  m.slice = meta.slice;
  m.row_count = meta.row_count;
  m.file_bytes = meta.file_bytes;
  m.types = meta.types;
  m.memory_image = meta.memory_image;
  m.columns.resize(meta.columns.size());
  for (size_t c = 0; c < meta.columns.size(); c++) {
    m.columns[c].reserve(meta.columns[c].size());
    for (const BlockInfo& b : meta.columns[c]) {
      BlockInfo slim;
      slim.first_row = b.first_row;
      slim.row_count = b.row_count;
      slim.null_count = b.null_count;
      slim.encoding = b.encoding;
      slim.offset = b.offset;
      slim.size = b.size;
      m.columns[c].push_back(std::move(slim));
    }
  }
  return m;
}

// A read wanting fewer than one row in this many of an encoded AZ64 block's rows decodes just those rows.
constexpr size_t kFewRowsRatio = 16;

// Whether a read of one row of a block of this encoding decodes the whole block. Those blocks' point reads
// go through DecodedBlockCache: a key's block of a DELTA-encoded sort key (65,536 rows, decoded in order)
// was most of a point UPDATE's CPU. RAW needs no decoding; AZ64 decodes just the wanted rows
// (DecodeFewRows) and BYTEDICT keeps its codes.
bool DecodesWhole(Encoding e) {
  switch (e) {
    case Encoding::kRaw:
    case Encoding::kAz64:
    case Encoding::kByteDict:
      return false;
    default:
      return true;
  }
}

// Rows [from, from + n) of a block kept in dictionary form, as views; NULL rows get the empty placeholder.
void GatherStrings(const DecodedBlock& d, size_t from, size_t n, std::string_view* dst) {
  const uint8_t* codes = d.codes + from;
  const std::string_view* dict = d.dict.data();
  for (size_t i = 0; i < n; i++) dst[i] = dict[codes[i]];
  if (!d.has_nulls) return;
  for (size_t i = 0; i < n; i++) {
    if (!d.validity[from + i]) dst[i] = std::string_view();
  }
}

template <typename T>
void GatherCodesAs(const DecodedBlock& d, size_t from, size_t done, size_t n, const std::vector<uint32_t>* live,
                   T* dst) {
  const T* table = reinterpret_cast<const T*>(d.values.get());
  const uint8_t* codes = d.codes + from;
  if (live == nullptr || live->size() * kFewRowsRatio > n) {
    for (size_t i = 0; i < n; i++) dst[done + i] = table[codes[i]];
    return;
  }
  // A selective read: the wanted rows only, the others zero.
  std::memset(dst + done, 0, n * sizeof(T));
  auto lo = std::lower_bound(live->begin(), live->end(), static_cast<uint32_t>(done));
  for (auto it = lo; it != live->end() && *it < done + n; ++it) dst[*it] = table[codes[*it - done]];
}

// Rows [done, done + n) of a read from rows [from, from + n) of a BYTEDICT block of fixed-width values kept
// as codes: each row its dictionary value through the block's 256-entry table.
void GatherCodes(const DecodedBlock& d, size_t from, size_t done, size_t n, size_t width,
                 const std::vector<uint32_t>* live, Vector* out) {
  switch (width) {
    case 1:
      return GatherCodesAs(d, from, done, n, live, out->data<uint8_t>());
    case 2:
      return GatherCodesAs(d, from, done, n, live, out->data<uint16_t>());
    case 4:
      return GatherCodesAs(d, from, done, n, live, out->data<uint32_t>());
    case 8:
      return GatherCodesAs(d, from, done, n, live, out->data<uint64_t>());
    default:
      return GatherCodesAs(d, from, done, n, live, out->data<unsigned __int128>());
  }
}

// Rows [done, done + n) of a read come from rows [from, from + n) of an AZ64 block kept encoded. When few of
// them are wanted (live: ascending offsets of the whole read), decodes just those, zeroes the others and
// returns true; false when decoding the whole block is the cheaper way.
bool DecodeFewRows(const DecodedBlock& d, size_t from, size_t done, size_t n, const std::vector<uint32_t>& live,
                   size_t width, Vector* out) {
  auto lo = std::lower_bound(live.begin(), live.end(), static_cast<uint32_t>(done));
  auto hi = std::lower_bound(lo, live.end(), static_cast<uint32_t>(done + n));
  size_t wanted = static_cast<size_t>(hi - lo);
  if (wanted * kFewRowsRatio > n) return false;
  uint8_t* dst = out->raw_data();
  std::memset(dst + done * width, 0, n * width);
  // live holds offsets of the read; the block's row of offset r is from + (r - done).
  DecodeAz64Rows(out->type().physical(), d.az64_payload, d.az64_frames, static_cast<uint32_t>(from),
                 static_cast<uint32_t>(done), live.data() + (lo - live.begin()), wanted, dst);
  return true;
}

}  // namespace

Result<std::unique_ptr<SegmentReader>> FileSegmentReader::Open(const std::string& path, const TableDef& table,
                                                               const SegmentMeta& meta, uint64_t cache_scope) {
  std::unique_ptr<RandomAccessFile> file;
  if (meta.memory_image) {
    file = RandomAccessFile::FromMemory(meta.memory_image, path + " (write store)");
  } else {
    ASSIGN_OR_RETURN(file, RandomAccessFile::Open(path));
  }
  RETURN_IF_ERROR(CheckFileHeader(*file, table, meta));
  return std::unique_ptr<SegmentReader>(
      new FileSegmentReader(std::move(file), table, meta, meta.memory_image ? 0 : cache_scope));
}

FileSegmentReader::FileSegmentReader(std::unique_ptr<RandomAccessFile> file, const TableDef& table,
                                     const SegmentMeta& meta, uint64_t cache_scope)
    : file_(std::move(file)),
      table_name_(table.schema + "." + table.name),
      table_oid_(table.oid),
      meta_(ReaderMeta(meta)),
      cursors_(meta.columns.size()),
      cache_scope_(cache_scope) {
  for (const auto& c : table.columns) column_names_.push_back(c.name);
}

Status FileSegmentReader::Corrupt(int column, int block, const std::string& why) const {
  std::string name = column < static_cast<int>(column_names_.size()) ? column_names_[column] : "?";
  return Status(ErrorCode::kDataCorrupted, "block " + std::to_string(block) + " of column \"" + name +
                                               "\" in segment " + std::to_string(meta_.id) + " (slice " +
                                               std::to_string(meta_.slice) + ") of table \"" + table_name_ +
                                               "\" is corrupted: " + why + " (file \"" + file_->path() + "\")");
}

int FileSegmentReader::FindBlock(int column, uint64_t row) const {
  const auto& blocks = meta_.columns[column];
  auto it = std::upper_bound(blocks.begin(), blocks.end(), row,
                             [](uint64_t r, const BlockInfo& b) { return r < b.first_row; });
  return static_cast<int>(it - blocks.begin()) - 1;
}

Status FileSegmentReader::LoadBlock(int column, int block, bool point) {
  Cursor& cur = cursors_[column];
  if (cur.block == block) return Status::OK();
  cur.block = -1;
  cur.shared.reset();
  const BlockInfo& info = meta_.columns[column][block];
  bool verified = false;
  Result<std::shared_ptr<const std::string>> read = BlockBytes(info, &verified);
  if (read.status().code() == ErrorCode::kDataCorrupted) return Corrupt(column, block, "the file is truncated");
  RETURN_IF_ERROR(read.status());
  std::shared_ptr<const std::string> bytes = std::move(read).value();
  // A point read of a block that costs a decoding of the whole block goes through the cache.
  bool cached = point && !meta_.memory_image && DecodesWhole(info.encoding);
  std::string key;
  if (cached) {
    key = DecodedBlockCache::Key(file_->path(), info, *bytes);
    cur.shared = DecodedBlockCache::Global().Find(key);
    if (cur.shared) {
      cur.block = block;
      blocks_decoded_++;
      return Status::OK();
    }
  }
  // A scan of such a block takes its decompressed payload from RawBlockCache, or leaves it there.
  bool expand = !cached && cache_scope_ != 0 && (info.encoding == Encoding::kZstd || info.encoding == Encoding::kLzo);
  RawBlockCache::Key expanded_key = RawKey(info);
  expanded_key.expanded = true;
  std::shared_ptr<const std::string> expanded = expand ? RawBlockCache::Global().Find(expanded_key) : nullptr;
  const std::string* found = expanded.get();
  std::shared_ptr<DecodedBlock> fresh = cached ? std::make_shared<DecodedBlock>() : nullptr;
  DecodedBlock* into = cached ? fresh.get() : &cur.decoded;
  Status st = DecodeBlock(bytes, meta_.types[column], info, into, /*keep_encoded=*/!cached, verified,
                          expand ? &expanded : nullptr);
  if (!st.ok()) return Corrupt(column, block, st.message());
  if (!verified && cache_scope_ != 0) RawBlockCache::Global().Put(RawKey(info), std::move(bytes));
  if (expand && expanded.get() != found) RawBlockCache::Global().Put(expanded_key, std::move(expanded));
  if (cached) {
    DecodedBlockCache::Global().Put(key, fresh);
    cur.shared = std::move(fresh);
  }
  cur.block = block;
  blocks_decoded_++;
  return Status::OK();
}

RawBlockCache::Key FileSegmentReader::RawKey(const BlockInfo& info) const {
  return RawBlockCache::Key{cache_scope_, table_oid_, meta_.slice, meta_.id, info.offset};
}

Result<std::shared_ptr<const std::string>> FileSegmentReader::BlockBytes(const BlockInfo& info, bool* verified) const {
  if (cache_scope_ != 0) {
    std::shared_ptr<const std::string> hit = RawBlockCache::Global().Find(RawKey(info));
    if (hit != nullptr && hit->size() == info.size) {
      *verified = true;
      return hit;
    }
  }
  auto bytes = std::make_shared<std::string>(info.size, '\0');
  RETURN_IF_ERROR(file_->Read(info.offset, info.size, bytes->data()));
  return std::shared_ptr<const std::string>(std::move(bytes));
}

Status FileSegmentReader::ReadColumn(int column, uint64_t first_row, size_t count, Vector* out,
                                     const std::vector<uint32_t>* live) {
  out->Reset();
  out->SetAllValid(count);
  size_t width = PhysicalWidth(meta_.types[column].physical());
  bool is_string = meta_.types[column].physical() == PhysicalType::kString;
  size_t done = 0;
  while (done < count) {
    uint64_t row = first_row + done;
    int block = FindBlock(column, row);
    // A read of one row is a point read too: the binary searches for a sort key's run (NarrowToSortKeyRun).
    bool point = count == 1 || (live != nullptr && live->size() * kFewRowsRatio <= count);
    RETURN_IF_ERROR(LoadBlock(column, block, point));
    const BlockInfo& info = meta_.columns[column][block];
    Cursor& cur = cursors_[column];
    const DecodedBlock& d = cur.active();
    size_t from = row - info.first_row;
    size_t n = std::min<size_t>(count - done, info.row_count - from);
    if (d.codes != nullptr && is_string) {
      GatherStrings(d, from, n, out->data<std::string_view>() + done);
    } else if (d.codes != nullptr) {
      GatherCodes(d, from, done, n, width, live, out);
    } else if (d.az64 && live != nullptr && DecodeFewRows(d, from, done, n, *live, width, out)) {
      // only the wanted rows were decoded
    } else {
      // A cached block is fully decoded already (DecodedBlockCache).
      if (d.az64) RETURN_IF_ERROR(MaterializeBlock(meta_.types[column].physical(), &cur.decoded));
      std::memcpy(out->raw_data() + done * width, d.values.get() + from * width, n * width);
    }
    if (d.has_nulls) {
      std::memcpy(out->validity() + done, d.validity.data() + from, n);
      out->MarkMayHaveNulls();
    }
    if (is_string) out->arena().Retain(d.owner);
    done += n;
  }
  return Status::OK();
}

Status FileSegmentReader::Read(const std::vector<int>& columns, uint64_t first_row, size_t count, Batch* out,
                               const std::vector<uint32_t>* live) {
  DCHECK(first_row + count <= meta_.row_count);
  DCHECK(count <= out->capacity());
  DCHECK_EQ(columns.size(), out->num_columns());
  out->Reset();
  for (size_t j = 0; j < columns.size(); j++) {
    int c = columns[j];
    if (c < 0)
      return Status(ErrorCode::kInternal,
                    "segment " + std::to_string(meta_.id) + " has no column " + std::to_string(c));
    if (c >= static_cast<int>(meta_.columns.size())) {  // added to the table after the segment was written
      Vector& v = out->column(j);
      std::memset(v.raw_data(), 0, count * static_cast<size_t>(v.type().FixedWidth()));
      for (size_t i = 0; i < count; i++) v.SetNull(i, true);
      continue;
    }
    RETURN_IF_ERROR(ReadColumn(c, first_row, count, &out->column(j), live));
  }
  out->set_count(count);
  return Status::OK();
}

}  // namespace blueshift::storage
