// COPY ... JSON: one record per top-level object (or array, with a JSONPaths file), mapped to columns by
// key ('auto', 'auto ignorecase') or by the JSONPaths file's paths in column order.

#include "load/copy_task.h"

namespace blueshift::load {

namespace {

Field ToField(JsonDocument& doc, int64_t index) {
  if (index < 0) return Field{};
  auto i = static_cast<uint32_t>(index);
  const JsonDocument::Node& n = doc.node(i);
  switch (n.type) {
    case JsonDocument::Type::kNull:
      return Field{};
    case JsonDocument::Type::kString: {
      std::string_view s = doc.UnescapeString(i);
      return Field{const_cast<char*>(s.data()), s.size(), true, 0};
    }
    default:
      return Field{n.begin, n.size, false, 0};
  }
}

// Fills task.fields from the parsed record; false when the record is not of a loadable shape.
bool MapRecord(CopyTask& task) {
  const CopyJob& job = task.job;
  JsonDocument& doc = task.json;
  auto root_type = doc.root().type;
  task.fields.clear();
  if (!job.json_paths.empty()) {
    if (root_type != JsonDocument::Type::kObject && root_type != JsonDocument::Type::kArray) return false;
    for (const JsonPath& p : job.json_paths) task.fields.push_back(ToField(doc, ResolvePath(doc, p)));
    return true;
  }
  if (root_type != JsonDocument::Type::kObject) return false;
  for (int col : job.targets) {
    task.fields.push_back(ToField(doc, doc.Member(0, job.table->columns[col].name, job.json_ignore_case)));
  }
  return true;
}

}  // namespace

Status DecodeJson(CopyTask& task, Batch* out) {
  task.RetainBuffer(out);
  SplitReader& reader = task.reader;
  char* p = reader.begin();
  char* end = reader.end();
  while (out->count() < out->capacity()) {
    const char* vb = nullptr;
    const char* ve = nullptr;
    int newlines = 0;
    int found = JsonDocument::FindValue(p, end, &vb, &ve, &newlines);
    if (found <= 0) {
      if (found == 0 && reader.at_eof()) {  // a record cut short by the end of the file
        RecordLocation where{task.split, &reader, task.line, reader.OffsetOf(p), std::string_view(p, end - p)};
        RETURN_IF_ERROR(task.rows.RejectRecord(kErrInvalidLine, "Invalid JSON: unexpected end of input", where));
        p = end;
      }
      reader.Consume(found < 0 ? end : p);
      if (reader.at_eof()) {
        task.split = nullptr;
        return Status::OK();
      }
      return reader.Refill();
    }
    int64_t line_before = task.line;
    int record_newlines = 0;
    const char* dummy_b = nullptr;
    const char* dummy_e = nullptr;
    JsonDocument::FindValue(vb, ve, &dummy_b, &dummy_e, &record_newlines);  // lines inside the record
    RecordLocation where{task.split, &reader, line_before + (newlines - record_newlines), reader.OffsetOf(vb),
                         std::string_view(vb, ve - vb)};
    task.line += newlines;
    char* vbm = p + (vb - p);
    char* vem = p + (ve - p);
    p = vem;
    Status st = task.json.Parse(vbm, vem);
    if (!st.ok()) {
      RETURN_IF_ERROR(task.rows.RejectRecord(kErrInvalidLine, st.message(), where));
      continue;
    }
    if (!MapRecord(task)) {
      RETURN_IF_ERROR(
          task.rows.RejectRecord(kErrInvalidLine, "Invalid JSONPath format: Member is not an object.", where));
      continue;
    }
    RETURN_IF_ERROR(task.rows.AddRecord(task.fields, out, where));
  }
  reader.Consume(p);
  return Status::OK();
}

}  // namespace blueshift::load
