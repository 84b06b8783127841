#include "function/arithmetic_kernels.h"

#include <cmath>
#include <memory>

#include "types/decimal.h"

namespace blueshift::arithmetic {

using scalar_internal::LoadInt128;
using scalar_internal::StoreInt128;

Status ArithmeticOverflow(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kSmallInt:
      return Status(ErrorCode::kNumericValueOutOfRange, "smallint out of range");
    case TypeId::kInteger:
      return Status(ErrorCode::kNumericValueOutOfRange, "integer out of range");
    case TypeId::kBigInt:
      return Status(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
    case TypeId::kReal:
    case TypeId::kDouble:
      return Status(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
    default:
      return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow");
  }
}

Status DivisionByZero() {
  return Status(ErrorCode::kDivisionByZero, "division by zero");
}

namespace {

// Marks out[i] NULL when either input is; returns whether the row is valid.
inline bool BothValid(const Vector* a, const Vector* b, size_t i, Vector* out) {
  bool valid = !a->IsNull(i) && !b->IsNull(i);
  out->SetNull(i, !valid);
  return valid;
}

template <typename T, ArithOp kOp>
Status IntegerLoop(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const T* a = args[0]->data<T>();
  const T* b = args[1]->data<T>();
  T* r = out->data<T>();
  for (size_t i = 0; i < n; i++) {
    if (!BothValid(args[0], args[1], i, out)) continue;
    bool overflow = false;
    if constexpr (kOp == ArithOp::kAdd) overflow = __builtin_add_overflow(a[i], b[i], &r[i]);
    if constexpr (kOp == ArithOp::kSub) overflow = __builtin_sub_overflow(a[i], b[i], &r[i]);
    if constexpr (kOp == ArithOp::kMul) overflow = __builtin_mul_overflow(a[i], b[i], &r[i]);
    if constexpr (kOp == ArithOp::kDiv || kOp == ArithOp::kMod) {
      if (b[i] == 0) return DivisionByZero();
      if (b[i] == -1) {  // avoids the trap on MIN / -1
        overflow = kOp == ArithOp::kDiv && __builtin_sub_overflow(T{0}, a[i], &r[i]);
        if (kOp == ArithOp::kMod) r[i] = 0;
      } else {
        r[i] = kOp == ArithOp::kDiv ? static_cast<T>(a[i] / b[i]) : static_cast<T>(a[i] % b[i]);
      }
    }
    if (overflow) return ArithmeticOverflow(out->type());
  }
  return Status::OK();
}

template <typename T, ArithOp kOp>
Status FloatLoop(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const T* a = args[0]->data<T>();
  const T* b = args[1]->data<T>();
  T* r = out->data<T>();
  for (size_t i = 0; i < n; i++) {
    if (!BothValid(args[0], args[1], i, out)) continue;
    if constexpr (kOp == ArithOp::kAdd) r[i] = a[i] + b[i];
    if constexpr (kOp == ArithOp::kSub) r[i] = a[i] - b[i];
    if constexpr (kOp == ArithOp::kMul) r[i] = a[i] * b[i];
    if constexpr (kOp == ArithOp::kDiv) {
      if (b[i] == 0) return DivisionByZero();
      r[i] = a[i] / b[i];
    }
    if constexpr (kOp == ArithOp::kMod) {
      if (b[i] == 0) return DivisionByZero();
      r[i] = std::fmod(a[i], b[i]);
    }
    if (std::isinf(r[i]) && std::isfinite(a[i]) && std::isfinite(b[i])) return ArithmeticOverflow(out->type());
  }
  return Status::OK();
}

template <typename T>
ScalarKernel PickInteger(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return IntegerLoop<T, ArithOp::kAdd>;
    case ArithOp::kSub:
      return IntegerLoop<T, ArithOp::kSub>;
    case ArithOp::kMul:
      return IntegerLoop<T, ArithOp::kMul>;
    case ArithOp::kDiv:
      return IntegerLoop<T, ArithOp::kDiv>;
    case ArithOp::kMod:
      return IntegerLoop<T, ArithOp::kMod>;
  }
  return nullptr;
}

template <typename T>
ScalarKernel PickFloat(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return FloatLoop<T, ArithOp::kAdd>;
    case ArithOp::kSub:
      return FloatLoop<T, ArithOp::kSub>;
    case ArithOp::kMul:
      return FloatLoop<T, ArithOp::kMul>;
    case ArithOp::kDiv:
      return FloatLoop<T, ArithOp::kDiv>;
    case ArithOp::kMod:
      return FloatLoop<T, ArithOp::kMod>;
  }
  return nullptr;
}

// v * 10^k without overflow, else false.
bool ScaleUp(int128_t v, int k, int128_t* r) {
  if (k <= 0) {
    *r = k == 0 ? v : RescaleDecimal(v, -k, 0);
    return true;
  }
  if (k > 38) return v == 0 && (*r = 0, true);
  return !__builtin_mul_overflow(v, Pow10(k), r);
}

// Rounded-half-away-from-zero quotient.
int128_t RoundedDiv(int128_t a, int128_t b) {
  int128_t q = a / b, rem = a % b;
  if (rem < 0) rem = -rem;
  int128_t ab = b < 0 ? -b : b;
  if (rem >= ab - rem) q += ((a < 0) != (b < 0)) ? -1 : 1;
  return q;
}

template <ArithOp kOp>
bool DecimalOp(int128_t a, int128_t b, const DecimalOpInfo& d, int128_t* r) {
  if constexpr (kOp == ArithOp::kMul) {
    if (__builtin_mul_overflow(a, b, r)) return false;
    if (d.scale1 + d.scale2 > d.scale) *r = RescaleDecimal(*r, d.scale1 + d.scale2, d.scale);
    return true;
  }
  if constexpr (kOp == ArithOp::kDiv) {
    // a/10^s1 / (b/10^s2) at scale s = a * 10^(s + s2 - s1) / b.
    int k = d.scale + d.scale2 - d.scale1;
    if (k < 0) return ScaleUp(b, -k, &b) && (*r = RoundedDiv(a, b), true);
    return ScaleUp(a, k, &a) && (*r = RoundedDiv(a, b), true);
  }
  int common = std::max(d.scale1, d.scale2);
  if (!ScaleUp(a, common - d.scale1, &a) || !ScaleUp(b, common - d.scale2, &b)) return false;
  if constexpr (kOp == ArithOp::kAdd) {
    if (__builtin_add_overflow(a, b, r)) return false;
  } else if constexpr (kOp == ArithOp::kSub) {
    if (__builtin_sub_overflow(a, b, r)) return false;
  } else {
    *r = a % b;
  }
  if (common > d.scale) *r = RescaleDecimal(*r, common, d.scale);
  return true;
}

// 10^k as int64 for k in [0, 18].
int64_t Pow10Int64(int k) {
  int64_t p = 1;
  while (k-- > 0) p *= 10;
  return p;
}

// The common case of DECIMAL(p <= 18) operands, both 64-bit: add, subtract and multiply without widening
// every value to 128 bits first. Returns false when the batch needs the general path (a scale it does not
// handle, or an intermediate that overflows 64 bits); the caller then recomputes every row, so what this
// wrote does not matter.
// DecimalLoop64 without NULLs: every row computed, overflow noted rather than branched on, so that the
// compiler keeps the loop tight (TPC-H Q1's three decimal operations per row). fa, fb: the operands' scale
// factors; lim: the result's bound (10^precision, or INT64_MAX past 18 digits, where a result equal to it
// merely takes the general path).
template <ArithOp kOp, typename Out>
bool DecimalRun64(const int64_t* a, const int64_t* b, size_t n, Out* out, int128_t limit, int64_t fa, int64_t fb) {
  bool bad = false;
  if constexpr (kOp == ArithOp::kMul) {
    for (size_t i = 0; i < n; i++) {
      int128_t r = static_cast<int128_t>(a[i]) * b[i];
      bad |= limit != 0 && (r >= limit || r <= -limit);
      out[i] = static_cast<Out>(r);
    }
  } else {
    const int64_t lim = limit != 0 && limit <= INT64_MAX ? static_cast<int64_t>(limit) : INT64_MAX;
    if (fa == 1 && fb == 1) {
      for (size_t i = 0; i < n; i++) {
        int64_t r;
        bool o = kOp == ArithOp::kAdd ? __builtin_add_overflow(a[i], b[i], &r) : __builtin_sub_overflow(a[i], b[i], &r);
        bad |= o | (r >= lim) | (r <= -lim);
        out[i] = r;
      }
    } else {
      for (size_t i = 0; i < n; i++) {
        int64_t x, y, r;
        bool o = __builtin_mul_overflow(a[i], fa, &x) | __builtin_mul_overflow(b[i], fb, &y);
        o |= kOp == ArithOp::kAdd ? __builtin_add_overflow(x, y, &r) : __builtin_sub_overflow(x, y, &r);
        bad |= o | (r >= lim) | (r <= -lim);
        out[i] = r;
      }
    }
  }
  return !bad;
}

template <ArithOp kOp>
bool DecimalLoop64(const Vector& va, const int64_t* a, const Vector& vb, const int64_t* b, size_t n, Vector* out,
                   const DecimalOpInfo& d) {
  PhysicalType out_type = out->type().physical();
  if (out_type != PhysicalType::kInt64 && out_type != PhysicalType::kInt128) return false;
  const bool nulls = va.may_have_nulls() || vb.may_have_nulls();
  if (!nulls) {
    int common = std::max(d.scale1, d.scale2);
    if (kOp == ArithOp::kMul ? d.scale1 + d.scale2 != d.scale : (common != d.scale || common > 18)) return false;
    const int128_t bound = d.precision < 38 ? Pow10(d.precision) : 0;
    const int64_t fa = kOp == ArithOp::kMul ? 1 : Pow10Int64(common - d.scale1);
    const int64_t fb = kOp == ArithOp::kMul ? 1 : Pow10Int64(common - d.scale2);
    if (out_type == PhysicalType::kInt64) return DecimalRun64<kOp>(a, b, n, out->data<int64_t>(), bound, fa, fb);
    return DecimalRun64<kOp>(a, b, n, out->data<int128_t>(), bound, fa, fb);
  }
  const int128_t limit = d.precision < 38 ? Pow10(d.precision) : 0;  // 0: every product fits
  int64_t* out64 = out_type == PhysicalType::kInt64 ? out->data<int64_t>() : nullptr;
  int128_t* out128 = out_type == PhysicalType::kInt128 ? out->data<int128_t>() : nullptr;
  auto store = [&](size_t i, int128_t r) {
    if (out64) {
      out64[i] = static_cast<int64_t>(r);
    } else {
      out128[i] = r;
    }
  };
  if constexpr (kOp == ArithOp::kMul) {
    if (d.scale1 + d.scale2 != d.scale) return false;
    // |a|, |b| < 2^63, so the 128-bit product cannot overflow; only the result's precision can.
    for (size_t i = 0; i < n; i++) {
      if (nulls && !BothValid(&va, &vb, i, out)) continue;
      int128_t r = static_cast<int128_t>(a[i]) * b[i];
      if (limit != 0 && (r >= limit || r <= -limit)) return false;
      store(i, r);
    }
    return true;
  } else {
    static_assert(kOp == ArithOp::kAdd || kOp == ArithOp::kSub);
    int common = std::max(d.scale1, d.scale2);
    if (common != d.scale || common > 18) return false;
    const int64_t fa = Pow10Int64(common - d.scale1), fb = Pow10Int64(common - d.scale2);
    for (size_t i = 0; i < n; i++) {
      if (nulls && !BothValid(&va, &vb, i, out)) continue;
      int64_t x, y, r;
      if (__builtin_mul_overflow(a[i], fa, &x) || __builtin_mul_overflow(b[i], fb, &y)) return false;
      if (kOp == ArithOp::kAdd ? __builtin_add_overflow(x, y, &r) : __builtin_sub_overflow(x, y, &r)) return false;
      if (limit != 0 && (r >= limit || r <= -limit)) return false;
      store(i, r);
    }
    return true;
  }
}

// A DECIMAL operand's values as 64-bit integers: in place when stored so, else copied into buf when every
// one of the n fits (a product of DECIMAL(15,2) columns is stored in 128 bits but small); null when not.
const int64_t* AsInt64(const Vector& v, size_t n, std::vector<int64_t>* buf) {
  if (v.type().physical() == PhysicalType::kInt64) return v.data<int64_t>();
  if (v.type().physical() != PhysicalType::kInt128) return nullptr;
  const int128_t* x = v.data<int128_t>();
  buf->resize(n);
  for (size_t i = 0; i < n; i++) {
    if (x[i] > INT64_MAX || x[i] < INT64_MIN) return nullptr;
    (*buf)[i] = static_cast<int64_t>(x[i]);
  }
  return buf->data();
}

template <ArithOp kOp>
Status DecimalLoop(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const DecimalOpInfo*>(data);
  if constexpr (kOp == ArithOp::kAdd || kOp == ArithOp::kSub || kOp == ArithOp::kMul) {
    thread_local std::vector<int64_t> buf_a, buf_b;
    const int64_t* a = AsInt64(*args[0], n, &buf_a);
    const int64_t* b = a ? AsInt64(*args[1], n, &buf_b) : nullptr;
    if (b && DecimalLoop64<kOp>(*args[0], a, *args[1], b, n, out, d)) return Status::OK();
  }
  auto a = std::make_unique_for_overwrite<int128_t[]>(n);
  auto b = std::make_unique_for_overwrite<int128_t[]>(n);
  LoadInt128(*args[0], n, a.get());
  LoadInt128(*args[1], n, b.get());
  for (size_t i = 0; i < n; i++) {
    if (!BothValid(args[0], args[1], i, out)) continue;
    if ((kOp == ArithOp::kDiv || kOp == ArithOp::kMod) && b[i] == 0) return DivisionByZero();
    int128_t r;
    if (!DecimalOp<kOp>(a[i], b[i], d, &r) || !DecimalFits(r, d.precision)) return ArithmeticOverflow(out->type());
    StoreInt128(out, i, r);
  }
  return Status::OK();
}

template <typename T>
Status NegateLoop(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const T* a = args[0]->data<T>();
  T* r = out->data<T>();
  for (size_t i = 0; i < n; i++) {
    out->SetNull(i, args[0]->IsNull(i));
    if (args[0]->IsNull(i)) continue;
    if constexpr (std::is_floating_point_v<T>) {
      r[i] = -a[i];
    } else if (__builtin_sub_overflow(T{0}, a[i], &r[i]) && out->type().id() != TypeId::kDecimal) {
      return ArithmeticOverflow(out->type());
    }
  }
  return Status::OK();
}

}  // namespace

ScalarKernel IntegerKernel(ArithOp op, PhysicalType type) {
  switch (type) {
    case PhysicalType::kInt16:
      return PickInteger<int16_t>(op);
    case PhysicalType::kInt32:
      return PickInteger<int32_t>(op);
    case PhysicalType::kInt64:
      return PickInteger<int64_t>(op);
    default:
      return nullptr;
  }
}

ScalarKernel FloatKernel(ArithOp op, PhysicalType type) {
  return type == PhysicalType::kFloat ? PickFloat<float>(op) : PickFloat<double>(op);
}

ScalarKernel DecimalKernel(ArithOp op) {
  switch (op) {
    case ArithOp::kAdd:
      return DecimalLoop<ArithOp::kAdd>;
    case ArithOp::kSub:
      return DecimalLoop<ArithOp::kSub>;
    case ArithOp::kMul:
      return DecimalLoop<ArithOp::kMul>;
    case ArithOp::kDiv:
      return DecimalLoop<ArithOp::kDiv>;
    case ArithOp::kMod:
      return DecimalLoop<ArithOp::kMod>;
  }
  return nullptr;
}

ScalarKernel NegateKernel(PhysicalType type) {
  switch (type) {
    case PhysicalType::kInt16:
      return NegateLoop<int16_t>;
    case PhysicalType::kInt32:
      return NegateLoop<int32_t>;
    case PhysicalType::kInt64:
      return NegateLoop<int64_t>;
    case PhysicalType::kInt128:
      return NegateLoop<int128_t>;
    case PhysicalType::kFloat:
      return NegateLoop<float>;
    case PhysicalType::kDouble:
      return NegateLoop<double>;
    default:
      return nullptr;
  }
}

}  // namespace blueshift::arithmetic
