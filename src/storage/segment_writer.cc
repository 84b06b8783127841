#include "storage/segment_writer.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "storage/block.h"
#include "storage/encode_auto.h"
#include "storage/segment_file.h"
#include "storage/sorted_columns.h"
#include "util/byte_stream.h"
#include "util/crc32c.h"
#include "util/file.h"
#include "util/fixed_fields.h"

namespace blueshift::storage {

namespace {

void PutSegmentFileHeader(const TableDef& table, uint32_t slice, uint64_t id, ByteWriter* w) {
  size_t start = w->size();
  FixedFields f(w, 32);
  f.Bytes(kSegmentMagic, 8);
  f.Put<uint32_t>(kSegmentFormatVersion);
  f.Put<uint32_t>(table.oid);
  f.Put<uint32_t>(slice);
  f.Put<uint32_t>(static_cast<uint32_t>(table.columns.size()));
  f.Put<uint64_t>(id);
  w->U32(Crc32c(std::string_view(w->data()).substr(start)));
}

void PutSegmentFooterAndTrailer(const SegmentMeta& meta, uint64_t footer_offset, uint64_t stats_offset,
                                uint32_t stats_size, ByteWriter* w) {
  size_t start = w->size();
  size_t blocks = 0;
  for (const auto& column : meta.columns) blocks += column.size();
  size_t body = 12 + 4 * meta.columns.size() + 20 * blocks + 12;  // up to the checksum
  w->mutable_data().reserve(start + body + 32);
  {
    FixedFields f(w, body);
    f.Put<uint64_t>(meta.row_count);
    f.Put<uint32_t>(static_cast<uint32_t>(meta.columns.size()));
    for (const auto& blocks : meta.columns) {
      f.Put<uint32_t>(static_cast<uint32_t>(blocks.size()));
      for (const BlockInfo& b : blocks) {
        f.Put<uint64_t>(b.offset);
        f.Put<uint32_t>(b.size);
        f.Put<uint32_t>(b.first_row);
        f.Put<uint32_t>(b.row_count);
      }
    }
    f.Put<uint64_t>(stats_offset);
    f.Put<uint32_t>(stats_size);
  }
  uint32_t crc = Crc32c(std::string_view(w->data()).substr(start));
  FixedFields f(w, 28);
  f.Put<uint32_t>(crc);
  f.Put<uint64_t>(footer_offset);
  f.Put<uint32_t>(static_cast<uint32_t>(body + 4));  // the footer's size, checksum included
  f.Put<uint32_t>(kSegmentFormatVersion);
  f.Bytes(kSegmentEndMagic, 8);
}

}  // namespace

std::string SegmentFileHeader(const TableDef& table, uint32_t slice, uint64_t id) {
  ByteWriter w;
  PutSegmentFileHeader(table, slice, id, &w);
  return w.Release();
}

std::string SegmentFooterAndTrailer(const SegmentMeta& meta, uint64_t footer_offset, uint64_t stats_offset,
                                    uint32_t stats_size) {
  ByteWriter w;
  PutSegmentFooterAndTrailer(meta, footer_offset, stats_offset, stats_size, &w);
  return w.Release();
}

Encoding SegmentColumnEncoding(const TableDef& table, size_t c, const ColumnSpan& first_block, bool write_store) {
  if (!UsesEncodeAuto(table)) return table.columns[c].encoding;
  if (write_store) return Encoding::kRaw;
  return ChooseAutoEncoding(table.columns[c].type, first_block);
}

bool BlockFill::Fits(const size_t* cost) const {
  if (rows_ == 0) return true;
  if (rows_ >= kMaxRowsPerBlock) return false;
  for (size_t c = 0; c < bytes_.size(); c++) {
    if (bytes_[c] + cost[c] + (rows_ + 1 + 7) / 8 > kBlockPayloadBudget) return false;
  }
  return true;
}

void BlockFill::Add(const size_t* cost) {
  for (size_t c = 0; c < bytes_.size(); c++) bytes_[c] += cost[c];
  rows_++;
}

void BlockFill::Reset() {
  std::fill(bytes_.begin(), bytes_.end(), 0);
  rows_ = 0;
}

namespace {

ColumnSpan BlockSpan(const ColumnData& col, const std::vector<uint32_t>& bounds, size_t k) {
  size_t width = PhysicalWidth(col.type.physical());
  return ColumnSpan{col.type.physical(), col.values.data() + bounds[k] * width, col.validity.data() + bounds[k],
                    bounds[k + 1] - bounds[k]};
}

// A segment file's bytes built in memory, for the write store: blocks are appended in place.
struct MemoryImage {
  ByteWriter bytes;
  Status Append(std::string_view b) {
    bytes.Bytes(b.data(), b.size());
    return Status::OK();
  }
  uint64_t size() const { return bytes.size(); }
};

// Out is a WritableFile or a MemoryImage: Append(bytes) and size().
// `encodings`, when given, are the encodings per column (no ENCODE AUTO trial).
template <typename Out>
Status WriteBlocks(const TableDef& table, const std::vector<ColumnData>& columns, const std::vector<uint32_t>& bounds,
                   bool write_store, const std::vector<Encoding>* encodings, Out* file, SegmentMeta* meta) {
  for (size_t c = 0; c < columns.size(); c++) {
    const ColumnData& col = columns[c];
    Encoding encoding = table.columns[c].encoding;
    if (encodings) {
      encoding = (*encodings)[c];
    } else if (bounds.size() >= 2) {
      encoding = SegmentColumnEncoding(table, c, BlockSpan(col, bounds, 0), write_store);
    }
    for (size_t k = 0; k + 1 < bounds.size(); k++) {
      BlockInfo info;
      info.first_row = bounds[k];
      info.offset = file->size();
      if constexpr (std::is_same_v<Out, MemoryImage>) {
        AppendBlock(encoding, col.type, BlockSpan(col, bounds, k), &info, &file->bytes);
      } else {
        std::string bytes = EncodeBlock(encoding, col.type, BlockSpan(col, bounds, k), &info);
        RETURN_IF_ERROR(file->Append(bytes));
      }
      meta->columns[c].push_back(std::move(info));
    }
  }
  return Status::OK();
}

// *created tells the caller whether a partial file may need removing (never someone else's file).
Status WriteFile(const std::string& path, const TableDef& table, const std::vector<ColumnData>& columns,
                 const SegmentSketch* sketch, const std::vector<Encoding>* encodings, SegmentMeta* meta,
                 bool* created) {
  ASSIGN_OR_RETURN(auto file, WritableFile::Create(path, /*exclusive=*/true));
  *created = true;
  RETURN_IF_ERROR(file->Append(SegmentFileHeader(table, meta->slice, meta->id)));
  RETURN_IF_ERROR(
      WriteBlocks(table, columns, ChooseBlockBoundaries(columns), /*write_store=*/false, encodings, file.get(), meta));
  RETURN_IF_ERROR(AppendStatisticsAndFooter(sketch, meta, file.get()));
  RETURN_IF_ERROR(file->Sync());
  RETURN_IF_ERROR(file->Close());
  return SyncDir(DirName(path));
}

}  // namespace

namespace {

// ChooseBlockBoundaries of the first `n` rows of columns, only the first block's when first_only.
std::vector<uint32_t> BlockBoundaries(const std::vector<ColumnData>& columns, size_t n, bool first_only) {
  if (n <= 1) return n == 0 ? std::vector<uint32_t>{0} : std::vector<uint32_t>{0, 1};  // a single-row INSERT's
  std::vector<uint32_t> bounds = {0};
  // What a row costs in each column (RowCost), with each column's type looked at once.
  std::vector<size_t> fixed(columns.size());
  std::vector<const std::string_view*> strings(columns.size(), nullptr);
  for (size_t c = 0; c < columns.size(); c++) {
    bool is_string = columns[c].type.physical() == PhysicalType::kString;
    fixed[c] = is_string ? 4 : PhysicalWidth(columns[c].type.physical());
    if (is_string) strings[c] = columns[c].data<std::string_view>();
  }
  BlockFill fill(columns.size());
  std::vector<size_t> cost(columns.size());
  for (size_t r = 0; r < n; r++) {
    for (size_t c = 0; c < columns.size(); c++) cost[c] = fixed[c] + (strings[c] ? strings[c][r].size() : 0);
    if (!fill.Fits(cost.data())) {
      bounds.push_back(static_cast<uint32_t>(r));
      if (first_only) return bounds;
      fill.Reset();
    }
    fill.Add(cost.data());
  }
  if (n > 0) bounds.push_back(static_cast<uint32_t>(n));
  return bounds;
}

}  // namespace

std::vector<uint32_t> ChooseBlockBoundaries(const std::vector<ColumnData>& columns) {
  return BlockBoundaries(columns, columns.empty() ? 0 : columns[0].count, /*first_only=*/false);
}

uint32_t FirstBlockRows(const std::vector<ColumnData>& columns, uint32_t max_rows) {
  size_t n = std::min<size_t>(columns.empty() ? 0 : columns[0].count, max_rows);
  return BlockBoundaries(columns, n, /*first_only=*/true).back();
}

namespace {

// The metadata of a segment of these columns, before its blocks are written.
std::shared_ptr<SegmentMeta> NewSegmentMeta(const TableDef& table, uint32_t slice, uint64_t id,
                                            const std::vector<ColumnData>& columns) {
  auto meta = std::make_shared<SegmentMeta>();
  meta->id = id;
  meta->slice = slice;
  meta->row_count = columns.empty() ? 0 : columns[0].count;
  meta->types = table.ColumnTypes();
  meta->columns.resize(columns.size());
  return meta;
}

// A segment's rows in their final order, its sketches (null without statistics) and its metadata so far.
struct PreparedSegment {
  std::vector<ColumnData> columns;
  std::shared_ptr<SegmentSketch> sketch;
  std::shared_ptr<SegmentMeta> meta;
};

Result<PreparedSegment> PrepareSegment(const TableDef& table, uint32_t slice, uint64_t id,
                                       const std::vector<Batch>& rows, bool statistics, const SegmentOrder& order) {
  PreparedSegment out;
  ASSIGN_OR_RETURN(out.columns, GatherColumns(table, rows));
  if (statistics) {  // in arrival order: see GatherColumns
    out.sketch = std::make_shared<SegmentSketch>();
    for (const ColumnData& col : out.columns) out.sketch->columns.push_back(ColumnSketch::Build(col));
  }
  std::shared_ptr<const InterleavedIndex> proposed;
  if (order.propose && !order.index && IsInterleaved(table) && table.sort_keys.size() <= kMaxInterleavedKeys &&
      !out.columns.empty() && out.columns[0].count > 0) {
    proposed = InterleavedIndex::Build(KeyColumnsOf(table, out.columns));
  }
  SortColumns(table, &out.columns, proposed ? proposed.get() : order.index.get());
  out.meta = NewSegmentMeta(table, slice, id, out.columns);
  out.meta->proposed_index = std::move(proposed);
  return out;
}

// WriteFile, removing a partial file on error.
Status WriteFileOrRemove(const std::string& path, const TableDef& table, const std::vector<ColumnData>& columns,
                         const SegmentSketch* sketch, const std::vector<Encoding>* encodings, SegmentMeta* meta) {
  if (encodings && encodings->size() != table.columns.size()) {
    return Status(ErrorCode::kInternal, "segment encodings do not match the table's columns");
  }
  bool created = false;
  Status st = WriteFile(path, table, columns, sketch, encodings, meta, &created);
  if (!st.ok() && created) (void)RemoveFile(path);
  return st;
}

}  // namespace

namespace {

// The values of the one live row of rows (SegmentMeta::memory_row); null when the batches' columns are not
// of `types`.
std::shared_ptr<const std::vector<Value>> OnlyRow(const std::vector<LogicalType>& types,
                                                  const std::vector<Batch>& rows) {
  for (const Batch& b : rows) {
    if (b.count() == 0) continue;
    if (b.num_columns() != types.size()) return nullptr;
    auto values = std::make_shared<std::vector<Value>>();
    values->reserve(types.size());
    for (size_t c = 0; c < types.size(); c++) {
      if (b.column(c).type() != types[c]) return nullptr;
      values->push_back(b.column(c).GetValue(b.RowIndex(0)));
    }
    return values;
  }
  return nullptr;
}

// The batch and row of the one live row of rows; null when they hold more or none.
const Batch* OneRow(const std::vector<Batch>& rows, uint32_t* row) {
  const Batch* one = nullptr;
  for (const Batch& b : rows) {
    if (b.count() == 0) continue;
    if (one || b.count() > 1) return nullptr;
    one = &b;
    *row = b.RowIndex(0);
  }
  return one;
}

// BuildMemorySegment of one row (a single-row INSERT's): the same image, its blocks built from the row's
// values where they are, without gathering and sorting columns. Null when the batch does not have the table's
// columns (the general path reports it).
std::shared_ptr<SegmentMeta> BuildOneRowSegment(const TableDef& table, uint32_t slice, uint64_t id, const Batch& b,
                                                uint32_t row) {
  size_t n = table.columns.size();
  if (b.num_columns() != n) return nullptr;
  for (size_t c = 0; c < n; c++) {
    if (b.column(c).type().physical() != table.columns[c].type.physical()) return nullptr;
  }
  auto meta = std::make_shared<SegmentMeta>();
  meta->id = id;
  meta->slice = slice;
  meta->row_count = 1;
  meta->types = table.ColumnTypes();
  meta->columns.resize(n);
  MemoryImage image;
  image.bytes.mutable_data().reserve(128 + 128 * n);
  PutSegmentFileHeader(table, slice, id, &image.bytes);
  for (size_t c = 0; c < n; c++) {
    const Vector& v = b.column(c);
    PhysicalType type = table.columns[c].type.physical();
    size_t width = PhysicalWidth(type);
    // As GatherColumns lays the row out: a NULL's value is zero (an empty string), a boolean 0 or 1.
    alignas(16) uint8_t value[16] = {};
    static_assert(sizeof(std::string_view) <= sizeof(value) && sizeof(int128_t) <= sizeof(value));
    uint8_t valid = v.IsNull(row) ? 0 : 1;
    if (valid) {
      std::memcpy(value, v.raw_data() + row * width, width);
      if (type == PhysicalType::kBool) value[0] = value[0] != 0;
    }
    ColumnSpan span{type, value, &valid, 1};
    BlockInfo& info = meta->columns[c].emplace_back();
    info.offset = image.size();
    AppendBlock(SegmentColumnEncoding(table, c, span, /*write_store=*/true), table.columns[c].type, span, &info,
                &image.bytes);
  }
  // No statistics section, as AppendStatisticsAndFooter without a sketch.
  PutSegmentFooterAndTrailer(*meta, image.size(), /*stats_offset=*/image.size(), /*stats_size=*/0, &image.bytes);
  meta->file_bytes = image.size();
  meta->memory_image = std::make_shared<const std::string>(image.bytes.Release());
  return meta;
}

}  // namespace

Result<std::shared_ptr<const SegmentMeta>> BuildMemorySegment(const TableDef& table, uint32_t slice, uint64_t id,
                                                              const std::vector<Batch>& rows,
                                                              const SegmentOrder& order) {
  uint32_t row = 0;
  if (const Batch* one = OneRow(rows, &row)) {
    if (auto meta = BuildOneRowSegment(table, slice, id, *one, row)) {
      meta->memory_row = OnlyRow(meta->types, rows);
      return std::shared_ptr<const SegmentMeta>(std::move(meta));
    }
  }
  ASSIGN_OR_RETURN(PreparedSegment seg, PrepareSegment(table, slice, id, rows, /*statistics=*/false, order));
  MemoryImage image;
  // Room for a small segment's image (header, a block and a footer entry per column), rather than growing
  // it a few bytes at a time.
  image.bytes.mutable_data().reserve(128 + 128 * table.columns.size());
  PutSegmentFileHeader(table, slice, id, &image.bytes);
  RETURN_IF_ERROR(WriteBlocks(table, seg.columns, ChooseBlockBoundaries(seg.columns), /*write_store=*/true,
                              /*encodings=*/nullptr, &image, seg.meta.get()));
  RETURN_IF_ERROR(AppendStatisticsAndFooter(seg.sketch.get(), seg.meta.get(), &image));
  seg.meta->memory_image = std::make_shared<const std::string>(image.bytes.Release());
  if (seg.meta->row_count == 1) seg.meta->memory_row = OnlyRow(seg.meta->types, rows);
  return std::shared_ptr<const SegmentMeta>(std::move(seg.meta));
}

Result<std::shared_ptr<const SegmentMeta>> WriteSegmentFile(const std::string& path, const TableDef& table,
                                                            uint32_t slice, uint64_t id, const std::vector<Batch>& rows,
                                                            std::shared_ptr<const SegmentSketch>* sketch,
                                                            bool statistics, const SegmentOrder& order,
                                                            const std::vector<Encoding>* encodings) {
  ASSIGN_OR_RETURN(PreparedSegment seg, PrepareSegment(table, slice, id, rows, statistics, order));
  RETURN_IF_ERROR(WriteFileOrRemove(path, table, seg.columns, seg.sketch.get(), encodings, seg.meta.get()));
  if (sketch) *sketch = std::move(seg.sketch);
  return std::shared_ptr<const SegmentMeta>(std::move(seg.meta));
}

Result<std::shared_ptr<const SegmentMeta>> WriteSortedSegmentFile(const std::string& path, const TableDef& table,
                                                                  uint32_t slice, uint64_t id,
                                                                  const std::vector<ColumnData>& columns,
                                                                  const SegmentSketch* sketch,
                                                                  const std::vector<Encoding>* encodings) {
  if (columns.size() != table.columns.size()) {
    return Status(ErrorCode::kInternal, "segment columns do not match the table's columns");
  }
  std::shared_ptr<SegmentMeta> meta = NewSegmentMeta(table, slice, id, columns);
  RETURN_IF_ERROR(WriteFileOrRemove(path, table, columns, sketch, encodings, meta.get()));
  return std::shared_ptr<const SegmentMeta>(std::move(meta));
}

namespace {

using ReadAt = std::function<Status(uint64_t offset, size_t n, char* out)>;

// The statistics section of a segment of `size` bytes read through `read`; `name` is what errors name.
Result<std::shared_ptr<const SegmentSketch>> ReadSketch(uint64_t size, const ReadAt& read, const std::string& name,
                                                        const std::vector<LogicalType>& types) {
  auto damaged = [&](const std::string& why) {
    return Status(ErrorCode::kDataCorrupted, "segment file \"" + name + "\" is damaged: " + why);
  };
  if (size < 24) return damaged("shorter than its trailer");
  char trailer[24];
  RETURN_IF_ERROR(read(size - 24, 24, trailer));
  ByteReader t(trailer, 24);
  uint64_t footer_offset = t.U64();
  uint32_t footer_size = t.U32();
  uint32_t version = t.U32();
  if (std::string_view(trailer + 16, 8) != std::string_view(kSegmentEndMagic, 8)) return damaged("bad trailer");
  if (version < 3) return std::shared_ptr<const SegmentSketch>();
  if (footer_size < 16 || footer_offset + footer_size + 24 != size) return damaged("bad footer location");
  std::string footer(footer_size, '\0');
  RETURN_IF_ERROR(read(footer_offset, footer_size, footer.data()));
  std::string_view body(footer.data(), footer_size - 4);
  uint32_t crc;
  std::memcpy(&crc, footer.data() + footer_size - 4, 4);
  if (Crc32c(body) != crc) return damaged("footer checksum mismatch");
  ByteReader f(body.substr(body.size() - 12));
  uint64_t stats_offset = f.U64();
  uint32_t stats_size = f.U32();
  if (stats_offset + stats_size > footer_offset) return damaged("bad statistics section location");
  if (stats_size == 0) return std::shared_ptr<const SegmentSketch>();  // written with STATUPDATE OFF
  std::string stats(stats_size, '\0');
  RETURN_IF_ERROR(read(stats_offset, stats_size, stats.data()));
  auto sketch = SegmentSketch::Deserialize(stats, types);
  if (!sketch.ok()) return damaged(sketch.status().message());
  return sketch;
}

}  // namespace

Result<std::shared_ptr<const SegmentSketch>> ReadSegmentSketch(const std::string& path,
                                                               const std::vector<LogicalType>& types) {
  ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  return ReadSketch(
      file->size(), [&](uint64_t offset, size_t n, char* out) { return file->Read(offset, n, out); }, path, types);
}

Result<std::shared_ptr<const SegmentSketch>> ReadSegmentSketchFromImage(const std::string& image,
                                                                        const std::string& name,
                                                                        const std::vector<LogicalType>& types) {
  return ReadSketch(
      image.size(),
      [&](uint64_t offset, size_t n, char* out) {
        std::memcpy(out, image.data() + offset, n);
        return Status::OK();
      },
      name, types);
}

}  // namespace blueshift::storage
