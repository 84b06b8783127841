#include "exec/expr_evaluator.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <numeric>
#include <string>
#include <unordered_set>

#include "function/scalar_internal.h"
#include "types/gather.h"

namespace blueshift {

// Each node evaluates over "rows": n rows of the batch named by sel (indices into its vectors), or rows
// [0, n) when sel is null. Its result is dense: value k belongs to the k-th of those rows.
struct ExprEvaluator::Node {
  const Expr& expr;
  std::vector<std::unique_ptr<Node>> children;
  Vector scratch;
  std::vector<const Vector*> args;
  size_t constant_rows = 0;  // rows of scratch already holding the constant
  // AND/OR: rows not decided yet, the next list of them, their batch rows, and which were NULL so far.
  std::vector<uint32_t> conn_live, conn_still, conn_sub;
  std::vector<uint8_t> conn_null;
  // An OR of `x = constant` over one x (an IN list: `substring(c_phone, 1, 2) IN ('13', '31', ...)`):
  // x is evaluated once and compared with each constant, not evaluated once per constant.
  bool in_list = false;
  Vector in_truth;
  // An IN list of integers of x's own type (SMALLINT, INTEGER, BIGINT, DATE, ...) within a span of 64K:
  // membership is one lookup per row in a table of that span (TPC-H Q16's p_size IN (49, 14, 23, ...))
  // instead of one comparison pass per constant.
  std::vector<uint8_t> in_table;
  int64_t in_min = 0;
  // An IN list of CHAR/VARCHAR constants over a CHAR/VARCHAR x (TPC-H Q22's `substring(c_phone, 1, 2) IN
  // ('13', '31', ...)`): one lookup per row of x without its trailing blanks (as `=` compares strings)
  // instead of one comparison pass per constant. When every constant is at most 7 bytes (codes), they are
  // words of their bytes and length, sorted; otherwise a hash set of the trimmed constants.
  bool in_strings = false;
  std::vector<uint64_t> in_words;
  std::vector<std::string> in_texts;
  std::unordered_set<std::string_view> in_text_set;
  // An AND of conditions none of which can fail (comparisons, IN lists, LIKE, IS NULL over columns and
  // constants): evaluated in the order that decides rows at the least cost, learned from the batches so
  // far, as PostgreSQL orders quals by cost and DuckDB adapts its filter order. TPC-H Q16's `p_size IN
  // (...)`, which keeps one part in six, goes before the string tests that keep nearly all. The answer is
  // the same in any order; an AND whose conditions may raise an error keeps the written order.
  struct ChildCost {
    double nanos = 0, rows = 0, decided = 0;
  };
  std::vector<uint32_t> order;  // children's evaluation order (adaptive ANDs only; empty otherwise)
  std::vector<ChildCost> costs;
  uint32_t batches = 0;

  // scratch grows to the rows of the first batch evaluated (Eval): a column passed through, and a task that
  // gets no rows (a point lookup's other slices), never zero a batch's worth of it.
  explicit Node(const Expr& e) : expr(e), scratch(e.type, 0) {
    for (const auto& c : e.children) children.push_back(std::make_unique<Node>(*c));
    args.resize(children.size());
    in_list = IsInList(e);
    if (in_list) BuildInTable(e);
    if (e.kind == ExprKind::kAnd && e.children.size() >= 2 &&
        std::all_of(e.children.begin(), e.children.end(), [](const ExprPtr& c) { return CannotFail(*c); })) {
      order.resize(children.size());
      std::iota(order.begin(), order.end(), 0);
      costs.resize(children.size());
    }
  }

  // Whether evaluating e can raise no error for any row: then when it runs does not matter.
  static bool CannotFail(const Expr& e) {
    auto children_cannot = [&] {
      return std::all_of(e.children.begin(), e.children.end(), [](const ExprPtr& c) { return CannotFail(*c); });
    };
    switch (e.kind) {
      case ExprKind::kColumnRef:
      case ExprKind::kConstant:
        return true;
      case ExprKind::kAnd:
      case ExprKind::kOr:
      case ExprKind::kNot:
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull:
        return children_cannot();
      case ExprKind::kFunction: {
        static const char* kSafe[] = {"=", "<>", "!=", "<", "<=", ">", ">="};
        const std::string& name = e.function->name;
        bool compare = std::any_of(std::begin(kSafe), std::end(kSafe), [&](const char* s) { return name == s; });
        // LIKE with a constant pattern (and escape): a bad pattern fails on any row alike.
        bool like = (name == "like" || name == "not like" || name == "ilike" || name == "not ilike") &&
                    std::all_of(e.children.begin() + 1, e.children.end(),
                                [](const ExprPtr& c) { return c->kind == ExprKind::kConstant; });
        return (compare || like) && children_cannot();
      }
      default:
        return false;
    }
  }

  // Orders the children by the cost of deciding a row: time per row evaluated over the share of rows it
  // decided (the classic rank for ordering independent filters). Children no batch reached go last.
  void Reorder() {
    auto rank = [&](uint32_t i) {
      const ChildCost& c = costs[i];
      if (c.rows == 0) return 1e300;
      return (c.nanos / c.rows) / std::max(c.decided / c.rows, 1e-4);
    };
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return rank(a) < rank(b); });
    for (ChildCost& c : costs) c = ChildCost{c.nanos / 2, c.rows / 2, c.decided / 2};  // the recent weigh more
  }

  static bool IsInList(const Expr& e) {
    if (e.kind != ExprKind::kOr || e.children.size() < 2) return false;
    for (const auto& c : e.children) {
      if (c->kind != ExprKind::kFunction || c->function->name != "=" || c->children.size() != 2) return false;
      if (c->children[1]->kind != ExprKind::kConstant || c->children[1]->constant.is_null()) return false;
      if (!c->children[0]->Equals(*e.children[0]->children[0])) return false;
    }
    return true;
  }

  // The word of a string of at most 7 bytes: its bytes, then its length in the top byte.
  static uint64_t ShortWord(std::string_view v) {
    uint64_t w = 0;
    if (!v.empty()) std::memcpy(&w, v.data(), v.size());
    return w | static_cast<uint64_t>(v.size()) << 56;
  }

  void BuildInStrings(const Expr& e) {
    for (const auto& c : e.children) {
      if (!c->children[1]->type.IsString()) return;
      in_texts.emplace_back(scalar_internal::RTrimBlanks(c->children[1]->constant.GetString()));
    }
    in_strings = true;
    bool short_words =
        std::all_of(in_texts.begin(), in_texts.end(), [](const std::string& t) { return t.size() <= 7; });
    for (const std::string& t : in_texts) {
      if (short_words) {
        in_words.push_back(ShortWord(t));
      } else {
        in_text_set.insert(t);
      }
    }
    std::sort(in_words.begin(), in_words.end());
    in_words.erase(std::unique(in_words.begin(), in_words.end()), in_words.end());
  }
  void LookUpStrings(const Vector& x, size_t n, uint8_t* res) const {
    const std::string_view* d = x.data<std::string_view>();
    if (!in_text_set.empty()) {
      for (size_t k = 0; k < n; k++) res[k] = in_text_set.count(scalar_internal::RTrimBlanks(d[k])) ? 1 : 0;
      return;
    }
    const uint64_t* words = in_words.data();
    const size_t m = in_words.size();
    for (size_t k = 0; k < n; k++) {
      std::string_view v = scalar_internal::RTrimBlanks(d[k]);
      if (v.size() > 7) continue;
      uint64_t w = ShortWord(v);
      bool hit = false;
      if (m <= 16) {
        for (size_t j = 0; j < m; j++) hit |= words[j] == w;
      } else {
        hit = std::binary_search(words, words + m, w);
      }
      res[k] = hit ? 1 : 0;
    }
  }

  void BuildInTable(const Expr& e) {
    const LogicalType& type = e.children[0]->children[0]->type;
    if (type.IsString()) return BuildInStrings(e);
    PhysicalType p = type.physical();
    if (p != PhysicalType::kInt16 && p != PhysicalType::kInt32 && p != PhysicalType::kInt64) return;
    std::vector<int64_t> values;
    for (const auto& c : e.children) {
      if (!(c->children[1]->type == type)) return;
      values.push_back(c->children[1]->constant.GetInt());
    }
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    if (static_cast<uint64_t>(*hi) - static_cast<uint64_t>(*lo) >= (1u << 16)) return;
    in_min = *lo;
    in_table.assign(static_cast<size_t>(*hi - *lo) + 1, 0);
    for (int64_t v : values) in_table[static_cast<size_t>(v - in_min)] = 1;
  }
  template <typename T>
  void LookUpInTable(const Vector& x, size_t n, uint8_t* res) const {
    const T* d = x.data<T>();
    const uint8_t* table = in_table.data();
    const uint64_t span = in_table.size();
    for (size_t k = 0; k < n; k++) {
      uint64_t off = static_cast<uint64_t>(static_cast<int64_t>(d[k]) - in_min);
      res[k] = off < span ? table[off] : 0;
    }
  }

  Status Eval(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);

 private:
  Status EvalColumn(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);
  Status EvalConstant(size_t n, const Vector** out);
  Status EvalFunction(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);
  Status EvalConnective(const Batch& batch, const uint32_t* sel, size_t n, bool is_and, const Vector** out);
  Status EvalInList(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);
  Status EvalNot(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);
  Status EvalIsNull(const Batch& batch, const uint32_t* sel, size_t n, bool want_null, const Vector** out);
  Status EvalCase(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);
  Status EvalCoalesce(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out);
};

namespace {

// Rows `subset` (indices into the parent's dense positions) as batch row indices.
std::vector<uint32_t> SubSelection(const uint32_t* sel, const std::vector<uint32_t>& subset) {
  std::vector<uint32_t> out(subset.size());
  for (size_t k = 0; k < subset.size(); k++) out[k] = sel ? sel[subset[k]] : subset[k];
  return out;
}

// 1 for true, 0 for false, -1 for NULL.
inline int Truth(const Vector& v, size_t i) {
  return v.IsNull(i) ? -1 : (v.data<uint8_t>()[i] ? 1 : 0);
}

}  // namespace

Status ExprEvaluator::Node::Eval(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  if (scratch.capacity() < n) scratch.Reserve(n);
  switch (expr.kind) {
    case ExprKind::kColumnRef:
      return EvalColumn(batch, sel, n, out);
    case ExprKind::kConstant:
      return EvalConstant(n, out);
    case ExprKind::kFunction:
      return EvalFunction(batch, sel, n, out);
    case ExprKind::kCast: {
      const Vector* in;
      RETURN_IF_ERROR(children[0]->Eval(batch, sel, n, &in));
      scratch.Reset();
      RETURN_IF_ERROR(CastVector(*in, n, &scratch, expr.cast_context));
      *out = &scratch;
      return Status::OK();
    }
    case ExprKind::kAnd:
      return EvalConnective(batch, sel, n, true, out);
    case ExprKind::kOr:
      if (in_list) return EvalInList(batch, sel, n, out);
      return EvalConnective(batch, sel, n, false, out);
    case ExprKind::kNot:
      return EvalNot(batch, sel, n, out);
    case ExprKind::kIsNull:
      return EvalIsNull(batch, sel, n, true, out);
    case ExprKind::kIsNotNull:
      return EvalIsNull(batch, sel, n, false, out);
    case ExprKind::kCase:
      return EvalCase(batch, sel, n, out);
    case ExprKind::kCoalesce:
      return EvalCoalesce(batch, sel, n, out);
  }
  return Status(ErrorCode::kInternal, "unknown expression kind");
}

Status ExprEvaluator::Node::EvalColumn(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  const Vector& col = batch.column(expr.position);
  if (!sel) {
    *out = &col;
    return Status::OK();
  }
  scratch.Reset();
  int w = col.type().FixedWidth();
  const uint8_t* src = col.raw_data();
  uint8_t* dst = scratch.raw_data();
  // Strings: the views are copied and the bytes stay where they are, so keep their owner alive by sharing
  // nothing: the source batch outlives this result (results are valid until the next Evaluate call).
  GatherFixedWidth(src, sel, n, w, dst);
  if (col.may_have_nulls()) {
    for (size_t k = 0; k < n; k++) scratch.validity()[k] = col.validity()[sel[k]];
    scratch.MarkMayHaveNulls();
  }
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalConstant(size_t n, const Vector** out) {
  if (constant_rows < n) {
    for (size_t i = constant_rows; i < n; i++) {
      if (i == 0 || expr.constant.is_null()) {
        scratch.SetValue(i, expr.constant);
      } else {
        scratch.CopyRow(scratch, 0, i);
      }
    }
    constant_rows = n;
  }
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalFunction(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  for (size_t i = 0; i < children.size(); i++) RETURN_IF_ERROR(children[i]->Eval(batch, sel, n, &args[i]));
  scratch.Reset();
  const BoundScalarFunction& fn = *expr.function;
  RETURN_IF_ERROR(fn.kernel(std::span<const Vector* const>(args.data(), args.size()), n, &scratch, fn.data.get()));
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalConnective(const Batch& batch, const uint32_t* sel, size_t n, bool is_and,
                                           const Vector** out) {
  // Start every row at the identity (TRUE for AND, FALSE for OR); a row is decided once it hits the
  // absorbing value. Later children see only undecided rows.
  scratch.Reset();
  uint8_t* res = scratch.data<uint8_t>();
  std::memset(res, is_and ? 1 : 0, n);
  // The buffers are the node's own, reused from batch to batch.
  conn_null.assign(n, 0);
  conn_live.resize(n);
  std::iota(conn_live.begin(), conn_live.end(), 0);
  const bool adaptive = !order.empty();
  for (size_t j = 0; j < children.size(); j++) {
    auto& child = children[adaptive ? order[j] : j];
    if (conn_live.empty()) break;
    const auto started = adaptive ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    const uint32_t* child_sel = sel;  // every row still undecided: the same rows as ours
    if (conn_live.size() < n) {
      conn_sub.resize(conn_live.size());
      for (size_t k = 0; k < conn_live.size(); k++) conn_sub[k] = sel ? sel[conn_live[k]] : conn_live[k];
      child_sel = conn_sub.data();
    }
    const Vector* v;
    RETURN_IF_ERROR(child->Eval(batch, child_sel, conn_live.size(), &v));
    const uint8_t* truth = v->data<uint8_t>();
    const uint8_t decided = is_and ? 0 : 1;  // FALSE decides AND, TRUE decides OR
    const size_t live_n = conn_live.size();
    conn_still.resize(live_n);
    const uint32_t* live = conn_live.data();
    uint32_t* still = conn_still.data();
    uint8_t* was_null = conn_null.data();
    size_t m = 0;
    if (!v->may_have_nulls()) {
      for (size_t k = 0; k < live_n; k++) {
        uint32_t r = live[k];
        bool decides = (truth[k] != 0) == (decided != 0);
        still[m] = r;
        m += decides ? 0 : 1;
        if (decides) {
          res[r] = decided;
          was_null[r] = 0;
        }
      }
    } else {
      for (size_t k = 0; k < live_n; k++) {
        uint32_t r = live[k];
        if (v->IsNull(k)) {
          was_null[r] = 1;
          still[m++] = r;
        } else if ((truth[k] != 0) == (decided != 0)) {
          res[r] = decided;
          was_null[r] = 0;
        } else {
          still[m++] = r;
        }
      }
    }
    conn_still.resize(m);
    conn_live.swap(conn_still);
    if (adaptive) {
      ChildCost& c = costs[order[j]];
      c.nanos += std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - started).count();
      c.rows += static_cast<double>(live_n);
      c.decided += static_cast<double>(live_n - m);
    }
  }
  if (adaptive && ++batches % 8 == 0) Reorder();
  for (size_t r = 0; r < n; r++) {
    if (conn_null[r] && res[r] == (is_and ? 1 : 0)) scratch.SetNull(r, true);
  }
  *out = &scratch;
  return Status::OK();
}

// TRUE where x equals a constant, NULL where x is NULL (the constants are not), else FALSE.
Status ExprEvaluator::Node::EvalInList(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  const Vector* x;
  RETURN_IF_ERROR(children[0]->children[0]->Eval(batch, sel, n, &x));
  scratch.Reset();
  uint8_t* res = scratch.data<uint8_t>();
  std::memset(res, 0, n);
  if (in_truth.capacity() < n) in_truth = Vector(LogicalType::Boolean(), std::max(n, kBatchSize));
  if (in_strings) LookUpStrings(*x, n, res);
  switch (in_table.empty() ? PhysicalType::kBool : x->type().physical()) {
    case PhysicalType::kInt16:
      LookUpInTable<int16_t>(*x, n, res);
      break;
    case PhysicalType::kInt32:
      LookUpInTable<int32_t>(*x, n, res);
      break;
    case PhysicalType::kInt64:
      LookUpInTable<int64_t>(*x, n, res);
      break;
    default:
      break;
  }
  for (auto& child : children) {
    if (!in_table.empty() || in_strings) break;
    const Vector* c;
    RETURN_IF_ERROR(child->children[1]->Eval(batch, sel, n, &c));
    const Vector* pair[2] = {x, c};
    in_truth.Reset();
    const BoundScalarFunction& fn = *child->expr.function;
    RETURN_IF_ERROR(fn.kernel(std::span<const Vector* const>(pair, 2), n, &in_truth, fn.data.get()));
    const uint8_t* t = in_truth.data<uint8_t>();
    for (size_t k = 0; k < n; k++) res[k] |= t[k];
  }
  if (x->may_have_nulls()) {
    for (size_t k = 0; k < n; k++) {
      if (x->IsNull(k)) scratch.SetNull(k, true);
    }
  }
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalNot(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  const Vector* v;
  RETURN_IF_ERROR(children[0]->Eval(batch, sel, n, &v));
  scratch.Reset();
  for (size_t k = 0; k < n; k++) {
    if (v->IsNull(k)) {
      scratch.SetNull(k, true);
    } else {
      scratch.data<uint8_t>()[k] = v->data<uint8_t>()[k] ? 0 : 1;
    }
  }
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalIsNull(const Batch& batch, const uint32_t* sel, size_t n, bool want_null,
                                       const Vector** out) {
  const Vector* v;
  RETURN_IF_ERROR(children[0]->Eval(batch, sel, n, &v));
  scratch.Reset();
  for (size_t k = 0; k < n; k++) scratch.data<uint8_t>()[k] = v->IsNull(k) == want_null ? 1 : 0;
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalCase(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  scratch.Reset();
  std::vector<uint32_t> live(n);
  std::iota(live.begin(), live.end(), 0);
  size_t pairs = (children.size() - 1) / 2;
  for (size_t p = 0; p <= pairs && !live.empty(); p++) {
    std::vector<uint32_t> child_sel = SubSelection(sel, live);
    std::vector<uint32_t> taken, rest;
    if (p == pairs) {
      taken = live;
    } else {
      const Vector* cond;
      RETURN_IF_ERROR(children[2 * p]->Eval(batch, child_sel.data(), live.size(), &cond));
      for (size_t k = 0; k < live.size(); k++) (Truth(*cond, k) == 1 ? taken : rest).push_back(live[k]);
    }
    if (!taken.empty()) {
      std::vector<uint32_t> taken_sel = SubSelection(sel, taken);
      const Vector* val;
      Node& branch = p == pairs ? *children.back() : *children[2 * p + 1];
      RETURN_IF_ERROR(branch.Eval(batch, taken_sel.data(), taken.size(), &val));
      for (size_t k = 0; k < taken.size(); k++) scratch.CopyRow(*val, k, taken[k]);
    }
    live.swap(rest);
  }
  *out = &scratch;
  return Status::OK();
}

Status ExprEvaluator::Node::EvalCoalesce(const Batch& batch, const uint32_t* sel, size_t n, const Vector** out) {
  scratch.Reset();
  std::vector<uint32_t> live(n);
  std::iota(live.begin(), live.end(), 0);
  for (size_t k = 0; k < n; k++) scratch.SetNull(k, true);
  for (auto& child : children) {
    if (live.empty()) break;
    std::vector<uint32_t> child_sel = SubSelection(sel, live);
    const Vector* v;
    RETURN_IF_ERROR(child->Eval(batch, child_sel.data(), live.size(), &v));
    std::vector<uint32_t> still;
    for (size_t k = 0; k < live.size(); k++) {
      if (v->IsNull(k)) {
        still.push_back(live[k]);
      } else {
        scratch.CopyRow(*v, k, live[k]);
      }
    }
    live.swap(still);
  }
  *out = &scratch;
  return Status::OK();
}

ExprEvaluator::ExprEvaluator(const Expr& expr) : root_(std::make_unique<Node>(expr)) {}
ExprEvaluator::~ExprEvaluator() = default;

Status ExprEvaluator::Evaluate(const Batch& batch, const Vector** out) {
  return root_->Eval(batch, batch.has_selection() ? batch.selection() : nullptr, batch.count(), out);
}

Status ExprEvaluator::Select(Batch* batch) {
  const Vector* v;
  RETURN_IF_ERROR(Evaluate(*batch, &v));
  size_t n = batch->count();
  bool had = batch->has_selection();
  uint32_t* sel = batch->mutable_selection();
  size_t live = 0;
  const uint8_t* bits = v->data<uint8_t>();
  for (size_t k = 0; k < n; k++) {
    if (bits[k] && !v->IsNull(k)) sel[live++] = had ? sel[k] : static_cast<uint32_t>(k);
  }
  // Every row of a batch without a selection passes: it stays without one, so that what follows reads its
  // columns in place instead of gathering them through an identity selection.
  if (live == n && !had) return Status::OK();
  batch->SetSelection(live);
  return Status::OK();
}

Result<Value> ExprEvaluator::EvaluateConstant(const Expr& expr) {
  Batch one;
  one.set_count(1);
  ExprEvaluator ev(expr);
  const Vector* v;
  RETURN_IF_ERROR(ev.Evaluate(one, &v));
  return v->GetValue(0);
}

}  // namespace blueshift
