#include "load/row_builder.h"

namespace blueshift::load {

Status RowBuilder::AddRecord(std::vector<Field>& fields, Batch* out, const RecordLocation& where) {
  const std::vector<int>& targets = job_.targets;
  size_t n = fields.size();
  const size_t want = targets.size();
  if (n == want + 1 && fields[n - 1].size == 0 && fields[n - 1].data != nullptr) n = want;  // "a|b|c|"
  if (n > want) return Reject(kErrDelimiter, "Extra column(s) found", -1, {}, 0, where);
  if (n < want && !job_.options.fill_record) return Reject(kErrDelimiter, "Delimiter not found", -1, {}, 0, where);
  const size_t row = out->count();
  for (size_t i = 0; i < want; i++) {
    const int col = targets[i];
    const FieldConverter& conv = *job_.converters[col];
    Vector* v = &out->column(col);
    bool ok;
    if (i >= n) {  // FILLRECORD: '' for character columns (NULL under EMPTYASNULL), NULL otherwise
      static char kEmpty[1] = {0};
      ok = conv.Convert(Field{kEmpty, 0, false, 0}, v, row, &err_);
    } else if (fields[i].data == nullptr) {
      ok = conv.ConvertNull(v, row, &err_);
    } else {
      ok = conv.Convert(fields[i], v, row, &err_);
    }
    if (!ok) {
      std::string_view value = i < n && fields[i].data ? fields[i].view() : std::string_view();
      const char* start = where.record_start ? where.record_start : where.raw_line.data();
      int position = value.data() && start && value.data() >= start ? static_cast<int>(value.data() - start) : 0;
      return Reject(err_.code, err_.reason, col, value, position, where, Detail(fields, i));
    }
  }
  out->set_count(row + 1);
  return Status::OK();
}

std::vector<LoadErrorField> RowBuilder::Detail(const std::vector<Field>& fields, size_t failed) {
  std::vector<LoadErrorField> out;
  if (detail_rows_ >= kMaxDetailRows) return out;
  detail_rows_++;
  for (size_t i = 0; i <= failed && i < job_.targets.size(); i++) {
    const int col = job_.targets[i];
    const FieldConverter& conv = *job_.converters[col];
    LoadErrorField f;
    f.field = static_cast<int32_t>(i + 1);
    f.colname = job_.table->columns[col].name;
    f.is_null = i >= fields.size() || fields[i].data == nullptr;
    if (!f.is_null) f.value = std::string(fields[i].view().substr(0, 1024));
    f.type = conv.StlTypeName();
    f.col_length = conv.StlColLength();
    out.push_back(std::move(f));
  }
  return out;
}

Status RowBuilder::RejectRecord(int code, const std::string& reason, const RecordLocation& where) {
  return Reject(code, reason, -1, {}, 0, where);
}

Status RowBuilder::Reject(int code, const std::string& reason, int column, std::string_view value, int position,
                          const RecordLocation& where, std::vector<LoadErrorField> detail) {
  LoadErrorRecord r;
  r.filename = where.split->url;
  int64_t first = 1;
  if (where.reader != nullptr) {
    auto f = where.reader->FirstLine(*job_.store);
    if (f.ok()) first = *f;
  }
  r.line_number = first + where.line_in_split;
  if (column >= 0) {
    const FieldConverter& conv = *job_.converters[column];
    r.colname = job_.table->columns[column].name;
    r.type = conv.StlTypeName();
    r.col_length = conv.StlColLength();
  }
  r.position = position;
  r.raw_line = std::string(where.raw_line.substr(0, 1024));
  r.raw_field_value = std::string(value.substr(0, 1024));
  r.err_code = code;
  r.err_reason = reason;
  r.start_offset = static_cast<int64_t>(where.offset);
  r.detail = std::move(detail);
  return job_.Reject(std::move(r));
}

void RowBuilder::FinishBatch(Batch* out) const {
  const size_t rows = out->count();
  for (size_t c = 0; c < job_.converters.size(); c++) {
    if (job_.converters[c]) continue;
    Vector& v = out->column(c);
    const Value& d = job_.defaults[c];
    for (size_t r = 0; r < rows; r++) v.SetValue(r, d);
  }
}

}  // namespace blueshift::load
