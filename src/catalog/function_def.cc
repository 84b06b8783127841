#include "catalog/function_def.h"

namespace blueshift {

namespace {

// A type as a signature shows it: PostgreSQL's name without the length, precision or scale.
std::string SignatureTypeName(const LogicalType& type) {
  std::string text = type.ToString();
  size_t open = text.find('(');
  if (open == std::string::npos) return text;
  size_t close = text.find(')', open);
  std::string rest = close == std::string::npos ? "" : text.substr(close + 1);
  return text.substr(0, open) + rest;
}

}  // namespace

bool SameSignatureType(const LogicalType& a, const LogicalType& b) {
  return a.id() == b.id() && (a.IsString() || a.IsVarbyte() || a.id() == TypeId::kDecimal || a == b);
}

bool SameSignature(const std::vector<LogicalType>& a, const std::vector<LogicalType>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (!SameSignatureType(a[i], b[i])) return false;
  }
  return true;
}

std::string FunctionSignature(const std::string& name, const std::vector<LogicalType>& arg_types) {
  std::string out = name + "(";
  for (size_t i = 0; i < arg_types.size(); i++) out += (i ? ", " : "") + SignatureTypeName(arg_types[i]);
  return out + ")";
}

std::string FunctionSignature(const FunctionDef& f) {
  return FunctionSignature(f.name, f.arg_types);
}

}  // namespace blueshift
