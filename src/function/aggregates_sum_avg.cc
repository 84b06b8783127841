// COUNT(*), COUNT(x), SUM and AVG with Redshift's return types: SUM of integers is BIGINT, of
// DECIMAL(p,s) DECIMAL(38,s), of floats DOUBLE; AVG of integers is BIGINT (truncated, as Redshift does),
// of DECIMAL(p,s) DECIMAL(38,s) (truncated at scale s: the docs' PIVOT example averages 2.50, 3.75, 1.90 to 2.71), of
// floats DOUBLE. Exact sums accumulate in int128, so SUM(bigint) only fails when the final total leaves BIGINT's range.

#include "function/aggregate_internal.h"
#include "function/aggregate_merge.h"
#include "function/aggregate_single.h"
#include "types/decimal.h"

namespace blueshift::aggregate_internal {
namespace {

struct CountState {
  int64_t count;
};

struct ExactState {
  int128_t sum;
  int64_t count;
};

struct FloatState {
  double sum;
  int64_t count;
};

Status NumericOverflow() {
  return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow");
}

Status CountStarUpdate(uint8_t** states, std::span<const Vector* const>, size_t n) {
  for (size_t i = 0; i < n; i++) StateAt<CountState>(states[i]).count++;
  return Status::OK();
}

Status CountUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  for (size_t i = 0; i < n; i++) StateAt<CountState>(states[i]).count += !v.IsNull(i);
  return Status::OK();
}

// Folds partial counts (BIGINT; NULL where a part had no rows: 0).
Status CountMergeUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const int64_t* data = v.data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (!v.IsNull(i)) StateAt<CountState>(states[i]).count += data[i];
  }
  return Status::OK();
}

// AVG's merge in parts: (sum, count) rows folded into AVG's state; a NULL sum is a part without values.
template <typename State, typename T>
Status AvgMergeUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& sums = *args[0];
  const T* sum = sums.data<T>();
  const int64_t* count = args[1]->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (sums.IsNull(i)) continue;
    auto& s = StateAt<State>(states[i]);
    if constexpr (std::is_same_v<T, double>) {
      s.sum += sum[i];
    } else if (__builtin_add_overflow(s.sum, sum[i], &s.sum)) {
      return NumericOverflow();
    }
    s.count += count[i];
  }
  return Status::OK();
}

Status CountCombine(uint8_t* target, const uint8_t* source) {
  StateAt<CountState>(target).count += StateAt<CountState>(source).count;
  return Status::OK();
}

Status CountFinalize(uint8_t* state, Vector* out, size_t row) {
  out->SetNull(row, false);
  out->data<int64_t>()[row] = StateAt<CountState>(state).count;
  return Status::OK();
}

template <typename T>
Status ExactUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const T* data = v.data<T>();
  const bool nulls = v.may_have_nulls();
  for (size_t i = 0; i < n; i++) {
    if (nulls && v.IsNull(i)) continue;
    auto& s = StateAt<ExactState>(states[i]);
    if constexpr (sizeof(T) <= 8) {
      // 64-bit values cannot overflow a 128-bit sum short of 2^63 rows; the result's precision is checked
      // when it is stored.
      s.sum += data[i];
    } else if (__builtin_add_overflow(s.sum, static_cast<int128_t>(data[i]), &s.sum)) {
      return NumericOverflow();
    }
    s.count++;
  }
  return Status::OK();
}

// ExactUpdate for rows that share one state.
template <typename T>
Status ExactUpdateSingle(uint8_t* state, std::span<const Vector* const> args, const uint32_t* rows, size_t n) {
  const Vector& v = *args[0];
  const T* data = v.data<T>();
  int128_t sum = 0;
  int64_t count = 0;
  if constexpr (sizeof(T) <= 8) {
    // Fewer than 2^63 64-bit values cannot overflow a 128-bit sum.
    if (!v.may_have_nulls()) {
      for (size_t k = 0; k < n; k++) sum += data[rows[k]];
      count = static_cast<int64_t>(n);
    } else {
      for (size_t k = 0; k < n; k++) {
        uint32_t r = rows[k];
        bool valid = !v.IsNull(r);
        sum += valid ? data[r] : 0;
        count += valid;
      }
    }
  } else {
    for (size_t k = 0; k < n; k++) {
      uint32_t r = rows[k];
      if (v.may_have_nulls() && v.IsNull(r)) continue;
      if (__builtin_add_overflow(sum, static_cast<int128_t>(data[r]), &sum)) return NumericOverflow();
      count++;
    }
  }
  auto& s = StateAt<ExactState>(state);
  if (__builtin_add_overflow(s.sum, sum, &s.sum)) return NumericOverflow();
  s.count += count;
  return Status::OK();
}

Status CountStarUpdateSingle(uint8_t* state, std::span<const Vector* const>, const uint32_t*, size_t n) {
  StateAt<CountState>(state).count += static_cast<int64_t>(n);
  return Status::OK();
}

Status CountUpdateSingle(uint8_t* state, std::span<const Vector* const> args, const uint32_t* rows, size_t n) {
  const Vector& v = *args[0];
  int64_t count = 0;
  for (size_t k = 0; k < n; k++) count += !v.IsNull(rows[k]);
  StateAt<CountState>(state).count += count;
  return Status::OK();
}

template <typename T>
Status FloatUpdateSingle(uint8_t* state, std::span<const Vector* const> args, const uint32_t* rows, size_t n) {
  const Vector& v = *args[0];
  const T* data = v.data<T>();
  auto& s = StateAt<FloatState>(state);
  // Added in row order into the state itself, as FloatUpdate does: the same rounding.
  double sum = s.sum;
  int64_t count = 0;
  for (size_t k = 0; k < n; k++) {
    uint32_t r = rows[k];
    if (v.IsNull(r)) continue;
    sum += data[r];
    count++;
  }
  s.sum = sum;
  s.count += count;
  return Status::OK();
}

Status ExactCombine(uint8_t* target, const uint8_t* source) {
  auto& t = StateAt<ExactState>(target);
  const auto& s = StateAt<ExactState>(source);
  if (__builtin_add_overflow(t.sum, s.sum, &t.sum)) return NumericOverflow();
  t.count += s.count;
  return Status::OK();
}

// Writes an exact result into a BIGINT or DECIMAL(38,s) output.
Status StoreExactResult(int128_t v, Vector* out, size_t row) {
  if (out->type().id() == TypeId::kBigInt) {
    if (v > INT64_MAX || v < INT64_MIN) return Status(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
    out->data<int64_t>()[row] = static_cast<int64_t>(v);
  } else {
    if (!DecimalFits(v, out->type().precision())) return NumericOverflow();
    out->data<int128_t>()[row] = v;
  }
  out->SetNull(row, false);
  return Status::OK();
}

Status SumExactFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<ExactState>(state);
  if (s.count == 0) {
    out->SetNull(row, true);
    return Status::OK();
  }
  return StoreExactResult(s.sum, out, row);
}

// An exact SUM computed in parts: each part's sum as it is in the state, DECIMAL(38,s) even beyond 38
// digits (a merge folds it in; only the whole sum must fit), NULL for a part without values.
Status SumPartFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<ExactState>(state);
  out->SetNull(row, s.count == 0);
  if (s.count) out->data<int128_t>()[row] = s.sum;
  return Status::OK();
}

Status AvgExactFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<ExactState>(state);
  if (s.count == 0) {
    out->SetNull(row, true);
    return Status::OK();
  }
  // Integer division truncates toward zero at the input's scale, as Redshift does for both result types.
  return StoreExactResult(s.sum / s.count, out, row);
}

template <typename T>
Status FloatUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const T* data = v.data<T>();
  for (size_t i = 0; i < n; i++) {
    if (v.IsNull(i)) continue;
    auto& s = StateAt<FloatState>(states[i]);
    s.sum += data[i];
    s.count++;
  }
  return Status::OK();
}

Status FloatCombine(uint8_t* target, const uint8_t* source) {
  auto& t = StateAt<FloatState>(target);
  t.sum += StateAt<FloatState>(source).sum;
  t.count += StateAt<FloatState>(source).count;
  return Status::OK();
}

template <bool kAvg>
Status FloatFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<FloatState>(state);
  out->SetNull(row, s.count == 0);
  if (s.count) out->data<double>()[row] = kAvg ? s.sum / static_cast<double>(s.count) : s.sum;
  return Status::OK();
}

Result<AggregateFunction> ResolveCount(const std::string& name, const std::vector<LogicalType>& args) {
  bool star = name == "count(*)";
  if (star ? !args.empty() : args.size() != 1) return NoSuchAggregate(name, args);
  AggregateFunction f = MakeAggregate<CountState>("count", args, LogicalType::BigInt());
  f.update = star ? CountStarUpdate : CountUpdate;
  f.combine = CountCombine;
  f.finalize = CountFinalize;
  return f;
}

Result<AggregateFunction> ResolveSumAvg(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() != 1) return NoSuchAggregate(name, args);
  bool avg = name == "avg";
  LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Double() : args[0];
  if (t.id() == TypeId::kReal || t.id() == TypeId::kDouble) {
    AggregateFunction f = MakeAggregate<FloatState>(name, {t}, LogicalType::Double());
    f.update = t.id() == TypeId::kReal ? FloatUpdate<float> : FloatUpdate<double>;
    f.combine = FloatCombine;
    f.finalize = avg ? FloatFinalize<true> : FloatFinalize<false>;
    return f;
  }
  if (t.IsInterval()) return ResolveIntervalSumAvg(name, t);
  if (!t.IsInteger() && t.id() != TypeId::kDecimal) return NoSuchAggregate(name, args);
  bool integer = t.IsInteger();
  LogicalType in = integer ? LogicalType::BigInt() : t;
  LogicalType ret = integer ? LogicalType::BigInt() : LogicalType::Decimal(38, t.scale());
  AggregateFunction f = MakeAggregate<ExactState>(name, {in}, ret);
  f.update = in.physical() == PhysicalType::kInt128 ? ExactUpdate<int128_t> : ExactUpdate<int64_t>;
  f.combine = ExactCombine;
  f.finalize = avg ? AvgExactFinalize : SumExactFinalize;
  return f;
}

}  // namespace

std::vector<AggregateEntry> SumAvgCountAggregates() {
  return {{"count", ResolveCount}, {"count(*)", ResolveCount}, {"sum", ResolveSumAvg}, {"avg", ResolveSumAvg}};
}

}  // namespace blueshift::aggregate_internal

namespace blueshift {

SingleStateUpdate FindSingleStateUpdate(const AggregateFunction& f) {
  using namespace aggregate_internal;
  if (f.update == ExactUpdate<int64_t>) return ExactUpdateSingle<int64_t>;
  if (f.update == ExactUpdate<int128_t>) return ExactUpdateSingle<int128_t>;
  if (f.update == CountStarUpdate) return CountStarUpdateSingle;
  if (f.update == CountUpdate) return CountUpdateSingle;
  if (f.update == FloatUpdate<float>) return FloatUpdateSingle<float>;
  if (f.update == FloatUpdate<double>) return FloatUpdateSingle<double>;
  return nullptr;
}

Result<AggregateFunction> ResolveMergeAggregate(const AggregateFunction& partial) {
  std::vector<LogicalType> arg = {partial.return_type};
  if (partial.name == "count") {
    ASSIGN_OR_RETURN(AggregateFunction f, aggregate_internal::ResolveCount("count", arg));
    f.update = aggregate_internal::CountMergeUpdate;
    return f;
  }
  if (partial.name == "sum" || partial.name == "min" || partial.name == "max") {
    ASSIGN_OR_RETURN(AggregateFunction f, ResolveAggregateFunction(partial.name, arg, false));
    if (f.return_type == partial.return_type) return f;
  }
  return aggregate_internal::NoSuchAggregate(partial.name + " in parts", arg);
}

Result<AggregateParts> ResolveAggregateParts(const AggregateFunction& aggregate) {
  using namespace aggregate_internal;
  AggregateParts p;
  // An exact sum's parts: DECIMAL(38,s) sums that may pass 38 digits (the whole is checked at the end).
  auto exact_part = [](AggregateFunction sum) {
    if (sum.finalize == SumExactFinalize) {
      sum.return_type = LogicalType::Decimal(38, sum.return_type.id() == TypeId::kBigInt ? 0 : sum.return_type.scale());
      sum.finalize = SumPartFinalize;
    }
    return sum;
  };
  if (aggregate.name == "sum" && aggregate.finalize == SumExactFinalize) {
    p.parts.push_back(exact_part(aggregate));
    // SUM of the parts' sums, into the aggregate's own return type.
    ASSIGN_OR_RETURN(p.merge, ResolveSumAvg("sum", {p.parts[0].return_type}));
    p.merge.return_type = aggregate.return_type;
    return p;
  }
  if (aggregate.name != "avg" || aggregate.arg_types.size() != 1 || aggregate.arg_types[0].IsInterval()) {
    ASSIGN_OR_RETURN(p.merge, ResolveMergeAggregate(aggregate));
    p.parts.push_back(aggregate);
    return p;
  }
  ASSIGN_OR_RETURN(AggregateFunction sum, ResolveSumAvg("sum", aggregate.arg_types));
  sum = exact_part(std::move(sum));  // as AVG's state: exact to the end
  ASSIGN_OR_RETURN(AggregateFunction count, ResolveCount("count", aggregate.arg_types));
  bool exact = sum.return_type.id() == TypeId::kDecimal;
  p.merge = exact ? MakeAggregate<ExactState>("avg", {sum.return_type, count.return_type}, aggregate.return_type)
                  : MakeAggregate<FloatState>("avg", {sum.return_type, count.return_type}, aggregate.return_type);
  p.merge.update = exact ? AvgMergeUpdate<ExactState, int128_t> : AvgMergeUpdate<FloatState, double>;
  p.merge.combine = aggregate.combine;
  p.merge.finalize = aggregate.finalize;
  p.parts.push_back(std::move(sum));
  p.parts.push_back(std::move(count));
  return p;
}

}  // namespace blueshift
