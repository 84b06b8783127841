#pragma once

#include <string>
#include <vector>

#include "exec/expression.h"

namespace blueshift {

// What a window call computes. Aggregates (SUM, COUNT, ...) run an AggregateFunction over the frame; the
// others are the dedicated window functions.
enum class WindowFunctionKind : uint8_t {
  kAggregate,
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
  kRatioToReport,
};

enum class WindowBoundKind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };

// One end of a ROWS frame: `offset` rows before or after the current row for kPreceding / kFollowing.
struct WindowBound {
  WindowBoundKind kind = WindowBoundKind::kCurrentRow;
  int64_t offset = 0;
  bool operator==(const WindowBound& o) const { return kind == o.kind && offset == o.offset; }
};

struct WindowOrder {
  ExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
};

// A bound window call: function, arguments and its window (partition keys, ordering, ROWS frame). The frame
// is always explicit here: the binder fills in the default (the whole partition) when the query gave none.
// Expressions use column bindings in the logical plan and positions in the physical one.
struct WindowExpr {
  WindowFunctionKind kind = WindowFunctionKind::kAggregate;
  std::string name;  // lower-case function name, for EXPLAIN
  LogicalType type;  // the result type
  std::vector<ExprPtr> args;
  AggregateFunction aggregate;  // kAggregate; kRatioToReport: SUM over DOUBLE PRECISION
  bool ignore_nulls = false;    // FIRST_VALUE/LAST_VALUE/NTH_VALUE/LAG/LEAD ... IGNORE NULLS
  std::vector<ExprPtr> partitions;
  std::vector<WindowOrder> orders;
  WindowBound start{WindowBoundKind::kUnboundedPreceding, 0};
  WindowBound end{WindowBoundKind::kUnboundedFollowing, 0};

  WindowExpr Clone() const;
  // Same PARTITION BY and ORDER BY: both can be computed from one sort of the rows.
  bool SameWindow(const WindowExpr& other) const;
  // The same computation (function, arguments and window): a query that repeats a call computes it once.
  bool Equals(const WindowExpr& other) const;
  void CollectBindings(std::vector<ColumnBinding>* out) const;
  std::string ToString() const;
};

}  // namespace blueshift
