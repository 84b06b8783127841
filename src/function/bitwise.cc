// Bitwise operators: & | # (and, or, xor), ~ (not; "bitnot" in the registry), << >> (shifts) on SMALLINT,
// INTEGER and BIGINT as PostgreSQL's; & | # ~ on VARBYTE byte by byte (Redshift's VARBYTE operators), whose
// binary forms need operands of one length.

#include <algorithm>

#include "function/scalar_internal.h"
#include "function/string_kernels.h"

namespace blueshift::scalar_internal {
namespace {

enum class BitOp { kAnd, kOr, kXor, kShiftLeft, kShiftRight };

BitOp OpOf(const std::string& name) {
  if (name == "&") return BitOp::kAnd;
  if (name == "|") return BitOp::kOr;
  if (name == "#") return BitOp::kXor;
  return name == "<<" ? BitOp::kShiftLeft : BitOp::kShiftRight;
}

bool IntegerOrNull(const LogicalType& t) {
  return t.IsInteger() || t.id() == TypeId::kNull;
}

// The wider of two integer types (NULL takes the other's type; INTEGER when both are NULL).
LogicalType WiderInteger(const LogicalType& a, const LogicalType& b) {
  if (a.id() == TypeId::kNull) return b.id() == TypeId::kNull ? LogicalType::Integer() : b;
  if (b.id() == TypeId::kNull) return a;
  return a.FixedWidth() >= b.FixedWidth() ? a : b;
}

template <typename T, BitOp kOp>
Status IntegerBits(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  using U = std::make_unsigned_t<T>;
  const T* a = args[0]->data<T>();
  T* r = out->data<T>();
  constexpr int kBits = 8 * sizeof(T);
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    if constexpr (kOp == BitOp::kShiftLeft || kOp == BitOp::kShiftRight) {
      // The count is taken modulo the width, as the hardware (and so PostgreSQL on it) does.
      const int s = static_cast<int>(args[1]->data<int32_t>()[i] & (kBits - 1));
      r[i] = kOp == BitOp::kShiftLeft ? static_cast<T>(static_cast<U>(a[i]) << s) : static_cast<T>(a[i] >> s);
    } else {
      const T b = args[1]->data<T>()[i];
      r[i] = kOp == BitOp::kAnd ? (a[i] & b) : kOp == BitOp::kOr ? (a[i] | b) : (a[i] ^ b);
    }
  }
  return Status::OK();
}

template <typename T>
ScalarKernel IntegerKernel(BitOp op) {
  switch (op) {
    case BitOp::kAnd:
      return IntegerBits<T, BitOp::kAnd>;
    case BitOp::kOr:
      return IntegerBits<T, BitOp::kOr>;
    case BitOp::kXor:
      return IntegerBits<T, BitOp::kXor>;
    case BitOp::kShiftLeft:
      return IntegerBits<T, BitOp::kShiftLeft>;
    case BitOp::kShiftRight:
      return IntegerBits<T, BitOp::kShiftRight>;
  }
  return nullptr;
}

ScalarKernel PickInteger(PhysicalType t, BitOp op) {
  switch (t) {
    case PhysicalType::kInt16:
      return IntegerKernel<int16_t>(op);
    case PhysicalType::kInt32:
      return IntegerKernel<int32_t>(op);
    default:
      return IntegerKernel<int64_t>(op);
  }
}

Result<BoundScalarFunction> ResolveIntegerBits(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  if (args.size() != 2 || !IntegerOrNull(args[0]) || !IntegerOrNull(args[1])) return NoSuchFunction(name, args);
  const BitOp op = OpOf(name);
  if (op == BitOp::kShiftLeft || op == BitOp::kShiftRight) {
    LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Integer() : args[0];
    return MakeBound(name, {t, LogicalType::Integer()}, t, PickInteger(t.physical(), op));
  }
  LogicalType t = WiderInteger(args[0], args[1]);
  return MakeBound(name, {t, t}, t, PickInteger(t.physical(), op));
}

template <typename T>
Status IntegerNot(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const T* a = args[0]->data<T>();
  T* r = out->data<T>();
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out)) r[i] = static_cast<T>(~a[i]);
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveIntegerNot(const std::string& name, const std::vector<LogicalType>& args,
                                              const std::vector<Value>&) {
  if (args.size() != 1 || !IntegerOrNull(args[0])) return NoSuchFunction(name, args);
  LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Integer() : args[0];
  ScalarKernel k = t.physical() == PhysicalType::kInt16   ? IntegerNot<int16_t>
                   : t.physical() == PhysicalType::kInt32 ? IntegerNot<int32_t>
                                                          : IntegerNot<int64_t>;
  return MakeBound(name, {t}, t, k);
}

// VARBYTE: byte by byte.
template <BitOp kOp>
Status BytesBits(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view a = StrAt(args[0], i), b = StrAt(args[1], i);
    if (a.size() != b.size()) {
      const char* what = kOp == BitOp::kAnd ? "AND" : kOp == BitOp::kOr ? "OR" : "XOR";
      return Status(ErrorCode::kInvalidParameterValue,
                    std::string("cannot ") + what + " varbyte values of different sizes");
    }
    buf->resize(a.size());
    for (size_t k = 0; k < a.size(); k++) {
      const auto x = static_cast<unsigned char>(a[k]), y = static_cast<unsigned char>(b[k]);
      (*buf)[k] = static_cast<char>(kOp == BitOp::kAnd ? (x & y) : kOp == BitOp::kOr ? (x | y) : (x ^ y));
    }
    return std::string_view(*buf);
  });
}

Status BytesNot(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view a = StrAt(args[0], i);
    buf->resize(a.size());
    for (size_t k = 0; k < a.size(); k++) (*buf)[k] = static_cast<char>(~static_cast<unsigned char>(a[k]));
    return std::string_view(*buf);
  });
}

bool VarbyteOrNull(const LogicalType& t) {
  return t.IsVarbyte() || t.id() == TypeId::kNull;
}

LogicalType AsVarbyte(const LogicalType& t) {
  return t.IsVarbyte() ? t : LogicalType::Varbyte(LogicalType::kMaxVarbyteLength);
}

Result<BoundScalarFunction> ResolveVarbyteBits(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  const BitOp op = OpOf(name);
  if (args.size() != 2 || !VarbyteOrNull(args[0]) || !VarbyteOrNull(args[1]) || op == BitOp::kShiftLeft ||
      op == BitOp::kShiftRight)
    return NoSuchFunction(name, args);
  LogicalType a = AsVarbyte(args[0]), b = AsVarbyte(args[1]);
  LogicalType ret = a.length() >= b.length() ? a : b;
  ScalarKernel k = op == BitOp::kAnd  ? BytesBits<BitOp::kAnd>
                   : op == BitOp::kOr ? BytesBits<BitOp::kOr>
                                      : BytesBits<BitOp::kXor>;
  return MakeBound(name, {a, b}, ret, k);
}

Result<BoundScalarFunction> ResolveVarbyteNot(const std::string& name, const std::vector<LogicalType>& args,
                                              const std::vector<Value>&) {
  if (args.size() != 1 || !args[0].IsVarbyte()) return NoSuchFunction(name, args);
  return MakeBound(name, {args[0]}, args[0], BytesNot);
}

}  // namespace

std::vector<ScalarEntry> BitwiseFunctions() {
  return {{"&", ResolveIntegerBits},  {"|", ResolveIntegerBits},  {"#", ResolveIntegerBits},
          {"<<", ResolveIntegerBits}, {">>", ResolveIntegerBits}, {"bitnot", ResolveIntegerNot}};
}

std::vector<ScalarEntry> VarbyteBitwiseOverloads() {
  return {
      {"&", ResolveVarbyteBits}, {"|", ResolveVarbyteBits}, {"#", ResolveVarbyteBits}, {"bitnot", ResolveVarbyteNot}};
}

}  // namespace blueshift::scalar_internal
