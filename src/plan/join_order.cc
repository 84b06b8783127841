#include "plan/join_order.h"

#include <algorithm>
#include <cstdint>
#include <map>

#include "plan/cardinality.h"

namespace blueshift {

namespace {

bool IsPlainInnerJoin(const LogicalOperator& op) {
  return op.kind == LogicalKind::kJoin && op.join_type == JoinType::kInner && !op.join_options.single_match &&
         !op.join_options.null_aware && !op.join_options.nulls_equal;
}

const Expr* StripCasts(const Expr* e) {
  while (e->kind == ExprKind::kCast) e = e->children[0].get();
  return e;
}

class JoinOrderer {
 public:
  explicit JoinOrderer(TransactionContext* txn) : est_(txn) {}

  LogicalOperatorPtr Run(LogicalOperatorPtr plan) {
    est_.AddTables(*plan);
    return Visit(std::move(plan), true);
  }

 private:
  struct Rel {
    LogicalOperatorPtr op;
    double card = 1;
    uint64_t mask = 0;
  };
  struct Cond {
    ExprPtr expr;
    uint64_t mask = 0;
  };
  // Columns that equality conditions between plain column references of one type make equal (x = y and
  // y = z put x, y and z in one class). A join of two inputs gets one equality per class spanning them, so
  // inputs that no written condition links join through the class (TPC-H Q9: partsupp with the parts
  // chosen, through ps_partkey = l_partkey = p_partkey), and the other written equalities of the class,
  // implied once its members are joined, are not checked twice.
  struct EqClass {
    std::vector<ExprPtr> columns;  // the members, as column references
    ExprPtr sample;                // one of its equalities, cloned to make the ones a join needs
  };

  // order_matters: whoever reads op's output reads it by position, not by binding.
  LogicalOperatorPtr Visit(LogicalOperatorPtr op, bool order_matters) {
    if (IsPlainInnerJoin(*op) && !order_matters) return Reorder(std::move(op));
    if (IsFilteringJoin(*op) && IsPlainInnerJoin(*op->children[0]) && !order_matters)
      return PushFilteringJoin(std::move(op));
    bool child_order = order_matters;
    switch (op->kind) {
      case LogicalKind::kProjection:
      case LogicalKind::kAggregate:
        child_order = false;
        break;
      case LogicalKind::kInsert:
      case LogicalKind::kDelete:
      case LogicalKind::kUpdate:
      case LogicalKind::kUnion:
      case LogicalKind::kRecursiveCte:
        child_order = true;
        break;
      default:
        break;
    }
    for (auto& c : op->children) c = Visit(std::move(c), child_order);
    ChooseBuildSide(op.get());
    return op;
  }

  // A semi or anti join whose right input is estimated at more than four times its left one builds its
  // hash table on the left rows (PhysicalMarkJoin): EXISTS over lineitem for a few thousand orders (TPC-H
  // Q4, Q21) then hashes those orders, not millions of line items. Not for NOT IN, whose answer depends on
  // the right side's NULLs, and only while the left side is small enough to be a hash table in memory.
  void ChooseBuildSide(LogicalOperator* op) {
    if (!IsFilteringJoin(*op) || op->join_options.null_aware || op->join_options.nulls_equal ||
        op->join_options.single_match)
      return;
    double left = est_.Estimate(*op->children[0]);
    double right = est_.Estimate(*op->children[1]);
    op->join_options.build_left = right > 4 * left && left <= kMaxLeftBuildRows;
  }
  static constexpr double kMaxLeftBuildRows = 2e6;

  void Flatten(LogicalOperatorPtr op, std::vector<LogicalOperatorPtr>* leaves, std::vector<ExprPtr>* conds) {
    if (!IsPlainInnerJoin(*op)) {
      leaves->push_back(Visit(std::move(op), false));
      return;
    }
    for (auto& e : op->exprs) conds->push_back(std::move(e));
    for (auto& c : op->children) Flatten(std::move(c), leaves, conds);
  }

  static bool IsFilteringJoin(const LogicalOperator& op) {
    return op.kind == LogicalKind::kJoin && (op.join_type == JoinType::kSemi || op.join_type == JoinType::kAnti);
  }

  // A semi or anti join over a tree of inner joins whose condition reads one input of the tree (besides
  // its own right side) filters that input alone. Unless that input is the tree's biggest (which the
  // other joins may shrink first, TPC-H Q21), the filter moves onto it before the tree is ordered, so the
  // joins above see fewer rows (Q18's IN over a HAVING subquery).
  LogicalOperatorPtr PushFilteringJoin(LogicalOperatorPtr semi) {
    std::vector<LogicalOperatorPtr> leaves;
    std::vector<ExprPtr> exprs;
    Flatten(std::move(semi->children[0]), &leaves, &exprs);
    semi->children[1] = Visit(std::move(semi->children[1]), false);
    auto right = semi->children[1]->Bindings();
    std::vector<ColumnBinding> used;
    for (const auto& e : semi->exprs) e->CollectBindings(&used);
    std::erase_if(used,
                  [&](const ColumnBinding& b) { return std::find(right.begin(), right.end(), b) != right.end(); });
    int target = -1;
    double biggest = 0;
    std::vector<double> cards;
    for (size_t i = 0; i < leaves.size(); i++) {
      cards.push_back(est_.Estimate(*leaves[i]));
      biggest = std::max(biggest, cards.back());
      auto lb = leaves[i]->Bindings();
      bool owns = !used.empty() && std::all_of(used.begin(), used.end(), [&](const ColumnBinding& b) {
        return std::find(lb.begin(), lb.end(), b) != lb.end();
      });
      if (owns) target = static_cast<int>(i);
    }
    if (target >= 0 && cards[target] < biggest) {
      semi->children[0] = std::move(leaves[target]);
      ChooseBuildSide(semi.get());
      leaves[target] = std::move(semi);
      return OrderLeaves(std::move(leaves), std::move(exprs));
    }
    semi->children[0] = OrderLeaves(std::move(leaves), std::move(exprs));
    ChooseBuildSide(semi.get());
    return semi;
  }

  LogicalOperatorPtr Reorder(LogicalOperatorPtr join) {
    std::vector<LogicalOperatorPtr> leaves;
    std::vector<ExprPtr> exprs;
    Flatten(std::move(join), &leaves, &exprs);
    return OrderLeaves(std::move(leaves), std::move(exprs));
  }

  LogicalOperatorPtr OrderLeaves(std::vector<LogicalOperatorPtr> leaves, std::vector<ExprPtr> exprs) {
    if (leaves.size() > 64) return Rebuild(std::move(leaves), std::move(exprs));
    std::vector<Rel> rels;
    std::map<ColumnBinding, int>& owner = owner_;
    owner.clear();
    for (auto& l : leaves) {
      Rel r;
      r.mask = uint64_t(1) << rels.size();
      for (const auto& b : l->Bindings()) owner[b] = static_cast<int>(rels.size());
      r.card = est_.Estimate(*l);
      r.op = std::move(l);
      rels.push_back(std::move(r));
    }
    uint64_t all = rels.size() == 64 ? ~uint64_t(0) : (uint64_t(1) << rels.size()) - 1;
    std::vector<Cond> conds;
    for (auto& e : exprs) {
      std::vector<ColumnBinding> used;
      e->CollectBindings(&used);
      uint64_t mask = 0;
      bool unknown = used.empty();
      for (const auto& b : used) {
        auto it = owner.find(b);
        if (it == owner.end()) {
          unknown = true;
        } else {
          mask |= uint64_t(1) << it->second;
        }
      }
      if (unknown) mask = all;  // applied at the last join
      conds.push_back({std::move(e), mask});
    }
    // Conditions on one input alone filter it.
    for (auto& c : conds) {
      if (c.mask == 0 || (c.mask & (c.mask - 1)) != 0) continue;
      Rel& r = rels[__builtin_ctzll(c.mask)];
      r.card = std::max(1.0, r.card * est_.Selectivity(*c.expr));
      auto f = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
      f->exprs.push_back(std::move(c.expr));
      f->children.push_back(std::move(r.op));
      r.op = std::move(f);
      c.mask = 0;
    }
    std::erase_if(conds, [](const Cond& c) { return c.mask == 0; });
    BuildClasses(&conds, &rels);

    while (rels.size() > 1) {
      size_t bi = 0, bj = 1;
      double best = -1;
      bool connected = false;
      for (size_t i = 0; i < rels.size(); i++) {
        for (size_t j = i + 1; j < rels.size(); j++) {
          if (!Connected(rels[i], rels[j], conds)) continue;
          double e = JoinEstimate(rels[i], rels[j], conds);
          if (!connected || e < best) {
            best = e;
            bi = i;
            bj = j;
            connected = true;
          }
        }
      }
      if (!connected) {  // a cross product of the two smallest inputs
        std::vector<size_t> idx(rels.size());
        for (size_t i = 0; i < idx.size(); i++) idx[i] = i;
        std::partial_sort(idx.begin(), idx.begin() + 2, idx.end(),
                          [&](size_t a, size_t b) { return rels[a].card < rels[b].card; });
        bi = std::min(idx[0], idx[1]);
        bj = std::max(idx[0], idx[1]);
        best = JoinEstimate(rels[bi], rels[bj], conds);
      }
      Rel joined = Join(std::move(rels[bi]), std::move(rels[bj]), &conds, best);
      rels.erase(rels.begin() + bj);
      rels[bi] = std::move(joined);
    }
    return std::move(rels[0].op);
  }

  static bool Applies(const Cond& c, uint64_t a, uint64_t b) {
    return (c.mask & ~(a | b)) == 0 && (c.mask & a) && (c.mask & b);
  }

  bool Connected(const Rel& a, const Rel& b, const std::vector<Cond>& conds) const {
    if (std::any_of(conds.begin(), conds.end(), [&](const Cond& c) { return Applies(c, a.mask, b.mask); })) return true;
    return std::any_of(classes_.begin(), classes_.end(),
                       [&](const EqClass& k) { return Member(k, a.mask) != nullptr && Member(k, b.mask) != nullptr; });
  }

  static bool IsColumnEquality(const Expr& e) {
    return e.kind == ExprKind::kFunction && e.function->name == "=" && e.children.size() == 2 &&
           e.children[0]->kind == ExprKind::kColumnRef && e.children[1]->kind == ExprKind::kColumnRef &&
           e.children[0]->type == e.children[1]->type;
  }

  // Moves the equalities between columns of two different inputs out of conds into classes_.
  void BuildClasses(std::vector<Cond>* conds, std::vector<Rel>* rels) {
    classes_.clear();
    std::map<ColumnBinding, size_t> class_of;
    for (auto& c : *conds) {
      if (!IsColumnEquality(*c.expr) || __builtin_popcountll(c.mask) != 2) continue;
      const Expr& x = *c.expr->children[0];
      const Expr& y = *c.expr->children[1];
      auto ix = class_of.find(x.binding), iy = class_of.find(y.binding);
      size_t k;
      if (ix == class_of.end() && iy == class_of.end()) {
        k = classes_.size();
        classes_.emplace_back();
        classes_[k].sample = c.expr->Clone();
      } else if (ix != class_of.end() && iy != class_of.end() && ix->second != iy->second) {
        // Two classes meet: fold the second into the first.
        k = ix->second;
        size_t from = iy->second;
        for (auto& m : classes_[from].columns) {
          class_of[m->binding] = k;
          classes_[k].columns.push_back(std::move(m));
        }
        classes_[from].columns.clear();
      } else {
        k = ix != class_of.end() ? ix->second : iy->second;
      }
      for (const Expr* m : {&x, &y}) {
        if (HasMember(classes_[k], m->binding)) continue;
        class_of[m->binding] = k;
        classes_[k].columns.push_back(m->Clone());
      }
      c.mask = 0;
      c.expr = nullptr;
    }
    std::erase_if(*conds, [](const Cond& c) { return !c.expr; });
    std::erase_if(classes_, [](const EqClass& k) { return k.columns.size() < 2; });
    // Members bound by one input are made equal there (a filter), so that within any input, and any join
    // of inputs, a class's members are equal and one equality per join links two of them.
    for (const EqClass& k : classes_) {
      for (Rel& r : *rels) {
        const Expr* first = nullptr;
        std::vector<ExprPtr> filters;
        for (const auto& m : k.columns) {
          if (!(Owner(m->binding) & r.mask)) continue;
          if (first == nullptr) {
            first = m.get();
            continue;
          }
          ExprPtr eq = k.sample->Clone();
          eq->children[0] = first->Clone();
          eq->children[1] = m->Clone();
          r.card = std::max(1.0, r.card * est_.Selectivity(*eq));
          filters.push_back(std::move(eq));
        }
        if (filters.empty()) continue;
        auto f = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
        f->exprs = std::move(filters);
        f->children.push_back(std::move(r.op));
        r.op = std::move(f);
      }
    }
  }

  static bool HasMember(const EqClass& k, ColumnBinding b) {
    return std::any_of(k.columns.begin(), k.columns.end(), [&](const ExprPtr& m) { return m->binding == b; });
  }

  // A member of class k bound by the inputs in mask (the first in the class's order), or nullptr.
  const Expr* Member(const EqClass& k, uint64_t mask) const {
    for (const auto& m : k.columns) {
      if (Owner(m->binding) & mask) return m.get();
    }
    return nullptr;
  }

  double JoinEstimate(const Rel& a, const Rel& b, const std::vector<Cond>& conds) {
    std::vector<ColumnBinding> cols_a, cols_b;
    double other = 1;
    for (const auto& c : conds) {
      if (!Applies(c, a.mask, b.mask)) continue;
      const Expr& e = *c.expr;
      if (e.kind == ExprKind::kFunction && e.function->name == "=" && e.children.size() == 2) {
        const Expr* x = StripCasts(e.children[0].get());
        const Expr* y = StripCasts(e.children[1].get());
        if (x->kind == ExprKind::kColumnRef && y->kind == ExprKind::kColumnRef) {
          if (!(Owner(x->binding) & a.mask)) std::swap(x, y);
          if (std::find(cols_a.begin(), cols_a.end(), x->binding) == cols_a.end()) cols_a.push_back(x->binding);
          if (std::find(cols_b.begin(), cols_b.end(), y->binding) == cols_b.end()) cols_b.push_back(y->binding);
          continue;
        }
      }
      other *= est_.Selectivity(e);
    }
    for (const auto& k : classes_) {
      const Expr* x = Member(k, a.mask);
      const Expr* y = Member(k, b.mask);
      if (x == nullptr || y == nullptr) continue;
      if (std::find(cols_a.begin(), cols_a.end(), x->binding) == cols_a.end()) cols_a.push_back(x->binding);
      if (std::find(cols_b.begin(), cols_b.end(), y->binding) == cols_b.end()) cols_b.push_back(y->binding);
    }
    double rows = a.card * b.card * other;
    if (!cols_a.empty()) rows /= std::min(est_.KeyDistinct(cols_a, a.card), est_.KeyDistinct(cols_b, b.card));
    return std::max(1.0, rows);
  }

  uint64_t Owner(ColumnBinding b) const {
    auto it = owner_.find(b);
    return it == owner_.end() ? 0 : uint64_t(1) << it->second;
  }

  // Joins two inputs, the smaller on the build side, with every remaining condition they now cover.
  Rel Join(Rel a, Rel b, std::vector<Cond>* conds, double card) {
    if (a.card < b.card) std::swap(a, b);
    auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
    join->join_type = JoinType::kInner;
    for (const auto& k : classes_) {
      const Expr* x = Member(k, a.mask);
      const Expr* y = Member(k, b.mask);
      if (x == nullptr || y == nullptr) continue;
      ExprPtr eq = k.sample->Clone();
      eq->children[0] = x->Clone();
      eq->children[1] = y->Clone();
      join->exprs.push_back(std::move(eq));
    }
    for (auto& c : *conds) {
      if (Applies(c, a.mask, b.mask)) join->exprs.push_back(std::move(c.expr));
    }
    std::erase_if(*conds, [](const Cond& c) { return !c.expr; });
    Rel r;
    r.mask = a.mask | b.mask;
    r.card = card;
    join->children.push_back(std::move(a.op));
    join->children.push_back(std::move(b.op));
    r.op = std::move(join);
    return r;
  }

  // More than 64 inputs: a left-deep tree in the written order, conditions at the top.
  LogicalOperatorPtr Rebuild(std::vector<LogicalOperatorPtr> leaves, std::vector<ExprPtr> exprs) {
    LogicalOperatorPtr acc = std::move(leaves[0]);
    for (size_t i = 1; i < leaves.size(); i++) {
      auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
      join->children.push_back(std::move(acc));
      join->children.push_back(std::move(leaves[i]));
      acc = std::move(join);
    }
    acc->exprs = std::move(exprs);
    return acc;
  }

  CardinalityEstimator est_;
  std::map<ColumnBinding, int> owner_;  // the input of the join tree being ordered that binds a column
  std::vector<EqClass> classes_;        // of the join tree being ordered
};

}  // namespace

LogicalOperatorPtr ReorderJoins(LogicalOperatorPtr plan, TransactionContext* txn) {
  return JoinOrderer(txn).Run(std::move(plan));
}

}  // namespace blueshift
