// round, trunc, ceil/ceiling, floor on decimals (exact, half away from zero), floats and integers.
// round(d, n) with a constant n gives numeric(p', min(s, n)); with a column n the type is kept.

#include <algorithm>
#include <cmath>
#include <memory>

#include "function/arithmetic_kernels.h"
#include "function/scalar_internal.h"
#include "types/decimal.h"

namespace blueshift::scalar_internal {
namespace {

enum class RoundMode { kRound, kTrunc, kCeil, kFloor };

struct RoundInfo {
  RoundMode mode;
  int in_scale;
  int out_scale;
  int digits;    // fraction digits to keep when there is no second argument (or it is constant)
  bool per_row;  // the digits come from argument 1, row by row
};

RoundMode ModeOf(const std::string& name) {
  if (name == "round") return RoundMode::kRound;
  if (name == "trunc") return RoundMode::kTrunc;
  if (name == "floor") return RoundMode::kFloor;
  return RoundMode::kCeil;
}

// Rounds unscaled v at `scale` to `digits` fraction digits; the result stays at `scale`. False on overflow.
bool RoundUnscaled(int128_t v, int scale, int digits, RoundMode mode, int128_t* r) {
  if (digits >= scale) {
    *r = v;
    return true;
  }
  int k = scale - digits;
  if (k > 38) {
    *r = 0;
    return true;
  }
  int128_t unit = Pow10(k);
  int128_t q = v / unit, rem = v % unit;
  switch (mode) {
    case RoundMode::kRound:
      q = RescaleDecimal(v, k, 0);
      break;
    case RoundMode::kTrunc:
      break;
    case RoundMode::kCeil:
      q += rem > 0 ? 1 : 0;
      break;
    case RoundMode::kFloor:
      q -= rem < 0 ? 1 : 0;
      break;
  }
  return !__builtin_mul_overflow(q, unit, r);
}

Status RoundDecimal(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& info = *static_cast<const RoundInfo*>(data);
  auto v = std::make_unique<int128_t[]>(n);
  LoadInt128(*args[0], n, v.get());
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    int digits = info.per_row ? static_cast<int>(std::clamp<int64_t>(IntAt(args[1], i), -40, 40)) : info.digits;
    int128_t r;
    if (!RoundUnscaled(v[i], info.in_scale, digits, info.mode, &r)) return arithmetic::ArithmeticOverflow(out->type());
    r = RescaleDecimal(r, info.in_scale, info.out_scale);
    if (out->type().id() == TypeId::kDecimal && !DecimalFits(r, out->type().precision())) {
      return arithmetic::ArithmeticOverflow(out->type());
    }
    StoreInt128(out, i, r);
  }
  return Status::OK();
}

double RoundDouble(double x, RoundMode mode) {
  switch (mode) {
    case RoundMode::kRound:
      return std::rint(x);
    case RoundMode::kTrunc:
      return std::trunc(x);
    case RoundMode::kCeil:
      return std::ceil(x);
    case RoundMode::kFloor:
      return std::floor(x);
  }
  return x;
}

Status RoundFloat(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& info = *static_cast<const RoundInfo*>(data);
  const double* a = args[0]->data<double>();
  double* r = out->data<double>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    if (!info.per_row) {
      r[i] = RoundDouble(a[i], info.mode);
      continue;
    }
    double scale = std::pow(10.0, static_cast<double>(std::clamp<int64_t>(IntAt(args[1], i), -308, 308)));
    double scaled = RoundDouble(a[i] * scale, info.mode) / scale;
    r[i] = std::isfinite(scaled) ? scaled : a[i];
  }
  return Status::OK();
}

// Integers and decimals both go through RoundDecimal; integers with one argument are returned as-is.
Result<BoundScalarFunction> ResolveExact(const std::string& name, const std::vector<LogicalType>& args,
                                         const std::vector<Value>& constants, RoundMode mode) {
  LogicalType t = args[0];
  if (t.IsInteger()) {
    std::vector<LogicalType> types = {t};
    if (args.size() > 1) types.push_back(LogicalType::Integer());
    return MakeBound(name, types, t, RoundDecimal,
                     std::make_shared<RoundInfo>(RoundInfo{mode, 0, 0, 0, args.size() > 1}));
  }
  int p = t.precision(), s = t.scale();
  auto info = std::make_shared<RoundInfo>(RoundInfo{mode, s, s, 0, args.size() > 1});
  const Value* digits = args.size() > 1 ? ConstantArg(constants, 1) : nullptr;
  std::vector<LogicalType> types = {t};
  if (args.size() > 1) types.push_back(LogicalType::Integer());
  LogicalType ret = t;
  if (args.size() == 1 || digits) {
    int d = digits ? static_cast<int>(std::clamp<int64_t>(digits->GetInt(), -38, 38)) : 0;
    info->digits = d;
    info->out_scale = std::clamp(d, 0, s);
    int carry = mode == RoundMode::kTrunc ? 0 : 1;
    ret = LogicalType::Decimal(std::clamp(p - s + info->out_scale + carry, 1, 38), info->out_scale);
    info->per_row = false;
  }
  return MakeBound(name, types, ret, RoundDecimal, info);
}

Result<BoundScalarFunction> ResolveRounding(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>& constants) {
  RoundMode mode = ModeOf(name);
  bool two = args.size() == 2 && (mode == RoundMode::kRound || mode == RoundMode::kTrunc);
  if (!(args.size() == 1 || two)) return NoSuchFunction(name, args);
  if (!args[0].IsNumeric() && args[0].id() != TypeId::kNull) return NoSuchFunction(name, args);
  if (two && !(args[1].IsInteger() || args[1].id() == TypeId::kNull)) return NoSuchFunction(name, args);
  if (args[0].IsInteger() || args[0].id() == TypeId::kDecimal) return ResolveExact(name, args, constants, mode);
  LogicalType d = LogicalType::Double();
  std::vector<LogicalType> types = {d};
  if (two) types.push_back(LogicalType::Integer());
  return MakeBound(name, types, d, RoundFloat, std::make_shared<RoundInfo>(RoundInfo{mode, 0, 0, 0, two}));
}

// trunc(timestamp) is a date function; trunc(number [, n]) rounds toward zero.
Result<BoundScalarFunction> ResolveTrunc(const std::string& name, const std::vector<LogicalType>& args,
                                         const std::vector<Value>& constants) {
  if (args.size() == 1 && args[0].IsTemporal()) return ResolveTruncTimestamp(name, args, constants);
  return ResolveRounding(name, args, constants);
}

}  // namespace

std::vector<ScalarEntry> RoundingFunctions() {
  return {{"round", ResolveRounding},
          {"trunc", ResolveTrunc},
          {"ceil", ResolveRounding},
          {"ceiling", ResolveRounding},
          {"floor", ResolveRounding}};
}

}  // namespace blueshift::scalar_internal
