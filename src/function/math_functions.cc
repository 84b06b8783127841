// Math functions on doubles and integers: abs, sign, sqrt, exp, ln, log, power, trig, pi, random. Rounding
// (round, trunc, ceil, floor) lives in rounding.cc.

#include <cmath>
#include <random>

#include "function/arithmetic_kernels.h"
#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {
namespace {

enum class Domain { kAny, kSqrt, kLog, kUnit };

struct DoubleFn {
  double (*fn)(double);
  Domain domain;
};

Status CheckDomain(Domain d, double x) {
  switch (d) {
    case Domain::kSqrt:
      if (x < 0) return Status(ErrorCode::kInvalidParameterValue, "cannot take square root of a negative number");
      break;
    case Domain::kLog:
      if (x == 0) return Status(ErrorCode::kInvalidParameterValue, "cannot take logarithm of zero");
      if (x < 0) return Status(ErrorCode::kInvalidParameterValue, "cannot take logarithm of a negative number");
      break;
    case Domain::kUnit:
      if (x < -1 || x > 1) return Status(ErrorCode::kNumericValueOutOfRange, "input is out of range");
      break;
    case Domain::kAny:
      break;
  }
  return Status::OK();
}

Status DoubleUnary(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& f = *static_cast<const DoubleFn*>(data);
  const double* a = args[0]->data<double>();
  double* r = out->data<double>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    RETURN_IF_ERROR(CheckDomain(f.domain, a[i]));
    r[i] = f.fn(a[i]);
  }
  return Status::OK();
}

Status Power(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  const double* a = args[0]->data<double>();
  const double* b = args[1]->data<double>();
  double* r = out->data<double>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    if (a[i] == 0 && b[i] < 0) {
      return Status(ErrorCode::kInvalidParameterValue, "zero raised to a negative power is undefined");
    }
    if (a[i] < 0 && std::floor(b[i]) != b[i]) {
      return Status(ErrorCode::kInvalidParameterValue,
                    "a negative number raised to a non-integer power yields a complex result");
    }
    r[i] = std::pow(a[i], b[i]);
    if (std::isinf(r[i]) && std::isfinite(a[i]) && std::isfinite(b[i])) {
      return arithmetic::ArithmeticOverflow(out->type());
    }
  }
  return Status::OK();
}

Status Atan2(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (RowValid(args, i, out))
      out->data<double>()[i] = std::atan2(args[0]->data<double>()[i], args[1]->data<double>()[i]);
  }
  return Status::OK();
}

// Log with a base: log(b, x).
Status LogBase(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    double b = args[0]->data<double>()[i], x = args[1]->data<double>()[i];
    RETURN_IF_ERROR(CheckDomain(Domain::kLog, b));
    RETURN_IF_ERROR(CheckDomain(Domain::kLog, x));
    if (b == 1) return arithmetic::DivisionByZero();
    out->data<double>()[i] = std::log(x) / std::log(b);
  }
  return Status::OK();
}

template <typename T>
Status AbsSign(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  bool sign = data != nullptr;
  const T* a = args[0]->data<T>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    T v = a[i];
    if (sign) {
      int s = v > 0 ? 1 : (v < 0 ? -1 : 0);
      if (out->type().physical() == PhysicalType::kDouble) {
        out->data<double>()[i] = s;
      } else {
        StoreInt128(out, i, s);
      }
    } else if (v < 0) {
      T neg;
      if constexpr (std::is_floating_point_v<T>) {
        neg = -v;
      } else if (__builtin_sub_overflow(T{0}, v, &neg)) {
        return arithmetic::ArithmeticOverflow(out->type());
      }
      out->data<T>()[i] = neg;
    } else {
      out->data<T>()[i] = v;
    }
  }
  return Status::OK();
}

ScalarKernel PickAbsSign(PhysicalType t) {
  switch (t) {
    case PhysicalType::kInt16:
      return AbsSign<int16_t>;
    case PhysicalType::kInt32:
      return AbsSign<int32_t>;
    case PhysicalType::kInt64:
      return AbsSign<int64_t>;
    case PhysicalType::kInt128:
      return AbsSign<int128_t>;
    case PhysicalType::kFloat:
      return AbsSign<float>;
    default:
      return AbsSign<double>;
  }
}

Status Pi(std::span<const Vector* const>, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) out->data<double>()[i] = M_PI;
  out->SetAllValid(n);
  return Status::OK();
}

Status Random(std::span<const Vector* const>, size_t n, Vector* out, const void*) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  for (size_t i = 0; i < n; i++) out->data<double>()[i] = dist(rng);
  out->SetAllValid(n);
  return Status::OK();
}

bool NumericOrNull(const LogicalType& t) {
  return t.IsNumeric() || t.id() == TypeId::kNull;
}

double Degrees(double x) {
  return x * 180.0 / M_PI;
}
double Radians(double x) {
  return x * M_PI / 180.0;
}
double Log10(double x) {
  return std::log10(x);
}

const DoubleFn* DoubleFnOf(const std::string& name) {
  static const std::pair<const char*, DoubleFn> kFns[] = {
      {"sqrt", {[](double x) { return std::sqrt(x); }, Domain::kSqrt}},
      {"cbrt", {[](double x) { return std::cbrt(x); }, Domain::kAny}},
      {"exp", {[](double x) { return std::exp(x); }, Domain::kAny}},
      {"ln", {[](double x) { return std::log(x); }, Domain::kLog}},
      {"log", {Log10, Domain::kLog}},
      {"dlog10", {Log10, Domain::kLog}},
      {"dlog1", {[](double x) { return std::log(x); }, Domain::kLog}},
      {"dexp", {[](double x) { return std::exp(x); }, Domain::kAny}},
      {"sin", {[](double x) { return std::sin(x); }, Domain::kAny}},
      {"cos", {[](double x) { return std::cos(x); }, Domain::kAny}},
      {"tan", {[](double x) { return std::tan(x); }, Domain::kAny}},
      {"cot", {[](double x) { return 1.0 / std::tan(x); }, Domain::kAny}},
      {"asin", {[](double x) { return std::asin(x); }, Domain::kUnit}},
      {"acos", {[](double x) { return std::acos(x); }, Domain::kUnit}},
      {"atan", {[](double x) { return std::atan(x); }, Domain::kAny}},
      {"degrees", {Degrees, Domain::kAny}},
      {"radians", {Radians, Domain::kAny}},
  };
  for (const auto& [n, f] : kFns) {
    if (name == n) return &f;
  }
  return nullptr;
}

Result<BoundScalarFunction> ResolveDoubleFn(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>&) {
  LogicalType d = LogicalType::Double();
  if (args.size() == 2 && NumericOrNull(args[0]) && NumericOrNull(args[1])) {
    if (name == "log") return MakeBound(name, {d, d}, d, LogBase);
    if (name == "atan2") return MakeBound(name, {d, d}, d, Atan2);
    if (name == "power" || name == "pow" || name == "^") return MakeBound(name, {d, d}, d, Power);
  }
  const DoubleFn* f = DoubleFnOf(name);
  if (args.size() != 1 || !f || !NumericOrNull(args[0])) return NoSuchFunction(name, args);
  return MakeBound(name, {d}, d, DoubleUnary, std::shared_ptr<const void>(f, [](const void*) {}));
}

Result<BoundScalarFunction> ResolveAbsSign(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (args.size() != 1 || !NumericOrNull(args[0])) return NoSuchFunction(name, args);
  LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Double() : args[0];
  LogicalType ret = t;
  static const int kSign = 1;
  std::shared_ptr<const void> sign;
  if (name == "sign") {
    sign = std::shared_ptr<const void>(&kSign, [](const void*) {});
    if (t.id() == TypeId::kReal) ret = LogicalType::Double();
    if (t.id() == TypeId::kDecimal) ret = LogicalType::Decimal(1, 0);
  }
  return MakeBound(name, {t}, ret, PickAbsSign(t.physical()), sign);
}

Result<BoundScalarFunction> ResolveNullary(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  if (!args.empty()) return NoSuchFunction(name, args);
  BoundScalarFunction f = MakeBound(name, {}, LogicalType::Double(), name == "pi" ? Pi : Random);
  f.deterministic = name == "pi";
  return f;
}

}  // namespace

std::vector<ScalarEntry> RoundingFunctions();

std::vector<ScalarEntry> MathFunctions() {
  std::vector<ScalarEntry> v = {{"abs", ResolveAbsSign},    {"sign", ResolveAbsSign},   {"pi", ResolveNullary},
                                {"random", ResolveNullary}, {"power", ResolveDoubleFn}, {"pow", ResolveDoubleFn},
                                {"atan2", ResolveDoubleFn}, {"^", ResolveDoubleFn}};
  for (const char* name : {"sqrt", "cbrt", "exp", "ln", "log", "dlog10", "dlog1", "dexp", "sin", "cos", "tan", "cot",
                           "asin", "acos", "atan", "degrees", "radians"}) {
    v.push_back({name, ResolveDoubleFn});
  }
  for (const ScalarEntry& e : RoundingFunctions()) v.push_back(e);
  return v;
}

}  // namespace blueshift::scalar_internal
