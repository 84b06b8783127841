#include "load/unload_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "load/decompress.h"

namespace blueshift::load {

namespace {

// Hive-style partition folder names: the value as text, '/' and '%' escaped, NULL as Hive's default.
std::string PartitionValue(const Vector& v, size_t row) {
  if (v.IsNull(row)) return "__HIVE_DEFAULT_PARTITION__";
  std::string text = v.GetValue(row).ToString();
  std::string out;
  for (char c : text) {
    if (c == '/' || c == '%' || c == '\n') {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// A value's text in an unloaded file. REAL and DOUBLE use the shortest text that reads back to the same bits
// (SQL output rounds to 15 digits, which would not survive UNLOAD then COPY); the rest their SQL text.
std::string UnloadText(const Vector& v, size_t row) {
  char buf[64];
  std::to_chars_result r{};
  if (v.type().id() == TypeId::kDouble) {
    r = std::to_chars(buf, buf + sizeof(buf), v.data<double>()[row]);
  } else if (v.type().id() == TypeId::kReal) {
    r = std::to_chars(buf, buf + sizeof(buf), v.data<float>()[row]);
  } else {
    return v.GetValue(row).ToString();
  }
  std::string text(buf, r.ptr);
  if (text == "inf") return "Infinity";
  if (text == "-inf") return "-Infinity";
  if (text == "nan" || text == "-nan") return "NaN";
  return text;
}

void AppendJsonString(const std::string& s, std::string* out) {
  *out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          *out += buf;
        } else {
          *out += c;
        }
    }
  }
  *out += '"';
}

}  // namespace

UnloadWriter::UnloadWriter(const UnloadOptions& options, ObjectStore* store, std::string prefix,
                           std::vector<UnloadColumn> columns, int writers)
    : options_(options),
      store_(store),
      prefix_(std::move(prefix)),
      columns_(std::move(columns)),
      writers_(options.parallel ? std::max(1, writers) : 1) {}

Status UnloadWriter::Prepare() {
  for (const std::string& name : options_.partition_by) {
    int found = -1;
    for (size_t c = 0; c < columns_.size(); c++) {
      if (columns_[c].name == name) found = static_cast<int>(c);
    }
    if (found < 0)
      return Status(ErrorCode::kInvalidParameterValue,
                    "PARTITION BY column \"" + name + "\" is not in the query's result");
    partition_columns_.push_back(found);
  }
  for (size_t c = 0; c < columns_.size(); c++) {
    bool is_partition = false;
    for (int p : partition_columns_) is_partition |= p == static_cast<int>(c);
    if (!is_partition || options_.partition_include) data_columns_.push_back(static_cast<int>(c));
  }
  if (data_columns_.empty())
    return Status(ErrorCode::kInvalidParameterValue,
                  "UNLOAD with PARTITION BY needs a column that is not a partition column");
  if (!partition_columns_.empty() && !prefix_.empty() && prefix_.back() != '/') prefix_ += '/';
  ASSIGN_OR_RETURN(auto existing, store_->List(prefix_));
  if (existing.empty() || options_.allow_overwrite) return Status::OK();
  if (!options_.clean_path) {
    return Status(ErrorCode::kInternal,
                  "Specified unload destination on S3 is not empty. Consider using a different bucket / prefix, "
                  "manually removing the target files in S3, or using the ALLOWOVERWRITE option.");
  }
  for (const auto& o : existing) RETURN_IF_ERROR(store_->Delete(o.url));
  return Status::OK();
}

std::string UnloadWriter::FileName(const Partition& p, int w, int part) const {
  char buf[32];
  if (options_.parallel) {
    std::snprintf(buf, sizeof(buf), "%04d_part_%02d", w, part);
  } else {
    std::snprintf(buf, sizeof(buf), "%03d", part);
  }
  std::string name = prefix_ + p.dir + buf;
  if (options_.format == DataFormat::kParquet && options_.extension.empty()) return name + ".parquet";
  if (!options_.extension.empty()) name += "." + options_.extension;
  return name + CompressionSuffix(options_.compression);
}

void UnloadWriter::AppendField(const std::string& text, std::string* out) const {
  const char d = options_.delimiter;
  if (options_.format == DataFormat::kCsv) {
    bool needs = text.find_first_of(std::string{d, options_.quote, '\n', '\r'}) != std::string::npos ||
                 (!text.empty() && (text.front() == ' ' || text.back() == ' ')) || text == options_.null_as;
    if (!needs) return out->append(text), void();
    *out += options_.quote;
    for (char c : text) {
      if (c == options_.quote) *out += c;
      *out += c;
    }
    *out += options_.quote;
    return;
  }
  if (options_.add_quotes) *out += '"';
  for (char c : text) {
    if (options_.escape && (c == d || c == '\n' || c == '\r' || c == '\\' || (options_.add_quotes && c == '"')))
      *out += '\\';
    *out += c;
  }
  if (options_.add_quotes) *out += '"';
}

void UnloadWriter::AppendRow(const Batch& batch, size_t row, std::string* out) const {
  bool first = true;
  for (int c : data_columns_) {
    if (!first) *out += options_.delimiter;
    first = false;
    const Vector& v = batch.column(c);
    if (v.IsNull(row)) {
      *out += options_.null_as;
      continue;
    }
    AppendField(UnloadText(v, row), out);
  }
  *out += '\n';
}

// One JSON object per line; NULL columns are left out (COPY ... JSON 'auto' reads a missing key as NULL).
void UnloadWriter::AppendJsonRow(const Batch& batch, size_t row, std::string* out) const {
  *out += '{';
  bool first = true;
  for (int c : data_columns_) {
    const Vector& v = batch.column(c);
    if (v.IsNull(row)) continue;
    if (!first) *out += ',';
    first = false;
    AppendJsonString(columns_[c].name, out);
    *out += ':';
    Value value = v.GetValue(row);
    const LogicalType& t = columns_[c].type;
    bool number = t.IsInteger() || t.id() == TypeId::kDecimal ||
                  ((t.id() == TypeId::kReal || t.id() == TypeId::kDouble) && std::isfinite(value.GetDouble()));
    if (t.id() == TypeId::kBoolean) {
      *out += value.GetBool() ? "true" : "false";
    } else if (number) {
      *out += UnloadText(v, row);
    } else {
      AppendJsonString(UnloadText(v, row), out);
    }
  }
  *out += "}\n";
}

UnloadWriter::Partition& UnloadWriter::PartitionOf(const Batch& batch, size_t row) {
  std::string dir;
  for (int c : partition_columns_) dir += columns_[c].name + "=" + PartitionValue(batch.column(c), row) + "/";
  Partition& p = partitions_[dir];
  if (p.outputs.empty()) {
    p.dir = dir;
    p.outputs.resize(writers_);
  }
  return p;
}

parquet::ParquetFileWriter& UnloadWriter::ParquetOutput(Output& o) const {
  if (!o.parquet) {
    std::vector<parquet::WriterColumn> cols;
    for (int c : data_columns_) cols.push_back({columns_[c].name, columns_[c].type});
    o.parquet = std::make_unique<parquet::ParquetFileWriter>(std::move(cols));
  }
  return *o.parquet;
}

Status UnloadWriter::WriteRow(Partition& p, const Batch& batch, size_t row, int w) {
  Output& o = p.outputs[w];
  if (options_.format == DataFormat::kParquet) {
    ParquetOutput(o).AppendRow(batch, row, data_columns_);
    if (o.parquet->EstimatedSize() >= options_.max_file_size) RETURN_IF_ERROR(Flush(p, w, false));
  } else {
    if (o.buffer.empty() && options_.header) {
      bool first = true;
      for (int c : data_columns_) {
        if (!first) o.buffer += options_.delimiter;
        first = false;
        AppendField(columns_[c].name, &o.buffer);
      }
      o.buffer += '\n';
    }
    if (options_.format == DataFormat::kJson) {
      AppendJsonRow(batch, row, &o.buffer);
    } else {
      AppendRow(batch, row, &o.buffer);
    }
  }
  o.rows++;
  rows_++;
  if (o.buffer.size() >= options_.max_file_size) RETURN_IF_ERROR(Flush(p, w, false));
  return Status::OK();
}

Status UnloadWriter::Write(const Batch& batch, int w) {
  const int index = static_cast<int>(static_cast<size_t>(w) % writers_);
  Partition* only = partition_columns_.empty() ? &PartitionOf(batch, 0) : nullptr;
  for (size_t k = 0; k < batch.count(); k++) {
    size_t row = batch.RowIndex(k);
    RETURN_IF_ERROR(WriteRow(only ? *only : PartitionOf(batch, row), batch, row, index));
  }
  return Status::OK();
}

Status UnloadWriter::Flush(Partition& p, int w, bool last) {
  Output& o = p.outputs[w];
  bool first_file = last && o.part == 0 && w == 0 && urls_.empty() && partition_columns_.empty();
  if (o.rows == 0 && !first_file) return Status::OK();  // an empty result still writes one file
  std::string data;
  if (options_.format == DataFormat::kParquet) {
    data = ParquetOutput(o).Finish();
    o.parquet.reset();
  } else {
    ASSIGN_OR_RETURN(data, Compress(o.buffer, options_.compression));
  }
  std::string url = FileName(p, w, o.part++);
  RETURN_IF_ERROR(store_->Put(url, data));
  urls_.push_back(url);
  sizes_.push_back(data.size());
  counts_.push_back(o.rows + (options_.header ? 1 : 0));
  o.buffer.clear();
  o.rows = 0;
  return Status::OK();
}

Status UnloadWriter::Finish() {
  if (partitions_.empty() && partition_columns_.empty()) {
    Partition& p = partitions_[""];
    p.outputs.resize(writers_);
  }
  for (auto& [dir, p] : partitions_) {
    for (size_t w = 0; w < p.outputs.size(); w++) RETURN_IF_ERROR(Flush(p, static_cast<int>(w), true));
  }
  return options_.manifest ? WriteManifest() : Status::OK();
}

Status UnloadWriter::WriteManifest() {
  std::string m = "{\n  \"entries\": [\n";
  uint64_t total_size = 0, total_rows = 0;
  for (size_t i = 0; i < urls_.size(); i++) {
    std::string url = IsS3Url(urls_[i]) ? urls_[i] : LocalPath(urls_[i]);
    m += "    {\"url\":\"" + url + "\"";
    if (options_.manifest_verbose)
      m += ", \"meta\": { \"content_length\": " + std::to_string(sizes_[i]) +
           ", \"record_count\": " + std::to_string(counts_[i]) + "}";
    m += i + 1 < urls_.size() ? "},\n" : "}\n";
    total_size += sizes_[i];
    total_rows += counts_[i];
  }
  m += "  ]";
  if (options_.manifest_verbose) {
    m += ",\n  \"schema\": {\n    \"elements\": [\n";
    for (size_t k = 0; k < data_columns_.size(); k++) {
      const UnloadColumn& c = columns_[data_columns_[k]];
      m += "      {\"name\": \"" + c.name + "\", \"type\": {\"base\": \"" + c.type.ToString() + "\"}}" +
           (k + 1 < data_columns_.size() ? ",\n" : "\n");
    }
    m += "    ]\n  },\n  \"meta\": {\n    \"content_length\": " + std::to_string(total_size) +
         ",\n    \"record_count\": " + std::to_string(total_rows) +
         "\n  },\n  \"author\": {\n    \"name\": \"Amazon Redshift\",\n    \"version\": \"1.0.0\"\n  }";
  }
  m += "\n}\n";
  return store_->Put(prefix_ + "manifest", m);
}

}  // namespace blueshift::load
