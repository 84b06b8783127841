#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "types/logical_type.h"
#include "types/vector.h"
#include "util/status.h"

namespace blueshift {

// An aggregate's state lives in a fixed-size slot (state_size bytes, aligned to 16) that the executor
// allocates per group. Two-phase aggregation calls Update on every slice, then Combine into one state per
// group after redistribution, then Finalize.
struct AggregateFunction {
  std::string name;
  std::vector<LogicalType> arg_types;  // arguments are cast to these first; empty for COUNT(*)
  LogicalType return_type;
  size_t state_size = 0;
  // Makes a fresh state.
  void (*init)(uint8_t* state) = nullptr;
  // For i in [0, n): folds row i of args into the state at states[i] (several rows may share one state).
  // args are dense; NULL inputs are skipped by the function as SQL says (COUNT(x) ignores NULLs).
  Status (*update)(uint8_t** states, std::span<const Vector* const> args, size_t n) = nullptr;
  // Folds source into target (same function).
  Status (*combine)(uint8_t* target, const uint8_t* source) = nullptr;
  // Writes the result for the state into out[row] (NULL where SQL says: SUM of no rows is NULL).
  Status (*finalize)(uint8_t* state, Vector* out, size_t row) = nullptr;
  // Frees what a state owns (strings for MIN/MAX of VARCHAR); may be null when states own nothing.
  void (*destroy)(uint8_t* state) = nullptr;
  // A state that owns memory spills as bytes: serialize appends what the state holds to *out, or returns
  // false when it holds nothing yet; deserialize makes a fresh state (init's) hold what serialize wrote
  // (22P03 for bytes it did not write). Null when the state cannot spill (a hash aggregate holding it then
  // fails with 53200 beyond the query's memory).
  // Both get the function itself (its argument types say how collected values are written).
  bool (*serialize)(const AggregateFunction& fn, const uint8_t* state, std::string* out) = nullptr;
  Status (*deserialize)(const AggregateFunction& fn, uint8_t* state, std::string_view bytes) = nullptr;
};

// Bytes that aggregate states on this thread came to own (MIN/MAX's strings, sketches, collected rows) since
// the last call: a hash aggregate takes them after each update or combine and charges them to its table.
uint64_t TakeOwnedBytes();

// Resolves COUNT, SUM, AVG, MIN, MAX (and more) with Redshift's return types: SUM(int) is bigint,
// SUM(numeric(p,s)) is numeric(38,s), AVG over integers returns an integer as Redshift does, and so on.
// is_star is COUNT(*). DISTINCT is the executor's job (it feeds each distinct value once).
// Errors: 42883 "function sum(boolean) does not exist".
Result<AggregateFunction> ResolveAggregateFunction(const std::string& name, const std::vector<LogicalType>& arg_types,
                                                   bool is_star);

bool IsAggregateFunctionName(const std::string& name);

}  // namespace blueshift
