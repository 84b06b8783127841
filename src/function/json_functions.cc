// JSON functions on VARCHAR text: JSON_EXTRACT_PATH_TEXT, JSON_EXTRACT_ARRAY_ELEMENT_TEXT, JSON_ARRAY_LENGTH,
// IS_VALID_JSON, IS_VALID_JSON_ARRAY and CAN_JSON_PARSE. A path that leads nowhere gives NULL (as Redshift's
// current documentation says); malformed JSON is an error unless the trailing null_if_invalid is true.

#include "function/json_text.h"
#include "function/string_kernels.h"

namespace blueshift::scalar_internal {
namespace {

using json_text::Element;
using json_text::Kind;

Status JsonError() {
  return Status(ErrorCode::kInvalidParameterValue, "JSON parsing error");
}

// Parses row i of args[0]; on malformed JSON returns an error, or sets *skip (NULL result) when the
// null_if_invalid argument at position flag_arg is true.
Result<std::optional<Element>> ParseRow(std::span<const Vector* const> args, size_t i, size_t flag_arg) {
  std::optional<Element> e = json_text::Parse(StrAt(args[0], i));
  if (e) return e;
  bool null_if_invalid = flag_arg < args.size() && args[flag_arg]->data<uint8_t>()[i];
  if (null_if_invalid) return std::optional<Element>();
  return JsonError();
}

// Writes the element's text, or NULL for a missing element or a JSON null.
void SetText(Vector* out, size_t i, const std::optional<Element>& e) {
  if (!e || e->kind == Kind::kNull) {
    out->SetNull(i, true);
    return;
  }
  out->SetString(i, json_text::Text(*e));
}

// args: json, path elements..., [null_if_invalid BOOLEAN] (data says whether the flag is present).
Status ExtractPath(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  bool has_flag = data != nullptr;
  size_t paths_end = args.size() - (has_flag ? 1 : 0);
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(std::optional<Element> e, ParseRow(args, i, has_flag ? paths_end : args.size()));
    for (size_t k = 1; k < paths_end && e; k++) e = json_text::Member(*e, StrAt(args[k], i));
    SetText(out, i, e);
  }
  return Status::OK();
}

Status ExtractElement(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(std::optional<Element> e, ParseRow(args, i, 2));
    if (e && e->kind != Kind::kArray) {
      if (args.size() > 2 && args[2]->data<uint8_t>()[i])
        e.reset();
      else
        return JsonError();
    }
    if (e) e = json_text::At(*e, IntAt(args[1], i));
    SetText(out, i, e);
  }
  return Status::OK();
}

Status ArrayLength(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  int32_t* r = out->data<int32_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(std::optional<Element> e, ParseRow(args, i, 1));
    bool flag = args.size() > 1 && args[1]->data<uint8_t>()[i];
    if (e && e->kind != Kind::kArray && !flag) return JsonError();
    if (!e || e->kind != Kind::kArray) {
      out->SetNull(i, true);
      continue;
    }
    r[i] = static_cast<int32_t>(json_text::Length(*e));
  }
  return Status::OK();
}

// data points at the Kind the document must be, or is null for "any JSON value" (CAN_JSON_PARSE).
Status IsValid(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto* want = static_cast<const Kind*>(data);
  uint8_t* r = out->data<uint8_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    std::optional<Element> e = json_text::Parse(StrAt(args[0], i));
    r[i] = e && (want == nullptr || e->kind == *want);
  }
  return Status::OK();
}

bool IsText(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}
bool IsFlag(const LogicalType& t) {
  return t.id() == TypeId::kBoolean || t.id() == TypeId::kNull;
}
LogicalType AsText(const LogicalType& t) {
  return t.IsString() ? t : LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}

Result<BoundScalarFunction> ResolveExtractPath(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  bool has_flag = args.size() >= 3 && IsFlag(args.back()) && args.back().id() != TypeId::kNull;
  size_t paths = args.size() - 1 - (has_flag ? 1 : 0);
  if (args.size() < 2 || paths < 1 || !IsText(args[0])) return NoSuchFunction(name, args);
  std::vector<LogicalType> types;
  for (size_t i = 0; i < args.size(); i++) {
    bool flag = has_flag && i + 1 == args.size();
    if (!flag && !IsText(args[i])) return NoSuchFunction(name, args);
    types.push_back(flag ? LogicalType::Boolean() : AsText(args[i]));
  }
  static const int kFlag = 1;
  return MakeBound(name, std::move(types), LogicalType::Varchar(LogicalType::kMaxVarcharLength), ExtractPath,
                   has_flag ? std::shared_ptr<const void>(&kFlag, [](const void*) {}) : nullptr);
}

Result<BoundScalarFunction> ResolveExtractElement(const std::string& name, const std::vector<LogicalType>& args,
                                                  const std::vector<Value>&) {
  if (args.size() < 2 || args.size() > 3 || !IsText(args[0]) ||
      !(args[1].IsInteger() || args[1].id() == TypeId::kNull) || (args.size() == 3 && !IsFlag(args[2])))
    return NoSuchFunction(name, args);
  std::vector<LogicalType> types = {AsText(args[0]), LogicalType::Integer()};
  if (args.size() == 3) types.push_back(LogicalType::Boolean());
  return MakeBound(name, std::move(types), LogicalType::Varchar(LogicalType::kMaxVarcharLength), ExtractElement);
}

Result<BoundScalarFunction> ResolveArrayLength(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  if (args.empty() || args.size() > 2 || !IsText(args[0]) || (args.size() == 2 && !IsFlag(args[1])))
    return NoSuchFunction(name, args);
  std::vector<LogicalType> types = {AsText(args[0])};
  if (args.size() == 2) types.push_back(LogicalType::Boolean());
  return MakeBound(name, std::move(types), LogicalType::Integer(), ArrayLength);
}

Result<BoundScalarFunction> ResolveIsValid(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.size() != 1 || !IsText(args[0])) return NoSuchFunction(name, args);
  static const Kind kObject = Kind::kObject;
  static const Kind kArray = Kind::kArray;
  const Kind* want = name == "is_valid_json" ? &kObject : name == "is_valid_json_array" ? &kArray : nullptr;
  std::shared_ptr<const void> data(want, [](const void*) {});
  return MakeBound(name, {AsText(args[0])}, LogicalType::Boolean(), IsValid, want ? data : nullptr);
}

}  // namespace

std::vector<ScalarEntry> JsonFunctions() {
  return {{"json_extract_path_text", ResolveExtractPath}, {"json_extract_array_element_text", ResolveExtractElement},
          {"json_array_length", ResolveArrayLength},      {"is_valid_json", ResolveIsValid},
          {"is_valid_json_array", ResolveIsValid},        {"can_json_parse", ResolveIsValid}};
}

}  // namespace blueshift::scalar_internal
