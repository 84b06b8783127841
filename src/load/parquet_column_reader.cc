#include "load/parquet_column_reader.h"

#include <algorithm>
#include <cstring>

#include "load/parquet_codec.h"
#include "load/parquet_encoding.h"

namespace blueshift::load::parquet {

namespace {

Status Malformed(const std::string& what) {
  return Status(ErrorCode::kInternal, "Invalid Parquet page: " + what);
}

int BitWidth(uint32_t max) {
  return max == 0 ? 0 : 32 - __builtin_clz(max);
}

template <typename T>
void AppendLe(const uint8_t* p, size_t n, std::vector<int64_t>* out) {
  for (size_t i = 0; i < n; i++) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    out->push_back(static_cast<int64_t>(v));
  }
}

template <typename T>
void AppendFloat(const uint8_t* p, size_t n, std::vector<double>* out) {
  for (size_t i = 0; i < n; i++) {
    T v;
    std::memcpy(&v, p + i * sizeof(T), sizeof(T));
    out->push_back(static_cast<double>(v));
  }
}

bool DecodeByteStreamSplit(const LeafColumn& leaf, const uint8_t* data, size_t size, size_t n, Values* out) {
  size_t width = leaf.type == PhysType::kFloat ? 4 : leaf.type == PhysType::kDouble ? 8 : 0;
  if (width == 0 || size < n * width) return false;
  uint8_t buf[8];
  for (size_t i = 0; i < n; i++) {
    for (size_t b = 0; b < width; b++) buf[b] = data[b * n + i];
    if (width == 4) {
      AppendFloat<float>(buf, 1, &out->doubles);
    } else {
      AppendFloat<double>(buf, 1, &out->doubles);
    }
  }
  return true;
}

// Appends dict[idx[k]] for k < n to out.
template <typename T>
void Gather(const std::vector<T>& dict, const std::vector<uint32_t>& idx, size_t n, std::vector<T>* out) {
  size_t base = out->size();
  out->resize(base + n);
  T* dst = out->data() + base;
  for (size_t k = 0; k < n; k++) dst[k] = dict[idx[k]];
}

// A dictionary-encoded page: a byte of bit width, then the indices in the RLE / bit-packed hybrid.
Status DecodeDictionaryIndices(const LeafColumn& leaf, const uint8_t* p, size_t size, size_t n, const Values* dict,
                               Values* out) {
  if (dict == nullptr) return Malformed("dictionary-encoded page without a dictionary page");
  if (size < 1) return Malformed("dictionary indices are missing");
  std::vector<uint32_t> idx(n);
  RleBitPackedDecoder dec(p + 1, size - 1, p[0]);
  if (!dec.Decode(idx.data(), n)) return Malformed("dictionary indices are truncated");
  uint32_t max = 0;
  for (uint32_t i : idx) max = std::max(max, i);
  if (n > 0 && max >= dict->size(leaf.type)) return Malformed("a dictionary index is out of range");
  switch (leaf.type) {
    case PhysType::kFloat:
    case PhysType::kDouble:
      Gather(dict->doubles, idx, n, &out->doubles);
      break;
    case PhysType::kByteArray:
    case PhysType::kFixedLenByteArray:
      Gather(dict->strings, idx, n, &out->strings);
      break;
    default:
      Gather(dict->ints, idx, n, &out->ints);
  }
  return Status::OK();
}

// Decodes the n non-null values of a data page, appending them to out.
Status DecodeValues(const LeafColumn& leaf, Encoding enc, const uint8_t* p, size_t size, size_t n, const Values* dict,
                    ColumnValues* col, Values* out) {
  const size_t before = out->size(leaf.type);
  bool ok = false;
  const uint8_t* end = nullptr;
  switch (enc) {
    case Encoding::kPlain:
      ok = DecodePlain(leaf, p, size, n, out);
      break;
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
      return DecodeDictionaryIndices(leaf, p, size, n, dict, out);
    case Encoding::kDeltaBinaryPacked:
      ok = (leaf.type == PhysType::kInt32 || leaf.type == PhysType::kInt64) &&
           DecodeDeltaBinaryPacked(p, size, &out->ints, &end);
      break;
    case Encoding::kDeltaLengthByteArray:
      ok = leaf.type == PhysType::kByteArray && DecodeDeltaLengthByteArray(p, size, &out->strings, &end);
      break;
    case Encoding::kDeltaByteArray: {
      auto storage = std::make_shared<std::string>();
      ok = DecodeDeltaByteArray(p, size, &out->strings, storage.get());
      col->buffers.push_back(std::move(storage));
      break;
    }
    case Encoding::kByteStreamSplit:
      ok = DecodeByteStreamSplit(leaf, p, size, n, out);
      break;
    default:
      return Status(ErrorCode::kFeatureNotSupported,
                    "Parquet encoding " + std::to_string(static_cast<int>(enc)) + " is not supported");
  }
  if (!ok || out->size(leaf.type) - before != n) return Malformed("values do not match their encoding");
  return Status::OK();
}

// Moves the page's dense values to the column, one entry per row, using the definition levels.
template <typename T>
void ScatterInto(const std::vector<uint32_t>& levels, uint32_t present_level, size_t rows, const std::vector<T>& dense,
                 std::vector<T>* out) {
  if (levels.empty()) {
    out->insert(out->end(), dense.begin(), dense.end());
    return;
  }
  size_t k = 0;
  for (size_t r = 0; r < rows; r++) out->push_back(levels[r] == present_level ? dense[k++] : T());
}

void Scatter(const LeafColumn& leaf, const std::vector<uint32_t>& levels, size_t rows, const Values& dense,
             ColumnValues* col) {
  const auto present = static_cast<uint32_t>(leaf.max_def);
  if (levels.empty()) {
    col->valid.insert(col->valid.end(), rows, 1);
  } else {
    for (size_t r = 0; r < rows; r++) col->valid.push_back(levels[r] == present ? 1 : 0);
  }
  switch (leaf.type) {
    case PhysType::kFloat:
    case PhysType::kDouble:
      return ScatterInto(levels, present, rows, dense.doubles, &col->values.doubles);
    case PhysType::kByteArray:
    case PhysType::kFixedLenByteArray:
      return ScatterInto(levels, present, rows, dense.strings, &col->values.strings);
    default:
      return ScatterInto(levels, present, rows, dense.ints, &col->values.ints);
  }
}

struct PageBody {
  const uint8_t* levels = nullptr;  // definition levels (v2: raw; v1: inside data)
  size_t levels_size = 0;
  const uint8_t* data = nullptr;
  size_t size = 0;
};

Status ReadDefinitionLevels(const LeafColumn& leaf, const PageHeader& h, PageBody& body,
                            std::vector<uint32_t>* levels) {
  levels->clear();
  if (leaf.max_def == 0) return Status::OK();
  if (h.type == PageType::kDataPage) {  // v1: a 4-byte length, then the runs, inside the page data
    if (body.size < 4) return Malformed("definition levels are truncated");
    uint32_t len;
    std::memcpy(&len, body.data, 4);
    if (len > body.size - 4) return Malformed("definition levels are truncated");
    body.levels = body.data + 4;
    body.levels_size = len;
    body.data += 4 + len;
    body.size -= 4 + len;
  }
  levels->resize(h.num_values);
  RleBitPackedDecoder dec(body.levels, body.levels_size, BitWidth(static_cast<uint32_t>(leaf.max_def)));
  if (!dec.Decode(levels->data(), levels->size())) return Malformed("definition levels are truncated");
  return Status::OK();
}

Status ReadDataPage(const LeafColumn& leaf, Codec codec, const PageHeader& h, const uint8_t* raw, const Values* dict,
                    ColumnValues* col) {
  auto buf = std::make_shared<std::string>();
  PageBody body;
  if (h.type == PageType::kDataPageV2) {
    size_t lv = static_cast<size_t>(h.rep_levels_bytes) + static_cast<size_t>(h.def_levels_bytes);
    if (lv > static_cast<size_t>(h.compressed_size) || lv > static_cast<size_t>(h.uncompressed_size))
      return Malformed("level sizes exceed the page");
    if (h.rep_levels_bytes != 0)
      return Status(ErrorCode::kFeatureNotSupported, "repeated Parquet columns are not supported");
    body.levels = raw;
    body.levels_size = static_cast<size_t>(h.def_levels_bytes);
    Codec c = h.is_compressed ? codec : Codec::kUncompressed;
    RETURN_IF_ERROR(DecompressPage(c, raw + lv, h.compressed_size - lv, h.uncompressed_size - lv, buf.get()));
  } else {
    RETURN_IF_ERROR(DecompressPage(codec, raw, h.compressed_size, h.uncompressed_size, buf.get()));
  }
  body.data = reinterpret_cast<const uint8_t*>(buf->data());
  body.size = buf->size();
  std::vector<uint32_t> levels;
  RETURN_IF_ERROR(ReadDefinitionLevels(leaf, h, body, &levels));
  size_t present =
      levels.empty()
          ? static_cast<size_t>(h.num_values)
          : static_cast<size_t>(std::count(levels.begin(), levels.end(), static_cast<uint32_t>(leaf.max_def)));
  if (present == static_cast<size_t>(h.num_values)) {  // no NULLs: decode straight into the column
    RETURN_IF_ERROR(DecodeValues(leaf, h.encoding, body.data, body.size, present, dict, col, &col->values));
    col->valid.insert(col->valid.end(), present, 1);
  } else {
    Values dense;
    RETURN_IF_ERROR(DecodeValues(leaf, h.encoding, body.data, body.size, present, dict, col, &dense));
    Scatter(leaf, levels, static_cast<size_t>(h.num_values), dense, col);
  }
  if (leaf.type == PhysType::kByteArray || leaf.type == PhysType::kFixedLenByteArray) col->buffers.push_back(buf);
  return Status::OK();
}

}  // namespace

size_t Values::size(PhysType type) const {
  switch (type) {
    case PhysType::kFloat:
    case PhysType::kDouble:
      return doubles.size();
    case PhysType::kByteArray:
    case PhysType::kFixedLenByteArray:
      return strings.size();
    default:
      return ints.size();
  }
}

int64_t Int96ToMicros(const uint8_t* p) {
  int64_t nanos;
  uint32_t julian;
  std::memcpy(&nanos, p, 8);
  std::memcpy(&julian, p + 8, 4);
  constexpr int64_t kUnixEpochJulian = 2440588;
  return (static_cast<int64_t>(julian) - kUnixEpochJulian) * 86400000000LL + nanos / 1000;
}

bool DecodePlain(const LeafColumn& leaf, const uint8_t* p, size_t size, size_t n, Values* out) {
  switch (leaf.type) {
    case PhysType::kBoolean:
      if (size * 8 < n) return false;
      for (size_t i = 0; i < n; i++) out->ints.push_back((p[i / 8] >> (i % 8)) & 1);
      return true;
    case PhysType::kInt32:
      if (size < n * 4) return false;
      AppendLe<int32_t>(p, n, &out->ints);
      return true;
    case PhysType::kInt64:
      if (size < n * 8) return false;
      AppendLe<int64_t>(p, n, &out->ints);
      return true;
    case PhysType::kInt96:
      if (size < n * 12) return false;
      for (size_t i = 0; i < n; i++) out->ints.push_back(Int96ToMicros(p + 12 * i));
      return true;
    case PhysType::kFloat:
      if (size < n * 4) return false;
      AppendFloat<float>(p, n, &out->doubles);
      return true;
    case PhysType::kDouble:
      if (size < n * 8) return false;
      AppendFloat<double>(p, n, &out->doubles);
      return true;
    case PhysType::kFixedLenByteArray: {
      auto w = static_cast<size_t>(leaf.type_length);
      if (w == 0 || size < n * w) return false;
      for (size_t i = 0; i < n; i++) out->strings.emplace_back(reinterpret_cast<const char*>(p + i * w), w);
      return true;
    }
    case PhysType::kByteArray: {
      const uint8_t* end = p + size;
      out->strings.reserve(out->strings.size() + n);
      for (size_t i = 0; i < n; i++) {
        if (end - p < 4) return false;
        uint32_t len;
        std::memcpy(&len, p, 4);
        p += 4;
        if (len > static_cast<size_t>(end - p)) return false;
        out->strings.emplace_back(reinterpret_cast<const char*>(p), len);
        p += len;
      }
      return true;
    }
  }
  return false;
}

Status ReadColumnChunk(std::shared_ptr<std::string> chunk, const ColumnChunk& meta, const LeafColumn& leaf,
                       int64_t num_rows, ColumnValues* out) {
  const auto* base = reinterpret_cast<const uint8_t*>(chunk->data());
  size_t size = chunk->size();
  size_t pos = 0;
  Values dict;
  bool has_dict = false;
  auto rows = static_cast<size_t>(num_rows);
  out->valid.reserve(rows);
  switch (leaf.type) {  // once, so that pages append without reallocating
    case PhysType::kFloat:
    case PhysType::kDouble:
      out->values.doubles.reserve(rows);
      break;
    case PhysType::kByteArray:
    case PhysType::kFixedLenByteArray:
      out->values.strings.reserve(rows);
      break;
    default:
      out->values.ints.reserve(rows);
  }
  while (out->valid.size() < rows) {
    if (pos >= size) return Malformed("the column chunk ends before all its values");
    size_t header_size = 0;
    ASSIGN_OR_RETURN(PageHeader h, ParsePageHeader(base + pos, size - pos, &header_size));
    pos += header_size;
    if (static_cast<size_t>(h.compressed_size) > size - pos) return Malformed("a page runs past its column chunk");
    const uint8_t* raw = base + pos;
    pos += h.compressed_size;
    if (h.type == PageType::kDictionaryPage) {
      auto buf = std::make_shared<std::string>();
      RETURN_IF_ERROR(DecompressPage(meta.codec, raw, h.compressed_size, h.uncompressed_size, buf.get()));
      dict = Values();
      if (!DecodePlain(leaf, reinterpret_cast<const uint8_t*>(buf->data()), buf->size(), h.num_values, &dict))
        return Malformed("the dictionary page is truncated");
      out->buffers.push_back(std::move(buf));
      has_dict = true;
      continue;
    }
    if (h.type != PageType::kDataPage && h.type != PageType::kDataPageV2) continue;  // index pages
    if (out->valid.size() + h.num_values > rows) return Malformed("a page holds more values than its row group");
    RETURN_IF_ERROR(ReadDataPage(leaf, meta.codec, h, raw, has_dict ? &dict : nullptr, out));
  }
  out->buffers.push_back(std::move(chunk));
  return Status::OK();
}

}  // namespace blueshift::load::parquet
