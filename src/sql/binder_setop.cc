// UNION [ALL], INTERSECT and EXCEPT/MINUS. Both sides are brought to common column types; then
//   UNION ALL -> Append of both sides
//   UNION     -> DISTINCT over the Append
//   INTERSECT -> DISTINCT left, semi join with right on every column (NULLs equal)
//   EXCEPT    -> DISTINCT left, anti join with right on every column (NULLs equal)
// ORDER BY / LIMIT of the whole query apply to the result, by position or result column name.

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

namespace {

const char* SetOpName(const QueryTerm& t) {
  switch (t.op) {
    case SetOpKind::kUnion:
      return "UNION";
    case SetOpKind::kIntersect:
      return "INTERSECT";
    case SetOpKind::kExcept:
      return "EXCEPT";
  }
  return "UNION";
}

}  // namespace

Result<BoundQuery> Binder::BindQueryTerm(const QueryTerm& term) {
  static const Query kNoOrdering;
  switch (term.kind) {
    case QueryTerm::Kind::kSelect:
      return BindSelectCore(*term.select, kNoOrdering);
    case QueryTerm::Kind::kValues:
      return BindValues(term.values);
    case QueryTerm::Kind::kQuery:
      return BindQuery(*term.query);
    case QueryTerm::Kind::kSetOp:
      return BindSetOp(term);
  }
  return Status(ErrorCode::kInternal, "unknown query term");
}

// Casts the query's outputs to `types` with a projection when any differs.
Result<BoundQuery> Binder::CastOutputs(BoundQuery q, const std::vector<LogicalType>& types) {
  bool same = true;
  for (size_t i = 0; i < types.size(); i++) same = same && q.columns[i].type == types[i];
  if (same) return q;
  auto bindings = q.plan->Bindings();
  auto proj = Wrap(LogicalKind::kProjection, std::move(q.plan));
  proj->table_index = next_table_index_++;
  for (size_t i = 0; i < types.size(); i++) {
    auto col = BExpr::Column(bindings[i], q.columns[i].type);
    // A literal read as another type ('7' beside an INTEGER) converts as written: 'x' fails with 22P02.
    CastContext context = q.columns[i].untyped_literal ? CastContext::kExplicit : CastContext::kImplicit;
    proj->exprs.push_back(q.columns[i].type == types[i] ? std::move(col)
                                                        : BExpr::Cast(std::move(col), types[i], context));
    q.columns[i].type = types[i];
  }
  q.plan = std::move(proj);
  return q;
}

Result<BoundQuery> Binder::BindSetOp(const QueryTerm& term) {
  const char* name = SetOpName(term);
  if (term.all && term.op != SetOpKind::kUnion)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, std::string(name) + " ALL is not supported"), term.location);
  ASSIGN_OR_RETURN(auto left, BindQueryTerm(*term.left));
  ASSIGN_OR_RETURN(auto right, BindQueryTerm(*term.right));
  if (left.columns.size() != right.columns.size())
    return ErrorAt(
        Status(ErrorCode::kSyntaxError, std::string("each ") + name + " query must have the same number of columns"),
        term.right->location);
  std::vector<LogicalType> types;
  for (size_t i = 0; i < left.columns.size(); i++) {
    const OutputColumn& l = left.columns[i];
    const OutputColumn& r = right.columns[i];
    auto typed = [](const OutputColumn& c) { return !c.untyped_literal && c.type.id() != TypeId::kNull; };
    if (l.untyped_literal && typed(r) && !r.type.IsString()) {
      types.push_back(r.type);
      continue;
    }
    if (r.untyped_literal && typed(l) && !l.type.IsString()) {
      types.push_back(l.type);
      continue;
    }
    auto t = CommonSuperType(left.columns[i].type, right.columns[i].type, name);
    if (!t.ok()) return ErrorAt(t.status(), term.right->location);
    auto collated = MergeCollations(t->id() == TypeId::kNull ? LogicalType::Varchar() : *t, {l.type, r.type});
    if (!collated.ok()) return ErrorAt(collated.status(), term.right->location);
    types.push_back(*collated);
  }
  ASSIGN_OR_RETURN(left, CastOutputs(std::move(left), types));
  ASSIGN_OR_RETURN(right, CastOutputs(std::move(right), types));
  BoundQuery result;
  for (size_t i = 0; i < types.size(); i++) {
    result.columns.push_back({left.columns[i].name, types[i]});
    result.columns.back().untyped_literal = left.columns[i].untyped_literal && right.columns[i].untyped_literal;
  }

  // DISTINCT over an input: an aggregate grouping by every column (PlanDistinct).
  if (term.op == SetOpKind::kUnion) {
    auto append = std::make_unique<LogicalOperator>(LogicalKind::kUnion);
    append->table_index = next_table_index_++;
    append->value_types = types;
    append->children.push_back(std::move(left.plan));
    append->children.push_back(std::move(right.plan));
    if (term.all) {
      result.plan = std::move(append);
    } else {
      ASSIGN_OR_RETURN(result.plan, PlanDistinct(std::move(append), types));
    }
    return result;
  }
  ASSIGN_OR_RETURN(auto lhs, PlanDistinct(std::move(left.plan), types));
  auto lb = lhs->Bindings();
  auto rb = right.plan->Bindings();
  auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  join->join_type = term.op == SetOpKind::kIntersect ? blueshift::JoinType::kSemi : blueshift::JoinType::kAnti;
  join->join_options.nulls_equal = true;
  for (size_t i = 0; i < types.size(); i++) {
    std::vector<BExprPtr> args;
    args.push_back(BExpr::Column(lb[i], types[i]));
    args.push_back(BExpr::Column(rb[i], types[i]));
    ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(args), term.location));
    join->exprs.push_back(std::move(eq));
  }
  join->children.push_back(std::move(lhs));
  join->children.push_back(std::move(right.plan));
  result.plan = std::move(join);
  return result;
}

Result<BoundQuery> Binder::ApplyOrderLimit(BoundQuery q, const Query& query) {
  auto bindings = q.plan->Bindings();
  if (!query.order_by.empty()) {
    auto sort = Wrap(LogicalKind::kSort, std::move(q.plan));
    for (const auto& s : query.order_by) {
      const Expr* e = s.expr.get();
      int index = -1;
      if (e->kind == ExprKind::kConstant && e->As<Constant>().const_kind == ConstKind::kInteger) {
        int64_t k = std::stoll(e->As<Constant>().value);
        if (k >= 1 && k <= static_cast<int64_t>(q.columns.size())) index = static_cast<int>(k - 1);
      } else if (e->kind == ExprKind::kColumnRef && e->As<ColumnRef>().names.size() == 1) {
        for (size_t i = 0; i < q.columns.size() && index < 0; i++) {
          if (q.columns[i].name == e->As<ColumnRef>().names[0]) index = static_cast<int>(i);
        }
      }
      if (index < 0)
        return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                              "ORDER BY on a UNION/INTERSECT/EXCEPT result must be on one of the result columns"),
                       e->location);
      BoundSortItem item;
      item.descending = s.descending;
      item.nulls_first = s.nulls == SortItem::Nulls::kDefault ? s.descending : s.nulls == SortItem::Nulls::kFirst;
      item.expr = BExpr::Column(bindings[index], q.columns[index].type);
      sort->sort_items.push_back(std::move(item));
    }
    std::vector<LogicalType> types;
    for (const auto& c : q.columns) types.push_back(c.type);
    ASSIGN_OR_RETURN(sort->children[0], FoldSortKeys(std::move(sort->children[0]), &sort->sort_items, &types));
    q.plan = std::move(sort);
  }
  if (query.limit || query.offset) {
    auto limit = Wrap(LogicalKind::kLimit, std::move(q.plan));
    for (auto [expr, field] :
         {std::pair{query.limit.get(), &limit->limit}, std::pair{query.offset.get(), &limit->offset}}) {
      if (!expr) continue;
      if (expr->kind != ExprKind::kConstant || expr->As<Constant>().const_kind != ConstKind::kInteger)
        return ErrorAt(Status(ErrorCode::kSyntaxError, "argument of LIMIT must be an integer constant"),
                       expr->location);
      *field = std::stoll(expr->As<Constant>().value);
    }
    q.plan = std::move(limit);
  }
  if (q.plan->Bindings().size() > q.columns.size()) {  // drop FoldSortKeys' keys
    auto inner = q.plan->Bindings();
    auto top = Wrap(LogicalKind::kProjection, std::move(q.plan));
    top->table_index = next_table_index_++;
    for (size_t i = 0; i < q.columns.size(); i++) top->exprs.push_back(BExpr::Column(inner[i], q.columns[i].type));
    q.plan = std::move(top);
  }
  return q;
}

}  // namespace blueshift::sql
