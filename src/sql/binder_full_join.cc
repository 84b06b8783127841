// FULL [OUTER] JOIN, planned as the LEFT JOIN of its sides followed (UNION ALL) by the right rows that no
// left row matches (an anti join of the right side against the left), padded with NULLs on the left.
// Each side is bound twice, with its own table indexes each time, so the plan stays a tree.

#include <algorithm>

#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

Status Binder::RenumberEntries(Scope* scope, size_t first, const std::vector<ColumnBinding>& from, int table_index) {
  for (size_t e = first; e < scope->entries.size(); e++) {
    for (auto& b : scope->entries[e].bindings) {
      auto it = std::find(from.begin(), from.end(), b);
      if (it == from.end()) return Status(ErrorCode::kInternal, "join column not found in its sides");
      b = {table_index, static_cast<int>(it - from.begin())};
    }
  }
  return Status::OK();
}

Result<LogicalOperatorPtr> Binder::BindFullJoin(const JoinRef& j, const std::vector<std::string>& using_cols,
                                                LogicalOperatorPtr left, LogicalOperatorPtr right, size_t first_entry,
                                                size_t right_entry, Scope* scope) {
  auto left_join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  left_join->join_type = blueshift::JoinType::kLeft;
  ASSIGN_OR_RETURN(left_join->exprs, BindJoinConditions(j, using_cols, scope, first_entry, right_entry));
  size_t left_width = left->Bindings().size();
  left_join->children.push_back(std::move(left));
  left_join->children.push_back(std::move(right));

  Scope again;
  ASSIGN_OR_RETURN(auto left2, BindTableRef(*j.left, &again));
  size_t right2_entry = again.entries.size();
  ASSIGN_OR_RETURN(auto right2, BindTableRef(*j.right, &again));
  auto anti = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  anti->join_type = blueshift::JoinType::kAnti;
  ASSIGN_OR_RETURN(anti->exprs, BindJoinConditions(j, using_cols, &again, 0, right2_entry));
  auto right2_bindings = right2->Bindings();
  auto right2_types = right2->Types();
  anti->children.push_back(std::move(right2));
  anti->children.push_back(std::move(left2));

  auto types = left_join->Types();
  auto pad = Wrap(LogicalKind::kProjection, std::move(anti));
  pad->table_index = next_table_index_++;
  for (size_t c = 0; c < left_width; c++) pad->exprs.push_back(BExpr::Constant(Value::NullOf(types[c])));
  for (size_t c = 0; c < right2_bindings.size(); c++)
    pad->exprs.push_back(BExpr::Column(right2_bindings[c], right2_types[c]));

  // Each branch of the union is a projection naming every column, so pruning keeps them all.
  auto all = left_join->Bindings();
  auto matched = Wrap(LogicalKind::kProjection, std::move(left_join));
  matched->table_index = next_table_index_++;
  for (size_t c = 0; c < all.size(); c++) matched->exprs.push_back(BExpr::Column(all[c], types[c]));
  auto full = std::make_unique<LogicalOperator>(LogicalKind::kUnion);
  full->table_index = next_table_index_++;
  full->value_types = types;
  full->children.push_back(std::move(matched));
  full->children.push_back(std::move(pad));
  // The join's columns are now the union's.
  RETURN_IF_ERROR(RenumberEntries(scope, first_entry, all, full->table_index));
  return LogicalOperatorPtr(std::move(full));
}

}  // namespace blueshift::sql
