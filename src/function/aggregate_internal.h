#pragma once

// Shared pieces of the aggregate families (aggregates_*.cc): the per-name resolvers and a helper that fills
// an AggregateFunction from a state type. Internal to src/function.

#include <new>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "function/aggregate_function.h"

namespace blueshift::aggregate_internal {

// What TakeOwnedBytes reports: a state's functions add the bytes it came to own.
void AddOwnedBytes(uint64_t bytes);

using AggregateResolver = Result<AggregateFunction> (*)(const std::string& name, const std::vector<LogicalType>& args);

struct AggregateEntry {
  const char* name;
  AggregateResolver resolve;
};

std::vector<AggregateEntry> SumAvgCountAggregates();
std::vector<AggregateEntry> MinMaxAggregates();
std::vector<AggregateEntry> StatisticalAggregates();
std::vector<AggregateEntry> OrderedAggregates();
std::vector<AggregateEntry> SketchAggregates();
std::vector<AggregateEntry> HllAggregates();  // HLL, HLL_CREATE_SKETCH, HLL_COMBINE (hll_functions.cc)

// The 64-bit hash sketches take of row i of v (not NULL): CHAR without its trailing blanks, -0.0 as 0.0
// (aggregates_hll.cc).
uint64_t SketchHash(const Vector& v, size_t i);

// SUM/AVG of an interval type (aggregates_interval.cc). REQUIRES: t.IsInterval().
Result<AggregateFunction> ResolveIntervalSumAvg(const std::string& name, const LogicalType& t);

Status NoSuchAggregate(const std::string& name, const std::vector<LogicalType>& args);

// An aggregate over a POD state type S value-initialized by init.
template <typename S>
AggregateFunction MakeAggregate(const std::string& name, std::vector<LogicalType> args, LogicalType ret) {
  static_assert(std::is_trivially_copyable_v<S> && alignof(S) <= 16);
  AggregateFunction f;
  f.name = name;
  f.arg_types = std::move(args);
  f.return_type = ret;
  f.state_size = sizeof(S);
  f.init = [](uint8_t* state) { new (state) S(); };
  return f;
}

template <typename S>
S& StateAt(uint8_t* p) {
  return *reinterpret_cast<S*>(p);
}
template <typename S>
const S& StateAt(const uint8_t* p) {
  return *reinterpret_cast<const S*>(p);
}

}  // namespace blueshift::aggregate_internal
