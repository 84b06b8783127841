#include "load/parquet_file.h"

#include <cstring>

namespace blueshift::load::parquet {

namespace {

constexpr char kMagic[] = "PAR1";
constexpr uint64_t kTailBytes = 8;  // footer length (4, little-endian) + "PAR1"

Status BadFile(const std::string& url, const std::string& why) {
  return Status(ErrorCode::kInternal, "Invalid Parquet file '" + url + "': " + why);
}

Status CheckSchema(ParquetFile* f) {
  const auto& schema = f->meta.schema;
  if (schema[0].num_children <= 0) return BadFile(f->url, "the schema has no columns");
  for (size_t i = 1; i < schema.size(); i++) {
    const SchemaElement& e = schema[i];
    if (e.num_children > 0 || e.type < 0)
      return Status(ErrorCode::kFeatureNotSupported,
                    "COPY from Parquet: nested column \"" + e.name + "\" in '" + f->url + "' is not supported");
    if (e.repetition == Repetition::kRepeated)
      return Status(ErrorCode::kFeatureNotSupported,
                    "COPY from Parquet: repeated column \"" + e.name + "\" in '" + f->url + "' is not supported");
    if (e.type > static_cast<int32_t>(PhysType::kFixedLenByteArray))
      return BadFile(f->url, "column \"" + e.name + "\" has an unknown physical type");
    LeafColumn leaf{static_cast<PhysType>(e.type), e.type_length, e.repetition == Repetition::kOptional ? 1 : 0};
    f->leaves.push_back(leaf);
    f->leaf_schema.push_back(&e);
  }
  if (f->leaves.size() != static_cast<size_t>(schema[0].num_children))
    return BadFile(f->url, "the schema's column count does not match its elements");
  int64_t rows = 0;
  for (const RowGroup& g : f->meta.row_groups) {
    if (g.columns.size() != f->leaves.size())
      return BadFile(f->url, "a row group's column count does not match the schema");
    for (size_t c = 0; c < g.columns.size(); c++) {
      const ColumnChunk& cc = g.columns[c];
      if (cc.type != f->leaves[c].type) return BadFile(f->url, "a column chunk's type does not match the schema");
      if (static_cast<uint64_t>(cc.StartOffset()) + static_cast<uint64_t>(cc.total_compressed_size) > f->size)
        return BadFile(f->url, "a column chunk lies outside the file");
    }
    f->first_row.push_back(rows);
    rows += g.num_rows;
  }
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<std::string>> ReadRange(ObjectStore& store, const std::string& url, uint64_t offset,
                                               uint64_t size) {
  ASSIGN_OR_RETURN(auto stream, store.Open(url, offset, size));
  auto out = std::make_shared<std::string>();
  out->resize(size);
  size_t got = 0;
  while (got < size) {
    ASSIGN_OR_RETURN(size_t n, stream->Read(out->data() + got, size - got));
    if (n == 0) break;
    got += n;
  }
  if (got != size) return BadFile(url, "the file ended early");
  return out;
}

Result<std::shared_ptr<const ParquetFile>> OpenParquetFile(ObjectStore& store, const ObjectInfo& info) {
  auto f = std::make_shared<ParquetFile>();
  f->url = info.url;
  f->size = info.size;
  if (info.size < 4 + kTailBytes) return BadFile(info.url, "the file is too small to be Parquet");
  ASSIGN_OR_RETURN(auto head, ReadRange(store, info.url, 0, 4));
  ASSIGN_OR_RETURN(auto tail, ReadRange(store, info.url, info.size - kTailBytes, kTailBytes));
  if (std::memcmp(head->data(), kMagic, 4) != 0 || std::memcmp(tail->data() + 4, kMagic, 4) != 0)
    return BadFile(info.url, "the PAR1 magic number is missing (not a Parquet file)");
  uint32_t footer_len;
  std::memcpy(&footer_len, tail->data(), 4);
  if (footer_len == 0 || footer_len > info.size - 4 - kTailBytes)
    return BadFile(info.url, "the footer length " + std::to_string(footer_len) + " does not fit the file");
  ASSIGN_OR_RETURN(auto footer, ReadRange(store, info.url, info.size - kTailBytes - footer_len, footer_len));
  auto meta = ParseFileMetaData(reinterpret_cast<const uint8_t*>(footer->data()), footer->size());
  if (!meta.ok()) return BadFile(info.url, meta.status().message());
  f->meta = std::move(*meta);
  RETURN_IF_ERROR(CheckSchema(f.get()));
  return std::shared_ptr<const ParquetFile>(std::move(f));
}

Status ReadRowGroup(ObjectStore& store, const ParquetFile& file, int row_group, const std::vector<int>& leaves,
                    std::vector<ColumnValues>* out) {
  const RowGroup& g = file.meta.row_groups[row_group];
  out->clear();
  out->resize(leaves.size());
  for (size_t i = 0; i < leaves.size(); i++) {
    const ColumnChunk& cc = g.columns[leaves[i]];
    ASSIGN_OR_RETURN(auto bytes, ReadRange(store, file.url, cc.StartOffset(), cc.total_compressed_size));
    Status st = ReadColumnChunk(std::move(bytes), cc, file.leaves[leaves[i]], g.num_rows, &(*out)[i]);
    if (!st.ok())
      return Status(st.code(),
                    st.message() + " (file '" + file.url + "', column \"" + file.leaf_schema[leaves[i]]->name + "\")");
  }
  return Status::OK();
}

}  // namespace blueshift::load::parquet
