// = <> < <= > >= on every type. Operands are brought to a common type (CommonSuperType); strings compare
// bytewise with trailing blanks ignored (Redshift treats trailing blanks as insignificant in CHAR and
// VARCHAR comparisons); floats order NaN above every other value and equal to itself, as PostgreSQL does.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

#include "function/cast.h"
#include "function/scalar_internal.h"
#include "types/decimal.h"

namespace blueshift::scalar_internal {
namespace {

enum class CmpOp { kEq, kNe, kLt, kLe, kGt, kGe };

template <typename T>
inline int Compare(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) ? (std::isnan(b) ? 0 : 1) : -1;
  }
  if constexpr (std::is_same_v<T, std::string_view>) {
    int c = RTrimBlanks(a).compare(RTrimBlanks(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
}

template <CmpOp kOp>
inline bool Holds(int c) {
  switch (kOp) {
    case CmpOp::kEq:
      return c == 0;
    case CmpOp::kNe:
      return c != 0;
    case CmpOp::kLt:
      return c < 0;
    case CmpOp::kLe:
      return c <= 0;
    case CmpOp::kGt:
      return c > 0;
    case CmpOp::kGe:
      return c >= 0;
  }
  return false;
}

// Whether x equals `trimmed` (a string without trailing blanks) once x's trailing blanks are ignored.
inline bool EqualsTrimmed(std::string_view x, std::string_view trimmed) {
  size_t m = trimmed.size();
  if (x.size() < m) return false;
  if (m <= 16) {
    for (size_t i = 0; i < m; i++) {
      if (x[i] != trimmed[i]) return false;
    }
  } else if (std::memcmp(x.data(), trimmed.data(), m) != 0) {
    return false;
  }
  for (size_t i = m; i < x.size(); i++) {
    if (x[i] != ' ') return false;
  }
  return true;
}

template <typename T, CmpOp kOp>
Status CompareLoop(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const T* a = args[0]->data<T>();
  const T* b = args[1]->data<T>();
  uint8_t* r = out->data<uint8_t>();
  bool nulls = args[0]->may_have_nulls() || args[1]->may_have_nulls();
  if constexpr (std::is_same_v<T, std::string_view> && (kOp == CmpOp::kEq || kOp == CmpOp::kNe)) {
    // Equality needs no ordering: trim the right side once per distinct view (a constant, or values of one
    // dictionary, repeat the same view) and compare the left side against it.
    // Left values decoded from a dictionary repeat their views too: a few remembered answers per right
    // side skip most comparisons of a low-cardinality column against a constant.
    struct Seen {
      const char* data = nullptr;
      size_t size = 0;
      uint32_t generation = 0;  // answers of an older right side do not count
      bool equal = false;
    };
    Seen seen[8];
    uint32_t generation = 0;
    std::string_view last, trimmed;
    for (size_t i = 0; i < n; i++) {
      if (nulls && !RowValid(args, i, out)) continue;
      if (b[i].data() != last.data() || b[i].size() != last.size()) {
        last = b[i];
        trimmed = RTrimBlanks(last);
        generation++;
      }
      Seen& e = seen[(reinterpret_cast<uintptr_t>(a[i].data()) >> 4) & 7];
      if (e.generation != generation || e.data != a[i].data() || e.size != a[i].size() || e.data == nullptr) {
        e = Seen{a[i].data(), a[i].size(), generation, EqualsTrimmed(a[i], trimmed)};
      }
      r[i] = e.equal == (kOp == CmpOp::kEq);
    }
    if (!nulls) out->SetAllValid(n);
    return Status::OK();
  }
  for (size_t i = 0; i < n; i++) {
    if (nulls && !RowValid(args, i, out)) continue;
    r[i] = Holds<kOp>(Compare<T>(a[i], b[i]));
  }
  if (!nulls) out->SetAllValid(n);
  return Status::OK();
}

template <typename T>
ScalarKernel PickOp(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return CompareLoop<T, CmpOp::kEq>;
    case CmpOp::kNe:
      return CompareLoop<T, CmpOp::kNe>;
    case CmpOp::kLt:
      return CompareLoop<T, CmpOp::kLt>;
    case CmpOp::kLe:
      return CompareLoop<T, CmpOp::kLe>;
    case CmpOp::kGt:
      return CompareLoop<T, CmpOp::kGt>;
    case CmpOp::kGe:
      return CompareLoop<T, CmpOp::kGe>;
  }
  return nullptr;
}

// An unqualified INTERVAL's packed value (types/interval.h) compared by its span alone, a month counted as
// 30 days (PostgreSQL's rule, and INTERVAL_CMP's): '1 mon' = '30 days'. The span is the high bits.
struct IntervalSpan {
  int128_t packed;
  bool operator<(const IntervalSpan& o) const { return (packed >> 32) < (o.packed >> 32); }
  bool operator>(const IntervalSpan& o) const { return (packed >> 32) > (o.packed >> 32); }
};
static_assert(sizeof(IntervalSpan) == sizeof(int128_t));

ScalarKernel PickKernel(PhysicalType type, CmpOp op) {
  switch (type) {
    case PhysicalType::kBool:
      return PickOp<uint8_t>(op);
    case PhysicalType::kInt16:
      return PickOp<int16_t>(op);
    case PhysicalType::kInt32:
      return PickOp<int32_t>(op);
    case PhysicalType::kInt64:
      return PickOp<int64_t>(op);
    case PhysicalType::kInt128:
      return PickOp<int128_t>(op);
    case PhysicalType::kFloat:
      return PickOp<float>(op);
    case PhysicalType::kDouble:
      return PickOp<double>(op);
    case PhysicalType::kString:
      return PickOp<std::string_view>(op);
  }
  return nullptr;
}

// Decimals whose common type would not hold both scales (e.g. numeric(38,0) vs numeric(38,10)) compare
// exactly in int128 at their own scales; a side that overflows when scaled up is the larger in magnitude.
struct ScalesData {
  int scale1, scale2;
};

int CompareScaled(int128_t a, int128_t b, int up_a, int up_b) {
  int128_t x = a, y = b;
  if (up_a > 0 && __builtin_mul_overflow(a, Pow10(up_a), &x)) return a < 0 ? -1 : 1;
  if (up_b > 0 && __builtin_mul_overflow(b, Pow10(up_b), &y)) return b < 0 ? 1 : -1;
  return x < y ? -1 : (x > y ? 1 : 0);
}

template <CmpOp kOp>
Status ScaledLoop(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const ScalesData*>(data);
  int common = std::max(d.scale1, d.scale2);
  auto a = std::make_unique<int128_t[]>(n);
  auto b = std::make_unique<int128_t[]>(n);
  LoadInt128(*args[0], n, a.get());
  LoadInt128(*args[1], n, b.get());
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    out->data<uint8_t>()[i] = Holds<kOp>(CompareScaled(a[i], b[i], common - d.scale1, common - d.scale2));
  }
  return Status::OK();
}

ScalarKernel PickScaled(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return ScaledLoop<CmpOp::kEq>;
    case CmpOp::kNe:
      return ScaledLoop<CmpOp::kNe>;
    case CmpOp::kLt:
      return ScaledLoop<CmpOp::kLt>;
    case CmpOp::kLe:
      return ScaledLoop<CmpOp::kLe>;
    case CmpOp::kGt:
      return ScaledLoop<CmpOp::kGt>;
    case CmpOp::kGe:
      return ScaledLoop<CmpOp::kGe>;
  }
  return nullptr;
}

int ScaleOf(const LogicalType& t) {
  return t.id() == TypeId::kDecimal ? t.scale() : 0;
}

// True when a and b are exact numerics (one a decimal) whose common decimal type had to drop scale.
bool NeedsScaledCompare(const LogicalType& a, const LogicalType& b, const LogicalType& common) {
  bool exact = (a.IsInteger() || a.id() == TypeId::kDecimal) && (b.IsInteger() || b.id() == TypeId::kDecimal);
  return exact && common.id() == TypeId::kDecimal && common.scale() < std::max(ScaleOf(a), ScaleOf(b));
}

CmpOp OpOf(const std::string& name) {
  if (name == "=") return CmpOp::kEq;
  if (name == "<>" || name == "!=") return CmpOp::kNe;
  if (name == "<") return CmpOp::kLt;
  if (name == "<=") return CmpOp::kLe;
  if (name == ">") return CmpOp::kGt;
  return CmpOp::kGe;
}

// Redshift: a decimal meets a string as decimal; other numbers meet a string column as strings. A string
// literal (PostgreSQL's unknown) becomes the other side's type.
std::optional<std::pair<LogicalType, LogicalType>> StringOperandTypes(const std::vector<LogicalType>& args,
                                                                      const std::vector<Value>& constants) {
  const LogicalType &a = args[0], &b = args[1];
  if (a.IsString() == b.IsString()) return std::nullopt;
  size_t s = a.IsString() ? 0 : 1;
  const LogicalType& other = args[1 - s];
  LogicalType to = other;
  if (!IsStringLiteral(args, constants, s) && other.IsNumeric() && other.id() != TypeId::kDecimal) {
    LogicalType v = LogicalType::Varchar(LogicalType::kMaxVarcharLength);
    return std::make_pair(s == 0 ? args[0] : v, s == 0 ? v : args[1]);
  }
  if (other.id() == TypeId::kNull) to = args[s];
  return std::make_pair(to, to);
}

Result<BoundScalarFunction> ResolveCompare(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>& constants) {
  if (args.size() != 2) return NoSuchFunction(name, args);
  LogicalType a = args[0], b = args[1];
  if (auto st = StringOperandTypes(args, constants)) {
    a = st->first;
    b = st->second;
  } else if (!(a.IsString() && b.IsString())) {
    Result<LogicalType> common = CommonSuperType(a, b, "comparison");
    if (!common.ok()) return NoSuchFunction(name, args);
    if (NeedsScaledCompare(a, b, *common)) {
      auto d = std::make_shared<ScalesData>(ScalesData{ScaleOf(a), ScaleOf(b)});
      return MakeBound(name, {a, b}, LogicalType::Boolean(), PickScaled(OpOf(name)), d);
    }
    a = b = *common;
    if (a.id() == TypeId::kNull) a = b = LogicalType::Varchar();
  }
  if (a.id() == TypeId::kInterval)
    return MakeBound(name, {a, b}, LogicalType::Boolean(), PickOp<IntervalSpan>(OpOf(name)));
  return MakeBound(name, {a, b}, LogicalType::Boolean(), PickKernel(a.physical(), OpOf(name)));
}

}  // namespace

std::vector<ScalarEntry> ComparisonFunctions() {
  return {{"=", ResolveCompare},  {"<>", ResolveCompare}, {"!=", ResolveCompare}, {"<", ResolveCompare},
          {"<=", ResolveCompare}, {">", ResolveCompare},  {">=", ResolveCompare}};
}

}  // namespace blueshift::scalar_internal
