// NULLIF, GREATEST and LEAST. They compare through the comparison kernels bound for the common type.
// (COALESCE/NVL, NVL2, DECODE and CASE are the binder's special forms.)

#include "function/cast.h"
#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {
namespace {

struct CompareData {
  ScalarKernel compare;
};

Status NullIf(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const CompareData*>(data);
  Vector eq(LogicalType::Boolean(), n);
  RETURN_IF_ERROR(d.compare(args, n, &eq, nullptr));
  for (size_t i = 0; i < n; i++) {
    bool same = !eq.IsNull(i) && eq.data<uint8_t>()[i];
    if (same || args[0]->IsNull(i)) {
      out->SetNull(i, true);
    } else {
      out->CopyRow(*args[0], i, i);
    }
  }
  return Status::OK();
}

// PostgreSQL's GREATEST/LEAST: NULL arguments are ignored; NULL only when all are.
Status Extreme(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const CompareData*>(data);
  for (size_t i = 0; i < n; i++) out->CopyRow(*args[0], i, i);
  Vector better(LogicalType::Boolean(), n);
  for (size_t k = 1; k < args.size(); k++) {
    const Vector* pair[] = {args[k], out};
    RETURN_IF_ERROR(d.compare(std::span<const Vector* const>(pair, 2), n, &better, nullptr));
    for (size_t i = 0; i < n; i++) {
      if (args[k]->IsNull(i)) continue;
      if (out->IsNull(i) || (!better.IsNull(i) && better.data<uint8_t>()[i])) out->CopyRow(*args[k], i, i);
    }
  }
  return Status::OK();
}

Result<LogicalType> CommonType(const std::string& name, const std::vector<LogicalType>& args) {
  LogicalType t = args[0];
  for (size_t i = 1; i < args.size(); i++) {
    Result<LogicalType> r = CommonSuperType(t, args[i], name == "nullif" ? "NULLIF" : "GREATEST/LEAST");
    if (!r.ok()) return NoSuchFunction(name, args);
    t = *r;
  }
  return t.id() == TypeId::kNull ? LogicalType::Varchar() : t;
}

Result<BoundScalarFunction> ResolveConditional(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  bool nullif = name == "nullif";
  if (nullif ? args.size() != 2 : args.empty()) return NoSuchFunction(name, args);
  ASSIGN_OR_RETURN(LogicalType t, CommonType(name, args));
  const char* op = nullif ? "=" : (name == "greatest" ? ">" : "<");
  ASSIGN_OR_RETURN(BoundScalarFunction cmp, ResolveScalarFunction(op, {t, t}, {}));
  auto d = std::make_shared<CompareData>(CompareData{cmp.kernel});
  return MakeBound(name, std::vector<LogicalType>(args.size(), t), t, nullif ? NullIf : Extreme, d);
}

}  // namespace

std::vector<ScalarEntry> ConditionalFunctions() {
  return {{"nullif", ResolveConditional}, {"greatest", ResolveConditional}, {"least", ResolveConditional}};
}

}  // namespace blueshift::scalar_internal
