#include "plan/optimizer.h"

#include <algorithm>
#include <map>
#include <set>

#include "exec/physical_hash_aggregate.h"
#include "function/aggregate_merge.h"
#include "function/cast.h"
#include "plan/cardinality.h"
#include "plan/join_order.h"

namespace blueshift {

void SplitConjuncts(ExprPtr expr, std::vector<ExprPtr>* out) {
  if (expr->kind == ExprKind::kAnd) {
    for (auto& c : expr->children) SplitConjuncts(std::move(c), out);
    return;
  }
  out->push_back(std::move(expr));
}

namespace {

bool ReadsOnly(const Expr& e, const std::vector<ColumnBinding>& bindings) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  for (const auto& b : used) {
    if (std::find(bindings.begin(), bindings.end(), b) == bindings.end()) return false;
  }
  return true;
}

bool IsTrueConstant(const Expr& e) {
  return e.kind == ExprKind::kConstant && !e.constant.is_null() && e.type.id() == TypeId::kBoolean &&
         e.constant.GetBool();
}

LogicalOperatorPtr WrapFilter(LogicalOperatorPtr child, std::vector<ExprPtr> conjuncts) {
  std::erase_if(conjuncts, [](const ExprPtr& c) { return IsTrueConstant(*c); });
  if (conjuncts.empty()) return child;
  auto f = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  f->exprs = std::move(conjuncts);
  f->children.push_back(std::move(child));
  return f;
}

// A zone filter from `col op const` (either side), if the constant has the column's type (the binder casts
// constants to it when it can) or both are strings: CHAR and VARCHAR of any length compare alike, without
// trailing blanks, which ZoneFilter::MayMatch allows for.
void ExtractZoneFilter(const Expr& e, LogicalOperator* get) {
  if (e.kind != ExprKind::kFunction || e.children.size() != 2) return;
  static const std::pair<const char*, ZoneFilter::Op> kOps[] = {
      {"=", ZoneFilter::Op::kEq}, {"<", ZoneFilter::Op::kLt},  {"<=", ZoneFilter::Op::kLe},
      {">", ZoneFilter::Op::kGt}, {">=", ZoneFilter::Op::kGe},
  };
  const std::string& name = e.function->name;
  int which = -1;
  for (int i = 0; i < 5; i++) {
    if (name == kOps[i].first) which = i;
  }
  if (which < 0) return;
  const Expr* col = e.children[0].get();
  const Expr* cst = e.children[1].get();
  ZoneFilter::Op op = kOps[which].second;
  if (col->kind != ExprKind::kColumnRef) {
    std::swap(col, cst);
    static const ZoneFilter::Op kFlip[] = {ZoneFilter::Op::kEq, ZoneFilter::Op::kGt, ZoneFilter::Op::kGe,
                                           ZoneFilter::Op::kLt, ZoneFilter::Op::kLe};
    op = kFlip[which];
  }
  if (col->kind != ExprKind::kColumnRef || cst->kind != ExprKind::kConstant || cst->constant.is_null()) return;
  if (col->binding.table != get->table_index) return;
  const LogicalType& type = get->table->columns[col->binding.column].type;
  if (cst->type != type && !(cst->type.IsString() && type.IsString())) return;
  get->zone_filters.push_back({col->binding.column, op, cst->constant});
}

LogicalOperatorPtr PushDown(LogicalOperatorPtr op, std::vector<ExprPtr> pending);

// (A AND X) OR (A AND Y) -> A AND (X OR Y): a join key repeated in every branch of an OR (TPC-H Q19)
// becomes a conjunct the join can hash on. Conjuncts are compared structurally (Expr::Equals).
void FactorOr(ExprPtr e, std::vector<ExprPtr>* out) {
  if (e->kind != ExprKind::kOr) {
    out->push_back(std::move(e));
    return;
  }
  // Flatten nested ORs ((A OR B) OR C) into one list of branches.
  std::vector<ExprPtr> disjuncts_in;
  std::vector<ExprPtr> stack;
  stack.push_back(std::move(e));
  while (!stack.empty()) {
    ExprPtr x = std::move(stack.back());
    stack.pop_back();
    if (x->kind == ExprKind::kOr) {
      for (auto it = x->children.rbegin(); it != x->children.rend(); ++it) stack.push_back(std::move(*it));
    } else {
      disjuncts_in.push_back(std::move(x));
    }
  }
  std::vector<std::vector<ExprPtr>> branches;
  for (auto& c : disjuncts_in) {
    branches.emplace_back();
    SplitConjuncts(std::move(c), &branches.back());
  }
  std::vector<ExprPtr> common;
  for (auto& candidate : branches[0]) {
    if (!candidate) continue;
    const Expr& c = *candidate;
    bool everywhere = std::all_of(branches.begin() + 1, branches.end(), [&](const std::vector<ExprPtr>& b) {
      return std::any_of(b.begin(), b.end(), [&](const ExprPtr& x) { return x && x->Equals(c); });
    });
    if (!everywhere) continue;
    for (size_t bi = 1; bi < branches.size(); bi++) {
      for (auto& x : branches[bi]) {
        if (x && x->Equals(c)) {
          x.reset();
          break;
        }
      }
    }
    common.push_back(std::move(candidate));
  }
  std::vector<ExprPtr> disjuncts;
  bool any_empty = false;
  for (auto& b : branches) {
    std::vector<ExprPtr> rest;
    for (auto& x : b) {
      if (x) rest.push_back(std::move(x));
    }
    if (rest.empty()) any_empty = true;  // that branch is just the common part: the OR is always true
    disjuncts.push_back(rest.size() == 1 ? std::move(rest[0])
                                         : Expr::Make(ExprKind::kAnd, LogicalType::Boolean(), std::move(rest)));
  }
  for (auto& c : common) out->push_back(std::move(c));
  if (!any_empty) out->push_back(Expr::Make(ExprKind::kOr, LogicalType::Boolean(), std::move(disjuncts)));
}

std::vector<ExprPtr> Normalize(std::vector<ExprPtr> exprs) {
  std::vector<ExprPtr> conjuncts, out;
  for (auto& e : exprs) SplitConjuncts(std::move(e), &conjuncts);
  for (auto& c : conjuncts) FactorOr(std::move(c), &out);
  return out;
}

bool Deterministic(const Expr& e) {
  if (e.kind == ExprKind::kFunction && !e.function->deterministic) return false;
  return std::all_of(e.children.begin(), e.children.end(), [](const ExprPtr& c) { return Deterministic(*c); });
}

// An OR whose branches each hold a conjunct reading `side` alone implies the OR of those conjuncts:
// `(p.brand = 'a' AND l.qty < 5 AND ...) OR (p.brand = 'b' AND l.qty > 10 AND ...)` implies
// `p.brand = 'a' OR p.brand = 'b'` on one side of the join and `l.qty < 5 OR l.qty > 10` on the other (TPC-H
// Q19). Either runs before the join while the OR itself stays with it. Null when some branch has none.
ExprPtr ImpliedFilter(const Expr& e, const std::vector<ColumnBinding>& side) {
  if (e.kind != ExprKind::kOr || !Deterministic(e)) return nullptr;
  std::vector<ExprPtr> branches;
  for (const auto& branch : e.children) {
    std::vector<const Expr*> conjuncts;
    if (branch->kind == ExprKind::kAnd) {
      for (const auto& c : branch->children) conjuncts.push_back(c.get());
    } else {
      conjuncts.push_back(branch.get());
    }
    std::vector<ExprPtr> mine;
    for (const Expr* c : conjuncts) {
      std::vector<ColumnBinding> used;
      c->CollectBindings(&used);
      if (!used.empty() && ReadsOnly(*c, side)) mine.push_back(c->Clone());
    }
    if (mine.empty()) return nullptr;
    branches.push_back(mine.size() == 1 ? std::move(mine[0])
                                        : Expr::Make(ExprKind::kAnd, LogicalType::Boolean(), std::move(mine)));
  }
  return Expr::Make(ExprKind::kOr, LogicalType::Boolean(), std::move(branches));
}

// Whether no row whose columns of `side` are all NULL passes conjunct c: a comparison with such a column as
// one operand (casts aside) is NULL then.
bool RejectsNulls(const Expr& c, const std::vector<ColumnBinding>& side) {
  static const char* kCompare[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
  if (c.kind != ExprKind::kFunction || c.children.size() != 2) return false;
  if (std::none_of(std::begin(kCompare), std::end(kCompare), [&](const char* op) { return c.function->name == op; }))
    return false;
  for (const auto& operand : c.children) {
    const Expr* x = operand.get();
    while (x->kind == ExprKind::kCast) x = x->children[0].get();
    if (x->kind == ExprKind::kColumnRef && std::find(side.begin(), side.end(), x->binding) != side.end()) return true;
  }
  return false;
}

LogicalOperatorPtr PushIntoJoin(LogicalOperatorPtr join, std::vector<ExprPtr> pending) {
  join->exprs = Normalize(std::move(join->exprs));
  pending = Normalize(std::move(pending));
  // A LEFT join under a condition that no NULL-padded row passes is an inner join (a scalar subquery's
  // `l_quantity < (SELECT 0.2 * AVG(...) ...)`, TPC-H Q17 and Q20): the rows it would pad are filtered out
  // above it anyway. As an inner join it joins in any order, and either side may be the build side.
  if (join->join_type == JoinType::kLeft && !join->join_options.single_match) {
    auto right_b = join->children[1]->Bindings();
    if (std::any_of(pending.begin(), pending.end(), [&](const ExprPtr& c) { return RejectsNulls(*c, right_b); }))
      join->join_type = JoinType::kInner;
  }
  if (join->join_type != JoinType::kInner) {
    // Left, semi and anti joins keep every left row's fate with the row: a filter on left columns alone
    // may run before the join. Their own conditions stay with the join, except those that read the right
    // side alone: a right row failing one matches no left row, so it may as well be filtered out before
    // the join (`LEFT JOIN orders ON c_custkey = o_custkey AND o_comment NOT LIKE ...`, TPC-H Q13).
    auto left_b = join->children[0]->Bindings();
    auto right_b = join->children[1]->Bindings();
    std::vector<ExprPtr> left, right, above, own;
    for (auto& c : pending) (ReadsOnly(*c, left_b) ? left : above).push_back(std::move(c));
    // Not under NOT IN (null-aware): whether the right side holds a NULL at all decides its answer.
    const bool keep_right = join->join_options.null_aware;
    for (auto& c : join->exprs) (!keep_right && ReadsOnly(*c, right_b) ? right : own).push_back(std::move(c));
    join->exprs = std::move(own);
    join->children[0] = PushDown(std::move(join->children[0]), std::move(left));
    join->children[1] = PushDown(std::move(join->children[1]), std::move(right));
    return WrapFilter(std::move(join), std::move(above));
  }
  for (auto& c : join->exprs) pending.push_back(std::move(c));
  join->exprs.clear();
  auto left_b = join->children[0]->Bindings();
  auto right_b = join->children[1]->Bindings();
  std::vector<ExprPtr> left, right;
  for (auto& c : pending) {
    if (ReadsOnly(*c, left_b)) {
      left.push_back(std::move(c));
    } else if (ReadsOnly(*c, right_b)) {
      right.push_back(std::move(c));
    } else {
      if (ExprPtr l = ImpliedFilter(*c, left_b)) left.push_back(std::move(l));
      if (ExprPtr r = ImpliedFilter(*c, right_b)) right.push_back(std::move(r));
      join->exprs.push_back(std::move(c));
    }
  }
  join->children[0] = PushDown(std::move(join->children[0]), std::move(left));
  join->children[1] = PushDown(std::move(join->children[1]), std::move(right));
  return join;
}

LogicalOperatorPtr PushDown(LogicalOperatorPtr op, std::vector<ExprPtr> pending) {
  switch (op->kind) {
    case LogicalKind::kFilter: {
      for (auto& c : op->exprs) pending.push_back(std::move(c));
      return PushDown(std::move(op->children[0]), std::move(pending));
    }
    case LogicalKind::kJoin:
      return PushIntoJoin(std::move(op), std::move(pending));
    case LogicalKind::kGet:
      pending = Normalize(std::move(pending));
      for (const auto& c : pending) ExtractZoneFilter(*c, op.get());
      return WrapFilter(std::move(op), std::move(pending));
    default:
      for (auto& c : op->children) c = PushDown(std::move(c), {});
      return WrapFilter(std::move(op), std::move(pending));
  }
}

// What `op` itself reads of its children's outputs.
std::set<ColumnBinding> OwnUses(const LogicalOperator& op) {
  std::set<ColumnBinding> used;
  std::vector<ColumnBinding> b;
  for (const auto& e : op.exprs) e->CollectBindings(&b);
  for (const auto& a : op.aggregates) {
    for (const auto& e : a.args) e->CollectBindings(&b);
  }
  for (const auto& s : op.sort_items) s.expr->CollectBindings(&b);
  for (const auto& w : op.windows) w.CollectBindings(&b);
  for (const auto& row : op.rows) {
    for (const auto& e : row) e->CollectBindings(&b);
  }
  used.insert(b.begin(), b.end());
  return used;
}

void CollectUsed(const LogicalOperator& op, std::set<ColumnBinding>* used) {
  auto own = OwnUses(op);
  used->insert(own.begin(), own.end());
  std::vector<ColumnBinding> b;
  // An INSERT reads every column of its input, a LIMIT/SORT passes all through: their children's outputs
  // that reach the root are used by whatever reads the root, so count the root's outputs too (caller).
  // UNION ALL, DELETE, UPDATE and WITH RECURSIVE's loop read theirs by position too.
  bool positional = op.kind == LogicalKind::kInsert || op.kind == LogicalKind::kUnion ||
                    op.kind == LogicalKind::kDelete || op.kind == LogicalKind::kUpdate ||
                    op.kind == LogicalKind::kRecursiveCte;
  if (positional) {
    for (const auto& c : op.children) {
      auto cb = c->Bindings();
      b.insert(b.end(), cb.begin(), cb.end());
    }
  }
  used->insert(b.begin(), b.end());
  for (const auto& c : op.children) CollectUsed(*c, used);
}

using Remap = std::map<int, std::vector<int>>;  // projection table index -> new position per old output

void RemapExpr(Expr* e, const Remap& remap) {
  if (e->kind == ExprKind::kColumnRef) {
    auto it = remap.find(e->binding.table);
    if (it != remap.end()) e->binding.column = it->second[e->binding.column];
  }
  for (auto& c : e->children) RemapExpr(c.get(), remap);
}

void RemapPlan(LogicalOperator* op, const Remap& remap) {
  for (auto& e : op->exprs) RemapExpr(e.get(), remap);
  for (auto& a : op->aggregates) {
    for (auto& e : a.args) RemapExpr(e.get(), remap);
  }
  for (auto& s : op->sort_items) RemapExpr(s.expr.get(), remap);
  for (auto& w : op->windows) {
    for (auto& e : w.args) RemapExpr(e.get(), remap);
    for (auto& e : w.partitions) RemapExpr(e.get(), remap);
    for (auto& o : w.orders) RemapExpr(o.expr.get(), remap);
  }
  for (auto& row : op->rows) {
    for (auto& e : row) RemapExpr(e.get(), remap);
  }
  for (auto& c : op->children) RemapPlan(c.get(), remap);
}

// Drops the outputs of projections below the root that nothing reads (a subquery's SELECT * feeding a
// join that reads two of its columns), so the scans below stop reading the columns they computed from.
void PruneProjections(LogicalOperator* op, const std::set<ColumnBinding>& used, bool root, Remap* remap) {
  if (op->kind == LogicalKind::kProjection && !root) {
    std::vector<int> map(op->exprs.size(), -1);
    std::vector<ExprPtr> kept;
    for (size_t i = 0; i < op->exprs.size(); i++) {
      bool last_chance = kept.empty() && i + 1 == op->exprs.size();  // keep one output: rows still count
      if (used.count({op->table_index, static_cast<int>(i)}) || last_chance) {
        map[i] = static_cast<int>(kept.size());
        kept.push_back(std::move(op->exprs[i]));
      }
    }
    if (kept.size() < map.size()) (*remap)[op->table_index] = std::move(map);
    op->exprs = std::move(kept);
  }
  for (auto& c : op->children) PruneProjections(c.get(), used, false, remap);
}

void Prune(LogicalOperator* op, const std::set<ColumnBinding>& used) {
  if (op->kind == LogicalKind::kGet) {
    std::vector<int> keep;
    for (int c : op->columns) {
      if (used.count({op->table_index, c})) keep.push_back(c);
    }
    op->rows_only = keep.empty() && !op->columns.empty();
    if (op->rows_only) keep.push_back(op->columns[0]);  // COUNT(*) still needs rows, not their values
    op->columns = keep;
  }
  for (auto& c : op->children) Prune(c.get(), used);
}

// A filter right below a join passes on columns that only its own conditions read (o_comment in TPC-H
// Q13, after its NOT LIKE moved below the join): the join would store them in its hash table or copy them
// into every output row. Marks such filters, and joins, to drop those columns. `needed`: what op's
// consumers read.
void NarrowFilters(LogicalOperator* op, const std::set<ColumnBinding>& needed) {
  // An inner or LEFT join passes on only what its consumers read: its key columns, once matched, usually
  // not (TPC-H Q9 carried eight key columns of five joins up into its last hash table).
  if (op->kind == LogicalKind::kJoin && op->narrow_to.empty() && !op->join_options.build_left &&
      (op->join_type == JoinType::kInner || op->join_type == JoinType::kLeft)) {
    std::vector<ColumnBinding> keep;
    auto all = op->Bindings();
    for (const auto& b : all) {
      if (needed.count(b)) keep.push_back(b);
    }
    if (!keep.empty() && keep.size() < all.size()) op->narrow_to = std::move(keep);
  }
  std::set<ColumnBinding> below = needed;
  auto own = OwnUses(*op);
  below.insert(own.begin(), own.end());
  bool positional = op->kind != LogicalKind::kJoin && op->kind != LogicalKind::kFilter &&
                    op->kind != LogicalKind::kProjection && op->kind != LogicalKind::kAggregate &&
                    op->kind != LogicalKind::kSort && op->kind != LogicalKind::kLimit &&
                    op->kind != LogicalKind::kWindow;
  if (positional) {  // unions, inserts and the like read their inputs by position: keep everything below
    for (const auto& c : op->children) {
      auto cb = c->Bindings();
      below.insert(cb.begin(), cb.end());
    }
  }
  for (auto& c : op->children) {
    if (op->kind == LogicalKind::kJoin && c->kind == LogicalKind::kFilter && c->narrow_to.empty()) {
      std::vector<ColumnBinding> keep;
      auto all = c->children[0]->Bindings();
      for (const auto& b : all) {
        if (below.count(b)) keep.push_back(b);
      }
      if (!keep.empty() && keep.size() < all.size()) c->narrow_to = std::move(keep);
    }
    NarrowFilters(c.get(), below);
  }
}

int MaxIndex(const LogicalOperator& op) {
  int m = std::max(op.table_index, op.aggregate_index);
  for (const auto& c : op.children) m = std::max(m, MaxIndex(*c));
  return m;
}

// COUNT / SUM / AVG / MIN / MAX (DISTINCT x) of one x (perhaps widened by a cast, as SUM's is), beside any
// COUNT, SUM, AVG, MIN or MAX without DISTINCT: group by the groups and x first (the duplicates go, and the
// other aggregates fold into parts per (group, x)), then aggregate x plainly per group and merge the parts
// (ResolveAggregateParts: AVG's parts are a SUM and a COUNT). Two hash aggregations of fixed-size states instead of a
// set of distinct values per group, so both spill when they outgrow the query's memory. Not when x is a small integer
// and every aggregate is DISTINCT: the aggregate then keeps (group, x) pairs itself
// (PhysicalHashAggregate::DistinctPairsApply), hashing the groups once and spilling the pairs when they
// outgrow the query's memory (TPC-H Q16's COUNT(DISTINCT ps_suppkey) over 18,000 groups; over all 6M lineitem
// rows, COUNT(DISTINCT l_partkey) GROUP BY l_suppkey takes about 30% less CPU than split).
void SplitDistinctAggregates(LogicalOperator* op, int* next_index) {
  for (auto& c : op->children) SplitDistinctAggregates(c.get(), next_index);
  if (op->kind != LogicalKind::kAggregate || op->aggregates.empty() || !op->empty_input_groups.empty()) return;
  if (PhysicalHashAggregate::DistinctPairsApply(op->aggregates)) return;
  static const char* kSplittable[] = {"count", "sum", "avg", "min", "max"};
  const Expr* x = nullptr;                                   // the DISTINCT aggregates' value
  std::vector<AggregateParts> parts(op->aggregates.size());  // the others' parts
  for (size_t j = 0; j < op->aggregates.size(); j++) {
    const AggregateExpr& a = op->aggregates[j];
    if (!a.distinct) {
      auto split = ResolveAggregateParts(a.function);
      if (!split.ok()) return;
      parts[j] = std::move(*split);
      continue;
    }
    if (a.args.size() != 1) return;
    const Expr& value = PhysicalHashAggregate::DistinctValue(*a.args[0]);
    if (x && !value.Equals(*x)) return;
    x = &value;
    if (std::none_of(std::begin(kSplittable), std::end(kSplittable),
                     [&](const char* name) { return a.function.name == name; }))
      return;
  }
  if (!x) return;
  auto inner = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  inner->table_index = (*next_index)++;
  inner->aggregate_index = (*next_index)++;
  std::vector<ExprPtr> outer_groups;
  for (size_t i = 0; i < op->exprs.size(); i++) {
    outer_groups.push_back(Expr::Column({inner->table_index, static_cast<int>(i)}, op->exprs[i]->type));
    inner->exprs.push_back(std::move(op->exprs[i]));
  }
  ExprPtr value = Expr::Column({inner->table_index, static_cast<int>(inner->exprs.size())}, x->type);
  inner->exprs.push_back(x->Clone());
  for (size_t j = 0; j < op->aggregates.size(); j++) {
    AggregateExpr& a = op->aggregates[j];
    if (a.distinct) {
      a.distinct = false;
      a.args[0] = PhysicalHashAggregate::ReplaceDistinctValue(*a.args[0], *value);
      continue;
    }
    AggregateExpr merge;
    merge.function = std::move(parts[j].merge);
    for (auto& fn : parts[j].parts) {
      merge.args.push_back(
          Expr::Column({inner->aggregate_index, static_cast<int>(inner->aggregates.size())}, fn.return_type));
      AggregateExpr part;
      part.function = std::move(fn);
      for (const auto& arg : a.args) part.args.push_back(arg->Clone());
      inner->aggregates.push_back(std::move(part));
    }
    a = std::move(merge);
  }
  inner->children.push_back(std::move(op->children[0]));
  op->children[0] = std::move(inner);
  op->exprs = std::move(outer_groups);
}

// The rows of R each grouping is expected to fold together before it pays for itself.
constexpr double kEagerAggregateRowsPerKey = 4;

bool IsPlainInnerJoin(const LogicalOperator& op) {
  return op.kind == LogicalKind::kJoin && op.join_type == JoinType::kInner;
}

// Eager aggregation. A GROUP BY over `L [LEFT] JOIN R ON l1 = r1 AND ...` whose groups read only L and whose
// aggregates (COUNT, SUM, MIN, MAX; no DISTINCT) read only R aggregates R by its join keys first: each L row
// then meets at most one row holding the parts of its R rows, and the GROUP BY folds the parts
// (ResolveMergeAggregate: counts are summed, a missing part counting 0). Only when R is expected to hold
// several rows per key (TPC-H Q13: 1.5M orders become 100K customers' counts before the join), not for
// COUNT(*) over a LEFT join (an unmatched L row counts 1), and not for inner joins of more than two inputs
// (those are join ordering's).
void AggregateBeforeJoin(LogicalOperator* op, CardinalityEstimator& est, int* next_index) {
  for (auto& c : op->children) AggregateBeforeJoin(c.get(), est, next_index);
  if (op->kind != LogicalKind::kAggregate || op->exprs.empty() || !op->empty_input_groups.empty()) return;
  LogicalOperator* join = op->children[0].get();
  if (join->kind != LogicalKind::kJoin || join->exprs.empty() || join->join_options.single_match ||
      join->join_options.null_aware || join->join_options.nulls_equal || join->join_options.build_left)
    return;
  const bool left_join = join->join_type == JoinType::kLeft;
  if (!left_join && join->join_type != JoinType::kInner) return;
  if (!left_join && (IsPlainInnerJoin(*join->children[0]) || IsPlainInnerJoin(*join->children[1]))) return;
  auto left_b = join->children[0]->Bindings();
  auto right_b = join->children[1]->Bindings();
  for (const auto& g : op->exprs) {
    if (!ReadsOnly(*g, left_b)) return;
  }
  std::vector<std::pair<Expr*, size_t>> keys;  // each condition and which of its operands is R's column
  for (const auto& c : join->exprs) {
    if (c->kind != ExprKind::kFunction || c->function->name != "=" || c->children.size() != 2) return;
    size_t r = c->children[1]->kind == ExprKind::kColumnRef && ReadsOnly(*c->children[1], right_b) ? 1 : 0;
    if (c->children[r]->kind != ExprKind::kColumnRef || !ReadsOnly(*c->children[r], right_b) ||
        !ReadsOnly(*c->children[1 - r], left_b))
      return;
    keys.emplace_back(c.get(), r);
  }
  std::vector<AggregateFunction> merges;
  for (const auto& a : op->aggregates) {
    if (a.distinct || (left_join && a.args.empty())) return;
    for (const auto& arg : a.args) {
      if (!ReadsOnly(*arg, right_b)) return;
    }
    auto merge = ResolveMergeAggregate(a.function);
    if (!merge.ok()) return;
    merges.push_back(std::move(*merge));
  }
  double rows = est.Estimate(*join->children[1]);
  double groups = 1;
  for (const auto& [c, r] : keys) {
    double d = est.Distinct(c->children[r]->binding);
    groups *= d > 0 ? d : rows;
  }
  if (rows < kEagerAggregateRowsPerKey * std::min(groups, rows)) return;

  auto parts = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  parts->table_index = (*next_index)++;
  parts->aggregate_index = (*next_index)++;
  for (size_t k = 0; k < keys.size(); k++) {
    auto& [c, r] = keys[k];
    LogicalType type = c->children[r]->type;
    std::string name = c->children[r]->alias;
    parts->exprs.push_back(std::move(c->children[r]));
    c->children[r] = Expr::Column({parts->table_index, static_cast<int>(k)}, type);
    c->children[r]->alias = name;
  }
  for (size_t j = 0; j < op->aggregates.size(); j++) {
    AggregateExpr& a = op->aggregates[j];
    LogicalType part_type = a.function.return_type;
    parts->aggregates.push_back(std::move(a));
    a = AggregateExpr{};
    a.function = std::move(merges[j]);
    a.args.push_back(Expr::Column({parts->aggregate_index, static_cast<int>(j)}, part_type));
  }
  parts->children.push_back(std::move(join->children[1]));
  join->children[1] = std::move(parts);
}

// Each aggregate's expected groups, so that its hash tables start at about their final size instead of
// doubling their way there (TPC-H Q18's 1.5 million orders).
void EstimateGroups(LogicalOperator* op, CardinalityEstimator& est) {
  for (auto& c : op->children) EstimateGroups(c.get(), est);
  if (op->kind == LogicalKind::kAggregate && !op->exprs.empty()) op->expected_groups = est.Estimate(*op);
}

}  // namespace

LogicalOperatorPtr Optimize(LogicalOperatorPtr plan, TransactionContext* txn) {
  int next_index = MaxIndex(*plan) + 1;
  plan = PushDown(std::move(plan), {});
  {
    CardinalityEstimator est(txn);
    est.AddTables(*plan);
    SplitDistinctAggregates(plan.get(), &next_index);
    AggregateBeforeJoin(plan.get(), est, &next_index);
  }
  plan = ReorderJoins(std::move(plan), txn);
  auto root = plan->Bindings();
  std::set<ColumnBinding> used;
  CollectUsed(*plan, &used);
  used.insert(root.begin(), root.end());
  Remap remap;
  PruneProjections(plan.get(), used, true, &remap);
  if (!remap.empty()) {
    RemapPlan(plan.get(), remap);
    used.clear();
    CollectUsed(*plan, &used);
    used.insert(root.begin(), root.end());
  }
  Prune(plan.get(), used);
  NarrowFilters(plan.get(), std::set<ColumnBinding>(root.begin(), root.end()));
  if (txn != nullptr) {
    CardinalityEstimator est(txn);
    est.AddTables(*plan);
    EstimateGroups(plan.get(), est);
  }
  return plan;
}

}  // namespace blueshift
