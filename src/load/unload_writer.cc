#include "load/unload_writer.h"

#include <cstdio>

#include "load/decompress.h"

namespace blueshift::load {

UnloadWriter::UnloadWriter(const UnloadOptions& options, ObjectStore* store, std::string prefix,
                           std::vector<UnloadColumn> columns, int writers)
    : options_(options), store_(store), prefix_(std::move(prefix)), columns_(std::move(columns)) {
  outputs_.resize(options.parallel ? std::max(1, writers) : 1);
}

Status UnloadWriter::Prepare() {
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

std::string UnloadWriter::FileName(int w, int part) const {
  char buf[32];
  if (options_.parallel) {
    std::snprintf(buf, sizeof(buf), "%04d_part_%02d", w, part);
  } else {
    std::snprintf(buf, sizeof(buf), "%03d", part);
  }
  std::string name = prefix_ + buf;
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
  for (size_t c = 0; c < columns_.size(); c++) {
    if (c > 0) *out += options_.delimiter;
    const Vector& v = batch.column(c);
    if (v.IsNull(row)) {
      *out += options_.null_as;
      continue;
    }
    AppendField(v.GetValue(row).ToString(), out);
  }
  *out += '\n';
}

Status UnloadWriter::Write(const Batch& batch, int w) {
  Output& o = outputs_[options_.parallel ? w % outputs_.size() : 0];
  int index = static_cast<int>(&o - outputs_.data());
  for (size_t k = 0; k < batch.count(); k++) {
    if (o.buffer.empty() && options_.header) {
      for (size_t c = 0; c < columns_.size(); c++) {
        if (c > 0) o.buffer += options_.delimiter;
        AppendField(columns_[c].name, &o.buffer);
      }
      o.buffer += '\n';
    }
    AppendRow(batch, batch.RowIndex(k), &o.buffer);
    o.rows++;
    rows_++;
    if (o.buffer.size() >= options_.max_file_size) RETURN_IF_ERROR(Flush(index, false));
  }
  return Status::OK();
}

Status UnloadWriter::Flush(int w, bool last) {
  Output& o = outputs_[w];
  if (o.buffer.empty() && !(last && o.part == 0 && w == 0 && urls_.empty())) return Status::OK();
  ASSIGN_OR_RETURN(std::string data, Compress(o.buffer, options_.compression));
  std::string url = FileName(w, o.part++);
  RETURN_IF_ERROR(store_->Put(url, data));
  urls_.push_back(url);
  sizes_.push_back(data.size());
  counts_.push_back(o.rows + (options_.header ? 1 : 0));
  o.buffer.clear();
  o.rows = 0;
  return Status::OK();
}

Status UnloadWriter::Finish() {
  for (size_t w = 0; w < outputs_.size(); w++) RETURN_IF_ERROR(Flush(static_cast<int>(w), true));
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
    for (size_t c = 0; c < columns_.size(); c++) {
      m += "      {\"name\": \"" + columns_[c].name + "\", \"type\": {\"base\": \"" + columns_[c].type.ToString() +
           "\"}}" + (c + 1 < columns_.size() ? ",\n" : "\n");
    }
    m += "    ]\n  },\n  \"meta\": {\n    \"content_length\": " + std::to_string(total_size) +
         ",\n    \"record_count\": " + std::to_string(total_rows) +
         "\n  },\n  \"author\": {\n    \"name\": \"Amazon Redshift\",\n    \"version\": \"1.0.0\"\n  }";
  }
  m += "\n}\n";
  return store_->Put(prefix_ + "manifest", m);
}

}  // namespace blueshift::load
