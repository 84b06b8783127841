#include "function/array_text.h"

#include "function/cast.h"
#include "function/scalar_internal.h"

namespace blueshift {

namespace {

Status Malformed(std::string_view text) {
  return Status(ErrorCode::kInvalidTextRepresentation, "malformed array literal: \"" + std::string(text) + "\"");
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// "{...}" with double-quoted elements (backslash escapes) and unquoted NULL.
Result<ArrayText> ParseBraces(std::string_view text) {
  ArrayText out;
  size_t i = 1, end = text.size() - 1;
  while (i < end && IsBlank(text[i])) i++;
  if (i == end) return out;
  while (true) {
    while (i < end && IsBlank(text[i])) i++;
    std::string item;
    bool quoted = false;
    if (i < end && text[i] == '"') {
      quoted = true;
      for (i++; i < end && text[i] != '"'; i++) {
        if (text[i] == '\\' && i + 1 < end) i++;
        item += text[i];
      }
      if (i >= end) return Malformed(text);
      i++;
    } else {
      for (; i < end && text[i] != ','; i++) {
        if (text[i] == '{' || text[i] == '}' || text[i] == '"') return Malformed(text);
        item += text[i];
      }
      while (!item.empty() && IsBlank(item.back())) item.pop_back();
      if (item.empty()) return Malformed(text);
    }
    while (i < end && IsBlank(text[i])) i++;
    bool null = !quoted && (item == "NULL" || item == "null");
    out.elements.push_back(null ? std::nullopt : std::optional<std::string>(std::move(item)));
    if (i == end) return out;
    if (text[i] != ',') return Malformed(text);
    i++;
  }
}

// int2vector / oidvector: integers separated by blanks, numbered from 0.
Result<ArrayText> ParseVector(std::string_view text) {
  ArrayText out;
  out.lower = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (IsBlank(text[i])) {
      i++;
      continue;
    }
    size_t start = i;
    if (text[i] == '-') i++;
    size_t digits = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') i++;
    if (i == digits || (i < text.size() && !IsBlank(text[i]))) return Malformed(text);
    out.elements.emplace_back(std::string(text.substr(start, i - start)));
  }
  return out;
}

Status SubscriptKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!scalar_internal::RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(scalar_internal::StrAt(args[0], i)));
    int64_t k = scalar_internal::IntAt(args[1], i) - a.lower;
    if (k < 0 || k >= static_cast<int64_t>(a.elements.size()) || !a.elements[k]) {
      out->SetNull(i, true);
      continue;
    }
    out->SetString(i, *a.elements[k]);
  }
  return Status::OK();
}

Status ElementKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!scalar_internal::RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(scalar_internal::StrAt(args[0], i)));
    int64_t k = scalar_internal::IntAt(args[1], i);
    if (k < 0 || k >= static_cast<int64_t>(a.elements.size()) || !a.elements[k]) {
      out->SetNull(i, true);
      continue;
    }
    out->SetString(i, *a.elements[k]);
  }
  return Status::OK();
}

Status CountKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  int64_t limit = *static_cast<const int64_t*>(data);
  for (size_t i = 0; i < n; i++) {
    if (!scalar_internal::RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(scalar_internal::StrAt(args[0], i)));
    if (static_cast<int64_t>(a.elements.size()) > limit)
      return Status(ErrorCode::kFeatureNotSupported, "a set-returning function in the select list expands at most " +
                                                         std::to_string(limit) + " array elements");
    out->data<int32_t>()[i] = static_cast<int32_t>(a.elements.size());
  }
  return Status::OK();
}

struct QuantifiedData {
  std::string op;
  bool all = false;
  LogicalType element;
};

bool Holds(const std::string& op, int c) {
  if (op == "=") return c == 0;
  if (op == "<>" || op == "!=") return c != 0;
  if (op == "<") return c < 0;
  if (op == "<=") return c <= 0;
  if (op == ">") return c > 0;
  return c >= 0;
}

// One row: true/false, or nullopt for SQL's unknown.
Result<std::optional<bool>> Quantify(const QuantifiedData& q, const Value& x, std::string_view array) {
  ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(array));
  bool saw_null = false;
  for (const auto& e : a.elements) {
    if (!e || x.is_null()) {
      saw_null = true;
      continue;
    }
    ASSIGN_OR_RETURN(Value v, CastValue(Value::Varchar(*e), q.element, CastContext::kExplicit));
    bool holds = Holds(q.op, Value::Compare(x, v));
    if (holds != q.all) return std::optional<bool>(holds);  // ANY found a true, ALL found a false
  }
  if (saw_null) return std::optional<bool>();
  return std::optional<bool>(q.all);
}

Status QuantifiedKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& q = *static_cast<const QuantifiedData*>(data);
  for (size_t i = 0; i < n; i++) {
    if (args[1]->IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    ASSIGN_OR_RETURN(auto r, Quantify(q, args[0]->GetValue(i), scalar_internal::StrAt(args[1], i)));
    out->SetNull(i, !r.has_value());
    if (r) out->data<uint8_t>()[i] = *r ? 1 : 0;
  }
  return Status::OK();
}

}  // namespace

Status CheckArrayText(const Vector& v, size_t n) {
  PgArrayKind kind = v.type().pg_array();
  LogicalType element = PgArrayElementType(kind);
  for (size_t i = 0; i < n; i++) {
    if (v.IsNull(i)) continue;
    std::string_view text = v.data<std::string_view>()[i];
    ASSIGN_OR_RETURN(ArrayText a, ParseArrayText(text));
    if (a.lower != PgArrayLowerBound(kind)) return Malformed(text);
    for (const auto& e : a.elements) {
      if (!e) continue;
      RETURN_IF_ERROR(CastValue(Value::Varchar(*e), element, CastContext::kExplicit).status());
    }
  }
  return Status::OK();
}

LogicalType ArrayTextType() {
  return LogicalType::Varchar(LogicalType::kMaxVarcharLength);
}

Result<ArrayText> ParseArrayText(std::string_view text) {
  if (!text.empty() && text.front() == '{') {
    if (text.size() < 2 || text.back() != '}') return Malformed(text);
    return ParseBraces(text);
  }
  return ParseVector(text);
}

BoundScalarFunction ArraySubscriptFunction() {
  return scalar_internal::MakeBound("array_subscript", {ArrayTextType(), LogicalType::BigInt()}, ArrayTextType(),
                                    SubscriptKernel);
}

BoundScalarFunction ArrayElementFunction() {
  return scalar_internal::MakeBound("array_element", {ArrayTextType(), LogicalType::BigInt()}, ArrayTextType(),
                                    ElementKernel);
}

BoundScalarFunction ArrayCountFunction(int64_t limit) {
  return scalar_internal::MakeBound("array_count", {ArrayTextType()}, LogicalType::Integer(), CountKernel,
                                    std::make_shared<const int64_t>(limit));
}

Result<BoundScalarFunction> ArrayQuantifiedFunction(const std::string& op, bool all, const LogicalType& x) {
  static const char* kOps[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
  bool known = false;
  for (const char* o : kOps) known = known || op == o;
  if (!known) return scalar_internal::NoSuchFunction(op, {x, ArrayTextType()});
  auto data = std::make_shared<QuantifiedData>(QuantifiedData{op, all, x});
  return scalar_internal::MakeBound(all ? "all" : "any", {x, ArrayTextType()}, LogicalType::Boolean(), QuantifiedKernel,
                                    data);
}

}  // namespace blueshift
