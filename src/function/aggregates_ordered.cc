// Sort-based aggregates: LISTAGG, MEDIAN, PERCENTILE_CONT and PERCENTILE_DISC. A state owns the group's
// collected rows on the heap; Finalize sorts them. The binder passes the WITHIN GROUP ordering as
// arguments (see OrderedSetArguments in aggregate_function.h):
//   listagg(value, delimiter, key1, flags1, key2, flags2, ...)
//   percentile_cont|percentile_disc(key, fraction, flags)   median(key)
// where flags is a constant INTEGER: bit 0 DESC, bit 1 NULLS FIRST.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>

#include "function/aggregate_internal.h"
#include "function/scalar_internal.h"
#include "types/decimal.h"
#include "util/byte_stream.h"

namespace blueshift::aggregate_internal {
namespace {

constexpr size_t kMaxListAggBytes = LogicalType::kMaxVarcharLength;

struct Row {
  Value value;
  std::vector<Value> keys;
};

struct Collected {
  std::vector<Row> rows;
  std::vector<int> flags;  // per key
  std::string delimiter;
  double fraction = 0.5;
};

struct State {
  Collected* c;
};

Collected& Get(uint8_t* state) {
  auto& s = StateAt<State>(state);
  if (s.c == nullptr) {
    s.c = new Collected();
    AddOwnedBytes(sizeof(Collected) + 16);
  }
  return *s.c;
}

void Destroy(uint8_t* state) {
  delete StateAt<State>(state).c;
  StateAt<State>(state).c = nullptr;
}

// A collected row's bytes on the heap, about: its slot, its key vector and its strings.
size_t RowBytes(const Row& r) {
  size_t n = sizeof(Row) + r.keys.size() * sizeof(Value);
  if (!r.value.is_null() && r.value.type().IsString()) n += r.value.GetString().size();
  for (const Value& k : r.keys) {
    if (!k.is_null() && k.type().IsString()) n += k.GetString().size();
  }
  return n;
}

Status Combine(uint8_t* target, const uint8_t* source) {
  const Collected* src = StateAt<State>(source).c;
  if (src == nullptr) return Status::OK();
  Collected& dst = Get(target);
  if (dst.rows.empty()) {
    dst.flags = src->flags;
    dst.delimiter = src->delimiter;
    dst.fraction = src->fraction;
  }
  for (const Row& r : src->rows) AddOwnedBytes(RowBytes(r));
  dst.rows.insert(dst.rows.end(), src->rows.begin(), src->rows.end());
  return Status::OK();
}

// ---- spilling: a state as bytes ----
// u32 flag count, i32 flags; u32 + delimiter bytes; f64 fraction; u32 row count; per row: LISTAGG's value
// (u32 + bytes), then each key as a byte 0 (NULL) or 1 and its payload at the key type's physical width (a
// string: u32 + bytes). The key types are the function's: LISTAGG's every other argument from the third,
// MEDIAN's and PERCENTILE's first.

std::vector<LogicalType> KeyTypes(const AggregateFunction& fn) {
  if (fn.name != "listagg") return {fn.arg_types[0]};
  std::vector<LogicalType> types;
  for (size_t k = 2; k < fn.arg_types.size(); k += 2) types.push_back(fn.arg_types[k]);
  return types;
}

void PutKey(const LogicalType& type, const Value& v, ByteWriter* w) {
  w->Bool(!v.is_null());
  if (v.is_null()) return;
  Vector one(type, 1);
  one.SetValue(0, v);
  if (type.physical() == PhysicalType::kString) return w->String(one.data<std::string_view>()[0]);
  w->Bytes(one.raw_data(), static_cast<size_t>(type.FixedWidth()));
}

// What PutKey wrote; a short read leaves r not ok.
Value TakeKey(const LogicalType& type, ByteReader* r) {
  if (!r->Bool()) return Value::NullOf(type);
  Vector one(type, 1);
  if (type.physical() == PhysicalType::kString) {
    one.SetString(0, r->String());
  } else {
    std::string_view b = r->Bytes(static_cast<size_t>(type.FixedWidth()));
    if (!r->ok()) return Value::NullOf(type);
    std::memcpy(one.raw_data(), b.data(), b.size());
  }
  one.SetNull(0, false);
  return one.GetValue(0);
}

bool Serialize(const AggregateFunction& fn, const uint8_t* state, std::string* out) {
  const Collected* c = StateAt<State>(state).c;
  if (c == nullptr) return false;
  const bool listagg = fn.name == "listagg";
  const std::vector<LogicalType> keys = KeyTypes(fn);
  ByteWriter w;
  w.U32(static_cast<uint32_t>(c->flags.size()));
  for (int f : c->flags) w.I32(f);
  w.String(c->delimiter);
  w.U64(std::bit_cast<uint64_t>(c->fraction));
  w.U32(static_cast<uint32_t>(c->rows.size()));
  for (const Row& r : c->rows) {
    if (listagg) w.String(r.value.GetString());
    for (size_t k = 0; k < keys.size() && k < r.keys.size(); k++) PutKey(keys[k], r.keys[k], &w);
  }
  out->append(w.data());
  return true;
}

Status Deserialize(const AggregateFunction& fn, uint8_t* state, std::string_view bytes) {
  const bool listagg = fn.name == "listagg";
  const std::vector<LogicalType> keys = KeyTypes(fn);
  ByteReader r(bytes);
  auto damaged = [] { return Status(ErrorCode::kInternal, "a spilled LISTAGG/MEDIAN/PERCENTILE state is damaged"); };
  Collected& c = Get(state);
  const uint32_t flags = r.U32();
  if (!r.CanHold(flags, sizeof(int32_t))) return damaged();
  c.flags.resize(flags);
  for (auto& f : c.flags) f = r.I32();
  c.delimiter = std::string(r.String());
  c.fraction = std::bit_cast<double>(r.U64());
  const uint32_t rows = r.U32();
  for (uint32_t i = 0; i < rows && r.ok(); i++) {
    Row row;
    if (listagg) row.value = Value::Varchar(std::string(r.String()));
    for (const LogicalType& k : keys) row.keys.push_back(TakeKey(k, &r));
    AddOwnedBytes(RowBytes(row));
    c.rows.push_back(std::move(row));
  }
  return r.ok() && r.remaining() == 0 ? Status::OK() : damaged();
}

// Orders two rows by their keys; NULLs sort high unless the key's flags say otherwise.
bool RowLess(const Row& a, const Row& b, const std::vector<int>& flags) {
  for (size_t k = 0; k < a.keys.size(); k++) {
    const Value& x = a.keys[k];
    const Value& y = b.keys[k];
    bool desc = flags[k] & 1;
    bool nulls_first = flags[k] & 2;
    if (x.is_null() || y.is_null()) {
      if (x.is_null() == y.is_null()) continue;
      return x.is_null() == nulls_first;
    }
    int c = Value::Compare(x, y);
    if (c != 0) return desc ? c > 0 : c < 0;
  }
  return false;
}

void Sort(Collected& c) {
  std::stable_sort(c.rows.begin(), c.rows.end(), [&](const Row& a, const Row& b) { return RowLess(a, b, c.flags); });
}

// ---- LISTAGG ----

Status ListAggUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (args[0]->IsNull(i)) continue;
    std::string_view s = args[0]->data<std::string_view>()[i];
    if (s.empty()) continue;  // Redshift skips empty strings as it skips NULLs
    Collected& c = Get(states[i]);
    if (c.rows.empty()) {
      c.delimiter = args[1]->IsNull(i) ? "" : std::string(args[1]->data<std::string_view>()[i]);
      c.flags.clear();
      for (size_t k = 3; k < args.size(); k += 2) c.flags.push_back(static_cast<int>(args[k]->data<int32_t>()[i]));
    }
    Row row;
    row.value = Value::Varchar(std::string(s));
    for (size_t k = 2; k < args.size(); k += 2) row.keys.push_back(args[k]->GetValue(i));
    AddOwnedBytes(RowBytes(row));
    c.rows.push_back(std::move(row));
  }
  return Status::OK();
}

Status ListAggFinalize(uint8_t* state, Vector* out, size_t row) {
  Collected* c = StateAt<State>(state).c;
  if (c == nullptr || c->rows.empty()) {
    out->SetNull(row, true);
    return Status::OK();
  }
  Sort(*c);
  std::string result;
  for (size_t i = 0; i < c->rows.size(); i++) {
    if (i > 0) result += c->delimiter;
    result += c->rows[i].value.GetString();
    if (result.size() > kMaxListAggBytes)
      return Status(ErrorCode::kInternal, "Result size exceeds LISTAGG limit")
          .WithDetail("LISTAGG limit: " + std::to_string(kMaxListAggBytes));
  }
  out->SetNull(row, false);
  out->SetString(row, result);
  return Status::OK();
}

Result<AggregateFunction> ResolveListAgg(const std::string& name, const std::vector<LogicalType>& args) {
  if (args.size() < 2 || args.size() % 2 != 0) return NoSuchAggregate(name, args);
  auto is_text = [](const LogicalType& t) { return t.IsString() || t.id() == TypeId::kNull; };
  if (!is_text(args[0]) || !is_text(args[1])) return NoSuchAggregate(name, args);
  std::vector<LogicalType> types = {LogicalType::Varchar(LogicalType::kMaxVarcharLength),
                                    LogicalType::Varchar(LogicalType::kMaxVarcharLength)};
  for (size_t k = 2; k < args.size(); k += 2) {
    types.push_back(args[k].id() == TypeId::kNull ? LogicalType::Varchar() : args[k]);
    types.push_back(LogicalType::Integer());
  }
  AggregateFunction f = MakeAggregate<State>(name, std::move(types), LogicalType::Varchar(kMaxListAggBytes));
  f.update = ListAggUpdate;
  f.combine = Combine;
  f.finalize = ListAggFinalize;
  f.destroy = Destroy;
  f.serialize = Serialize;
  f.deserialize = Deserialize;
  return f;
}

// ---- MEDIAN, PERCENTILE_CONT, PERCENTILE_DISC ----

// The key's value as a number on the result's scale (decimals, dates, timestamps) or as a double.
long double Numeric(const Value& v) {
  if (v.type().id() == TypeId::kReal || v.type().id() == TypeId::kDouble) return v.GetDouble();
  return static_cast<long double>(v.GetInt128());
}

template <bool kDiscrete>
Status PercentileUpdate(uint8_t** states, std::span<const Vector* const> args, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (args[0]->IsNull(i)) continue;
    Collected& c = Get(states[i]);
    if (c.rows.empty()) {
      c.fraction = args.size() > 1 && !args[1]->IsNull(i) ? args[1]->data<double>()[i] : 0.5;
      c.flags = {args.size() > 2 ? static_cast<int>(args[2]->data<int32_t>()[i]) : 0};
      if (!(c.fraction >= 0 && c.fraction <= 1))
        return Status(
            ErrorCode::kInvalidParameterValue,
            std::string(kDiscrete ? "PERCENTILE_DISC" : "PERCENTILE_CONT") + ": percentile must be between 0 and 1");
    }
    Row row;
    row.keys.push_back(args[0]->GetValue(i));
    AddOwnedBytes(RowBytes(row));
    c.rows.push_back(std::move(row));
  }
  return Status::OK();
}

// Writes x (on the key's scale) into out as the return type, rescaled when the result has more decimals.
void StoreInterpolated(long double x, const LogicalType& key, Vector* out, size_t row) {
  const LogicalType& t = out->type();
  if (t.id() == TypeId::kDouble) {
    out->data<double>()[row] = static_cast<double>(x);
    return;
  }
  int extra = t.id() == TypeId::kDecimal ? t.scale() - (key.id() == TypeId::kDecimal ? key.scale() : 0) : 0;
  long double scaled = x * std::pow(10.0L, extra);
  auto v = static_cast<int128_t>(scaled >= 0 ? scaled + 0.5L : scaled - 0.5L);  // half away from zero
  out->SetValue(row, t.id() == TypeId::kDecimal ? Value::Decimal(v, t.precision(), t.scale())
                                                : Value::FromInt(t, static_cast<int64_t>(v)));
}

template <bool kDiscrete>
Status PercentileFinalize(uint8_t* state, Vector* out, size_t row) {
  Collected* c = StateAt<State>(state).c;
  if (c == nullptr || c->rows.empty()) {
    out->SetNull(row, true);
    return Status::OK();
  }
  Sort(*c);
  size_t n = c->rows.size();
  out->SetNull(row, false);
  if constexpr (kDiscrete) {
    // The first value whose cumulative distribution reaches the fraction.
    auto k = static_cast<size_t>(std::ceil(c->fraction * static_cast<double>(n)));
    const Value& v = c->rows[k == 0 ? 0 : std::min(k, n) - 1].keys[0];
    out->SetValue(row, v);
    return Status::OK();
  }
  double rn = c->fraction * static_cast<double>(n - 1);  // 0-based row number
  auto lo = static_cast<size_t>(std::floor(rn));
  auto hi = static_cast<size_t>(std::ceil(rn));
  const Value& a = c->rows[lo].keys[0];
  const Value& b = c->rows[hi].keys[0];
  long double x = Numeric(a);
  if (hi != lo) x += (Numeric(b) - x) * (rn - static_cast<double>(lo));
  StoreInterpolated(x, a.type(), out, row);
  return Status::OK();
}

// MEDIAN and PERCENTILE_CONT return DECIMAL for integer and decimal keys (integers gain one decimal
// place, as Redshift's MEDIAN of integers shows 17.5), DOUBLE for floats, and the key's own type for dates
// and timestamps. PERCENTILE_DISC returns the key's type.
Result<LogicalType> PercentileType(const LogicalType& key, bool discrete) {
  if (discrete) return key;
  if (key.IsInteger()) return LogicalType::Decimal(20, 1);
  if (key.id() == TypeId::kDecimal) return key;
  if (key.id() == TypeId::kReal || key.id() == TypeId::kDouble) return LogicalType::Double();
  if (key.IsTemporal()) return key;
  return Status(ErrorCode::kUndefinedFunction, "");
}

Result<AggregateFunction> ResolvePercentile(const std::string& name, const std::vector<LogicalType>& args) {
  bool median = name == "median";
  bool discrete = name == "percentile_disc";
  if (args.size() != (median ? 1u : 3u)) return NoSuchAggregate(name, args);
  LogicalType key = args[0].id() == TypeId::kNull ? LogicalType::Double() : args[0];
  if (!discrete && !(key.IsNumeric() || key.IsTemporal())) return NoSuchAggregate(name, args);
  if (!median && !(args[1].IsNumeric() || args[1].id() == TypeId::kNull)) return NoSuchAggregate(name, args);
  ASSIGN_OR_RETURN(LogicalType ret, PercentileType(key, discrete));
  std::vector<LogicalType> types = {key};
  if (!median) {
    types.push_back(LogicalType::Double());
    types.push_back(LogicalType::Integer());
  }
  AggregateFunction f = MakeAggregate<State>(name, std::move(types), ret);
  f.update = discrete ? PercentileUpdate<true> : PercentileUpdate<false>;
  f.combine = Combine;
  f.finalize = discrete ? PercentileFinalize<true> : PercentileFinalize<false>;
  f.destroy = Destroy;
  f.serialize = Serialize;
  f.deserialize = Deserialize;
  return f;
}

}  // namespace

std::vector<AggregateEntry> OrderedAggregates() {
  return {{"listagg", ResolveListAgg},
          {"median", ResolvePercentile},
          {"percentile_cont", ResolvePercentile},
          {"percentile_disc", ResolvePercentile}};
}

}  // namespace blueshift::aggregate_internal
