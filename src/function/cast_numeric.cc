// Numeric casts run in two passes so that no kernel is templated on a (source, target) pair: the source is
// widened into an exact canonical form (an unscaled int128 at the source's scale, or a double), then the
// canonical form is narrowed into the target with range checks.

#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include "function/cast_internal.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace blueshift::cast_internal {
namespace {

template <typename T, typename C>
void Widen(const Vector& in, size_t n, C* dst) {
  const T* src = in.data<T>();
  for (size_t i = 0; i < n; i++) dst[i] = static_cast<C>(src[i]);
}

// Loads exact values (integers, decimals, booleans) as int128; returns false for floating sources.
bool LoadExact(const Vector& in, size_t n, int128_t* dst) {
  switch (in.type().physical()) {
    case PhysicalType::kBool:
      Widen<uint8_t>(in, n, dst);
      return true;
    case PhysicalType::kInt16:
      Widen<int16_t>(in, n, dst);
      return true;
    case PhysicalType::kInt32:
      Widen<int32_t>(in, n, dst);
      return true;
    case PhysicalType::kInt64:
      Widen<int64_t>(in, n, dst);
      return true;
    case PhysicalType::kInt128:
      Widen<int128_t>(in, n, dst);
      return true;
    default:
      return false;
  }
}

void LoadFloating(const Vector& in, size_t n, double* dst) {
  if (in.type().physical() == PhysicalType::kFloat) {
    Widen<float>(in, n, dst);
  } else {
    Widen<double>(in, n, dst);
  }
}

int ScaleOf(const LogicalType& t) {
  return t.id() == TypeId::kDecimal ? t.scale() : 0;
}

Status OutOfRange(const LogicalType& to) {
  switch (to.id()) {
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

bool IntegerRange(const LogicalType& to, int128_t* lo, int128_t* hi) {
  switch (to.id()) {
    case TypeId::kSmallInt:
      *lo = INT16_MIN, *hi = INT16_MAX;
      return true;
    case TypeId::kInteger:
      *lo = INT32_MIN, *hi = INT32_MAX;
      return true;
    case TypeId::kBigInt:
      *lo = INT64_MIN, *hi = INT64_MAX;
      return true;
    default:
      return false;
  }
}

// Stores an exact value (already at the target's scale and in range) at row i.
void StoreExact(Vector* out, size_t i, int128_t v) {
  switch (out->type().physical()) {
    case PhysicalType::kBool:
      out->data<uint8_t>()[i] = v != 0;
      break;
    case PhysicalType::kInt16:
      out->data<int16_t>()[i] = static_cast<int16_t>(v);
      break;
    case PhysicalType::kInt32:
      out->data<int32_t>()[i] = static_cast<int32_t>(v);
      break;
    case PhysicalType::kInt64:
      out->data<int64_t>()[i] = static_cast<int64_t>(v);
      break;
    case PhysicalType::kInt128:
      out->data<int128_t>()[i] = v;
      break;
    default:
      break;
  }
}

void StoreFloating(Vector* out, size_t i, double v) {
  if (out->type().physical() == PhysicalType::kFloat) {
    out->data<float>()[i] = static_cast<float>(v);
  } else {
    out->data<double>()[i] = v;
  }
}

// An exact value at from_scale, rescaled into the exact target; false when it does not fit.
bool ExactToExact(int128_t v, int from_scale, const LogicalType& to, int128_t* result) {
  int to_scale = ScaleOf(to);
  if (to_scale > from_scale && !DecimalFits(v, 38 - (to_scale - from_scale))) return false;
  int128_t r = RescaleDecimal(v, from_scale, to_scale);
  int128_t lo, hi;
  if (IntegerRange(to, &lo, &hi)) {
    if (r < lo || r > hi) return false;
  } else if (to.id() == TypeId::kDecimal && !DecimalFits(r, to.precision())) {
    return false;
  }
  *result = r;
  return true;
}

double ExactToDouble(int128_t v, int scale) {
  if (scale == 0) return static_cast<double>(v);
  return static_cast<double>(v) / static_cast<double>(Pow10(scale));
}

// Floating -> exact: integers round to nearest (rint, as PostgreSQL), decimals go through the value's
// shortest significant text (15 digits for double, 6 for real) as PostgreSQL's float8_numeric does.
bool FloatingToExact(double v, bool is_real, const LogicalType& to, int128_t* result) {
  if (std::isnan(v) || std::isinf(v)) return false;
  if (to.id() == TypeId::kBoolean) {
    *result = v != 0;
    return true;
  }
  if (to.id() != TypeId::kDecimal) {
    double r = std::rint(v);
    if (std::fabs(r) >= 1.8e19) return false;
    return ExactToExact(static_cast<int128_t>(r), 0, to, result);
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*g", is_real ? 6 : 15, v);
  Result<int128_t> parsed = ParseDecimal(buf, to.precision(), to.scale());
  if (!parsed.ok()) return false;
  *result = *parsed;
  return true;
}

Status NarrowExact(const Vector& in, const int128_t* src, size_t n, Vector* out) {
  const LogicalType& to = out->type();
  int from_scale = ScaleOf(in.type());
  bool to_floating = to.id() == TypeId::kReal || to.id() == TypeId::kDouble;
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    if (to_floating) {
      StoreFloating(out, i, ExactToDouble(src[i], from_scale));
      continue;
    }
    int128_t r;
    if (to.id() == TypeId::kBoolean) {
      r = src[i] != 0;
    } else if (!ExactToExact(src[i], from_scale, to, &r)) {
      return OutOfRange(to);
    }
    StoreExact(out, i, r);
  }
  return Status::OK();
}

Status NarrowFloating(const Vector& in, const double* src, size_t n, Vector* out) {
  const LogicalType& to = out->type();
  bool is_real = in.type().id() == TypeId::kReal;
  for (size_t i = 0; i < n; i++) {
    if (in.IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    out->SetNull(i, false);
    if (to.id() == TypeId::kReal || to.id() == TypeId::kDouble) {
      if (to.id() == TypeId::kReal && std::isfinite(src[i]) && std::isinf(static_cast<float>(src[i]))) {
        return OutOfRange(to);
      }
      StoreFloating(out, i, src[i]);
      continue;
    }
    int128_t r;
    if (!FloatingToExact(src[i], is_real, to, &r)) {
      if (std::isnan(src[i]) && to.id() == TypeId::kDecimal) {
        return Status(ErrorCode::kNumericValueOutOfRange, "cannot convert NaN to numeric");
      }
      return OutOfRange(to);
    }
    StoreExact(out, i, r);
  }
  return Status::OK();
}

// Integer rank by width (SMALLINT 1, INTEGER 2, BIGINT 3); 0 for every other type.
int IntegerRank(TypeId t) {
  return t == TypeId::kSmallInt ? 1 : t == TypeId::kInteger ? 2 : t == TypeId::kBigInt ? 3 : 0;
}

template <typename From, typename To>
void WidenVector(const Vector& in, size_t n, Vector* out) {
  Widen<From>(in, n, out->data<To>());
  if (in.may_have_nulls()) {
    std::memcpy(out->validity(), in.validity(), n);
    out->MarkMayHaveNulls();
  } else {
    out->SetAllValid(n);
  }
}

template <typename From>
bool WidenFrom(const Vector& in, size_t n, Vector* out) {
  switch (out->type().id()) {
    case TypeId::kInteger:
      WidenVector<From, int32_t>(in, n, out);
      return true;
    case TypeId::kBigInt:
      WidenVector<From, int64_t>(in, n, out);
      return true;
    case TypeId::kDouble:
      WidenVector<From, double>(in, n, out);
      return true;
    default:
      return false;
  }
}

// An integer into a wider integer or DOUBLE PRECISION (SUM(int) and AVG's argument, mixed-width
// comparisons): it always fits, so one tight loop without the canonical form. False when not such a cast.
bool CastWidening(const Vector& in, size_t n, Vector* out) {
  const LogicalType &ft = in.type(), &tt = out->type();
  if (ft.id() == TypeId::kDecimal && tt.id() == TypeId::kDecimal && ft.scale() == tt.scale() &&
      tt.precision() >= ft.precision()) {
    // The same scale with at least the precision (SUM's DECIMAL(38, s)): the unscaled values carry over.
    const bool from64 = ft.physical() == PhysicalType::kInt64, to64 = tt.physical() == PhysicalType::kInt64;
    if (from64 && to64) {
      WidenVector<int64_t, int64_t>(in, n, out);
    } else if (from64) {
      WidenVector<int64_t, int128_t>(in, n, out);
    } else if (!to64) {
      WidenVector<int128_t, int128_t>(in, n, out);
    } else {
      return false;
    }
    return true;
  }
  const int from = IntegerRank(ft.id()), to = IntegerRank(tt.id());
  if (from == 0 || (to < from && out->type().id() != TypeId::kDouble)) return false;
  switch (in.type().id()) {
    case TypeId::kSmallInt:
      return WidenFrom<int16_t>(in, n, out);
    case TypeId::kInteger:
      return WidenFrom<int32_t>(in, n, out);
    case TypeId::kBigInt:
      return WidenFrom<int64_t>(in, n, out);
    default:
      return false;
  }
}

}  // namespace

Status CastNumeric(const Vector& in, size_t n, Vector* out) {
  if (CastWidening(in, n, out)) return Status::OK();
  auto exact = std::make_unique<int128_t[]>(n);
  if (LoadExact(in, n, exact.get())) return NarrowExact(in, exact.get(), n, out);
  auto floating = std::make_unique<double[]>(n);
  LoadFloating(in, n, floating.get());
  return NarrowFloating(in, floating.get(), n, out);
}

}  // namespace blueshift::cast_internal
