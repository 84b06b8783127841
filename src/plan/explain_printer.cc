#include "plan/explain_printer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "plan/cardinality.h"
#include "plan/physical_planner.h"

namespace blueshift {

namespace {

// Relative cost units, after PostgreSQL's: reading a row 0.01, hashing or filtering one 0.0025, moving a row
// between nodes 20 (redistribution dominates a plan's cost, as in Redshift). Leader-side sorts add 1e12.
constexpr double kRowCost = 0.01;
constexpr double kOperatorCost = 0.0025;
constexpr double kNetworkRowCost = 20;
constexpr double kLeaderSortCost = 1e12;

// How an intermediate result is spread over the slices.
struct Dist {
  enum Kind { kEven, kKey, kAll } kind = kEven;
  ColumnBinding key;  // kKey
};

struct Node {
  std::string name;
  std::string tag;        // EXPLAIN VERBOSE's node type (SEQSCAN, HASHJOIN, ...)
  std::string relname;    // scans: the table
  std::string label;      // joins: the DS_* label
  std::string hash_cond;  // hash joins
  std::vector<std::string> details;
  std::vector<std::string> filters;  // conjuncts of a Filter folded into this node
  double startup = 0, total = 0, rows = 1;
  int width = 0;
  std::vector<Node> children;
  StepSummary actual;  // EXPLAIN ANALYZE: what the node's operators did
};

int Width(const std::vector<LogicalType>& types) {
  int w = 0;
  for (const auto& t : types) w += AverageWidth(t);
  return w;
}

const Expr* StripCasts(const Expr* e) {
  while (e->kind == ExprKind::kCast) e = e->children[0].get();
  return e;
}

bool ReadsOnly(const Expr& e, const std::vector<ColumnBinding>& bindings) {
  std::vector<ColumnBinding> used;
  e.CollectBindings(&used);
  if (used.empty()) return false;
  for (const auto& b : used)
    if (std::find(bindings.begin(), bindings.end(), b) == bindings.end()) return false;
  return true;
}

std::string AndText(const std::vector<std::string>& parts) {
  if (parts.size() == 1) return parts[0];
  std::string s = "(";
  for (size_t i = 0; i < parts.size(); i++) s += (i ? " AND " : "") + parts[i];
  return s + ")";
}

std::string Bracketed(const std::string& s) {
  return !s.empty() && s.front() == '(' ? s : "(" + s + ")";
}

std::string Cost(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

class Printer {
 public:
  Printer(TransactionContext* txn, int num_slices, const QueryProfile* profile)
      : est_(txn), slices_(std::max(1, num_slices)), profile_(profile) {}

  std::vector<ExplainJoin> TakeJoins() { return std::move(joins_); }

  Node Build(const LogicalOperator& op, Dist* dist) {
    switch (op.kind) {
      case LogicalKind::kGet: {
        Node n = Scan(op, dist);
        n.actual = Actual(op, StepRole::kSource);
        return n;
      }
      case LogicalKind::kFilter: {
        Node n = Build(*op.children[0], dist);
        Fold(&n, Actual(op, StepRole::kOperator));
        for (const auto& e : op.exprs) n.filters.push_back(e->ToString());
        n.total += n.rows * kOperatorCost;
        n.rows = Rows(op);
        return n;
      }
      case LogicalKind::kProjection: {
        Node n = Build(*op.children[0], dist);
        Fold(&n, Actual(op, StepRole::kOperator));
        Dist out;
        for (size_t i = 0; i < op.exprs.size() && dist->kind == Dist::kKey; i++) {
          const Expr* e = StripCasts(op.exprs[i].get());
          if (e->kind == ExprKind::kColumnRef && e->binding == dist->key)
            out = {Dist::kKey, {op.table_index, static_cast<int>(i)}};
        }
        if (dist->kind != Dist::kKey) out = *dist;
        for (size_t i = 0; i < op.exprs.size(); i++)
          names_[{op.table_index, static_cast<int>(i)}] = op.exprs[i]->ToString();
        *dist = out;
        n.width = Width(op.Types());
        return n;
      }
      case LogicalKind::kAggregate:
        return Aggregate(op, dist);
      case LogicalKind::kJoin:
        return Join(op, dist);
      case LogicalKind::kSort:
        return Sort(op, dist);
      case LogicalKind::kLimit: {
        Node child = Build(*op.children[0], dist);
        Node n = Wrap("XN Limit", "LIMIT", std::move(child));
        n.actual = Actual(op, StepRole::kSink);
        n.actual.Chain(Actual(op, StepRole::kSource));
        n.rows = Rows(op);
        const Node& c = n.children[0];
        n.total = c.startup + (c.total - c.startup) * std::min(1.0, n.rows / std::max(1.0, c.rows));
        return n;
      }
      case LogicalKind::kWindow: {
        Node n = Wrap("XN Window", "WINDOW", Build(*op.children[0], dist));
        n.actual = Actual(op, StepRole::kSink);
        n.actual.Chain(Actual(op, StepRole::kSource));
        Fold(&n, Actual(op, StepRole::kOperator));
        n.startup = n.total;
        n.total += n.rows * kOperatorCost;
        n.width = Width(op.Types());
        return n;
      }
      case LogicalKind::kValues:
        return Leaf(op, "XN Result", "RESULT", dist);
      case LogicalKind::kUnion: {
        Node n;
        n.name = "XN Append";
        n.tag = "APPEND";
        n.actual = Actual(op, StepRole::kSink);
        n.actual.Chain(Actual(op, StepRole::kSource));
        for (size_t i = 0; i < op.children.size(); i++) {
          Dist d;
          Node sub = Wrap("XN Subquery Scan \"*SELECT* " + std::to_string(i + 1) + "\"", "SUBQUERYSCAN",
                          Build(*op.children[i], &d));
          sub.actual = sub.children[0].actual;
          sub.actual.time_ns = 0;
          sub.actual.memory = 0;
          n.total += sub.total;
          n.children.push_back(std::move(sub));
        }
        n.rows = Rows(op);
        n.width = Width(op.Types());
        *dist = {};
        return n;
      }
      case LogicalKind::kExpand: {
        // GROUPING SETS / ROLLUP / CUBE: each input row once per grouping set.
        Node n = Wrap("XN Expand", "EXPAND", Build(*op.children[0], dist));
        n.actual = Actual(op, StepRole::kOperator);
        n.rows *= std::max<size_t>(1, op.rows.size());
        n.total += n.rows * kOperatorCost;
        n.width = Width(op.Types());
        n.details.push_back("Grouping Sets: " + std::to_string(op.rows.size()));
        *dist = {};
        return n;
      }
      case LogicalKind::kRecursiveCte: {
        Node n;
        n.name = "XN Recursive Union";
        n.tag = "RECURSIVEUNION";
        n.actual = Actual(op, StepRole::kSink);
        n.actual.Chain(Actual(op, StepRole::kSource));
        for (const auto& child : op.children) {
          Dist d;
          Node sub = Build(*child, &d);
          n.total += sub.total;
          n.children.push_back(std::move(sub));
        }
        n.rows = Rows(op);
        n.width = Width(op.Types());
        n.details.push_back("CTE: " + op.cte_name);
        *dist = {};
        return n;
      }
      case LogicalKind::kWorkingTable:
        return Leaf(op, "XN WorkTable Scan", "WORKTABLESCAN", dist);
      case LogicalKind::kInsert:
      case LogicalKind::kDelete:
      case LogicalKind::kUpdate:
        return Build(*op.children[0], dist);
    }
    return {};
  }

  void AddTables(const LogicalOperator& plan) { est_.AddTables(plan); }

 private:
  double Rows(const LogicalOperator& op) { return std::max(1.0, std::round(est_.Estimate(op))); }

  // A node that produces rows of its own (VALUES, a recursive CTE's working table): no children, no
  // distribution.
  Node Leaf(const LogicalOperator& op, std::string name, std::string tag, Dist* dist) {
    Node n;
    n.name = std::move(name);
    n.tag = std::move(tag);
    n.actual = Actual(op, StepRole::kSource);
    n.rows = Rows(op);
    n.total = n.rows * kRowCost;
    n.width = Width(op.Types());
    *dist = {};
    return n;
  }

  // A node over child with the child's size and cost.
  static Node Wrap(std::string name, std::string tag, Node child) {
    Node n;
    n.name = std::move(name);
    n.tag = std::move(tag);
    n.startup = child.startup;
    n.total = child.total;
    n.rows = child.rows;
    n.width = child.width;
    n.children.push_back(std::move(child));
    return n;
  }

  Node Scan(const LogicalOperator& op, Dist* dist) {
    Node n;
    n.tag = "SEQSCAN";
    n.relname = op.system_table ? op.system_table->name : op.table->name;
    n.name = (op.system_table ? "LD Seq Scan on " + op.system_table->name : "XN Seq Scan on " + op.table->name);
    n.rows = Rows(op);
    n.total = n.rows * kRowCost;
    n.width = Width(op.Types());
    *dist = {};
    if (!op.system_table && op.table) {
      if (op.table->Placement() == DistStyle::kAll) dist->kind = Dist::kAll;
      if (op.table->Placement() == DistStyle::kKey) *dist = {Dist::kKey, {op.table_index, op.table->dist_key}};
    }
    return n;
  }

  Node Aggregate(const LogicalOperator& op, Dist* dist) {
    Dist in;
    Node child = Build(*op.children[0], &in);
    bool grouped = !op.exprs.empty();
    Node n = Wrap(grouped ? "XN HashAggregate" : "XN Aggregate", "AGG", std::move(child));
    n.actual = Actual(op, StepRole::kSink);
    n.actual.Chain(Actual(op, StepRole::kSource));
    const Node& c = n.children[0];
    n.rows = Rows(op);
    n.width = Width(op.Types());
    if (grouped) {
      n.startup = c.total + c.rows * 2 * kOperatorCost;
      n.total = n.startup + n.rows * kOperatorCost;
    } else {
      n.startup = n.total = c.total + c.rows * kOperatorCost;
    }
    *dist = {};
    for (size_t i = 0; i < op.exprs.size() && in.kind == Dist::kKey; i++) {
      const Expr* e = StripCasts(op.exprs[i].get());
      if (e->kind == ExprKind::kColumnRef && e->binding == in.key)
        *dist = {Dist::kKey, {op.table_index, static_cast<int>(i)}};
    }
    return n;
  }

  Node Sort(const LogicalOperator& op, Dist* dist) {
    Node child = Build(*op.children[0], dist);
    std::vector<std::string> keys;
    for (const auto& item : op.sort_items) {
      const Expr* e = item.expr.get();
      auto it = e->kind == ExprKind::kColumnRef && e->alias.empty() ? names_.find(e->binding) : names_.end();
      keys.push_back((it != names_.end() ? it->second : e->ToString()) + (item.descending ? " DESC" : ""));
    }
    std::string key_text;
    for (size_t i = 0; i < keys.size(); i++) key_text += (i ? ", " : "") + keys[i];
    Node sort = Wrap("XN Sort", "SORT", std::move(child));
    sort.actual = Actual(op, StepRole::kSink);
    sort.startup = kLeaderSortCost + sort.total + sort.rows * kRowCost * std::log2(sort.rows + 1);
    sort.total = sort.startup + sort.rows * kOperatorCost;
    sort.details.push_back("Sort Key: " + key_text);
    Node network = Wrap("XN Network", "NETWORK", std::move(sort));
    network.actual = network.children[0].actual;  // every sorted row goes to the leader
    network.actual.time_ns = 0;
    network.actual.memory = 0;
    network.details.push_back("Send to leader");
    Node merge = Wrap("XN Merge", "MERGE", std::move(network));
    merge.actual = Actual(op, StepRole::kSource);
    merge.details.push_back("Merge Key: " + key_text);
    *dist = {};
    return merge;
  }

  Node Join(const LogicalOperator& op, Dist* dist) {
    Dist od, id;
    Node outer = Build(*op.children[0], &od);
    Node inner = Build(*op.children[1], &id);
    auto ob = op.children[0]->Bindings();
    auto ib = op.children[1]->Bindings();
    // Equality conjuncts between the two sides become the hash condition; the rest filter joined rows.
    std::vector<std::pair<const Expr*, const Expr*>> keys;
    std::vector<std::string> conds, residual;
    for (const auto& c : op.exprs) {
      if (IsHashableEquality(*c)) {
        const Expr* a = c->children[0].get();
        const Expr* b = c->children[1].get();
        if (ReadsOnly(*b, ob) && ReadsOnly(*a, ib)) std::swap(a, b);
        if (ReadsOnly(*a, ob) && ReadsOnly(*b, ib)) {
          keys.emplace_back(a, b);
          conds.push_back("(" + Side("outer", *a) + " = " + Side("inner", *b) + ")");
          continue;
        }
      }
      residual.push_back(c->ToString());
    }
    std::string label = Label(keys, od, id, outer.rows, inner.rows, dist);
    if (profile_) joins_.push_back({&op, label, outer.actual.rows, inner.actual.rows});
    double moved = 0;
    if (label == "DS_DIST_INNER" || label == "DS_DIST_ALL_INNER") moved = inner.rows;
    if (label == "DS_DIST_OUTER") moved = outer.rows;
    if (label == "DS_DIST_BOTH") moved = inner.rows + outer.rows;
    if (label == "DS_BCAST_INNER") moved = inner.rows * slices_;
    Node n;
    n.rows = Rows(op);
    n.width = Width(op.Types());
    n.label = label;
    n.actual = Actual(op, StepRole::kOperator);
    // A semi or anti join built on its left rows emits them as a source once the right side has probed.
    if (!n.actual.ran) n.actual = Actual(op, StepRole::kSource);
    if (keys.empty()) {
      StepSummary build = Actual(op, StepRole::kSink);  // a nested loop's inner rows, kept on every slice
      n.actual.time_ns += build.time_ns;
      n.actual.memory += build.memory;
      n.tag = "NESTLOOP";
      n.name = std::string(op.join_type == JoinType::kLeft ? "XN Nested Loop Left Join " : "XN Nested Loop ") + label;
      if (!residual.empty()) n.details.push_back("Join Filter: " + AndText(residual));
      n.startup = inner.total;
      n.total = n.startup + outer.total + outer.rows * inner.rows * kOperatorCost + moved * kNetworkRowCost;
      n.children.push_back(std::move(outer));
      n.children.push_back(std::move(inner));
      return n;
    }
    const char* kind = "XN Hash Join ";
    if (op.join_type == JoinType::kLeft) kind = "XN Hash Left Join ";
    if (op.join_type == JoinType::kSemi) kind = "XN Hash IN Join ";
    if (op.join_type == JoinType::kAnti) kind = "XN Hash NOT IN Join ";
    n.name = kind + label;
    n.tag = "HASHJOIN";
    n.hash_cond = AndText(conds);
    n.details.push_back("Hash Cond: " + n.hash_cond);
    if (!residual.empty()) n.details.push_back("Join Filter: " + AndText(residual));
    Node hash = Wrap("XN Hash", "HASH", std::move(inner));
    hash.actual = Actual(op, StepRole::kSink);
    hash.startup = hash.total;
    n.startup = hash.total + hash.rows * kOperatorCost;
    n.total = n.startup + outer.total + n.rows * kRowCost + moved * kNetworkRowCost;
    n.children.push_back(std::move(outer));
    n.children.push_back(std::move(hash));
    return n;
  }

  static std::string Side(const char* side, const Expr& e) {
    const Expr* s = StripCasts(&e);
    if (s->kind == ExprKind::kColumnRef) return "\"" + std::string(side) + "\"." + s->ToString();
    return e.ToString();
  }

  // The redistribution a join needs (Redshift's DS_* labels) and the distribution of its result.
  std::string Label(const std::vector<std::pair<const Expr*, const Expr*>>& keys, const Dist& od, const Dist& id,
                    double outer_rows, double inner_rows, Dist* out) {
    *out = od;
    if (id.kind == Dist::kAll) return "DS_DIST_ALL_NONE";
    if (od.kind == Dist::kAll) {
      *out = id;
      return keys.empty() ? "DS_BCAST_INNER" : "DS_DIST_ALL_INNER";
    }
    auto is_key = [](const Expr* e, const Dist& d) {
      const Expr* s = StripCasts(e);
      return d.kind == Dist::kKey && s->kind == ExprKind::kColumnRef && s->binding == d.key;
    };
    for (const auto& [o, i] : keys)
      if (is_key(o, od) && is_key(i, id)) return "DS_DIST_NONE";
    for (const auto& [o, i] : keys)
      if (is_key(o, od)) return "DS_DIST_INNER";
    for (const auto& [o, i] : keys) {
      if (is_key(i, id)) {
        *out = id;
        return "DS_DIST_OUTER";
      }
    }
    // Neither side is on a join column: broadcast the inner side when copying it to every slice moves fewer
    // rows than redistributing both.
    if (keys.empty() || inner_rows * slices_ <= outer_rows + inner_rows) return "DS_BCAST_INNER";
    const Expr* o = StripCasts(keys[0].first);
    *out = o->kind == ExprKind::kColumnRef ? Dist{Dist::kKey, o->binding} : Dist{};
    return "DS_DIST_BOTH";
  }

  // What the operators implementing op did in `role` (nothing without a profile).
  StepSummary Actual(const LogicalOperator& op, StepRole role) const {
    return profile_ ? profile_->Summarize(&op, role) : StepSummary{};
  }

  // A node shown as part of the one below it (a Filter or a projection): its rows are the combined node's,
  // its time adds up.
  static void Fold(Node* n, const StepSummary& s) {
    if (!s.ran) return;
    n->actual.rows = s.rows;
    n->actual.time_ns += s.time_ns;
    n->actual.memory += s.memory;
  }

  CardinalityEstimator est_;
  int slices_;
  const QueryProfile* profile_;
  std::map<ColumnBinding, std::string> names_;  // projection outputs, for sort keys that read them
  std::vector<ExplainJoin> joins_;              // with a profile, in the order Build met them
};

std::string Head(const Node& n) {
  return n.name + "  (cost=" + Cost(n.startup) + ".." + Cost(n.total) +
         " rows=" + std::to_string(static_cast<int64_t>(n.rows)) + " width=" + std::to_string(n.width) + ")";
}

// EXPLAIN ANALYZE's actuals after a node's estimates.
std::string Actuals(const StepSummary& a, bool timing) {
  if (!a.ran) return " (never executed)";
  std::string s = " (actual rows=" + std::to_string(a.rows);
  if (timing) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " time=%.3f ms", static_cast<double>(a.time_ns) / 1e6);
    s += buf;
  }
  s += ", slices=" + std::to_string(a.slices);
  if (a.rows_pre_filter + a.blocks_read + a.blocks_skipped > 0) {
    s += ", pre-filter rows=" + std::to_string(a.rows_pre_filter);
    s += ", blocks read=" + std::to_string(a.blocks_read) + " skipped=" + std::to_string(a.blocks_skipped);
  }
  if (a.memory > 0) s += ", memory=" + std::to_string((a.memory + 1023) / 1024) + " kB";
  return s + ")";
}

void Render(const Node& n, int depth, int parent, const ExplainOptions& options, ExplainResult* out) {
  std::string head = Head(n);
  std::vector<std::string> details = n.details;
  if (!n.filters.empty()) details.insert(details.begin(), "Filter: " + Bracketed(AndText(n.filters)));
  std::string line = options.analyze ? head + Actuals(n.actual, options.timing) : head;
  out->lines.push_back(depth == 0 ? line : std::string(6 * (depth - 1) + 2, ' ') + "->  " + line);
  std::string info;
  for (const auto& d : details) {
    out->lines.push_back(std::string(depth == 0 ? 2 : 6 * depth + 2, ' ') + d);
    info += (info.empty() ? "" : "; ") + d;
  }
  int id = static_cast<int>(out->nodes.size()) + 1;
  out->nodes.push_back({id, parent, head, info});
  for (const auto& c : n.children) Render(c, depth + 1, id, options, out);
}

// EXPLAIN VERBOSE's dump of a node and its children: one `:field value` per line, nested nodes indented.
void Dump(const Node& n, int depth, std::vector<std::string>* lines) {
  std::string pad(3 * depth, ' ');
  auto field = [&](const std::string& name, const std::string& value) {
    lines->push_back(pad + ":" + name + " " + value);
  };
  lines->push_back(pad + "{" + n.tag);
  if (!n.relname.empty()) field("relname", n.relname);
  field("startup_cost", Cost(n.startup));
  field("total_cost", Cost(n.total));
  field("plan_rows", std::to_string(static_cast<int64_t>(n.rows)));
  field("plan_width", std::to_string(n.width));
  if (!n.label.empty()) field("dist_info", n.label);
  if (!n.hash_cond.empty()) field("hashclauses", n.hash_cond);
  if (!n.filters.empty()) field("qual", Bracketed(AndText(n.filters)));
  static const char* kSides[] = {"lefttree", "righttree"};
  for (size_t i = 0; i < n.children.size(); i++) {
    field(n.children.size() <= 2 ? kSides[i] : "appendplan", "");
    lines->back().pop_back();  // no trailing blank after a field that opens a node
    Dump(n.children[i], depth + 1, lines);
  }
  lines->push_back(pad + "}");
}

}  // namespace

ExplainResult ExplainPlan(const LogicalOperator& plan, TransactionContext* txn, int num_slices,
                          const ExplainOptions& options) {
  Printer printer(txn, num_slices, options.analyze ? options.profile : nullptr);
  printer.AddTables(plan);
  Dist dist;
  Node root = printer.Build(plan, &dist);
  ExplainResult out;
  if (options.verbose) {
    Dump(root, 0, &out.lines);
    out.lines.emplace_back();
  }
  Render(root, 0, 0, options, &out);
  out.joins = printer.TakeJoins();
  return out;
}

}  // namespace blueshift
