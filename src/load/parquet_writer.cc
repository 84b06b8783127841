#include "load/parquet_writer.h"

#include <cstring>

#include "load/parquet_codec.h"
#include "load/parquet_encoding.h"

namespace blueshift::load::parquet {

namespace {

constexpr char kMagic[] = "PAR1";

template <typename T>
void PutLe(T v, std::string* out) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out->append(b, sizeof(T));
}

// A DECIMAL wider than 18 digits is written as 16 big-endian two's complement bytes.
void PutBigEndian128(int128_t v, std::string* out) {
  for (int i = 15; i >= 0; i--) out->push_back(static_cast<char>(static_cast<uint8_t>(v >> (8 * i))));
}

}  // namespace

SchemaElement ParquetFileWriter::SchemaFor(const WriterColumn& column) {
  SchemaElement e;
  e.name = column.name;
  e.repetition = Repetition::kOptional;
  const LogicalType& t = column.type;
  switch (t.id()) {
    case TypeId::kBoolean:
      e.type = static_cast<int32_t>(PhysType::kBoolean);
      break;
    case TypeId::kSmallInt:
      e.type = static_cast<int32_t>(PhysType::kInt32);
      e.converted_type = kConvInt16;
      break;
    case TypeId::kInteger:
      e.type = static_cast<int32_t>(PhysType::kInt32);
      break;
    case TypeId::kBigInt:
      e.type = static_cast<int32_t>(PhysType::kInt64);
      break;
    case TypeId::kDecimal:
      e.type = static_cast<int32_t>(t.precision() <= 18 ? PhysType::kInt64 : PhysType::kFixedLenByteArray);
      if (t.precision() > 18) e.type_length = 16;
      e.converted_type = kConvDecimal;
      e.kind = ValueKind::kDecimal;
      e.precision = t.precision();
      e.scale = t.scale();
      break;
    case TypeId::kReal:
      e.type = static_cast<int32_t>(PhysType::kFloat);
      break;
    case TypeId::kDouble:
      e.type = static_cast<int32_t>(PhysType::kDouble);
      break;
    case TypeId::kDate:
      e.type = static_cast<int32_t>(PhysType::kInt32);
      e.converted_type = kConvDate;
      e.kind = ValueKind::kDate;
      break;
    case TypeId::kTime:  // microseconds since midnight, as a plain INT64
      e.type = static_cast<int32_t>(PhysType::kInt64);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:  // both are microseconds; TIMESTAMPTZ's are UTC, as the converted type says
      e.type = static_cast<int32_t>(PhysType::kInt64);
      e.converted_type = kConvTimestampMicros;
      e.kind = ValueKind::kTimestamp;
      e.unit = TimeUnit::kMicros;
      break;
    case TypeId::kVarbyte:  // plain BYTE_ARRAY with no UTF8 annotation: the bytes as they are
      e.type = static_cast<int32_t>(PhysType::kByteArray);
      e.kind = ValueKind::kString;
      break;
    default:  // CHAR, VARCHAR; TIMETZ and the intervals as their text ("04:05:06+05:30", "1 year 2 mons")
      e.type = static_cast<int32_t>(PhysType::kByteArray);
      e.converted_type = kConvUtf8;
      e.kind = ValueKind::kString;
      break;
  }
  return e;
}

ParquetFileWriter::ParquetFileWriter(std::vector<WriterColumn> columns, Codec codec, size_t row_group_rows)
    : columns_(std::move(columns)),
      codec_(codec),
      row_group_rows_(row_group_rows),
      buffers_(columns_.size()),
      file_(kMagic) {
  SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(columns_.size());
  meta_.schema.push_back(root);
  for (const auto& c : columns_) {
    schema_.push_back(SchemaFor(c));
    meta_.schema.push_back(schema_.back());
  }
  meta_.created_by = "blueshift";
}

void ParquetFileWriter::AppendValue(size_t c, const Vector& v, size_t row) {
  ColumnBuffer& b = buffers_[c];
  if (v.IsNull(row)) {
    b.def.push_back(0);
    return;
  }
  b.def.push_back(1);
  std::string& out = b.values;
  switch (v.type().id()) {
    case TypeId::kBoolean:
      out.push_back(static_cast<char>(v.data<uint8_t>()[row]));  // bit-packed at flush
      break;
    case TypeId::kSmallInt:
      PutLe<int32_t>(v.data<int16_t>()[row], &out);
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
      PutLe<int32_t>(v.data<int32_t>()[row], &out);
      break;
    case TypeId::kBigInt:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      PutLe<int64_t>(v.data<int64_t>()[row], &out);
      break;
    case TypeId::kDecimal:
      if (v.type().physical() == PhysicalType::kInt64) {
        PutLe<int64_t>(v.data<int64_t>()[row], &out);
      } else {
        PutBigEndian128(v.data<int128_t>()[row], &out);
      }
      break;
    case TypeId::kReal:
      PutLe<float>(v.data<float>()[row], &out);
      break;
    case TypeId::kDouble:
      PutLe<double>(v.data<double>()[row], &out);
      break;
    case TypeId::kTimeTz:
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval: {
      std::string text = v.GetValue(row).ToString();
      PutLe<uint32_t>(static_cast<uint32_t>(text.size()), &out);
      out.append(text);
      break;
    }
    default: {
      std::string_view s = v.data<std::string_view>()[row];
      if (v.type().id() == TypeId::kChar) {  // CHAR is unloaded without its padding
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
      }
      PutLe<uint32_t>(static_cast<uint32_t>(s.size()), &out);
      out.append(s);
      break;
    }
  }
}

void ParquetFileWriter::Append(const Batch& batch) {
  std::vector<int> all(columns_.size());
  for (size_t c = 0; c < all.size(); c++) all[c] = static_cast<int>(c);
  for (size_t k = 0; k < batch.count(); k++) AppendRow(batch, batch.RowIndex(k), all);
}

void ParquetFileWriter::AppendRow(const Batch& batch, size_t row, const std::vector<int>& columns) {
  for (size_t c = 0; c < columns_.size(); c++) AppendValue(c, batch.column(columns[c]), row);
  rows_++;
  if (++group_rows_ >= row_group_rows_) FlushRowGroup();
}

uint64_t ParquetFileWriter::EstimatedSize() const {
  uint64_t n = file_.size();
  for (const auto& b : buffers_) n += b.values.size() + b.def.size() / 8;
  return n;
}

void ParquetFileWriter::FlushRowGroup() {
  if (group_rows_ == 0) return;
  RowGroup g;
  g.num_rows = static_cast<int64_t>(group_rows_);
  for (size_t c = 0; c < columns_.size(); c++) {
    ColumnBuffer& b = buffers_[c];
    std::string body;
    std::string levels;
    EncodeRleBitPacked(b.def.data(), b.def.size(), 1, &levels);
    PutLe<uint32_t>(static_cast<uint32_t>(levels.size()), &body);
    body += levels;
    if (columns_[c].type.id() == TypeId::kBoolean) {
      std::string bits((b.values.size() + 7) / 8, '\0');
      for (size_t i = 0; i < b.values.size(); i++) {
        if (b.values[i]) bits[i / 8] = static_cast<char>(bits[i / 8] | (1 << (i % 8)));
      }
      body += bits;
    } else {
      body += b.values;
    }
    std::string compressed;
    CompressPage(codec_, body, &compressed);
    PageHeader h;
    h.type = PageType::kDataPage;
    h.uncompressed_size = static_cast<int32_t>(body.size());
    h.compressed_size = static_cast<int32_t>(compressed.size());
    h.num_values = static_cast<int32_t>(group_rows_);
    h.encoding = Encoding::kPlain;
    std::string header;
    WritePageHeader(h, &header);
    ColumnChunk cc;
    cc.type = static_cast<PhysType>(schema_[c].type);
    cc.codec = codec_;
    cc.num_values = static_cast<int64_t>(group_rows_);
    cc.data_page_offset = static_cast<int64_t>(file_.size());
    cc.total_compressed_size = static_cast<int64_t>(header.size() + compressed.size());
    cc.total_uncompressed_size = static_cast<int64_t>(header.size() + body.size());
    cc.path = {columns_[c].name};
    file_ += header;
    file_ += compressed;
    g.total_byte_size += cc.total_uncompressed_size;
    g.columns.push_back(std::move(cc));
    b = ColumnBuffer();
  }
  meta_.row_groups.push_back(std::move(g));
  meta_.num_rows += static_cast<int64_t>(group_rows_);
  group_rows_ = 0;
}

std::string ParquetFileWriter::Finish() {
  FlushRowGroup();
  std::string footer;
  WriteFileMetaData(meta_, &footer);
  file_ += footer;
  PutLe<uint32_t>(static_cast<uint32_t>(footer.size()), &file_);
  file_ += kMagic;
  return std::move(file_);
}

}  // namespace blueshift::load::parquet
