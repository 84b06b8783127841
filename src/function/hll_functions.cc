// Redshift's HyperLogLog functions over HllSketch: the aggregates HLL(x) (the estimated cardinality),
// HLL_CREATE_SKETCH(x) and HLL_COMBINE(sketch), and the scalars HLL_CARDINALITY(sketch) and
// HLL_COMBINE_SKETCHES(a, b). Sketches are HLLSKETCH text (VARCHAR(65535)): blueshift has no HLLSKETCH column
// type of its own, and HLLSKETCH in DDL means that VARCHAR (sql/binder_expr.cc). NULL inputs are skipped by
// the aggregates; HLL_COMBINE_SKETCHES takes a NULL side as the empty sketch.

#include "function/aggregate_internal.h"
#include "function/hll_sketch.h"
#include "function/string_kernels.h"

namespace blueshift {
namespace {

const LogicalType& SketchType() {
  static const LogicalType kType = LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  return kType;
}

bool SketchOrNull(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

// ---- aggregates ----

struct State {
  HllSketch* sketch;
};

// What a sketch grew by (turning dense can shrink it: that is not counted back).
void AddGrowth(size_t before, size_t after) {
  if (after > before) aggregate_internal::AddOwnedBytes(after - before);
}

HllSketch& Get(uint8_t* state) {
  auto& s = aggregate_internal::StateAt<State>(state);
  if (s.sketch == nullptr) {
    s.sketch = new HllSketch();
    aggregate_internal::AddOwnedBytes(sizeof(HllSketch) + 16);
  }
  return *s.sketch;
}

Status AddValues(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  for (size_t i = 0; i < n; i++) {
    if (v.IsNull(i)) continue;
    HllSketch& s = Get(states[i]);
    size_t before = s.MemoryBytes();
    s.Add(aggregate_internal::SketchHash(v, i));
    AddGrowth(before, s.MemoryBytes());
  }
  return Status::OK();
}

Status AddSketches(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  for (size_t i = 0; i < n; i++) {
    if (v.IsNull(i)) continue;
    ASSIGN_OR_RETURN(HllSketch s, HllSketch::Parse(v.data<std::string_view>()[i]));
    HllSketch& into = Get(states[i]);
    size_t before = into.MemoryBytes();
    into.Merge(s);
    AddGrowth(before, into.MemoryBytes());
  }
  return Status::OK();
}

Status Combine(uint8_t* target, const uint8_t* source) {
  const HllSketch* src = aggregate_internal::StateAt<State>(source).sketch;
  if (src == nullptr) return Status::OK();
  HllSketch& into = Get(target);
  size_t before = into.MemoryBytes();
  into.Merge(*src);
  AddGrowth(before, into.MemoryBytes());
  return Status::OK();
}

Status FinalizeCardinality(uint8_t* state, Vector* out, size_t row) {
  const HllSketch* s = aggregate_internal::StateAt<State>(state).sketch;
  out->SetNull(row, false);
  out->data<int64_t>()[row] = s == nullptr ? 0 : s->Cardinality();
  return Status::OK();
}

Status FinalizeSketch(uint8_t* state, Vector* out, size_t row) {
  const HllSketch* s = aggregate_internal::StateAt<State>(state).sketch;
  out->SetNull(row, false);
  out->SetString(row, s == nullptr ? HllSketch().ToText() : s->ToText());
  return Status::OK();
}

void Destroy(uint8_t* state) {
  delete aggregate_internal::StateAt<State>(state).sketch;
  aggregate_internal::StateAt<State>(state).sketch = nullptr;
}

// Spilled as the sketch's text form (what HLL_CREATE_SKETCH returns).
bool Serialize(const AggregateFunction&, const uint8_t* state, std::string* out) {
  const HllSketch* s = aggregate_internal::StateAt<State>(state).sketch;
  if (s != nullptr) out->append(s->ToText());
  return s != nullptr;
}

Status Deserialize(const AggregateFunction&, uint8_t* state, std::string_view bytes) {
  ASSIGN_OR_RETURN(HllSketch s, HllSketch::Parse(bytes));
  HllSketch& into = Get(state);
  size_t before = into.MemoryBytes();
  into.Merge(s);
  AddGrowth(before, into.MemoryBytes());
  return Status::OK();
}

AggregateFunction MakeSketchAggregate(const std::string& name, const LogicalType& arg, const LogicalType& ret) {
  AggregateFunction f = aggregate_internal::MakeAggregate<State>(name, {arg}, ret);
  f.combine = Combine;
  f.destroy = Destroy;
  f.serialize = Serialize;
  f.deserialize = Deserialize;
  return f;
}

Result<AggregateFunction> ResolveHllOfValues(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() != 1 || args[0].IsVarbyte()) return aggregate_internal::NoSuchAggregate(name, args);
  const LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Varchar() : args[0];
  const bool sketch = name == "hll_create_sketch";
  AggregateFunction f = MakeSketchAggregate(name, t, sketch ? SketchType() : LogicalType::BigInt());
  f.update = AddValues;
  f.finalize = sketch ? FinalizeSketch : FinalizeCardinality;
  return f;
}

Result<AggregateFunction> ResolveHllCombine(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() != 1 || !SketchOrNull(args[0])) return aggregate_internal::NoSuchAggregate(name, args);
  AggregateFunction f = MakeSketchAggregate(name, SketchType(), SketchType());
  f.update = AddSketches;
  f.finalize = FinalizeSketch;
  return f;
}

// ---- scalars ----

Status Cardinality(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  int64_t* r = out->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (!scalar_internal::RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(HllSketch s, HllSketch::Parse(scalar_internal::StrAt(args[0], i)));
    r[i] = s.Cardinality();
  }
  return Status::OK();
}

Status CombineSketches(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (args[0]->IsNull(i) && args[1]->IsNull(i)) {
      out->SetNull(i, true);
      continue;
    }
    HllSketch merged;
    for (const Vector* a : args) {
      if (a->IsNull(i)) continue;
      ASSIGN_OR_RETURN(HllSketch s, HllSketch::Parse(scalar_internal::StrAt(a, i)));
      merged.Merge(s);
    }
    out->SetNull(i, false);
    out->SetString(i, merged.ToText());
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveCardinality(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  if (args.size() != 1 || !SketchOrNull(args[0])) return scalar_internal::NoSuchFunction(name, args);
  return scalar_internal::MakeBound(name, {SketchType()}, LogicalType::BigInt(), Cardinality);
}

Result<BoundScalarFunction> ResolveCombineSketches(const std::string& name, const std::vector<LogicalType>& args,
                                                   const std::vector<Value>&) {
  if (args.size() != 2 || !SketchOrNull(args[0]) || !SketchOrNull(args[1]))
    return scalar_internal::NoSuchFunction(name, args);
  return scalar_internal::MakeBound(name, {SketchType(), SketchType()}, SketchType(), CombineSketches);
}

}  // namespace

namespace aggregate_internal {
std::vector<AggregateEntry> HllAggregates() {
  return {{"hll", ResolveHllOfValues}, {"hll_create_sketch", ResolveHllOfValues}, {"hll_combine", ResolveHllCombine}};
}
}  // namespace aggregate_internal

namespace scalar_internal {
std::vector<ScalarEntry> HllFunctions() {
  return {{"hll_cardinality", ResolveCardinality}, {"hll_combine_sketches", ResolveCombineSketches}};
}
}  // namespace scalar_internal

}  // namespace blueshift
