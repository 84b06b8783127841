#pragma once

#include <cstdint>
#include <span>

#include "function/aggregate_function.h"

namespace blueshift {

// Optional fast paths of aggregate functions for a GROUP BY with few groups (TPC-H Q1's four): folds rows
// rows[0..n) of args into one state, the running sum and count kept in registers and stored once, instead
// of a load and a store of some group's state per row. Same results as AggregateFunction::update.
using SingleStateUpdate = Status (*)(uint8_t* state, std::span<const Vector* const> args, const uint32_t* rows,
                                     size_t n);

// The fast path of the aggregate whose update function is f.update, or nullptr when it has none.
SingleStateUpdate FindSingleStateUpdate(const AggregateFunction& f);

}  // namespace blueshift
