#pragma once

#include <span>
#include <string>
#include <vector>

#include "types/logical_type.h"
#include "types/value.h"
#include "types/vector.h"
#include "util/status.h"

namespace blueshift {

// A scalar kernel computes out[i] = f(args[0][i], args[1][i], ...) for i in [0, n). Inputs are dense (no
// selection), already cast to the bound argument types; out has the bound return type and capacity >= n.
// NULL handling is the kernel's: most return NULL when any input is NULL. A kernel does not fail per row:
// it finishes or stops at the first bad row and returns one Status (22003 overflow, 22012 division by
// zero, ...). Kernels are stateless; `data` carries bind-time constants (e.g. a compiled LIKE pattern).
using ScalarKernel = Status (*)(std::span<const Vector* const> args, size_t n, Vector* out, const void* data);

// A function resolved for concrete argument types.
struct BoundScalarFunction {
  std::string name;
  std::vector<LogicalType> arg_types;  // what each argument must be cast to before the call
  LogicalType return_type;
  ScalarKernel kernel = nullptr;
  std::shared_ptr<const void> data;  // bind-time state for the kernel, may be null
  bool deterministic = true;         // false for random(), getdate() ...: no constant folding
};

// Resolves a function or operator by name ("+", "=", "<", "||", "like", "ilike", "not like", "abs",
// "upper", "substring", ...) and the argument types the binder found, applying Redshift's overload rules and
// implicit casts (integer + numeric -> numeric with Redshift's result precision/scale; comparing a number
// with an unknown-typed string literal casts the literal). constant_args holds the arguments' values when
// they are constants (else NULL Value of type NULL), for kernels that precompile them (LIKE patterns).
// Errors: 42883 "function f(integer, boolean) does not exist" / "operator does not exist: integer + boolean".
Result<BoundScalarFunction> ResolveScalarFunction(const std::string& name, const std::vector<LogicalType>& arg_types,
                                                  const std::vector<Value>& constant_args);

// Whether a scalar function of this name exists (for error wording: unknown function vs wrong types).
bool ScalarFunctionExists(const std::string& name);

}  // namespace blueshift
