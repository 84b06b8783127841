// MIN and MAX over every ordered type. Fixed-width states hold the value; string states own a heap copy of
// the current extreme (freed by destroy). Strings order bytewise with trailing blanks ignored, as the
// comparison operators do, and case-insensitive ones (COLLATE CASE_INSENSITIVE) by their LOWER, as the
// binder makes comparisons and ORDER BY of them do, ties going to the bytewise least; floats order NaN above
// everything, as PostgreSQL does.

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "function/aggregate_internal.h"
#include "function/scalar_internal.h"
#include "types/unicode_case.h"

namespace blueshift::aggregate_internal {
namespace {

template <typename T>
struct FixedState {
  T value;
  bool has;
};

struct StringState {
  char* data;
  uint32_t size;
  uint32_t capacity;
  bool has;
};

template <typename T>
bool Less(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a) || std::isnan(b)) return !std::isnan(a);
  }
  return a < b;
}

template <typename T, bool kMax>
void Fold(FixedState<T>& s, T v) {
  if (!s.has || (kMax ? Less(s.value, v) : Less(v, s.value))) {
    s.value = v;
    s.has = true;
  }
}

template <typename T, bool kMax>
Status FixedUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const T* data = v.data<T>();
  for (size_t i = 0; i < n; i++) {
    if (!v.IsNull(i)) Fold<T, kMax>(StateAt<FixedState<T>>(states[i]), data[i]);
  }
  return Status::OK();
}

template <typename T, bool kMax>
Status FixedCombine(uint8_t* target, const uint8_t* source) {
  const auto& s = StateAt<FixedState<T>>(source);
  if (s.has) Fold<T, kMax>(StateAt<FixedState<T>>(target), s.value);
  return Status::OK();
}

template <typename T>
Status FixedFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<FixedState<T>>(state);
  out->SetNull(row, !s.has);
  if (s.has) out->data<T>()[row] = s.value;
  return Status::OK();
}

template <typename T>
AggregateFunction Fixed(const std::string& name, const LogicalType& t) {
  AggregateFunction f = MakeAggregate<FixedState<T>>(name, {t}, t);
  bool max = name == "max";
  f.update = max ? FixedUpdate<T, true> : FixedUpdate<T, false>;
  f.combine = max ? FixedCombine<T, true> : FixedCombine<T, false>;
  f.finalize = FixedFinalize<T>;
  return f;
}

// CHAR and VARCHAR compare without trailing blanks (kTrim), case-insensitive ones by their LOWER first
// (kFoldCase); VARBYTE is binary (kBytes), and its 0x20 bytes count.
enum class Order { kBytes, kTrim, kFoldCase };

int CompareFolded(std::string_view a, std::string_view b) {
  thread_local std::string fa, fb;
  Utf8ToLower(a, &fa);
  Utf8ToLower(b, &fb);
  int c = std::string_view(fa).compare(fb);
  return c != 0 ? c : a.compare(b);
}

template <Order kOrder>
int CompareStrings(std::string_view a, std::string_view b) {
  if constexpr (kOrder == Order::kBytes) return a.compare(b);
  a = scalar_internal::RTrimBlanks(a);
  b = scalar_internal::RTrimBlanks(b);
  if constexpr (kOrder == Order::kTrim) return a.compare(b);
  return CompareFolded(a, b);
}

template <bool kMax, Order kOrder>
void FoldString(StringState& s, std::string_view v) {
  if (s.has) {
    int c = CompareStrings<kOrder>(v, std::string_view(s.data, s.size));
    if (kMax ? c <= 0 : c >= 0) return;
  }
  if (v.size() > s.capacity) {
    AddOwnedBytes(v.size() - s.capacity);
    std::free(s.data);
    s.data = static_cast<char*>(std::malloc(v.size()));
    s.capacity = static_cast<uint32_t>(v.size());
  }
  if (!v.empty()) std::memcpy(s.data, v.data(), v.size());
  s.size = static_cast<uint32_t>(v.size());
  s.has = true;
}

template <bool kMax, Order kOrder>
Status StringUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  const std::string_view* data = v.data<std::string_view>();
  for (size_t i = 0; i < n; i++) {
    if (!v.IsNull(i)) FoldString<kMax, kOrder>(StateAt<StringState>(states[i]), data[i]);
  }
  return Status::OK();
}

template <bool kMax, Order kOrder>
Status StringCombine(uint8_t* target, const uint8_t* source) {
  const auto& s = StateAt<StringState>(source);
  if (s.has) FoldString<kMax, kOrder>(StateAt<StringState>(target), std::string_view(s.data, s.size));
  return Status::OK();
}

Status StringFinalize(uint8_t* state, Vector* out, size_t row) {
  const auto& s = StateAt<StringState>(state);
  out->SetNull(row, !s.has);
  if (s.has) out->SetString(row, std::string_view(s.data, s.size));
  return Status::OK();
}

void StringDestroy(uint8_t* state) {
  auto& s = StateAt<StringState>(state);
  std::free(s.data);
  s = StringState();
}

bool StringSerialize(const AggregateFunction&, const uint8_t* state, std::string* out) {
  const auto& s = StateAt<StringState>(state);
  if (s.has) out->append(s.data, s.size);
  return s.has;
}

Status StringDeserialize(const AggregateFunction&, uint8_t* state, std::string_view bytes) {
  FoldString<false, Order::kBytes>(StateAt<StringState>(state), bytes);  // a fresh state takes the value either way
  return Status::OK();
}

AggregateFunction Strings(const std::string& name, const LogicalType& t) {
  AggregateFunction f = MakeAggregate<StringState>(name, {t}, t);
  bool max = name == "max";
  if (t.IsVarbyte()) {
    f.update = max ? StringUpdate<true, Order::kBytes> : StringUpdate<false, Order::kBytes>;
    f.combine = max ? StringCombine<true, Order::kBytes> : StringCombine<false, Order::kBytes>;
  } else if (t.case_insensitive()) {
    f.update = max ? StringUpdate<true, Order::kFoldCase> : StringUpdate<false, Order::kFoldCase>;
    f.combine = max ? StringCombine<true, Order::kFoldCase> : StringCombine<false, Order::kFoldCase>;
  } else {
    f.update = max ? StringUpdate<true, Order::kTrim> : StringUpdate<false, Order::kTrim>;
    f.combine = max ? StringCombine<true, Order::kTrim> : StringCombine<false, Order::kTrim>;
  }
  f.finalize = StringFinalize;
  f.destroy = StringDestroy;
  f.serialize = StringSerialize;
  f.deserialize = StringDeserialize;
  return f;
}

Result<AggregateFunction> ResolveMinMax(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() != 1) return NoSuchAggregate(name, args);
  LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Varchar() : args[0];
  switch (t.physical()) {
    case PhysicalType::kBool:
      return Fixed<uint8_t>(name, t);
    case PhysicalType::kInt16:
      return Fixed<int16_t>(name, t);
    case PhysicalType::kInt32:
      return Fixed<int32_t>(name, t);
    case PhysicalType::kInt64:
      return Fixed<int64_t>(name, t);
    case PhysicalType::kInt128:
      return Fixed<int128_t>(name, t);
    case PhysicalType::kFloat:
      return Fixed<float>(name, t);
    case PhysicalType::kDouble:
      return Fixed<double>(name, t);
    case PhysicalType::kString:
      return Strings(name, t);
  }
  return NoSuchAggregate(name, args);
}

}  // namespace

std::vector<AggregateEntry> MinMaxAggregates() {
  // ANY_VALUE may return any of the group's values; it returns the least, which costs what MIN costs.
  return {{"min", ResolveMinMax}, {"max", ResolveMinMax}, {"any_value", ResolveMinMax}};
}

}  // namespace blueshift::aggregate_internal
