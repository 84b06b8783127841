#include <unordered_map>

#include "function/aggregate_internal.h"
#include "function/scalar_internal.h"

namespace blueshift {
namespace aggregate_internal {
namespace {

thread_local uint64_t owned_bytes = 0;

using Table = std::unordered_map<std::string, AggregateResolver>;

// Built once on first use (thread-safe static initialization); read-only afterwards.
const Table& Registry() {
  static const Table kTable = [] {
    Table t;
    for (auto family : {SumAvgCountAggregates, MinMaxAggregates, StatisticalAggregates, OrderedAggregates,
                        SketchAggregates, HllAggregates}) {
      for (const AggregateEntry& e : family()) t.emplace(e.name, e.resolve);
    }
    return t;
  }();
  return kTable;
}

}  // namespace

void AddOwnedBytes(uint64_t bytes) {
  owned_bytes += bytes;
}

Status NoSuchAggregate(const std::string& name, const std::vector<LogicalType>& args) {
  std::string list;
  for (size_t i = 0; i < args.size(); i++) list += (i ? ", " : "") + args[i].ToString();
  return Status(ErrorCode::kUndefinedFunction, "function " + name + "(" + list + ") does not exist")
      .WithHint("No function matches the given name and argument types. You may need to add explicit type casts.");
}

}  // namespace aggregate_internal

Result<AggregateFunction> ResolveAggregateFunction(const std::string& name, const std::vector<LogicalType>& arg_types,
                                                   bool is_star) {
  std::string key = scalar_internal::Lower(name);
  if (is_star) {
    if (key != "count") return aggregate_internal::NoSuchAggregate(key + "(*)", {});
    key = "count(*)";
  }
  const auto& table = aggregate_internal::Registry();
  auto it = table.find(key);
  if (it == table.end()) return aggregate_internal::NoSuchAggregate(key, arg_types);
  return it->second(key, arg_types);
}

bool IsAggregateFunctionName(const std::string& name) {
  return aggregate_internal::Registry().count(scalar_internal::Lower(name)) > 0;
}

uint64_t TakeOwnedBytes() {
  uint64_t n = aggregate_internal::owned_bytes;
  aggregate_internal::owned_bytes = 0;
  return n;
}

}  // namespace blueshift
