// VARIANCE/VAR_SAMP/VAR_POP, STDDEV/STDDEV_SAMP/STDDEV_POP (Welford's algorithm, merged with Chan's formula;
// computed in DOUBLE PRECISION for every numeric input), BOOL_AND/BOOL_OR and BIT_AND/BIT_OR.

#include <cmath>

#include "function/aggregate_internal.h"
#include "function/scalar_internal.h"

namespace blueshift::aggregate_internal {
namespace {

struct MomentState {
  int64_t n;
  double mean;
  double m2;
};

Status MomentUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const double* data = v.data<double>();
  for (size_t i = 0; i < n; i++) {
    if (v.IsNull(i)) continue;
    auto& s = StateAt<MomentState>(states[i]);
    s.n++;
    double delta = data[i] - s.mean;
    s.mean += delta / static_cast<double>(s.n);
    s.m2 += delta * (data[i] - s.mean);
  }
  return Status::OK();
}

Status MomentCombine(uint8_t* target, const uint8_t* source) {
  auto& t = StateAt<MomentState>(target);
  const auto& s = StateAt<MomentState>(source);
  if (s.n == 0) return Status::OK();
  if (t.n == 0) {
    t = s;
    return Status::OK();
  }
  double n = static_cast<double>(t.n + s.n);
  double delta = s.mean - t.mean;
  t.m2 += s.m2 + delta * delta * static_cast<double>(t.n) * static_cast<double>(s.n) / n;
  t.mean += delta * static_cast<double>(s.n) / n;
  t.n += s.n;
  return Status::OK();
}

template <bool kSample, bool kRoot>
Status MomentFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<MomentState>(state);
  int64_t denom = kSample ? s.n - 1 : s.n;
  out->SetNull(row, denom <= 0);
  if (denom > 0) {
    double var = std::max(0.0, s.m2 / static_cast<double>(denom));
    out->data<double>()[row] = kRoot ? std::sqrt(var) : var;
  }
  return Status::OK();
}

Result<AggregateFunction> ResolveMoment(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() != 1 || !(args[0].IsNumeric() || args[0].id() == TypeId::kNull)) {
    return NoSuchAggregate(name, args);
  }
  LogicalType d = LogicalType::Double();
  AggregateFunction f = MakeAggregate<MomentState>(name, {d}, d);
  f.update = MomentUpdate;
  f.combine = MomentCombine;
  bool pop = name.ends_with("_pop");
  bool root = name.starts_with("stddev");
  f.finalize = pop ? (root ? MomentFinalize<false, true> : MomentFinalize<false, false>)
                   : (root ? MomentFinalize<true, true> : MomentFinalize<true, false>);
  return f;
}

struct BitsState {
  int64_t value;
  bool has;
};

// kAnd folds with AND, else OR; booleans and integers share the state.
template <bool kAnd>
void FoldBits(BitsState& s, int64_t v) {
  s.value = !s.has ? v : (kAnd ? (s.value & v) : (s.value | v));
  s.has = true;
}

template <bool kAnd>
Status BitsUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector* v = args[0];
  for (size_t i = 0; i < n; i++) {
    if (!v->IsNull(i)) FoldBits<kAnd>(StateAt<BitsState>(states[i]), scalar_internal::IntAt(v, i));
  }
  return Status::OK();
}

template <bool kAnd>
Status BitsCombine(uint8_t* target, const uint8_t* source) {
  const auto& s = StateAt<BitsState>(source);
  if (s.has) FoldBits<kAnd>(StateAt<BitsState>(target), s.value);
  return Status::OK();
}

Status BitsFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<BitsState>(state);
  out->SetNull(row, !s.has);
  if (!s.has) return Status::OK();
  switch (out->type().physical()) {
    case PhysicalType::kBool:
      out->data<uint8_t>()[row] = s.value != 0;
      break;
    case PhysicalType::kInt16:
      out->data<int16_t>()[row] = static_cast<int16_t>(s.value);
      break;
    case PhysicalType::kInt32:
      out->data<int32_t>()[row] = static_cast<int32_t>(s.value);
      break;
    default:
      out->data<int64_t>()[row] = s.value;
      break;
  }
  return Status::OK();
}

Result<AggregateFunction> ResolveBits(const std::string& name, const std::vector<LogicalType>& args) {
  bool boolean = name.starts_with("bool");
  if (args.size() != 1) return NoSuchAggregate(name, args);
  LogicalType t = args[0].id() == TypeId::kNull ? (boolean ? LogicalType::Boolean() : LogicalType::Integer()) : args[0];
  if (boolean ? t.id() != TypeId::kBoolean : !t.IsInteger()) return NoSuchAggregate(name, args);
  AggregateFunction f = MakeAggregate<BitsState>(name, {t}, t);
  bool is_and = name.ends_with("_and");
  f.update = is_and ? BitsUpdate<true> : BitsUpdate<false>;
  f.combine = is_and ? BitsCombine<true> : BitsCombine<false>;
  f.finalize = BitsFinalize;
  return f;
}

}  // namespace

std::vector<AggregateEntry> StatisticalAggregates() {
  return {{"variance", ResolveMoment}, {"var_samp", ResolveMoment},    {"var_pop", ResolveMoment},
          {"stddev", ResolveMoment},   {"stddev_samp", ResolveMoment}, {"stddev_pop", ResolveMoment},
          {"bool_and", ResolveBits},   {"bool_or", ResolveBits},       {"bit_and", ResolveBits},
          {"bit_or", ResolveBits}};
}

}  // namespace blueshift::aggregate_internal
