#pragma once

// Test helper: resolves a scalar function for the given values' types, casts the values to the bound
// argument types, runs the kernel over one row and returns the result.

#include <vector>

#include "function/cast.h"
#include "function/scalar_function.h"

namespace blueshift::testing {

// When `as_constants`, the values are also passed as constant_args (string literals, LIKE patterns).
inline Result<Value> EvalScalar(const std::string& name, const std::vector<Value>& values, bool as_constants = true,
                                LogicalType* return_type = nullptr) {
  std::vector<LogicalType> types;
  for (const Value& v : values) types.push_back(v.type());
  std::vector<Value> constants = as_constants ? values : std::vector<Value>(values.size());
  ASSIGN_OR_RETURN(BoundScalarFunction f, ResolveScalarFunction(name, types, constants));
  if (return_type) *return_type = f.return_type;
  std::vector<Vector> columns;
  std::vector<const Vector*> args;
  for (size_t i = 0; i < values.size(); i++) {
    Vector in(values[i].type(), 1);
    in.SetValue(0, values[i]);
    Vector cast(f.arg_types[i], 1);
    RETURN_IF_ERROR(CastVector(in, 1, &cast, CastContext::kImplicit));
    columns.push_back(std::move(cast));
  }
  for (const Vector& c : columns) args.push_back(&c);
  Vector out(f.return_type, 1);
  RETURN_IF_ERROR(f.kernel(args, 1, &out, f.data.get()));
  return out.GetValue(0);
}

inline std::string EvalText(const std::string& name, const std::vector<Value>& values, bool as_constants = true) {
  Result<Value> r = EvalScalar(name, values, as_constants);
  return r.ok() ? r->ToString() : "ERROR: " + r.status().message();
}

}  // namespace blueshift::testing
