#pragma once

// Kernels for + - * / % and unary minus on integers, floats and decimals (arithmetic_kernels.cc).

#include "function/scalar_internal.h"

namespace blueshift::arithmetic {

enum class ArithOp { kAdd, kSub, kMul, kDiv, kMod };

// The kernel for `op` on two arguments of the same integer or floating type (the result type).
ScalarKernel IntegerKernel(ArithOp op, PhysicalType type);
ScalarKernel FloatKernel(ArithOp op, PhysicalType type);

// Decimal operands keep their own scales; the kernel brings them to the result's scale exactly in int128.
struct DecimalOpInfo {
  int scale1, scale2;
  int precision, scale;  // the result's
};
ScalarKernel DecimalKernel(ArithOp op);

// Unary minus on any numeric type.
ScalarKernel NegateKernel(PhysicalType type);

// 22003 with PostgreSQL's wording for the result type ("integer out of range", "numeric field overflow").
Status ArithmeticOverflow(const LogicalType& type);
Status DivisionByZero();

}  // namespace blueshift::arithmetic
