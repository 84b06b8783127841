#pragma once

#include <memory>
#include <string>
#include <vector>

#include "function/aggregate_function.h"
#include "function/cast.h"
#include "function/scalar_function.h"
#include "types/value.h"

namespace blueshift {

// Where a column comes from in a logical plan: a table index the binder assigned to a FROM item (or to a
// projection/aggregate's output) and a column within it. The physical planner turns bindings into
// positions in an operator's input batch.
struct ColumnBinding {
  int table = -1;
  int column = -1;
  bool operator==(const ColumnBinding& o) const { return table == o.table && column == o.column; }
  bool operator<(const ColumnBinding& o) const { return table != o.table ? table < o.table : column < o.column; }
};

enum class ExprKind : uint8_t {
  kColumnRef,  // binding (logical) / position (physical)
  kConstant,
  kFunction,  // a scalar function or operator; children are its arguments
  kCast,      // children[0] cast to type
  kAnd,       // n-ary, three-valued
  kOr,        // n-ary, three-valued
  kNot,
  kIsNull,
  kIsNotNull,
  kCase,      // children: when1, then1, ..., whenN, thenN, else (else always present; NULL constant if omitted)
  kCoalesce,  // first non-null child
};

// Expr is a bound, typed expression. Immutable once planned; evaluation state lives in ExprEvaluator.
struct Expr {
  ExprKind kind = ExprKind::kConstant;
  LogicalType type;
  ColumnBinding binding;                                // kColumnRef, logical
  int position = -1;                                    // kColumnRef, physical: index into the input batch
  Value constant;                                       // kConstant
  std::shared_ptr<const BoundScalarFunction> function;  // kFunction
  std::vector<std::unique_ptr<Expr>> children;
  CastContext cast_context = CastContext::kExplicit;  // kCast
  int param = 0;      // kConstant standing in for parameter $param while a statement is only described
  std::string alias;  // the name a select-list item gives it, for EXPLAIN and column names

  static std::unique_ptr<Expr> Column(ColumnBinding b, LogicalType type);
  static std::unique_ptr<Expr> Position(int position, LogicalType type);
  static std::unique_ptr<Expr> Constant(Value v);
  static std::unique_ptr<Expr> Cast(std::unique_ptr<Expr> child, LogicalType to,
                                    CastContext context = CastContext::kExplicit);
  static std::unique_ptr<Expr> Make(ExprKind kind, LogicalType type, std::vector<std::unique_ptr<Expr>> children);
  static std::unique_ptr<Expr> Call(BoundScalarFunction fn, std::vector<std::unique_ptr<Expr>> args);

  std::unique_ptr<Expr> Clone() const;
  // The same computation: same kind, type, columns (by binding and position), constants, functions and
  // children. Names and aliases do not count: `x.a` and `y.a` are different even though both print "a".
  bool Equals(const Expr& other) const;
  bool IsConstant() const { return kind == ExprKind::kConstant; }
  // No column references and every function deterministic: can be folded at plan time.
  bool IsFoldable() const;
  // Adds every column binding the expression reads.
  void CollectBindings(std::vector<ColumnBinding>* out) const;
  std::string ToString() const;
};

using ExprPtr = std::unique_ptr<Expr>;

// An aggregate call in an Aggregate operator.
struct AggregateExpr {
  AggregateFunction function;
  std::vector<ExprPtr> args;  // already cast to function.arg_types
  bool distinct = false;
  std::string ToString() const;
  AggregateExpr Clone() const;
};

}  // namespace blueshift
