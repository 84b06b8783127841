#include "function/record_text.h"

#include "function/cast.h"
#include "function/scalar_internal.h"

namespace blueshift {

namespace {

LogicalType TextType() {
  return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (c == ',' || c == '(' || c == ')' || c == '"' || c == '\\' || c == ' ' || c == '\t' || c == '\n') return true;
  }
  return false;
}

Status RecordKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    std::string text = "(";
    for (size_t a = 0; a < args.size(); a++) {
      if (a) text += ",";
      if (args[a]->IsNull(i)) continue;
      std::string v = args[a]->GetValue(i).ToString();
      if (!NeedsQuotes(v)) {
        text += v;
        continue;
      }
      text += '"';
      for (char c : v) {
        if (c == '"' || c == '\\') text += c;  // doubled, as record_out writes them
        text += c;
      }
      text += '"';
    }
    out->SetNull(i, false);
    out->SetString(i, text + ")");
  }
  return Status::OK();
}

// The fields of a record text; nullopt for an empty (NULL) field.
Result<std::vector<std::optional<std::string>>> ParseRecord(std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    return Status(ErrorCode::kInvalidTextRepresentation, "malformed record literal: \"" + std::string(text) + "\"");
  std::vector<std::optional<std::string>> out;
  std::optional<std::string> field;
  bool quoted = false;
  for (size_t i = 1; i + 1 < text.size(); i++) {
    char c = text[i];
    if (quoted) {
      if ((c == '"' || c == '\\') && i + 2 < text.size() && text[i + 1] == c) {
        *field += c;
        i++;
      } else if (c == '"') {
        quoted = false;
      } else {
        *field += c;
      }
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.reset();
    } else if (c == '"') {
      quoted = true;
      if (!field) field.emplace();
    } else {
      if (!field) field.emplace();
      *field += c;
    }
  }
  out.push_back(std::move(field));
  return out;
}

struct FieldData {
  int index;
  LogicalType type;
};

Status FieldKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& f = *static_cast<const FieldData*>(data);
  for (size_t i = 0; i < n; i++) {
    if (args[0]->IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(auto fields, ParseRecord(scalar_internal::StrAt(args[0], i)));
    if (f.index >= static_cast<int>(fields.size()) || !fields[f.index]) {
      out->SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(Value v, CastValue(Value::Varchar(*fields[f.index]), f.type, CastContext::kExplicit));
    out->SetValue(i, v);
  }
  return Status::OK();
}

}  // namespace

int RecordFields::Find(const std::string& name) const {
  for (size_t i = 0; i < fields.size(); i++) {
    if (fields[i].first == name) return static_cast<int>(i);
  }
  return -1;
}

BoundScalarFunction RecordFunction(std::shared_ptr<const RecordFields> fields) {
  std::vector<LogicalType> types;
  for (const auto& f : fields->fields) types.push_back(f.second);
  return scalar_internal::MakeBound(kRecordFunctionName, std::move(types), TextType(), RecordKernel, std::move(fields));
}

BoundScalarFunction RecordFieldFunction(int index, const LogicalType& type) {
  return scalar_internal::MakeBound("record_field", {TextType()}, type, FieldKernel,
                                    std::make_shared<const FieldData>(FieldData{index, type}));
}

}  // namespace blueshift
