#include <charconv>
#include <utility>

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

// An aggregate call anywhere in e, also inside a window call (SUM(SUM(x)) OVER (), RANK() OVER (ORDER BY
// SUM(x))) but not in a subquery.
bool ContainsAggregate(const Expr* e) {
  return AnySubexpression(e, [](const Expr& x) {
    if (x.kind != ExprKind::kFunction) return false;
    const auto& f = x.As<FunctionCall>();
    return !f.over && f.name.size() <= 2 && IsAggregateFunctionName(f.name.back());
  });
}

// The row count of TOP, LIMIT or OFFSET: an integer constant, not negative.
Result<int64_t> ConstantInt(const Expr* e, const char* what) {
  if (e->kind == ExprKind::kConstant && e->As<Constant>().const_kind == ConstKind::kInteger) {
    const std::string& text = e->As<Constant>().value;
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
      return ErrorAt(Status(ErrorCode::kNumericValueOutOfRange, "bigint out of range"), e->location);
    if (v < 0)
      return ErrorAt(Status(ErrorCode::kInvalidParameterValue, std::string(what) + " must not be negative"),
                     e->location);
    return v;
  }
  return ErrorAt(Status(ErrorCode::kSyntaxError, std::string("argument of ") + what + " must be an integer constant"),
                 e->location);
}

}  // namespace

// A select list item after star expansion: its bound expression, name and, for plain table columns, origin.
struct Target {
  BExprPtr expr;
  std::string name;
  const Expr* ast = nullptr;
  Oid table_oid = 0;
  int column_number = 0;
};

Status Binder::DeclareCtes(const std::vector<CommonTableExpr>& with, bool recursive) {
  for (const auto& cte : with) {
    if (ctes_.count(cte.name) && ctes_[cte.name] != &cte)
      return ErrorAt(
          Status(ErrorCode::kDuplicateObject, "WITH query name \"" + cte.name + "\" specified more than once"),
          cte.location);
    ctes_[cte.name] = &cte;
    if (recursive) ctx_.state->declared.insert(&cte);
  }
  return Status::OK();
}

Result<BoundQuery> Binder::BindQuery(const Query& query) {
  RETURN_IF_ERROR(DeclareCtes(query.with, query.recursive));
  const QueryTerm& body = *query.body;
  if (body.kind == QueryTerm::Kind::kSelect) return BindSelectCore(*body.select, query);
  ASSIGN_OR_RETURN(auto bound, BindQueryTerm(body));
  return ApplyOrderLimit(std::move(bound), query);
}

Result<BoundQuery> Binder::BindValues(const std::vector<ExprList>& rows) {
  auto values = std::make_unique<LogicalOperator>(LogicalKind::kValues);
  values->table_index = next_table_index_++;
  size_t width = rows.empty() ? 0 : rows[0].size();
  std::vector<std::vector<BExprPtr>> bound;
  for (const auto& row : rows) {
    if (row.size() != width)
      return ErrorAt(Status(ErrorCode::kSyntaxError, "VALUES lists must all be the same length"),
                     row.empty() ? -1 : row[0]->location);
    std::vector<BExprPtr> r;
    for (const auto& e : row) {
      ASSIGN_OR_RETURN(auto b, BindConstantExpr(*e));
      r.push_back(std::move(b));
    }
    bound.push_back(std::move(r));
  }
  std::vector<LogicalType> types(width, LogicalType::Null());
  for (size_t c = 0; c < width; c++) {
    std::vector<BExprPtr*> column;
    for (auto& r : bound) column.push_back(&r[c]);
    RETURN_IF_ERROR(ErrorAt(ResolveUntypedLiterals(column), rows[0][c]->location));
    for (const auto& r : bound) {
      if (r[c]->type.id() == TypeId::kNull) continue;
      if (types[c].id() == TypeId::kNull) {
        types[c] = r[c]->type;
        continue;
      }
      auto common = CommonSuperType(types[c], r[c]->type, "VALUES");
      if (!common.ok()) return ErrorAt(common.status(), rows[0][c]->location);
      types[c] = *common;
    }
    if (types[c].id() == TypeId::kNull) types[c] = LogicalType::Varchar();
    for (auto& r : bound) {
      if (r[c]->type == types[c]) continue;
      if (r[c]->kind == BKind::kConstant && r[c]->constant.is_null()) {
        r[c] = BExpr::Constant(Value::NullOf(types[c]));
      } else {
        r[c] = BExpr::Cast(std::move(r[c]), types[c], CastContext::kImplicit);
      }
    }
  }
  BoundQuery q;
  for (size_t c = 0; c < width; c++) q.columns.push_back({"column" + std::to_string(c + 1), types[c]});
  values->rows = std::move(bound);
  values->value_types = types;
  q.plan = std::move(values);
  return q;
}

Result<BoundQuery> Binder::BindSelectCore(const SelectCore& core, const Query& query) {
  if (core.into && !std::exchange(allow_select_into_, false))
    return ErrorAt(Status(ErrorCode::kSyntaxError, "SELECT ... INTO is not allowed here"), core.location);
  Scope scope;
  ASSIGN_OR_RETURN(auto plan, BindFrom(core.from, &scope));
  RETURN_IF_ERROR(WindowNotAllowed(core.where.get(), "WHERE"));
  RETURN_IF_ERROR(WindowNotAllowed(core.having.get(), "HAVING"));
  for (const auto& g : core.group_by) RETURN_IF_ERROR(WindowNotAllowed(g.expr.get(), "GROUP BY"));
  if (core.where) {
    if (ContainsAggregate(core.where.get()))
      return ErrorAt(Status(ErrorCode::kGroupingError, "aggregate functions are not allowed in WHERE"),
                     core.where->location);
    // Top-level AND conjuncts: [NOT] EXISTS / IN subqueries become semi/anti joins, the rest a filter.
    std::vector<const Expr*> conjuncts;
    CollectConjuncts(core.where.get(), &conjuncts);
    std::vector<BExprPtr> filters;
    std::vector<PendingJoin> semi_joins;
    for (const Expr* c : conjuncts) {
      ASSIGN_OR_RETURN(bool joined, BindSubqueryConjunct(*c, &scope));
      if (joined) {
        semi_joins.push_back(std::move(pending_.back()));
        pending_.pop_back();
        continue;
      }
      ASSIGN_OR_RETURN(auto pred, BindExpr(*c, &scope));
      if (pred->type.id() != TypeId::kBoolean && pred->type.id() != TypeId::kNull)
        return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                              "argument of WHERE must be type boolean, not type " + pred->type.ToString()),
                       c->location);
      filters.push_back(std::move(pred));
    }
    plan = ApplyPending(std::move(plan));  // scalar subqueries the filter reads
    if (!filters.empty()) {
      auto f = Wrap(LogicalKind::kFilter, std::move(plan));
      f->exprs = std::move(filters);
      plan = std::move(f);
    }
    pending_ = std::move(semi_joins);
    plan = ApplyPending(std::move(plan));
  }

  bool grouped = !core.group_by.empty() || ContainsAggregate(core.having.get());
  for (const auto& t : core.targets) grouped = grouped || ContainsAggregate(t.expr.get());
  for (const auto& s : query.order_by) grouped = grouped || ContainsAggregate(s.expr.get());
  grouped = grouped || ContainsAggregate(core.qualify.get());

  // A set-returning function in the select list expands each row first.
  SelectListSrf srf;
  ASSIGN_OR_RETURN(plan, ExpandSelectListSrf(core, std::move(plan), &scope, grouped, &srf));
  srf_ = srf.arg_text.empty() ? nullptr : &srf;
  struct ResetSrf {
    Binder* binder;
    ~ResetSrf() { binder->srf_ = nullptr; }
  } reset_srf{this};

  std::vector<BExprPtr> groups;
  std::vector<AggregateExpr> aggregates;
  AggregateContext agg;
  if (grouped) {
    agg.from_scope = &scope;
    agg.groups = &groups;
    agg.aggregates = &aggregates;
    agg.group_index = next_table_index_++;
    agg.aggregate_index = next_table_index_++;
    RETURN_IF_ERROR(BindGroupBy(core, &scope, &agg));
    plan = ApplyPending(std::move(plan));  // scalar subqueries of the grouping keys, read below the aggregate
  }

  // Window calls of the select list, ORDER BY and QUALIFY.
  WindowContext windows;
  windows.index = next_table_index_++;
  windows.named = &core.windows;
  win_ = &windows;
  struct ResetWindows {
    Binder* binder;
    ~ResetWindows() { binder->win_ = nullptr; }
  } reset_windows{this};

  // The select list.
  std::vector<Target> targets;
  agg_ = grouped ? &agg : nullptr;
  for (const auto& item : core.targets) {
    if (item.expr->kind == ExprKind::kColumnRef && item.expr->As<ColumnRef>().star) {
      const auto& star = item.expr->As<ColumnRef>();
      bool any = false;
      for (const auto& e : scope.entries) {
        if (!star.names.empty() && e.alias != star.names.back()) continue;
        any = true;
        const StatementBindState& state = *ctx_.state;
        const size_t shown =
            state.star_view && e.table_oid ? state.star_view->StarColumns(e.table_oid, e.names.size()) : e.names.size();
        for (size_t i = 0; i < shown; i++) {
          if (star.names.empty() && e.Hidden(i)) continue;  // a merged column shows once, in front
          ColumnRef ref;
          ref.names = {e.alias, e.names[i]};
          ref.location = item.location;
          auto bound = BindExpr(ref, &scope);
          if (!bound.ok()) {
            agg_ = nullptr;
            return bound.status();
          }
          targets.push_back(
              {std::move(bound).value(), e.names[i], nullptr, e.table_oid, e.table_oid ? e.bindings[i].column + 1 : 0});
        }
      }
      if (!any) {
        agg_ = nullptr;
        if (star.names.empty())
          return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "SELECT * with no tables specified is not valid"),
                         item.location);
        return ErrorAt(
            Status(ErrorCode::kUndefinedTable, "missing FROM-clause entry for table \"" + star.names.back() + "\""),
            item.location);
      }
      continue;
    }
    auto bound = BindExpr(*item.expr, &scope);
    if (!bound.ok()) {
      agg_ = nullptr;
      return bound.status();
    }
    Target t{std::move(bound).value(), item.alias.empty() ? DefaultColumnName(*item.expr) : item.alias,
             item.expr.get()};
    if (item.expr->kind == ExprKind::kColumnRef && !grouped) {
      for (const auto& e : scope.entries) {
        for (size_t i = 0; e.table_oid && i < e.bindings.size(); i++) {
          if (e.bindings[i] == t.expr->binding) {
            t.table_oid = e.table_oid;
            t.column_number = e.bindings[i].column + 1;
          }
        }
      }
    }
    targets.push_back(std::move(t));
  }
  BExprPtr having;
  if (core.having) {
    auto h = BindExpr(*core.having, &scope);
    if (!h.ok()) {
      agg_ = nullptr;
      return h.status();
    }
    having = std::move(h).value();
  }
  BExprPtr qualify;
  if (core.qualify) {
    std::vector<std::pair<std::string, const BExpr*>> aliases;
    for (const auto& t : targets) {
      if (t.ast) aliases.emplace_back(t.name, t.expr.get());
    }
    auto q = BindQualify(*core.qualify, &scope, aliases);
    if (!q.ok()) {
      agg_ = nullptr;
      return q.status();
    }
    qualify = std::move(q).value();
  }
  // ORDER BY items: an ordinal, an output name, or an expression (added as a hidden output when new).
  std::vector<BoundSortItem> sort_items;
  size_t visible = targets.size();
  for (const auto& s : query.order_by) {
    const Expr* e = s.expr.get();
    int index = -1;
    if (e->kind == ExprKind::kConstant && e->As<Constant>().const_kind == ConstKind::kInteger) {
      int64_t k = std::stoll(e->As<Constant>().value);
      if (k < 1 || k > static_cast<int64_t>(visible)) {
        agg_ = nullptr;
        return ErrorAt(Status(ErrorCode::kInvalidColumnReference,
                              "ORDER BY position " + std::to_string(k) + " is not in select list"),
                       e->location);
      }
      index = static_cast<int>(k - 1);
    } else if (e->kind == ExprKind::kColumnRef && e->As<ColumnRef>().names.size() == 1) {
      for (size_t i = 0; i < visible && index < 0; i++) {
        if (targets[i].name == e->As<ColumnRef>().names[0] && targets[i].ast != e) index = static_cast<int>(i);
      }
    }
    if (index < 0) {
      auto bound = BindExpr(*e, &scope);
      if (!bound.ok()) {
        agg_ = nullptr;
        return bound.status();
      }
      for (size_t i = 0; i < targets.size() && index < 0; i++) {
        if (targets[i].expr->Equals(**bound)) index = static_cast<int>(i);
      }
      if (index < 0) {
        if (core.distinct) {
          agg_ = nullptr;
          return ErrorAt(Status(ErrorCode::kInvalidColumnReference,
                                "for SELECT DISTINCT, ORDER BY expressions must appear in select list"),
                         e->location);
        }
        targets.push_back({std::move(bound).value(), "?sort?", e});
        index = static_cast<int>(targets.size() - 1);
      }
    }
    BoundSortItem item;
    item.descending = s.descending;
    item.nulls_first = s.nulls == SortItem::Nulls::kDefault ? s.descending : s.nulls == SortItem::Nulls::kFirst;
    item.expr = BExpr::Column({-1, index}, targets[index].expr->type);  // projection index filled below
    sort_items.push_back(std::move(item));
  }
  agg_ = nullptr;

  if (grouped) {
    plan = ApplyJoins(std::move(plan), std::move(agg.below));
    std::vector<std::vector<Value>> empty_input_groups;
    if (!agg.grouping_sets.empty()) plan = PlanGroupingSets(std::move(plan), agg, &groups, &empty_input_groups);
    auto a = Wrap(LogicalKind::kAggregate, std::move(plan));
    a->empty_input_groups = std::move(empty_input_groups);
    a->table_index = agg.group_index;
    a->aggregate_index = agg.aggregate_index;
    a->exprs = std::move(groups);
    a->aggregates = std::move(aggregates);
    plan = std::move(a);
  }
  plan = ApplyPending(std::move(plan));  // subqueries of the select list, HAVING and ORDER BY
  if (grouped) {
    if (having) {
      auto f = Wrap(LogicalKind::kFilter, std::move(plan));
      f->exprs.push_back(std::move(having));
      plan = std::move(f);
    }
  }
  if (!windows.windows.empty()) {
    auto w = Wrap(LogicalKind::kWindow, std::move(plan));
    w->table_index = windows.index;
    w->windows = std::move(windows.windows);
    plan = std::move(w);
  }
  if (qualify) {
    auto f = Wrap(LogicalKind::kFilter, std::move(plan));
    f->exprs.push_back(std::move(qualify));
    plan = std::move(f);
  }
  auto proj = Wrap(LogicalKind::kProjection, std::move(plan));
  proj->table_index = next_table_index_++;
  BoundQuery result;
  std::vector<LogicalType> out_types;  // the columns out_index has
  for (size_t i = 0; i < targets.size(); i++) {
    out_types.push_back(targets[i].expr->type);
    if (i < visible)
      result.columns.push_back({targets[i].name, targets[i].expr->type, targets[i].table_oid, targets[i].column_number,
                                IsUntypedLiteral(*targets[i].expr)});
    targets[i].expr->alias = targets[i].name;
    proj->exprs.push_back(std::move(targets[i].expr));
  }
  NoteRecordOutputs(*proj);
  int out_index = proj->table_index;
  plan = std::move(proj);
  if (core.distinct) {
    out_types.resize(visible);
    ASSIGN_OR_RETURN(plan, PlanDistinct(std::move(plan), out_types));
    out_index = plan->Bindings()[0].table;
  }
  if (!sort_items.empty()) {
    for (auto& s : sort_items) s.expr->binding.table = out_index;
    ASSIGN_OR_RETURN(plan, FoldSortKeys(std::move(plan), &sort_items, &out_types));
    out_index = plan->Bindings()[0].table;
    auto sort = Wrap(LogicalKind::kSort, std::move(plan));
    sort->sort_items = std::move(sort_items);
    plan = std::move(sort);
  }
  int64_t limit = -1, offset = 0;
  if (core.top) {
    ASSIGN_OR_RETURN(limit, ConstantInt(core.top.get(), "TOP"));
  }
  if (query.limit) {
    ASSIGN_OR_RETURN(limit, ConstantInt(query.limit.get(), "LIMIT"));
  }
  if (query.offset) {
    ASSIGN_OR_RETURN(offset, ConstantInt(query.offset.get(), "OFFSET"));
  }
  if (limit >= 0 || offset > 0) {
    auto l = Wrap(LogicalKind::kLimit, std::move(plan));
    l->limit = limit;
    l->offset = offset;
    plan = std::move(l);
  }
  if (visible < out_types.size()) {  // drop hidden sort columns
    auto top = Wrap(LogicalKind::kProjection, std::move(plan));
    top->table_index = next_table_index_++;
    for (size_t i = 0; i < visible; i++)
      top->exprs.push_back(BExpr::Column({out_index, static_cast<int>(i)}, result.columns[i].type));
    plan = std::move(top);
  }
  result.plan = std::move(plan);
  return result;
}

}  // namespace blueshift::sql
