// Subqueries in expressions become joins, so they run as set operations rather than once per row:
//   scalar (SELECT ...)         -> LEFT join, at most one match per row (else 21000)
//   [NOT] EXISTS (SELECT ...)   -> semi / anti join
//   x [NOT] IN (SELECT y ...)   -> semi / anti join on x = y (NOT IN null-aware; correlated NOT IN: an
//                                  anti join on the correlation and x = y OR x IS NULL OR y IS NULL)
// A correlated subquery's correlation predicates (WHERE conjuncts that read outer columns) move into the
// join condition. A correlated aggregate without GROUP BY is regrouped by its correlation keys
// (`(SELECT min(x) FROM t WHERE t.k = o.k)` -> `LEFT JOIN (SELECT k, min(x) FROM t GROUP BY k) ON k = o.k`).
// Other correlated shapes are rejected with Redshift's "correlated subquery pattern is not supported".

#include <algorithm>

#include "exec/expr_evaluator.h"
#include "function/aggregate_function.h"
#include "plan/optimizer.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

Status UnsupportedCorrelation(int location) {
  return ErrorAt(
      Status(ErrorCode::kFeatureNotSupported, "This type of correlated subquery pattern is not supported yet"),
      location);
}

// A boolean node of kind over the given children (kNot, kIsNull, kAnd, kOr).
BExprPtr Bool(BKind kind, BExprPtr a, BExprPtr b = nullptr) {
  std::vector<BExprPtr> kids;
  kids.push_back(std::move(a));
  if (b) kids.push_back(std::move(b));
  return BExpr::Make(kind, LogicalType::Boolean(), std::move(kids));
}

BExprPtr IsNullOf(BExprPtr e) {
  return Bool(BKind::kIsNull, std::move(e));
}

// `eq OR arg IS NULL OR value IS NULL`: the anti-join condition of `arg NOT IN (SELECT value ...)`.
BExprPtr NotInMatch(BExprPtr eq, BExprPtr arg, BExprPtr value) {
  std::vector<BExprPtr> any;
  any.push_back(std::move(eq));
  any.push_back(IsNullOf(std::move(arg)));
  any.push_back(IsNullOf(std::move(value)));
  return BExpr::Make(BKind::kOr, LogicalType::Boolean(), std::move(any));
}

bool ReadsAny(const BExpr& e, const std::set<ColumnBinding>& bindings) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  return std::any_of(used.begin(), used.end(), [&](const ColumnBinding& b) { return bindings.count(b) > 0; });
}

bool ReadsOnly(const BExpr& e, const std::set<ColumnBinding>& bindings) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  return std::all_of(used.begin(), used.end(), [&](const ColumnBinding& b) { return bindings.count(b) > 0; });
}

// Whether any expression of the operator (not its children) reads an outer column.
bool OperatorReadsOuter(const LogicalOperator& op, const std::set<ColumnBinding>& outer) {
  for (const auto& e : op.exprs) {
    if (ReadsAny(*e, outer)) return true;
  }
  for (const auto& a : op.aggregates) {
    for (const auto& e : a.args) {
      if (ReadsAny(*e, outer)) return true;
    }
  }
  for (const auto& s : op.sort_items) {
    if (ReadsAny(*s.expr, outer)) return true;
  }
  for (const auto& w : op.windows) {
    std::vector<ColumnBinding> used;
    w.CollectBindings(&used);
    if (std::any_of(used.begin(), used.end(), [&](const ColumnBinding& b) { return outer.count(b) > 0; })) return true;
  }
  return false;
}

bool SubtreeReadsOuter(const LogicalOperator& op, const std::set<ColumnBinding>& outer) {
  if (OperatorReadsOuter(op, outer)) return true;
  for (const auto& c : op.children) {
    if (SubtreeReadsOuter(*c, outer)) return true;
  }
  return false;
}

// For a correlation predicate `inner = outer` (either order), moves its inner side into agg's groups and
// returns that group's binding and type; *inner_side is where the predicate held it. 0A000 for any other
// predicate.
Status MoveInnerSideToGroups(BExpr* c, const std::set<ColumnBinding>& outer, int location, LogicalOperator* agg,
                             int* inner_side, ColumnBinding* group, LogicalType* type) {
  bool is_eq = c->kind == BKind::kFunction && c->function->name == "=" && c->children.size() == 2;
  if (!is_eq) return UnsupportedCorrelation(location);
  *inner_side = ReadsOnly(*c->children[0], outer) ? 1 : 0;
  if (!ReadsOnly(*c->children[1 - *inner_side], outer) || ReadsAny(*c->children[*inner_side], outer))
    return UnsupportedCorrelation(location);
  *type = c->children[*inner_side]->type;
  *group = ColumnBinding{agg->table_index, static_cast<int>(agg->exprs.size())};
  agg->exprs.push_back(std::move(c->children[*inner_side]));
  return Status::OK();
}

// What aggregate `fn` gives over no rows (COUNT 0, SUM NULL, ...): its fresh state, finalized.
Result<Value> EmptyAggregate(const AggregateFunction& fn) {
  std::vector<uint8_t> state(std::max<size_t>(fn.state_size, 1));
  fn.init(state.data());
  Vector out(fn.return_type, 1);
  Status st = fn.finalize(state.data(), &out, 0);
  if (fn.destroy) fn.destroy(state.data());
  RETURN_IF_ERROR(st);
  return out.GetValue(0);
}

// e with every reference to agg's aggregates replaced by its value over no rows.
Status ReplaceByEmptyAggregates(BExprPtr* e, const LogicalOperator& agg) {
  if ((*e)->kind == BKind::kColumnRef && (*e)->binding.table == agg.aggregate_index) {
    ASSIGN_OR_RETURN(Value v, EmptyAggregate(agg.aggregates[(*e)->binding.column].function));
    *e = BExpr::Constant(v.is_null() ? Value::NullOf((*e)->type) : std::move(v));
    return Status::OK();
  }
  for (auto& c : (*e)->children) RETURN_IF_ERROR(ReplaceByEmptyAggregates(&c, agg));
  return Status::OK();
}

// Replaces column refs with binding `from` by a ref to `to` (same type).
void Rebind(BExpr* e, const ColumnBinding& from, const ColumnBinding& to) {
  if (e->kind == BKind::kColumnRef && e->binding == from) e->binding = to;
  for (auto& c : e->children) Rebind(c.get(), from, to);
}

}  // namespace

Result<BoundQuery> Binder::BindSubqueryPlan(const Query& query, Scope* scope, std::set<ColumnBinding>* outer_refs) {
  Binder sub(ctx_);
  sub.parent_ = this;
  sub.parent_scope_ = scope;
  sub.ctes_ = ctes_;
  sub.next_table_index_ = next_table_index_;
  auto bound = sub.BindQuery(query);
  next_table_index_ = sub.next_table_index_;
  if (!bound.ok()) return bound.status();
  *outer_refs = sub.outer_refs_;
  return bound;
}

Result<Binder::Decorrelated> Binder::Decorrelate(BoundQuery bound, const std::set<ColumnBinding>& outer, int location) {
  Decorrelated d;
  for (const auto& c : bound.columns) d.types.push_back(c.type);
  if (outer.empty() || !SubtreeReadsOuter(*bound.plan, outer)) {
    d.outputs = bound.plan->Bindings();
    d.plan = std::move(bound.plan);
    return d;
  }
  // Expected shape: Projection <- [Aggregate] <- Filter(WHERE) <- FROM, with outer columns read only in the
  // WHERE conjuncts.
  LogicalOperator* proj = bound.plan.get();
  if (proj->kind != LogicalKind::kProjection || OperatorReadsOuter(*proj, outer))
    return UnsupportedCorrelation(location);
  LogicalOperator* below = proj->children[0].get();
  LogicalOperator* agg = nullptr;
  if (below->kind == LogicalKind::kAggregate) {
    agg = below;
    if (OperatorReadsOuter(*agg, outer) || !agg->exprs.empty()) return UnsupportedCorrelation(location);
    below = agg->children[0].get();
  }
  if (below->kind != LogicalKind::kFilter || SubtreeReadsOuter(*below->children[0], outer))
    return UnsupportedCorrelation(location);
  std::vector<BExprPtr> conjuncts, kept, correlated;
  for (auto& e : below->exprs) SplitConjuncts(std::move(e), &conjuncts);
  for (auto& c : conjuncts) (ReadsAny(*c, outer) ? correlated : kept).push_back(std::move(c));
  below->exprs = std::move(kept);
  if (below->exprs.empty()) below->exprs.push_back(BExpr::Constant(Value::Boolean(true)));

  d.outputs = proj->Bindings();
  if (!agg) {
    // Expose the inner columns the correlation reads through the projection.
    for (auto& c : correlated) {
      std::vector<ColumnBinding> used;
      c->CollectBindings(&used);
      std::vector<const BExpr*> refs;
      for (const auto& b : used) {
        if (outer.count(b)) continue;
        ColumnBinding out{proj->table_index, static_cast<int>(proj->exprs.size())};
        LogicalType type = LogicalType::Null();
        std::vector<BExpr*> stack{c.get()};
        while (!stack.empty()) {
          BExpr* x = stack.back();
          stack.pop_back();
          if (x->kind == BKind::kColumnRef && x->binding == b) type = x->type;
          for (auto& ch : x->children) stack.push_back(ch.get());
        }
        proj->exprs.push_back(BExpr::Column(b, type));
        Rebind(c.get(), b, out);
      }
      d.conditions.push_back(std::move(c));
    }
  } else {
    // Regroup the aggregate by the inner side of each `inner = outer` correlation predicate.
    for (auto& c : correlated) {
      int inner_side = 0;
      ColumnBinding group;
      LogicalType key_type;
      RETURN_IF_ERROR(MoveInnerSideToGroups(c.get(), outer, location, agg, &inner_side, &group, &key_type));
      ColumnBinding out{proj->table_index, static_cast<int>(proj->exprs.size())};
      proj->exprs.push_back(BExpr::Column(group, key_type));
      c->children[inner_side] = BExpr::Column(out, key_type);
      d.conditions.push_back(std::move(c));
    }
    d.keyed_aggregate = true;
    // A key without rows finds no group: the subquery's value is then its select expression over no rows
    // (COUNT(*) + 1 is 1, not NULL), a constant, told by the key column coming through NULL.
    BExprPtr empty = proj->exprs[0]->Clone();
    RETURN_IF_ERROR(ReplaceByEmptyAggregates(&empty, *agg));
    // An expression that fails over no rows (COUNT(x) * 100 / COUNT(*) divides by zero) must not fail the
    // statement when every key finds its group: such a subquery stays NULL where no group is found.
    Result<Value> folded = ExprEvaluator::EvaluateConstant(*empty);
    Value v = folded.ok() ? std::move(*folded) : Value::NullOf(empty->type);
    if (!v.is_null()) {
      d.empty_result = std::move(v);
      d.matched = {proj->table_index, static_cast<int>(proj->exprs.size()) - 1};
      d.matched_type = proj->exprs.back()->type;
    }
  }
  d.plan = std::move(bound.plan);
  return d;
}

Result<BExprPtr> Binder::BindScalarSubquery(const Subquery& subquery, Scope* scope) {
  std::set<ColumnBinding> outer;
  ASSIGN_OR_RETURN(auto bound, BindSubqueryPlan(*subquery.query, scope, &outer));
  if (bound.columns.size() != 1)
    return ErrorAt(Status(ErrorCode::kSyntaxError, "subquery must return only one column"), subquery.location);
  ASSIGN_OR_RETURN(auto d, Decorrelate(std::move(bound), outer, subquery.location));
  PendingJoin join;
  join.type = blueshift::JoinType::kLeft;
  join.options.single_match = !d.keyed_aggregate;
  join.conditions = std::move(d.conditions);
  join.right = std::move(d.plan);
  pending_.push_back(std::move(join));
  auto value = BExpr::Column(d.outputs[0], d.types[0]);
  if (!d.empty_result) return value;
  // CASE WHEN the key found no group THEN the value over no rows ELSE the group's
  std::vector<BExprPtr> kids;
  kids.push_back(IsNullOf(BExpr::Column(d.matched, d.matched_type)));
  kids.push_back(BExpr::Constant(*d.empty_result));
  kids.push_back(std::move(value));
  return BExpr::Make(BKind::kCase, d.types[0], std::move(kids));
}

Result<bool> Binder::BindSubqueryConjunct(const Expr& conjunct, Scope* scope) {
  const Expr* e = &conjunct;
  bool negated = false;
  if (e->kind == ExprKind::kUnary && e->As<UnaryOp>().op == "NOT") {
    negated = true;
    e = e->As<UnaryOp>().operand.get();
  }
  if (e->kind != ExprKind::kSubquery) return false;
  const auto& sq = e->As<Subquery>();
  bool is_in = sq.subquery_kind == SubqueryKind::kIn || (sq.subquery_kind == SubqueryKind::kAny && sq.op == "=");
  if (sq.subquery_kind != SubqueryKind::kExists && !is_in) return false;
  negated = negated != sq.negated;
  ASSIGN_OR_RETURN(auto d, BindPredicateSubquery(sq, scope, is_in));
  PendingJoin join;
  join.type = negated ? blueshift::JoinType::kAnti : blueshift::JoinType::kSemi;
  if (is_in) {
    ASSIGN_OR_RETURN(auto arg, BindExpr(*sq.arg, scope));
    auto value = BExpr::Column(d.outputs[0], d.types[0]);
    std::vector<BExprPtr> args;
    args.push_back(arg->Clone());
    args.push_back(value->Clone());
    ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(args), sq.location));
    if (negated && !d.conditions.empty()) {
      // Correlated NOT IN: each outer row has its own set, so the null-aware join (one set for all rows)
      // does not apply. The row fails when a row of its set equals it or either side is NULL.
      eq = NotInMatch(std::move(eq), std::move(arg), std::move(value));
    } else {
      join.options.null_aware = negated;
    }
    join.conditions.push_back(std::move(eq));
  }
  for (auto& c : d.conditions) join.conditions.push_back(std::move(c));
  join.right = std::move(d.plan);
  pending_.push_back(std::move(join));
  return true;
}

Result<LogicalOperatorPtr> Binder::GroupByCorrelation(Decorrelated* d, const std::set<ColumnBinding>& outer,
                                                      std::vector<BExprPtr> extra,
                                                      std::vector<AggregateExpr> aggregates, int location,
                                                      ColumnBinding* first_group, int* aggregate_index) {
  auto agg = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  agg->table_index = next_table_index_++;
  agg->aggregate_index = next_table_index_++;
  *aggregate_index = agg->aggregate_index;
  *first_group = ColumnBinding{agg->table_index, 0};
  for (auto& e : extra) {
    if (IsCaseInsensitive(*e)) {  // distinct up to case, as the x = value it is joined on compares
      ASSIGN_OR_RETURN(e, FoldCase(std::move(e), location));
    }
    agg->exprs.push_back(std::move(e));
  }
  for (auto& c : d->conditions) {
    int inner_side = 0;
    ColumnBinding group;
    LogicalType key_type;
    RETURN_IF_ERROR(MoveInnerSideToGroups(c.get(), outer, location, agg.get(), &inner_side, &group, &key_type));
    c->children[inner_side] = BExpr::Column(group, key_type);
  }
  agg->aggregates = std::move(aggregates);
  agg->children.push_back(std::move(d->plan));
  return LogicalOperatorPtr(std::move(agg));
}

// EXISTS (q): q's distinct correlation keys, LEFT joined on the correlation; a row has a match when its key
// came through (an uncorrelated q: its row count, one row joined to every row).
// x IN (q): q's distinct (value, keys), LEFT joined on x = value and the correlation, says true; else q's
// rows and non-NULL values per key, LEFT joined on the correlation, tell false (no row, or x and every value
// not NULL) from NULL, as SQL's three-valued IN does.
Result<Binder::Decorrelated> Binder::BindPredicateSubquery(const Subquery& sq, Scope* scope, bool one_column) {
  std::set<ColumnBinding> outer;
  ASSIGN_OR_RETURN(auto bound, BindSubqueryPlan(*sq.query, scope, &outer));
  if (one_column && bound.columns.size() != 1)
    return ErrorAt(Status(ErrorCode::kSyntaxError, "subquery has too many columns"), sq.location);
  ASSIGN_OR_RETURN(auto d, Decorrelate(std::move(bound), outer, sq.location));
  if (d.keyed_aggregate) return UnsupportedCorrelation(sq.location);
  d.outer = std::move(outer);
  return d;
}

void Binder::AddLeftJoin(LogicalOperatorPtr right, std::vector<BExprPtr> conditions) {
  PendingJoin join;
  join.type = blueshift::JoinType::kLeft;
  join.options.single_match = conditions.empty();  // one row joined to every row
  join.conditions = std::move(conditions);
  join.right = std::move(right);
  pending_.push_back(std::move(join));
}

Result<BExprPtr> Binder::Compare(const std::string& op, BExprPtr a, BExprPtr b, int location) {
  std::vector<BExprPtr> args;
  args.push_back(std::move(a));
  args.push_back(std::move(b));
  return CallFunction(op, std::move(args), location);
}

Result<LogicalOperatorPtr> Binder::CountValues(Decorrelated* d, std::vector<std::string> more, int location,
                                               int* aggregates) {
  LogicalType type = d->types[0];
  std::vector<AggregateExpr> aggs;
  more.insert(more.begin(), {"count", "count"});
  for (size_t i = 0; i < more.size(); i++) {
    AggregateExpr a;
    bool star = i == 0;
    ASSIGN_OR_RETURN(
        a.function,
        ResolveAggregateFunction(more[i], star ? std::vector<LogicalType>{} : std::vector<LogicalType>{type}, star));
    if (!star) a.args.push_back(BExpr::Column(d->outputs[0], type));
    aggs.push_back(std::move(a));
  }
  ColumnBinding first;
  return GroupByCorrelation(d, d->outer, {}, std::move(aggs), location, &first, aggregates);
}

Result<BExprPtr> Binder::ThreeValued(int counts, BExprPtr x, BExprPtr decisive, bool decides, bool otherwise,
                                     int location) {
  auto n = [&] { return BExpr::Column({counts, 0}, LogicalType::BigInt()); };
  ASSIGN_OR_RETURN(auto zero, Compare("=", n(), BExpr::Constant(Value::BigInt(0)), location));
  ASSIGN_OR_RETURN(auto fewer, Compare("<", BExpr::Column({counts, 1}, LogicalType::BigInt()), n(), location));
  std::vector<BExprPtr> kids;
  kids.push_back(Bool(BKind::kOr, IsNullOf(n()), std::move(zero)));  // no row
  kids.push_back(BExpr::Constant(Value::Boolean(otherwise)));
  kids.push_back(std::move(decisive));
  kids.push_back(BExpr::Constant(Value::Boolean(decides)));
  kids.push_back(Bool(BKind::kOr, IsNullOf(std::move(x)), std::move(fewer)));  // a NULL leaves it open
  kids.push_back(BExpr::Constant(Value::NullOf(LogicalType::Boolean())));
  kids.push_back(BExpr::Constant(Value::Boolean(otherwise)));
  return BExpr::Make(BKind::kCase, LogicalType::Boolean(), std::move(kids));
}

Result<BExprPtr> Binder::BindSubqueryPredicate(const Subquery& sq, Scope* scope) {
  if (sq.subquery_kind == SubqueryKind::kExists) return BindExistsPredicate(sq, scope);
  bool is_in = sq.subquery_kind == SubqueryKind::kIn || (sq.subquery_kind == SubqueryKind::kAny && sq.op == "=") ||
               (sq.subquery_kind == SubqueryKind::kAll && (sq.op == "<>" || sq.op == "!="));
  if (!is_in) return BindQuantifiedSubquery(sq, scope);
  ASSIGN_OR_RETURN(auto found, BindInPredicate(sq, scope));
  bool negated = sq.negated || sq.subquery_kind == SubqueryKind::kAll;  // `<> ALL` is NOT IN
  return negated ? Bool(BKind::kNot, std::move(found)) : std::move(found);
}

Result<BExprPtr> Binder::BindExistsPredicate(const Subquery& sq, Scope* scope) {
  ASSIGN_OR_RETURN(auto d, BindPredicateSubquery(sq, scope, false));
  ColumnBinding group;
  int aggregates = -1;
  if (d.conditions.empty()) {
    std::vector<AggregateExpr> count(1);
    ASSIGN_OR_RETURN(count[0].function, ResolveAggregateFunction("count", {}, true));
    ASSIGN_OR_RETURN(auto plan,
                     GroupByCorrelation(&d, d.outer, {}, std::move(count), sq.location, &group, &aggregates));
    AddLeftJoin(std::move(plan), {});
    return Compare(">", BExpr::Column({aggregates, 0}, LogicalType::BigInt()), BExpr::Constant(Value::BigInt(0)),
                   sq.location);
  }
  ASSIGN_OR_RETURN(auto plan, GroupByCorrelation(&d, d.outer, {}, {}, sq.location, &group, &aggregates));
  LogicalType key_type = plan->exprs[0]->type;
  AddLeftJoin(std::move(plan), std::move(d.conditions));
  return Bool(BKind::kNot, IsNullOf(BExpr::Column(group, key_type)));  // a key came through: a match
}

Result<BExprPtr> Binder::BindInPredicate(const Subquery& sq, Scope* scope) {
  ASSIGN_OR_RETURN(auto arg, BindExpr(*sq.arg, scope));
  // The matches: q's distinct (value, keys), joined on x = value and the correlation. The subquery is bound
  // (and runs) a second time for the counts: a logical plan is a tree.
  ASSIGN_OR_RETURN(auto m, BindPredicateSubquery(sq, scope, true));
  LogicalType value_type = m.types[0];
  std::vector<BExprPtr> value;
  value.push_back(BExpr::Column(m.outputs[0], value_type));
  ColumnBinding value_group;
  int unused = -1;
  ASSIGN_OR_RETURN(auto matches,
                   GroupByCorrelation(&m, m.outer, std::move(value), {}, sq.location, &value_group, &unused));
  ASSIGN_OR_RETURN(auto eq, Compare("=", arg->Clone(), BExpr::Column(value_group, value_type), sq.location));
  std::vector<BExprPtr> match_on;
  match_on.push_back(std::move(eq));
  for (auto& c : m.conditions) match_on.push_back(std::move(c));
  AddLeftJoin(std::move(matches), std::move(match_on));
  ASSIGN_OR_RETURN(auto c, BindPredicateSubquery(sq, scope, true));
  int counts = -1;
  ASSIGN_OR_RETURN(auto plan, CountValues(&c, {}, sq.location, &counts));
  AddLeftJoin(std::move(plan), std::move(c.conditions));
  // CASE WHEN no row THEN false WHEN value matched THEN true WHEN x or a value is NULL THEN NULL ELSE false
  BExprPtr matched = Bool(BKind::kNot, IsNullOf(BExpr::Column(value_group, value_type)));
  return ThreeValued(counts, std::move(arg), std::move(matched), true, false, sq.location);
}

// x op ANY (q) and x op ALL (q) for another op: q's rows, non-NULL values, MIN and MAX per correlation
// key, LEFT joined on the correlation. ANY holds when x op holds against the value most likely to pass (MIN
// for >, MAX for <; either differs from x for <>), ALL when it holds against the least likely (and both
// MIN and MAX equal x for =); an empty q gives false for ANY and true for ALL, and where neither is sure, a
// NULL x or a NULL among the values makes the answer NULL.
Result<BExprPtr> Binder::BindQuantifiedSubquery(const Subquery& sq, Scope* scope) {
  static const std::set<std::string> kOps = {"<", "<=", ">", ">=", "=", "<>", "!="};
  if (!kOps.count(sq.op))
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "operator " + sq.op + " is not supported with ANY or ALL"),
                   sq.location);
  bool all = sq.subquery_kind == SubqueryKind::kAll;
  std::string op = sq.op == "!=" ? "<>" : sq.op;
  ASSIGN_OR_RETURN(auto arg, BindExpr(*sq.arg, scope));
  ASSIGN_OR_RETURN(auto d, BindPredicateSubquery(sq, scope, true));
  int counts = -1;
  // Booleans order false before true: their MIN and MAX are BOOL_AND and BOOL_OR.
  bool boolean = d.types[0].id() == TypeId::kBoolean;
  std::vector<std::string> bounds =
      boolean ? std::vector<std::string>{"bool_and", "bool_or"} : std::vector<std::string>{"min", "max"};
  ASSIGN_OR_RETURN(auto plan, CountValues(&d, std::move(bounds), sq.location, &counts));
  LogicalType min_type = plan->aggregates[2].function.return_type;
  LogicalType max_type = plan->aggregates[3].function.return_type;
  AddLeftJoin(std::move(plan), std::move(d.conditions));
  auto min = [&] { return BExpr::Column({counts, 2}, min_type); };
  auto max = [&] { return BExpr::Column({counts, 3}, max_type); };
  // The test that decides: against MIN or MAX (both, for = ALL and <> ANY).
  BExprPtr decisive;
  if (op == "=" || op == "<>") {
    ASSIGN_OR_RETURN(auto at_min, Compare(op, arg->Clone(), min(), sq.location));
    ASSIGN_OR_RETURN(auto at_max, Compare(op, arg->Clone(), max(), sq.location));
    decisive = Bool(all ? BKind::kAnd : BKind::kOr, std::move(at_min), std::move(at_max));
  } else {
    bool use_max = all ? op[0] != '<' : op[0] == '<';  // ANY: x < MAX; ALL: x < MIN (and the mirror for >)
    ASSIGN_OR_RETURN(decisive, Compare(op, arg->Clone(), use_max ? max() : min(), sq.location));
  }
  // ANY: CASE WHEN no row THEN false WHEN decisive THEN true WHEN a NULL THEN NULL ELSE false
  // ALL: CASE WHEN no row THEN true WHEN NOT decisive THEN false WHEN a NULL THEN NULL ELSE true
  if (all) decisive = Bool(BKind::kNot, std::move(decisive));
  return ThreeValued(counts, std::move(arg), std::move(decisive), !all, all, sq.location);
}

LogicalOperatorPtr Binder::ApplyJoins(LogicalOperatorPtr plan, std::vector<PendingJoin> joins) {
  for (auto& p : joins) {
    auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
    join->join_type = p.type;
    join->join_options = p.options;
    join->exprs = std::move(p.conditions);
    join->children.push_back(std::move(plan));
    join->children.push_back(std::move(p.right));
    plan = std::move(join);
  }
  return plan;
}

LogicalOperatorPtr Binder::ApplyPending(LogicalOperatorPtr plan) {
  std::vector<PendingJoin> joins;
  joins.swap(pending_);
  return ApplyJoins(std::move(plan), std::move(joins));
}

}  // namespace blueshift::sql
