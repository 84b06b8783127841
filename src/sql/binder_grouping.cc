// GROUP BY: plain group expressions, ROLLUP, CUBE, GROUPING SETS and the GROUPING() function.
//
// Grouping sets run as one aggregation: an Expand operator repeats each input row once per grouping set,
// with the group columns outside the set replaced by NULL and the set's number added as a key, so one hash
// aggregate computes every set's groups in a single pass over the input.

#include <algorithm>

#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using GroupingSets = std::vector<std::vector<int>>;

namespace {

// PostgreSQL's limit; Redshift documents none.
constexpr size_t kMaxGroupingSets = 4096;

Status TooManySets(int location) {
  return ErrorAt(Status(ErrorCode::kProgramLimitExceeded,
                        "too many grouping sets present (maximum " + std::to_string(kMaxGroupingSets) + ")"),
                 location);
}

// The union of two sets of group indexes, in first-appearance order.
std::vector<int> Merge(const std::vector<int>& a, const std::vector<int>& b) {
  std::vector<int> out = a;
  for (int g : b) {
    if (std::find(out.begin(), out.end(), g) == out.end()) out.push_back(g);
  }
  return out;
}

}  // namespace

Result<int> Binder::BindGroupExpr(const Expr& expr, const SelectCore& core, Scope* scope, AggregateContext* agg) {
  const Expr* e = &expr;
  // GROUP BY 2 and GROUP BY alias name the select list's items.
  if (e->kind == ExprKind::kConstant && e->As<Constant>().const_kind == ConstKind::kInteger) {
    int64_t k = std::stoll(e->As<Constant>().value);
    if (k < 1 || k > static_cast<int64_t>(core.targets.size()))
      return ErrorAt(Status(ErrorCode::kInvalidColumnReference,
                            "GROUP BY position " + std::to_string(k) + " is not in select list"),
                     e->location);
    e = core.targets[k - 1].expr.get();
  } else if (e->kind == ExprKind::kColumnRef && e->As<ColumnRef>().names.size() == 1) {
    const std::string& n = e->As<ColumnRef>().names[0];
    auto probe = BindExpr(*e, scope);
    if (!probe.ok()) {
      for (const auto& t : core.targets) {
        if (t.alias == n) e = t.expr.get();
      }
    }
  }
  ASSIGN_OR_RETURN(auto bound, BindExpr(*e, scope));
  std::string text = ToString(*e);
  for (size_t g = 0; g < agg->groups->size(); g++) {
    if (agg->group_texts[g] == text || agg->GroupExpr(g).Equals(*bound)) return static_cast<int>(g);
  }
  agg->group_texts.push_back(text);
  agg->value_aggregates.push_back(-1);
  if (IsCaseInsensitive(*bound)) {
    ASSIGN_OR_RETURN(auto key, FoldCase(bound->Clone(), e->location));
    agg->group_values.push_back(std::move(bound));
    agg->groups->push_back(std::move(key));
  } else {
    agg->group_values.push_back(nullptr);
    agg->groups->push_back(std::move(bound));
  }
  return static_cast<int>(agg->groups->size() - 1);
}

Result<BExprPtr> Binder::GroupRef(size_t g) {
  const BExpr& key = *(*agg_->groups)[g];
  if (!agg_->group_values[g]) return BExpr::Column({agg_->group_index, static_cast<int>(g)}, key.type);
  const BExpr& value = *agg_->group_values[g];
  if (agg_->value_aggregates[g] < 0) {
    ASSIGN_OR_RETURN(auto fn, ResolveAggregateFunction("any_value", {value.type}, false));
    AggregateExpr any;
    any.function = std::move(fn);
    any.args.push_back(value.Clone());
    agg_->value_aggregates[g] = static_cast<int>(agg_->aggregates->size());
    agg_->aggregates->push_back(std::move(any));
    agg_->aggregate_texts.emplace_back();  // matches no call as written
  }
  return BExpr::Column({agg_->aggregate_index, agg_->value_aggregates[g]}, value.type);
}

Result<GroupingSets> Binder::ExpandGroupingItem(const GroupingItem& item, const SelectCore& core, Scope* scope,
                                                AggregateContext* agg) {
  // The item's elements (an expression or a parenthesized list), each as the group indexes it names.
  auto element = [&](const GroupingItem& el) -> Result<std::vector<int>> {
    std::vector<int> out;
    if (el.kind == GroupingItem::Kind::kExpr) {
      ASSIGN_OR_RETURN(int g, BindGroupExpr(*el.expr, core, scope, agg));
      return std::vector<int>{g};
    }
    for (const auto& e : el.list) {
      ASSIGN_OR_RETURN(int g, BindGroupExpr(*e, core, scope, agg));
      out = Merge(out, {g});
    }
    return out;
  };
  GroupingSets sets;
  switch (item.kind) {
    case GroupingItem::Kind::kExpr:
    case GroupingItem::Kind::kList: {
      ASSIGN_OR_RETURN(auto set, element(item));
      sets.push_back(std::move(set));
      break;
    }
    case GroupingItem::Kind::kRollup:
    case GroupingItem::Kind::kCube: {
      std::vector<std::vector<int>> elements;
      for (const auto& c : item.children) {
        ASSIGN_OR_RETURN(auto el, element(c));
        elements.push_back(std::move(el));
      }
      size_t n = elements.size();
      if (item.kind == GroupingItem::Kind::kRollup) {
        // (e1, ..., en), (e1, ..., en-1), ..., ()
        for (size_t k = n + 1; k-- > 0;) {
          std::vector<int> set;
          for (size_t i = 0; i < k; i++) set = Merge(set, elements[i]);
          sets.push_back(std::move(set));
        }
        break;
      }
      if (n >= 13) return TooManySets(item.location);
      // Every subset, the full one first; element i is bit n-1-i, so CUBE(a, b) is (a,b), (a), (b), ().
      for (uint32_t m = (1u << n); m-- > 0;) {
        std::vector<int> set;
        for (size_t i = 0; i < n; i++) {
          if (m & (1u << (n - 1 - i))) set = Merge(set, elements[i]);
        }
        sets.push_back(std::move(set));
      }
      break;
    }
    case GroupingItem::Kind::kGroupingSets:
      for (const auto& c : item.children) {
        ASSIGN_OR_RETURN(auto sub, ExpandGroupingItem(c, core, scope, agg));
        sets.insert(sets.end(), sub.begin(), sub.end());
        if (sets.size() > kMaxGroupingSets) return TooManySets(item.location);
      }
      break;
  }
  return sets;
}

Status Binder::BindGroupBy(const SelectCore& core, Scope* scope, AggregateContext* agg) {
  bool plain = std::all_of(core.group_by.begin(), core.group_by.end(),
                           [](const GroupingItem& g) { return g.kind == GroupingItem::Kind::kExpr; });
  if (plain) {
    for (const auto& g : core.group_by) RETURN_IF_ERROR(BindGroupExpr(*g.expr, core, scope, agg).status());
    return Status::OK();
  }
  auto any_case_insensitive = [&] {
    return std::any_of(agg->group_values.begin(), agg->group_values.end(), [](const auto& v) { return v != nullptr; });
  };
  // Several items combine as a cross product: GROUP BY a, ROLLUP(b) is GROUPING SETS ((a, b), (a)).
  GroupingSets sets(1);  // one empty set
  for (const auto& item : core.group_by) {
    ASSIGN_OR_RETURN(auto item_sets, ExpandGroupingItem(item, core, scope, agg));
    if (sets.size() * item_sets.size() > kMaxGroupingSets) return TooManySets(item.location);
    GroupingSets product;
    for (const auto& a : sets) {
      for (const auto& b : item_sets) product.push_back(Merge(a, b));
    }
    sets = std::move(product);
  }
  // One set of every group expression is a plain GROUP BY.
  if (sets.size() == 1 && sets[0].size() == agg->groups->size()) return Status::OK();
  // Their rows leave a group out by making its key NULL, which ANY_VALUE(x) of a case-insensitive group
  // does not read.
  if (any_case_insensitive())
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                          "GROUPING SETS, ROLLUP and CUBE of a case-insensitive column are not supported"),
                   core.group_by.front().location);
  agg->grouping_sets = std::move(sets);
  return Status::OK();
}

Result<BExprPtr> Binder::BindGroupingCall(const FunctionCall& call) {
  auto not_grouped = [&](int location) {
    return ErrorAt(Status(ErrorCode::kGroupingError,
                          "arguments to GROUPING must be grouping expressions of the associated query level"),
                   location);
  };
  if (!agg_ || call.star || call.distinct || call.args.empty()) return not_grouped(call.location);
  AggregateContext* saved = agg_;
  std::vector<int> args;
  for (const auto& a : call.args) {
    agg_ = nullptr;  // the argument as written over the FROM items, to compare with the group expressions
    auto bound = BindExpr(*a, saved->from_scope);
    agg_ = saved;
    if (!bound.ok()) return bound.status();
    int found = -1;
    for (size_t g = 0; g < saved->groups->size() && found < 0; g++) {
      if (saved->GroupExpr(g).Equals(**bound)) found = static_cast<int>(g);
    }
    if (found < 0) return not_grouped(a->location);
    args.push_back(found);
  }
  if (args.size() > 31)
    return ErrorAt(Status(ErrorCode::kProgramLimitExceeded, "GROUPING must have fewer than 32 arguments"),
                   call.location);
  if (saved->grouping_sets.empty()) return BExpr::Constant(Value::Integer(0));  // every argument is grouped
  saved->grouping_calls.push_back(std::move(args));
  // Grouping calls are keys after the group expressions and the set number (see PlanGroupingSets).
  int column = static_cast<int>(saved->groups->size() + saved->grouping_calls.size());
  return BExpr::Column({saved->group_index, column}, LogicalType::Integer());
}

LogicalOperatorPtr Binder::PlanGroupingSets(LogicalOperatorPtr child, const AggregateContext& agg,
                                            std::vector<BExprPtr>* groups,
                                            std::vector<std::vector<Value>>* empty_input_groups) {
  auto expand = Wrap(LogicalKind::kExpand, std::move(child));
  expand->table_index = next_table_index_++;
  size_t n = groups->size();
  for (const auto& g : *groups) expand->value_types.push_back(g->type);
  expand->value_types.push_back(LogicalType::Integer());  // the set's number
  for (size_t j = 0; j < agg.grouping_calls.size(); j++) expand->value_types.push_back(LogicalType::Integer());
  for (size_t s = 0; s < agg.grouping_sets.size(); s++) {
    const auto& set = agg.grouping_sets[s];
    auto in_set = [&](int g) { return std::find(set.begin(), set.end(), g) != set.end(); };
    std::vector<Value> values;
    std::vector<BExprPtr> row;
    for (size_t g = 0; g < n; g++) {
      values.push_back(Value::NullOf((*groups)[g]->type));
      row.push_back(in_set(static_cast<int>(g)) ? (*groups)[g]->Clone() : BExpr::Constant(values.back()));
    }
    values.push_back(Value::Integer(static_cast<int32_t>(s)));
    for (const auto& call : agg.grouping_calls) {
      int32_t mask = 0;
      for (int g : call) mask = (mask << 1) | (in_set(g) ? 0 : 1);
      values.push_back(Value::Integer(mask));
    }
    for (size_t c = n; c < values.size(); c++) row.push_back(BExpr::Constant(values[c]));
    expand->rows.push_back(std::move(row));
    if (set.empty()) empty_input_groups->push_back(std::move(values));
  }
  groups->clear();
  for (size_t c = 0; c < expand->value_types.size(); c++)
    groups->push_back(BExpr::Column({expand->table_index, static_cast<int>(c)}, expand->value_types[c]));
  return expand;
}

}  // namespace blueshift::sql
