#include "plan/physical_planner.h"

#include <algorithm>

#include "exec/physical_delete.h"
#include "exec/physical_expand.h"
#include "exec/physical_filter.h"
#include "exec/physical_hash_aggregate.h"
#include "exec/physical_hash_join.h"
#include "exec/physical_insert.h"
#include "exec/physical_mark_join.h"
#include "exec/physical_recursive_cte.h"
#include "exec/physical_scan.h"
#include "exec/physical_sort.h"
#include "exec/physical_system_scan.h"
#include "exec/physical_union.h"
#include "exec/physical_update.h"
#include "exec/physical_window.h"
#include "exec/runtime_filter.h"
#include "plan/optimizer.h"

namespace blueshift {

namespace {

// Rewrites column bindings in e to positions in `inputs`.
Result<ExprPtr> Resolve(const Expr& e, const std::vector<ColumnBinding>& inputs) {
  ExprPtr out = e.Clone();
  std::vector<Expr*> stack{out.get()};
  while (!stack.empty()) {
    Expr* x = stack.back();
    stack.pop_back();
    if (x->kind == ExprKind::kColumnRef && x->position < 0) {
      auto it = std::find(inputs.begin(), inputs.end(), x->binding);
      if (it == inputs.end()) return Status(ErrorCode::kInternal, "unresolved column binding " + x->ToString());
      x->position = static_cast<int>(it - inputs.begin());
    }
    for (auto& c : x->children) stack.push_back(c.get());
  }
  return out;
}

Result<std::vector<ExprPtr>> ResolveAll(const std::vector<ExprPtr>& exprs, const std::vector<ColumnBinding>& inputs) {
  std::vector<ExprPtr> out;
  for (const auto& e : exprs) {
    ASSIGN_OR_RETURN(auto r, Resolve(*e, inputs));
    out.push_back(std::move(r));
  }
  return out;
}

ExprPtr AndAll(std::vector<ExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return std::move(conjuncts[0]);
  return Expr::Make(ExprKind::kAnd, LogicalType::Boolean(), std::move(conjuncts));
}

bool ReadsOnly(const Expr& e, const std::vector<ColumnBinding>& bindings) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  for (const auto& b : used) {
    if (std::find(bindings.begin(), bindings.end(), b) == bindings.end()) return false;
  }
  return !used.empty();
}

// Runtime join filters (exec/runtime_filter.h): a key column of a join's streamed input, followed down
// through operators that pass it on unchanged to a table scan's column, gets a key filter on that scan.
bool AttachKeyFilter(PhysicalOperator* op, const Expr& key, const KeyFilterProvider* provider, size_t k) {
  if (key.kind != ExprKind::kColumnRef || key.position < 0 || !KeySetSupports(key.type)) return false;
  int column = key.position;
  while (op != nullptr) {
    if (auto* scan = dynamic_cast<PhysicalTableScan*>(op)) return scan->AddKeyFilter(column, provider, k);
    size_t child = 0;
    int child_column = -1;
    if (!op->ForwardsKeyFilter(column, &child, &child_column)) return false;
    op = op->children[child].get();
    column = child_column;
  }
  return false;
}

// The scan whose rows with equal values of `key` (a column of op's output) all come from one slice, or
// nullptr: the column is, through filters, projections and the probe side of joins (which keep their rows
// on the task that read them), the DISTKEY of a KEY-distributed table's scan. Its task t reads slice t
// only once the caller sets PhysicalTableScan::KeepSlices.
PhysicalTableScan* OneSliceScan(PhysicalOperator* op, const Expr& key) {
  if (key.kind != ExprKind::kColumnRef || key.position < 0) return nullptr;
  int column = key.position;
  while (op != nullptr) {
    if (auto* scan = dynamic_cast<PhysicalTableScan*>(op)) {
      const TableDef& t = scan->table();
      bool by_key = t.Placement() == DistStyle::kKey && t.dist_key >= 0 && scan->column(column) == t.dist_key;
      return by_key ? scan : nullptr;
    }
    bool streaming = dynamic_cast<const PhysicalFilter*>(op) || dynamic_cast<const PhysicalProjection*>(op) ||
                     dynamic_cast<const PhysicalHashJoin*>(op);
    size_t child = 0;
    int child_column = -1;
    if (!streaming || !op->ForwardsKeyFilter(column, &child, &child_column) || child != 0) return nullptr;
    op = op->children[0].get();
    column = child_column;
  }
  return nullptr;
}

Result<PhysicalOperatorPtr> PlanJoin(const LogicalOperator& op) {
  ASSIGN_OR_RETURN(auto left, CreatePhysicalPlan(*op.children[0]));
  ASSIGN_OR_RETURN(auto right, CreatePhysicalPlan(*op.children[1]));
  auto lb = op.children[0]->Bindings();
  auto rb = op.children[1]->Bindings();
  // NOT IN's NULL rule lives in the hash join's keys, so its `x = y` stays a key even when x reads no
  // column (`DATE '2021-04-06' NOT IN (SELECT d ...)`).
  auto probe_side = [&](const Expr& e) {
    std::vector<ColumnBinding> used;
    e.CollectBindings(&used);
    return ReadsOnly(e, lb) || (op.join_options.null_aware && used.empty());
  };
  std::vector<ExprPtr> probe, build, residual;
  for (const auto& c : op.exprs) {
    if (IsHashableEquality(*c)) {
      const Expr& a = *c->children[0];
      const Expr& b = *c->children[1];
      if (probe_side(a) && ReadsOnly(b, rb)) {
        ASSIGN_OR_RETURN(auto pa, Resolve(a, lb));
        ASSIGN_OR_RETURN(auto pb, Resolve(b, rb));
        probe.push_back(std::move(pa));
        build.push_back(std::move(pb));
        continue;
      }
      if (ReadsOnly(b, lb) && ReadsOnly(a, rb)) {
        ASSIGN_OR_RETURN(auto pa, Resolve(b, lb));
        ASSIGN_OR_RETURN(auto pb, Resolve(a, rb));
        probe.push_back(std::move(pa));
        build.push_back(std::move(pb));
        continue;
      }
    }
    residual.push_back(c->Clone());
  }
  auto all = lb;
  all.insert(all.end(), rb.begin(), rb.end());
  ExprPtr res;
  if (!residual.empty()) {
    ASSIGN_OR_RETURN(res, Resolve(*AndAll(std::move(residual)), all));
  }
  if (op.join_options.build_left && !probe.empty()) {
    auto mark = std::make_unique<PhysicalMarkJoin>(op.join_type, std::move(left), std::move(right), std::move(probe),
                                                   std::move(build), std::move(res));
    for (size_t k = 0; k < mark->right_keys().size(); k++) {
      if (AttachKeyFilter(mark->children[1].get(), *mark->right_keys()[k], mark.get(), k)) mark->RequestKeyFilter(k);
    }
    return PhysicalOperatorPtr(std::move(mark));
  }
  // A narrowed join (the optimizer's NarrowFilters) emits only the columns its consumers read.
  std::vector<int> output;
  for (const ColumnBinding& b : op.narrow_to) {
    auto at = std::find(all.begin(), all.end(), b);
    if (at == all.end()) return Status(ErrorCode::kInternal, "a narrowed join keeps a column it lacks");
    output.push_back(static_cast<int>(at - all.begin()));
  }
  std::vector<const Expr*> probe_keys;
  for (const auto& k : probe) probe_keys.push_back(k.get());
  auto join = std::make_unique<PhysicalHashJoin>(op.join_type, std::move(left), std::move(right), std::move(probe),
                                                 std::move(build), std::move(res), op.join_options, std::move(output));
  if (join->AcceptsKeyFilters()) {
    for (size_t k = 0; k < probe_keys.size(); k++) {
      if (AttachKeyFilter(join->children[0].get(), *probe_keys[k], join.get(), k)) join->RequestKeyFilter(k);
    }
  }
  return PhysicalOperatorPtr(std::move(join));
}

}  // namespace

bool IsHashableEquality(const Expr& e) {
  if (e.kind != ExprKind::kFunction || e.function->name != "=" || e.children.size() != 2) return false;
  const LogicalType& a = e.children[0]->type;
  const LogicalType& b = e.children[1]->type;
  return a == b || ((a.IsString() || a.IsVarbyte()) && a.id() == b.id());
}

namespace {

Result<PhysicalOperatorPtr> PlanSort(const LogicalOperator& op) {
  ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
  auto bindings = op.children[0]->Bindings();
  std::vector<SortKey> keys;
  for (const auto& item : op.sort_items) {
    auto it = item.expr->kind == ExprKind::kColumnRef ? std::find(bindings.begin(), bindings.end(), item.expr->binding)
                                                      : bindings.end();
    if (it == bindings.end()) return Status(ErrorCode::kInternal, "sort key is not a column of its input");
    keys.push_back({static_cast<int>(it - bindings.begin()), item.descending, item.nulls_first});
  }
  return PhysicalOperatorPtr(std::make_unique<PhysicalSort>(std::move(child), std::move(keys)));
}

Result<WindowExpr> ResolveWindow(const WindowExpr& w, const std::vector<ColumnBinding>& inputs) {
  WindowExpr r = w.Clone();
  ASSIGN_OR_RETURN(r.args, ResolveAll(w.args, inputs));
  ASSIGN_OR_RETURN(r.partitions, ResolveAll(w.partitions, inputs));
  for (auto& o : r.orders) {
    ASSIGN_OR_RETURN(o.expr, Resolve(*o.expr, inputs));
  }
  return r;
}

// One PhysicalWindow per distinct PARTITION BY / ORDER BY, chained; then, when that changed the order of
// the functions' columns, a projection back to the logical order.
Result<PhysicalOperatorPtr> PlanWindow(const LogicalOperator& op) {
  ASSIGN_OR_RETURN(auto plan, CreatePhysicalPlan(*op.children[0]));
  auto inputs = op.children[0]->Bindings();
  size_t width = inputs.size();
  std::vector<bool> done(op.windows.size(), false);
  std::vector<int> position(op.windows.size(), -1);
  int next = static_cast<int>(width);
  for (size_t i = 0; i < op.windows.size(); i++) {
    if (done[i]) continue;
    std::vector<WindowExpr> group;
    for (size_t j = i; j < op.windows.size(); j++) {
      if (done[j] || !op.windows[j].SameWindow(op.windows[i])) continue;
      ASSIGN_OR_RETURN(auto r, ResolveWindow(op.windows[j], inputs));
      group.push_back(std::move(r));
      done[j] = true;
      position[j] = next++;
    }
    plan = std::make_unique<PhysicalWindow>(std::move(plan), std::move(group));
  }
  bool in_order = true;
  for (size_t i = 0; i < position.size(); i++) in_order = in_order && position[i] == static_cast<int>(width + i);
  if (in_order) return plan;
  auto types = plan->types();
  std::vector<ExprPtr> exprs;
  for (size_t c = 0; c < width; c++) exprs.push_back(Expr::Position(static_cast<int>(c), types[c]));
  for (int p : position) exprs.push_back(Expr::Position(p, types[p]));
  auto proj = std::make_unique<PhysicalProjection>(std::move(exprs));
  proj->children.push_back(std::move(plan));
  return PhysicalOperatorPtr(std::move(proj));
}

template <typename T, typename... Args>
Result<PhysicalOperatorPtr> WithChild(PhysicalOperatorPtr child, Args&&... args) {
  auto op = std::make_unique<T>(std::forward<Args>(args)...);
  op->children.push_back(std::move(child));
  return PhysicalOperatorPtr(std::move(op));
}

// Marks the operators made for `node` (the top of op's subtree down to its children's, which their own
// planning marked) as implementing it, for EXPLAIN ANALYZE.
void MarkPlanNode(PhysicalOperator* op, const LogicalOperator& node) {
  if (op->plan_node() != nullptr) return;
  op->set_plan_node(&node);
  for (auto& child : op->children) MarkPlanNode(child.get(), node);
}

Result<PhysicalOperatorPtr> PlanNode(const LogicalOperator& op);

}  // namespace

Result<PhysicalOperatorPtr> CreatePhysicalPlan(const LogicalOperator& op) {
  ASSIGN_OR_RETURN(auto physical, PlanNode(op));
  MarkPlanNode(physical.get(), op);
  return physical;
}

namespace {

Result<PhysicalOperatorPtr> PlanNode(const LogicalOperator& op) {
  switch (op.kind) {
    case LogicalKind::kGet:
      if (op.system_table)
        return PhysicalOperatorPtr(std::make_unique<PhysicalSystemScan>(op.system_table, op.columns));
      {
        auto scan = std::make_unique<PhysicalTableScan>(op.table, op.columns, op.zone_filters);
        if (op.rows_only) scan->SetRowsOnly();
        return PhysicalOperatorPtr(std::move(scan));
      }
    case LogicalKind::kFilter: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      std::vector<ExprPtr> conj;
      for (const auto& e : op.exprs) conj.push_back(e->Clone());
      auto inputs = op.children[0]->Bindings();
      ASSIGN_OR_RETURN(auto pred, Resolve(*AndAll(std::move(conj)), inputs));
      auto types = child->types();
      ASSIGN_OR_RETURN(auto filter, WithChild<PhysicalFilter>(std::move(child), types, std::move(pred)));
      if (op.narrow_to.empty()) return filter;
      std::vector<ExprPtr> kept;
      for (const ColumnBinding& b : op.narrow_to) {
        auto at = std::find(inputs.begin(), inputs.end(), b);
        if (at == inputs.end()) return Status(ErrorCode::kInternal, "a narrowed filter keeps a column it lacks");
        int pos = static_cast<int>(at - inputs.begin());
        kept.push_back(Expr::Position(pos, types[pos]));
      }
      return WithChild<PhysicalProjection>(std::move(filter), std::move(kept));
    }
    case LogicalKind::kProjection: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      ASSIGN_OR_RETURN(auto exprs, ResolveAll(op.exprs, op.children[0]->Bindings()));
      return WithChild<PhysicalProjection>(std::move(child), std::move(exprs));
    }
    case LogicalKind::kAggregate: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      auto inputs = op.children[0]->Bindings();
      ASSIGN_OR_RETURN(auto groups, ResolveAll(op.exprs, inputs));
      std::vector<AggregateExpr> aggs;
      for (const auto& a : op.aggregates) {
        AggregateExpr r;
        r.function = a.function;
        r.distinct = a.distinct;
        ASSIGN_OR_RETURN(r.args, ResolveAll(a.args, inputs));
        aggs.push_back(std::move(r));
      }
      PhysicalTableScan* one_slice = nullptr;
      for (const auto& g : groups) one_slice = one_slice ? one_slice : OneSliceScan(child.get(), *g);
      auto agg = std::make_unique<PhysicalHashAggregate>(std::move(groups), std::move(aggs));
      if (one_slice) {
        one_slice->KeepSlices();  // no task may read another slice's rows: their groups would be split
        agg->SetSliceDisjoint();
      }
      agg->SetExpectedGroups(op.expected_groups);
      agg->children.push_back(std::move(child));
      agg->SetEmptyInputGroups(op.empty_input_groups);
      return PhysicalOperatorPtr(std::move(agg));
    }
    case LogicalKind::kExpand: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      auto inputs = op.children[0]->Bindings();
      std::vector<std::vector<ExprPtr>> lists;
      for (const auto& row : op.rows) {
        ASSIGN_OR_RETURN(auto r, ResolveAll(row, inputs));
        lists.push_back(std::move(r));
      }
      auto types = child->types();
      return WithChild<PhysicalExpand>(std::move(child), std::move(types), std::move(lists));
    }
    case LogicalKind::kJoin:
      return PlanJoin(op);
    case LogicalKind::kSort:
      return PlanSort(op);
    case LogicalKind::kWindow:
      return PlanWindow(op);
    case LogicalKind::kLimit: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      if (auto* sort = dynamic_cast<PhysicalSort*>(child.get()); sort != nullptr && op.limit >= 0) {
        // ORDER BY ... LIMIT: the sort keeps only the rows the limit reads (a top-N per slice).
        sort->SetLimit(static_cast<size_t>(op.limit) + static_cast<size_t>(op.offset));
      }
      auto types = child->types();
      return WithChild<PhysicalLimit>(std::move(child), std::move(types), op.limit, op.offset);
    }
    case LogicalKind::kValues: {
      std::vector<std::vector<ExprPtr>> rows;
      for (const auto& row : op.rows) {
        ASSIGN_OR_RETURN(auto r, ResolveAll(row, {}));
        rows.push_back(std::move(r));
      }
      return PhysicalOperatorPtr(std::make_unique<PhysicalValues>(op.value_types, std::move(rows)));
    }
    case LogicalKind::kUnion: {
      std::vector<PhysicalOperatorPtr> inputs;
      for (const auto& c : op.children) {
        ASSIGN_OR_RETURN(auto in, CreatePhysicalPlan(*c));
        inputs.push_back(std::move(in));
      }
      return PhysicalOperatorPtr(std::make_unique<PhysicalUnionAll>(op.value_types, std::move(inputs)));
    }
    case LogicalKind::kRecursiveCte: {
      ASSIGN_OR_RETURN(auto seed, CreatePhysicalPlan(*op.children[0]));
      ASSIGN_OR_RETURN(auto member, CreatePhysicalPlan(*op.children[1]));
      return PhysicalOperatorPtr(
          std::make_unique<PhysicalRecursiveCte>(op.cte_name, op.cte_id, std::move(seed), std::move(member)));
    }
    case LogicalKind::kWorkingTable:
      return PhysicalOperatorPtr(std::make_unique<PhysicalWorkingTableScan>(op.value_types, op.cte_id));
    case LogicalKind::kInsert: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      return PhysicalOperatorPtr(std::make_unique<PhysicalInsert>(op.table, std::move(child), op.generated));
    }
    case LogicalKind::kDelete: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      return PhysicalOperatorPtr(std::make_unique<PhysicalDelete>(op.table, std::move(child)));
    }
    case LogicalKind::kUpdate: {
      ASSIGN_OR_RETURN(auto child, CreatePhysicalPlan(*op.children[0]));
      return PhysicalOperatorPtr(std::make_unique<PhysicalUpdate>(op.table, std::move(child)));
    }
  }
  return Status(ErrorCode::kInternal, "unknown logical operator");
}

}  // namespace

}  // namespace blueshift
