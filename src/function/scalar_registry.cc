#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "function/scalar_internal.h"

namespace blueshift {
namespace scalar_internal {
namespace {

using Table = std::unordered_map<std::string, ScalarResolver>;

// Built once on first use (thread-safe static initialization); read-only afterwards.
const Table& Registry() {
  static const Table kTable = [] {
    Table t;
    for (auto family : {ArithmeticFunctions,  ComparisonFunctions, LikeFunctions,
                        StringFunctions,      MathFunctions,       DateFunctions,
                        ConditionalFunctions, ToCharFunctions,     RegexFunctions,
                        HashFunctions,        JsonFunctions,       TimeZoneFunctions,
                        ToDateFunctions,      CalendarFunctions,   ToNumberFunctions,
                        VarbyteFunctions,     IntervalFunctions,   BitwiseFunctions,
                        StringExtraFunctions, SliceFunctions,      TextToNumericAltFunctions,
                        HllFunctions,         SimilarToFunctions}) {
      for (const ScalarEntry& e : family()) t.emplace(e.name, e.resolve);
    }
    return t;
  }();
  return kTable;
}

const Table& VarbyteRegistry() {
  static const Table kTable = [] {
    Table t;
    for (const ScalarEntry& e : VarbyteOverloads()) t.emplace(e.name, e.resolve);
    for (const ScalarEntry& e : VarbyteBitwiseOverloads()) t.emplace(e.name, e.resolve);
    return t;
  }();
  return kTable;
}

bool IsOperatorName(const std::string& name) {
  if (name == "neg" || name == "bitnot" || name == "like" || name == "not like" || name == "ilike" ||
      name == "not ilike")
    return true;
  return !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]));
}

}  // namespace

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

Status NoSuchFunction(const std::string& name, const std::vector<LogicalType>& args) {
  if (IsOperatorName(name)) {
    std::string op = name == "neg" ? "-" : name == "bitnot" ? "~" : name;
    std::string msg = "operator does not exist: ";
    if (args.size() == 1) return Status(ErrorCode::kUndefinedFunction, msg + op + " " + args[0].ToString());
    if (args.size() == 2) {
      return Status(ErrorCode::kUndefinedFunction, msg + args[0].ToString() + " " + op + " " + args[1].ToString());
    }
  }
  std::string list;
  for (size_t i = 0; i < args.size(); i++) list += (i ? ", " : "") + args[i].ToString();
  return Status(ErrorCode::kUndefinedFunction, "function " + name + "(" + list + ") does not exist")
      .WithHint("No function matches the given name and argument types. You may need to add explicit type casts.");
}

bool IsStringLiteral(const std::vector<LogicalType>& args, const std::vector<Value>& constants, size_t i) {
  return i < args.size() && args[i].id() == TypeId::kVarchar && i < constants.size() && !constants[i].is_null() &&
         constants[i].type().IsString();
}

const Value* ConstantArg(const std::vector<Value>& constants, size_t i) {
  if (i >= constants.size() || constants[i].is_null()) return nullptr;
  return &constants[i];
}

BoundScalarFunction MakeBound(const std::string& name, std::vector<LogicalType> args, LogicalType ret,
                              ScalarKernel kernel, std::shared_ptr<const void> data) {
  BoundScalarFunction f;
  f.name = name;
  f.arg_types = std::move(args);
  f.return_type = ret;
  f.kernel = kernel;
  f.data = std::move(data);
  return f;
}

int64_t IntAt(const Vector* v, size_t i) {
  switch (v->type().physical()) {
    case PhysicalType::kBool:
      return v->data<uint8_t>()[i];
    case PhysicalType::kInt16:
      return v->data<int16_t>()[i];
    case PhysicalType::kInt32:
      return v->data<int32_t>()[i];
    case PhysicalType::kInt64:
      return v->data<int64_t>()[i];
    case PhysicalType::kInt128:
      return static_cast<int64_t>(v->data<int128_t>()[i]);
    default:
      return 0;
  }
}

void LoadInt128(const Vector& v, size_t n, int128_t* dst) {
  switch (v.type().physical()) {
    case PhysicalType::kInt128:
      std::copy_n(v.data<int128_t>(), n, dst);
      return;
    case PhysicalType::kInt64:
      std::copy_n(v.data<int64_t>(), n, dst);
      return;
    case PhysicalType::kInt32:
      std::copy_n(v.data<int32_t>(), n, dst);
      return;
    case PhysicalType::kInt16:
      std::copy_n(v.data<int16_t>(), n, dst);
      return;
    default:
      for (size_t i = 0; i < n; i++) dst[i] = IntAt(&v, i);
  }
}

void StoreInt128(Vector* out, size_t i, int128_t v) {
  switch (out->type().physical()) {
    case PhysicalType::kInt128:
      out->data<int128_t>()[i] = v;
      break;
    case PhysicalType::kInt64:
      out->data<int64_t>()[i] = static_cast<int64_t>(v);
      break;
    case PhysicalType::kInt32:
      out->data<int32_t>()[i] = static_cast<int32_t>(v);
      break;
    case PhysicalType::kInt16:
      out->data<int16_t>()[i] = static_cast<int16_t>(v);
      break;
    default:
      break;
  }
}

}  // namespace scalar_internal

Result<BoundScalarFunction> ResolveScalarFunction(const std::string& name, const std::vector<LogicalType>& arg_types,
                                                  const std::vector<Value>& constant_args) {
  std::string key = scalar_internal::Lower(name);
  bool any_varbyte =
      std::any_of(arg_types.begin(), arg_types.end(), [](const LogicalType& t) { return t.IsVarbyte(); });
  if (any_varbyte) {
    auto vb = scalar_internal::VarbyteRegistry().find(key);
    if (vb != scalar_internal::VarbyteRegistry().end()) return vb->second(key, arg_types, constant_args);
  }
  const auto& table = scalar_internal::Registry();
  auto it = table.find(key);
  if (it == table.end()) return scalar_internal::NoSuchFunction(key, arg_types);
  return it->second(key, arg_types, constant_args);
}

bool ScalarFunctionExists(const std::string& name) {
  return scalar_internal::Registry().count(scalar_internal::Lower(name)) > 0;
}

}  // namespace blueshift
