// Resolution of + - * / % and unary minus: Redshift's result-type table for numeric operands
// (DG "Computations with numeric values"), date +/- integer and date - date.

#include <algorithm>
#include <optional>

#include "function/arithmetic_kernels.h"
#include "function/interval_arithmetic.h"

namespace blueshift::scalar_internal {
namespace {

using arithmetic::ArithOp;
using arithmetic::DecimalOpInfo;

ArithOp OpOf(const std::string& name) {
  if (name == "+") return ArithOp::kAdd;
  if (name == "-") return ArithOp::kSub;
  if (name == "*") return ArithOp::kMul;
  if (name == "/") return ArithOp::kDiv;
  return ArithOp::kMod;
}

// Integers meet decimals as decimal(5,0), decimal(10,0) and decimal(19,0).
LogicalType AsDecimal(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kSmallInt:
      return LogicalType::Decimal(5, 0);
    case TypeId::kInteger:
      return LogicalType::Decimal(10, 0);
    case TypeId::kBigInt:
      return LogicalType::Decimal(19, 0);
    default:
      return t;
  }
}

// Redshift's precision/scale rules, capped at 38.
DecimalOpInfo DecimalResult(ArithOp op, const LogicalType& a, const LogicalType& b) {
  int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
  int p, s;
  switch (op) {
    case ArithOp::kMul:
      s = s1 + s2;
      p = p1 + p2 + 1;
      break;
    case ArithOp::kDiv:
      s = std::max(4, s1 + p2 - s2 + 1);
      p = p1 - s1 + s2 + s;
      break;
    default:
      s = std::max(s1, s2);
      p = std::max(p1 - s1, p2 - s2) + 1 + s;
      break;
  }
  constexpr int kMax = LogicalType::kMaxDecimalPrecision;
  if (p > kMax) {
    // Precision is capped at 38 keeping the scale, except that a quotient gives up fraction digits (down to
    // 6) to keep its integer digits.
    if (op == ArithOp::kDiv) s = std::max(std::min(s, kMax - (p - s)), std::min(s, 6));
    p = kMax;
  }
  s = std::min(s, p);
  return DecimalOpInfo{s1, s2, p, s};
}

LogicalType IntegerResult(const LogicalType& a, const LogicalType& b) {
  if (a.id() == TypeId::kBigInt || b.id() == TypeId::kBigInt) return LogicalType::BigInt();
  if (a.id() == TypeId::kInteger || b.id() == TypeId::kInteger) return LogicalType::Integer();
  return LogicalType::SmallInt();
}

Result<BoundScalarFunction> ResolveNumeric(const std::string& name, const LogicalType& a, const LogicalType& b) {
  ArithOp op = OpOf(name);
  bool floating =
      a.id() == TypeId::kReal || a.id() == TypeId::kDouble || b.id() == TypeId::kReal || b.id() == TypeId::kDouble;
  if (floating) {
    LogicalType t = a.id() == TypeId::kReal && b.id() == TypeId::kReal ? LogicalType::Real() : LogicalType::Double();
    return MakeBound(name, {t, t}, t, arithmetic::FloatKernel(op, t.physical()));
  }
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    LogicalType da = AsDecimal(a), db = AsDecimal(b);
    auto info = std::make_shared<DecimalOpInfo>(DecimalResult(op, da, db));
    return MakeBound(name, {da, db}, LogicalType::Decimal(info->precision, info->scale), arithmetic::DecimalKernel(op),
                     info);
  }
  LogicalType t = IntegerResult(a, b);
  return MakeBound(name, {t, t}, t, arithmetic::IntegerKernel(op, t.physical()));
}

template <bool kSubtract>
Status DateArith(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  bool date_first = args[0]->type().id() == TypeId::kDate;
  const Vector* d = date_first ? args[0] : args[1];
  const Vector* k = date_first ? args[1] : args[0];
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int64_t r = int64_t{d->data<int32_t>()[i]} + (kSubtract ? -IntAt(k, i) : IntAt(k, i));
    if (r < INT32_MIN || r > INT32_MAX) return Status(ErrorCode::kDatetimeFieldOverflow, "date out of range");
    out->data<int32_t>()[i] = static_cast<int32_t>(r);
  }
  return Status::OK();
}

Status DateDiffDays(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    out->data<int32_t>()[i] = args[0]->data<int32_t>()[i] - args[1]->data<int32_t>()[i];
  }
  return Status::OK();
}

std::optional<BoundScalarFunction> ResolveDate(const std::string& name, const LogicalType& a, const LogicalType& b) {
  TypeId x = a.id(), y = b.id();
  if (name == "-" && x == TypeId::kDate && y == TypeId::kDate) {
    return MakeBound(name, {a, b}, LogicalType::Integer(), DateDiffDays);
  }
  if (x == TypeId::kDate && b.IsInteger() && (name == "+" || name == "-")) {
    return MakeBound(name, {a, LogicalType::Integer()}, a, name == "-" ? DateArith<true> : DateArith<false>);
  }
  if (name == "+" && a.IsInteger() && y == TypeId::kDate) {
    return MakeBound(name, {LogicalType::Integer(), b}, b, DateArith<false>);
  }
  return std::nullopt;
}

// The type an unknown-typed literal or untyped NULL takes opposite `other`.
LogicalType Coerce(const LogicalType& self, bool literal, const LogicalType& other) {
  if (self.id() == TypeId::kNull) return other.id() == TypeId::kNull ? LogicalType::Integer() : other;
  if (literal && (other.IsNumeric() || other.id() == TypeId::kNull)) {
    return other.IsNumeric() ? other : LogicalType::Decimal(18, 0);
  }
  if (literal && other.id() == TypeId::kDate) return LogicalType::Integer();
  return self;
}

Result<BoundScalarFunction> ResolveBinary(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>& constants) {
  if (args.size() != 2) return NoSuchFunction(name, args);
  LogicalType a = Coerce(args[0], IsStringLiteral(args, constants, 0), args[1]);
  LogicalType b = Coerce(args[1], IsStringLiteral(args, constants, 1), args[0]);
  if (a.IsNumeric() && b.IsNumeric()) {
    if (name == "%" && (!a.IsInteger() || !b.IsInteger()) && a.id() != TypeId::kDecimal && b.id() != TypeId::kDecimal) {
      return NoSuchFunction(name, args);
    }
    return ResolveNumeric(name, a, b);
  }
  if (auto f = ResolveDate(name, a, b)) return *f;
  if (auto f = ResolveIntervalArithmetic(name, args[0], args[1])) return *f;
  return NoSuchFunction(name, args);
}

Result<BoundScalarFunction> ResolveNegate(const std::string& name, const std::vector<LogicalType>& args,
                                          const std::vector<Value>&) {
  if (args.size() != 1) return NoSuchFunction(name, args);
  LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Integer() : args[0];
  if (auto f = ResolveIntervalNegate(name, t)) return *f;
  if (!t.IsNumeric()) return NoSuchFunction(name, args);
  return MakeBound(name, {t}, t, arithmetic::NegateKernel(t.physical()));
}

Result<BoundScalarFunction> ResolveMod(const std::string& name, const std::vector<LogicalType>& args,
                                       const std::vector<Value>& constants) {
  ASSIGN_OR_RETURN(BoundScalarFunction f, ResolveBinary("%", args, constants));
  f.name = name;
  return f;
}

}  // namespace

std::vector<ScalarEntry> ArithmeticFunctions() {
  return {{"+", ResolveBinary}, {"-", ResolveBinary},   {"*", ResolveBinary}, {"/", ResolveBinary},
          {"%", ResolveBinary}, {"neg", ResolveNegate}, {"mod", ResolveMod}};
}

}  // namespace blueshift::scalar_internal
