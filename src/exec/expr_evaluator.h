#pragma once

#include <memory>
#include <vector>

#include "exec/expression.h"
#include "types/batch.h"

namespace blueshift {

// ExprEvaluator evaluates one physical expression (column refs by position) over batches. It owns the
// scratch vectors of every node, so it is per thread: build one per operator state. AND, OR, CASE and
// COALESCE evaluate a later operand only on the rows still undecided, so `x <> 0 AND y / x > 1` and
// `CASE WHEN b = 0 THEN NULL ELSE a / b END` never divide by zero.
class ExprEvaluator {
 public:
  explicit ExprEvaluator(const Expr& expr);
  ~ExprEvaluator();

  // Evaluates for the batch's live rows; *out points at a dense vector of batch.count() values, valid until
  // the next call (it may be one of the batch's own columns).
  Status Evaluate(const Batch& batch, const Vector** out);

  // Evaluates a boolean predicate and narrows the batch's selection to the rows where it is true.
  Status Select(Batch* batch);

  // Evaluates an expression that reads no columns (a constant expression) to a single value.
  static Result<Value> EvaluateConstant(const Expr& expr);

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace blueshift
