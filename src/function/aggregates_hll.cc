// APPROXIMATE COUNT(DISTINCT x): a HyperLogLog sketch per group (2^14 one-byte registers, about 0.8%
// standard error; Redshift documents about 2%). A group starts exact, keeping up to kSparseLimit distinct
// 64-bit hashes, and turns into registers only when it outgrows them, so small groups cost little and
// count exactly (up to hash collisions). CHAR values hash without their trailing blanks.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "function/aggregate_internal.h"
#include "function/scalar_internal.h"
#include "util/hash.h"

namespace blueshift::aggregate_internal {
namespace {

constexpr int kPrecision = 14;
constexpr size_t kRegisters = size_t{1} << kPrecision;
constexpr size_t kSparseLimit = 512;

struct Sketch {
  std::vector<uint64_t> sparse;    // distinct hashes while small
  std::vector<uint8_t> registers;  // empty until dense

  void AddDense(uint64_t h) {
    size_t index = h >> (64 - kPrecision);
    uint64_t rest = (h << kPrecision) | (uint64_t{1} << (kPrecision - 1));  // a sentinel bit bounds the rank
    auto rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    registers[index] = std::max(registers[index], rank);
  }
  void Densify() {
    AddOwnedBytes(kRegisters);
    registers.assign(kRegisters, 0);
    for (uint64_t h : sparse) AddDense(h);
    sparse.clear();
    sparse.shrink_to_fit();
  }
  void Add(uint64_t h) {
    if (!registers.empty()) return AddDense(h);
    if (std::find(sparse.begin(), sparse.end(), h) != sparse.end()) return;
    if (sparse.size() == sparse.capacity()) AddOwnedBytes((std::max<size_t>(sparse.capacity(), 1)) * sizeof(uint64_t));
    sparse.push_back(h);
    if (sparse.size() > kSparseLimit) Densify();
  }
  int64_t Estimate() const {
    if (registers.empty()) return static_cast<int64_t>(sparse.size());
    double m = static_cast<double>(kRegisters);
    double sum = 0;
    size_t zeros = 0;
    for (uint8_t r : registers) {
      sum += std::ldexp(1.0, -r);
      zeros += r == 0;
    }
    double alpha = 0.7213 / (1 + 1.079 / m);
    double e = alpha * m * m / sum;
    if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / static_cast<double>(zeros));  // linear counting
    return static_cast<int64_t>(std::llround(e));
  }
};

struct State {
  Sketch* sketch;
};

Sketch& Get(uint8_t* state) {
  auto& s = StateAt<State>(state);
  if (s.sketch == nullptr) {
    s.sketch = new Sketch();
    AddOwnedBytes(sizeof(Sketch) + 16);
  }
  return *s.sketch;
}

Status Update(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  const Vector& v = *args[0];
  for (size_t i = 0; i < n; i++) {
    if (!v.IsNull(i)) Get(states[i]).Add(SketchHash(v, i));
  }
  return Status::OK();
}

Status Combine(uint8_t* target, const uint8_t* source) {
  const Sketch* src = StateAt<State>(source).sketch;
  if (src == nullptr) return Status::OK();
  Sketch& dst = Get(target);
  if (!src->registers.empty() && dst.registers.empty()) dst.Densify();
  if (!dst.registers.empty()) {
    for (uint64_t h : src->sparse) dst.AddDense(h);
    for (size_t k = 0; k < src->registers.size(); k++) dst.registers[k] = std::max(dst.registers[k], src->registers[k]);
    return Status::OK();
  }
  for (uint64_t h : src->sparse) dst.Add(h);
  return Status::OK();
}

Status Finalize(uint8_t* state, Vector* out, size_t row) {
  const Sketch* s = StateAt<State>(state).sketch;
  out->SetNull(row, false);
  out->data<int64_t>()[row] = s == nullptr ? 0 : s->Estimate();
  return Status::OK();
}

void Destroy(uint8_t* state) {
  delete StateAt<State>(state).sketch;
  StateAt<State>(state).sketch = nullptr;
}

// Spilled as 'S' and the sparse hashes, or 'D' and the registers.
bool Serialize(const AggregateFunction&, const uint8_t* state, std::string* out) {
  const Sketch* s = StateAt<State>(state).sketch;
  if (s == nullptr) return false;
  bool dense = !s->registers.empty();
  out->push_back(dense ? 'D' : 'S');
  if (dense) {
    out->append(reinterpret_cast<const char*>(s->registers.data()), s->registers.size());
  } else {
    out->append(reinterpret_cast<const char*>(s->sparse.data()), s->sparse.size() * sizeof(uint64_t));
  }
  return true;
}

Status Deserialize(const AggregateFunction&, uint8_t* state, std::string_view bytes) {
  Sketch& s = Get(state);
  std::string_view body = bytes.empty() ? bytes : bytes.substr(1);
  if (!bytes.empty() && bytes[0] == 'D' && body.size() == kRegisters) {
    AddOwnedBytes(kRegisters);
    s.registers.assign(body.begin(), body.end());
    return Status::OK();
  }
  if (bytes.empty() || bytes[0] != 'S' || body.size() % sizeof(uint64_t) != 0 ||
      body.size() / sizeof(uint64_t) > kSparseLimit)
    return Status(ErrorCode::kInternal, "a spilled APPROXIMATE COUNT(DISTINCT) state is damaged");
  AddOwnedBytes(body.size());
  s.sparse.resize(body.size() / sizeof(uint64_t));
  std::memcpy(s.sparse.data(), body.data(), body.size());
  return Status::OK();
}

Result<AggregateFunction> ResolveApproximateCount(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() != 1) return NoSuchAggregate(name, args);
  LogicalType t = args[0].id() == TypeId::kNull ? LogicalType::Varchar() : args[0];
  AggregateFunction f = MakeAggregate<State>(name, {t}, LogicalType::BigInt());
  f.update = Update;
  f.combine = Combine;
  f.finalize = Finalize;
  f.destroy = Destroy;
  f.serialize = Serialize;
  f.deserialize = Deserialize;
  return f;
}

}  // namespace

uint64_t SketchHash(const Vector& v, size_t i) {
  switch (v.type().physical()) {
    case PhysicalType::kString: {
      std::string_view s = v.data<std::string_view>()[i];
      return HashString(v.type().IsString() ? scalar_internal::RTrimBlanks(s) : s);
    }
    case PhysicalType::kInt128:
      return HashInt128(v.data<int128_t>()[i]);
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      double d = v.type().physical() == PhysicalType::kFloat ? v.data<float>()[i] : v.data<double>()[i];
      if (d == 0) d = 0;  // -0.0 and 0.0 are one value
      return HashBytes(&d, sizeof d);
    }
    default:
      return HashInt(scalar_internal::IntAt(&v, i));
  }
}

std::vector<AggregateEntry> SketchAggregates() {
  return {{"approximate count distinct", ResolveApproximateCount}};
}

}  // namespace blueshift::aggregate_internal
