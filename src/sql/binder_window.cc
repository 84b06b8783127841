// Window calls: f(...) OVER (...) in the select list, ORDER BY and QUALIFY. Each distinct call becomes a
// WindowExpr of the SELECT's Window operator (bound as (index, i)), which sits above grouping and HAVING, so
// a window's arguments may read group columns and aggregates: SUM(SUM(x)) OVER (...). Redshift's rules:
// only ROWS frames; an aggregate (or FIRST/LAST/NTH_VALUE) with ORDER BY needs an explicit frame; ranking
// functions, LAG/LEAD and RATIO_TO_REPORT take no frame; window calls do not nest.

#include <functional>

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

namespace {

struct WindowFunctionInfo {
  const char* name;
  WindowFunctionKind kind;
  size_t min_args, max_args;
};

constexpr WindowFunctionInfo kWindowFunctions[] = {
    {"row_number", WindowFunctionKind::kRowNumber, 0, 0},
    {"rank", WindowFunctionKind::kRank, 0, 0},
    {"dense_rank", WindowFunctionKind::kDenseRank, 0, 0},
    {"percent_rank", WindowFunctionKind::kPercentRank, 0, 0},
    {"cume_dist", WindowFunctionKind::kCumeDist, 0, 0},
    {"ntile", WindowFunctionKind::kNtile, 1, 1},
    {"lag", WindowFunctionKind::kLag, 1, 3},
    {"lead", WindowFunctionKind::kLead, 1, 3},
    {"first_value", WindowFunctionKind::kFirstValue, 1, 1},
    {"last_value", WindowFunctionKind::kLastValue, 1, 1},
    {"nth_value", WindowFunctionKind::kNthValue, 2, 2},
    {"ratio_to_report", WindowFunctionKind::kRatioToReport, 1, 1},
};

const WindowFunctionInfo* FindWindowFunction(const std::string& name) {
  for (const auto& f : kWindowFunctions) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

bool TakesFrame(WindowFunctionKind k) {
  return k == WindowFunctionKind::kAggregate || k == WindowFunctionKind::kFirstValue ||
         k == WindowFunctionKind::kLastValue || k == WindowFunctionKind::kNthValue;
}

Status WindowError(ErrorCode code, const std::string& message, int location) {
  return ErrorAt(Status(code, message), location);
}

// The call's window: its own OVER (...) on top of a named window from the WINDOW clause.
struct MergedSpec {
  const ExprList* partition_by = nullptr;
  const std::vector<SortItem>* order_by = nullptr;
  const WindowSpec* frame = nullptr;  // the spec whose frame applies (frame_mode kNone: none)
};

Result<MergedSpec> MergeSpec(const WindowSpec& spec, const std::vector<NamedWindow>* named) {
  MergedSpec m{&spec.partition_by, &spec.order_by, &spec};
  if (spec.ref_name.empty()) return m;
  const WindowSpec* base = nullptr;
  for (size_t i = 0; named && i < named->size(); i++) {
    if ((*named)[i].name == spec.ref_name) base = &(*named)[i].spec;
  }
  if (!base)
    return WindowError(ErrorCode::kUndefinedObject, "window \"" + spec.ref_name + "\" does not exist", spec.location);
  if (!spec.partition_by.empty())
    return WindowError(ErrorCode::kWindowingError,
                       "cannot override PARTITION BY clause of window \"" + spec.ref_name + "\"", spec.location);
  m.partition_by = &base->partition_by;
  if (spec.order_by.empty()) m.order_by = &base->order_by;
  if (spec.frame_mode == FrameMode::kNone) m.frame = base;
  return m;
}

Result<int64_t> FrameOffset(const FrameBound& b, int location) {
  const Expr* e = b.offset.get();
  if (e && e->kind == ExprKind::kConstant && e->As<Constant>().const_kind == ConstKind::kInteger &&
      e->As<Constant>().value.size() <= 18)
    return static_cast<int64_t>(std::stoll(e->As<Constant>().value));
  return WindowError(ErrorCode::kSyntaxError, "frame offset must be an unsigned integer constant",
                     e ? e->location : location);
}

Result<WindowBound> BindBound(const FrameBound& b, int location) {
  WindowBound out;
  switch (b.kind) {
    case BoundKind::kUnboundedPreceding:
      out.kind = WindowBoundKind::kUnboundedPreceding;
      break;
    case BoundKind::kPreceding:
      out.kind = WindowBoundKind::kPreceding;
      break;
    case BoundKind::kCurrentRow:
      out.kind = WindowBoundKind::kCurrentRow;
      break;
    case BoundKind::kFollowing:
      out.kind = WindowBoundKind::kFollowing;
      break;
    case BoundKind::kUnboundedFollowing:
      out.kind = WindowBoundKind::kUnboundedFollowing;
      break;
  }
  if (out.kind == WindowBoundKind::kPreceding || out.kind == WindowBoundKind::kFollowing) {
    ASSIGN_OR_RETURN(out.offset, FrameOffset(b, location));
  }
  return out;
}

// The ROWS frame of w from the spec (the whole partition without ORDER BY), or Redshift's error.
Status BindFrame(const WindowSpec* spec, bool ordered, const std::string& name, int location, WindowExpr* w) {
  bool has_frame = spec && spec->frame_mode != FrameMode::kNone;
  if (!TakesFrame(w->kind)) {
    if (has_frame)
      return WindowError(ErrorCode::kSyntaxError, "window function " + name + " does not take a frame clause",
                         spec->location);
    return Status::OK();
  }
  if (!has_frame) {
    if (ordered)
      return WindowError(ErrorCode::kFeatureNotSupported,
                         "Aggregate window functions with an ORDER BY clause require a frame clause", location);
    return Status::OK();  // the whole partition
  }
  if (spec->frame_mode == FrameMode::kRange)
    return WindowError(ErrorCode::kFeatureNotSupported, "RANGE clause of window functions not yet implemented",
                       spec->location);
  ASSIGN_OR_RETURN(w->start, BindBound(spec->frame_start, spec->location));
  if (spec->has_frame_end) {
    ASSIGN_OR_RETURN(w->end, BindBound(spec->frame_end, spec->location));
  } else {
    w->end = WindowBound{WindowBoundKind::kCurrentRow, 0};
  }
  auto rank = [](WindowBoundKind k) { return static_cast<int>(k); };
  if (rank(w->start.kind) > rank(w->end.kind) && w->end.kind != WindowBoundKind::kUnboundedFollowing) {
    const char* from = w->start.kind == WindowBoundKind::kCurrentRow ? "current row" : "following row";
    const char* to = w->end.kind == WindowBoundKind::kCurrentRow ? "end with current row" : "have preceding rows";
    return WindowError(ErrorCode::kWindowingError, std::string("frame starting from ") + from + " cannot " + to,
                       spec->location);
  }
  return Status::OK();
}

}  // namespace

bool AnySubexpression(const Expr* e, const std::function<bool(const Expr&)>& pred) {
  if (!e) return false;
  if (pred(*e)) return true;
  auto any = [&](std::initializer_list<const Expr*> kids) {
    for (const Expr* k : kids) {
      if (AnySubexpression(k, pred)) return true;
    }
    return false;
  };
  auto any_of = [&](const ExprList& list) {
    for (const auto& x : list) {
      if (AnySubexpression(x.get(), pred)) return true;
    }
    return false;
  };
  switch (e->kind) {
    case ExprKind::kFunction: {
      const auto& f = e->As<FunctionCall>();
      if (any_of(f.args)) return true;
      if (!f.over) return false;
      if (any_of(f.over->partition_by)) return true;
      for (const auto& o : f.over->order_by) {
        if (AnySubexpression(o.expr.get(), pred)) return true;
      }
      return false;
    }
    case ExprKind::kUnary:
      return any({e->As<UnaryOp>().operand.get()});
    case ExprKind::kBinary:
      return any({e->As<BinaryOp>().left.get(), e->As<BinaryOp>().right.get()});
    case ExprKind::kIsDistinct:
      return any({e->As<IsDistinct>().left.get(), e->As<IsDistinct>().right.get()});
    case ExprKind::kCast:
      return any({e->As<Cast>().arg.get()});
    case ExprKind::kCollate:
      return any({e->As<Collate>().arg.get()});
    case ExprKind::kIsNull:
      return any({e->As<IsNull>().arg.get()});
    case ExprKind::kIsBool:
      return any({e->As<IsBool>().arg.get()});
    case ExprKind::kLike:
      return any({e->As<Like>().arg.get(), e->As<Like>().pattern.get(), e->As<Like>().escape.get()});
    case ExprKind::kBetween:
      return any({e->As<Between>().arg.get(), e->As<Between>().low.get(), e->As<Between>().high.get()});
    case ExprKind::kInList:
      return any({e->As<InList>().arg.get()}) || any_of(e->As<InList>().list);
    case ExprKind::kCase: {
      const auto& c = e->As<Case>();
      if (any({c.arg.get(), c.else_result.get()})) return true;
      for (const auto& w : c.whens) {
        if (any({w.condition.get(), w.result.get()})) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

static bool IsOrderedSetAggregate(const std::string& name) {
  return name == "listagg" || name == "percentile_cont" || name == "percentile_disc";
}

bool ContainsWindowCall(const Expr* e) {
  return AnySubexpression(e, [](const Expr& x) { return x.kind == ExprKind::kFunction && x.As<FunctionCall>().over; });
}

Status WindowNotAllowed(const Expr* e, const char* clause) {
  if (!ContainsWindowCall(e)) return Status::OK();
  return WindowError(ErrorCode::kWindowingError, std::string("window functions are not allowed in ") + clause,
                     e->location);
}

Result<BExprPtr> Binder::BindWindowCall(const FunctionCall& call, Scope* scope) {
  if (!win_) return WindowError(ErrorCode::kWindowingError, "window functions are not allowed here", call.location);
  if (win_->in_call)
    return WindowError(ErrorCode::kWindowingError, "window function calls cannot be nested", call.location);
  const std::string& name = call.name.back();
  WindowExpr w;
  w.name = name;
  const WindowFunctionInfo* info = call.name.size() <= 2 ? FindWindowFunction(name) : nullptr;
  if (info) w.kind = info->kind;
  if (call.distinct)
    return WindowError(ErrorCode::kFeatureNotSupported, "DISTINCT is not implemented for window functions",
                       call.location);
  if (call.filter || (!call.order_by.empty() && !call.within_group))
    return WindowError(ErrorCode::kSyntaxError, "syntax error at or near \"OVER\"", call.location);
  ASSIGN_OR_RETURN(MergedSpec spec, MergeSpec(*call.over, win_->named));
  // LISTAGG and PERCENTILE_CONT/DISC as window functions take OVER (PARTITION BY ...) only: their order is
  // the WITHIN GROUP one and their frame the whole partition (r_WF_LISTAGG.html, r_WF_PERCENTILE_CONT.html).
  if (IsOrderedSetAggregate(name) && (!spec.order_by->empty() || spec.frame->frame_mode != FrameMode::kNone))
    return WindowError(ErrorCode::kFeatureNotSupported,
                       "ORDER BY and a frame are not allowed in the OVER clause of " + name +
                           "; its order is given by WITHIN GROUP (ORDER BY ...)",
                       call.over->location);

  // Arguments and keys are bound below the window: no window calls inside them.
  win_->in_call = true;
  Status st = BindWindowParts(call, spec.partition_by, spec.order_by, scope, &w);
  win_->in_call = false;
  RETURN_IF_ERROR(st);
  RETURN_IF_ERROR(BindFrame(spec.frame, !w.orders.empty(), name, call.location, &w));

  for (size_t i = 0; i < win_->windows.size(); i++) {
    if (win_->windows[i].Equals(w)) return BExpr::Column({win_->index, static_cast<int>(i)}, w.type);
  }
  LogicalType type = w.type;
  win_->windows.push_back(std::move(w));
  return BExpr::Column({win_->index, static_cast<int>(win_->windows.size() - 1)}, type);
}

Status Binder::BindWindowParts(const FunctionCall& call, const ExprList* partition_by,
                               const std::vector<SortItem>* order_by, Scope* scope, WindowExpr* w) {
  for (const auto& p : *partition_by) {
    ASSIGN_OR_RETURN(auto e, BindExpr(*p, scope));
    if (IsCaseInsensitive(*e)) {  // a case-insensitive string partitions and orders by its LOWER
      ASSIGN_OR_RETURN(e, FoldCase(std::move(e), p->location));
    }
    w->partitions.push_back(std::move(e));
  }
  for (const auto& s : *order_by) {
    WindowOrder o;
    ASSIGN_OR_RETURN(o.expr, BindExpr(*s.expr, scope));
    if (IsCaseInsensitive(*o.expr)) {
      ASSIGN_OR_RETURN(o.expr, FoldCase(std::move(o.expr), s.expr->location));
    }
    o.descending = s.descending;
    o.nulls_first = s.nulls == SortItem::Nulls::kDefault ? s.descending : s.nulls == SortItem::Nulls::kFirst;
    w->orders.push_back(std::move(o));
  }
  std::vector<BExprPtr> args;
  for (const auto& a : call.args) {
    ASSIGN_OR_RETURN(auto e, BindExpr(*a, scope));
    args.push_back(std::move(e));
  }
  if (call.within_group || IsOrderedSetAggregate(w->name)) {  // the WITHIN GROUP keys become arguments
    ASSIGN_OR_RETURN(std::string resolved, BindOrderedSetArgs(call, scope, &args));
    (void)resolved;
  }
  return TypeWindowCall(call, std::move(args), w);
}

// Checks the arguments of w's function, casts them and sets its result type.
Status Binder::TypeWindowCall(const FunctionCall& call, std::vector<BExprPtr> args, WindowExpr* w) {
  const std::string& name = w->name;
  const WindowFunctionInfo* info = call.name.size() <= 2 ? FindWindowFunction(name) : nullptr;
  std::vector<LogicalType> types;
  for (const auto& a : args) types.push_back(a->type.id() == TypeId::kNull ? LogicalType::Integer() : a->type);
  if (!info) {  // an aggregate, or nothing
    auto fn = ResolveAggregateFunction(name, types, call.star);
    if (!fn.ok()) return ErrorAt(fn.status(), call.location);
    w->aggregate = std::move(fn).value();
    w->type = w->aggregate.return_type;
    for (size_t i = 0; i < args.size(); i++) {
      if (i < w->aggregate.arg_types.size() && args[i]->type != w->aggregate.arg_types[i])
        args[i] = BExpr::Cast(std::move(args[i]), w->aggregate.arg_types[i], CastContext::kImplicit);
      w->args.push_back(std::move(args[i]));
    }
    w->ignore_nulls = false;
    return Status::OK();
  }
  if (call.star || args.size() < info->min_args || args.size() > info->max_args) {
    std::string list;
    for (size_t i = 0; i < types.size(); i++) list += (i ? ", " : "") + types[i].ToString();
    return WindowError(ErrorCode::kUndefinedFunction,
                       "function " + name + "(" + (call.star ? "*" : list) + ") does not exist", call.location);
  }
  w->ignore_nulls = call.ignore_nulls;
  auto cast = [&](size_t i, const LogicalType& to) -> Status {
    if (args[i]->type == to) return Status::OK();
    if (args[i]->type.id() != TypeId::kNull && !CanCast(args[i]->type, to, CastContext::kImplicit))
      return WindowError(
          ErrorCode::kDatatypeMismatch,
          "argument of " + name + " must be type " + to.ToString() + ", not type " + args[i]->type.ToString(),
          call.args[i]->location);
    args[i] = BExpr::Cast(std::move(args[i]), to, CastContext::kImplicit);
    return Status::OK();
  };
  switch (w->kind) {
    case WindowFunctionKind::kRowNumber:
    case WindowFunctionKind::kDenseRank:
      w->type = LogicalType::BigInt();
      break;
    case WindowFunctionKind::kRank:
      w->type = LogicalType::Integer();
      break;
    case WindowFunctionKind::kPercentRank:
    case WindowFunctionKind::kCumeDist:
      w->type = LogicalType::Double();
      break;
    case WindowFunctionKind::kNtile:
      RETURN_IF_ERROR(cast(0, LogicalType::BigInt()));
      w->type = LogicalType::BigInt();
      break;
    case WindowFunctionKind::kRatioToReport:
      RETURN_IF_ERROR(cast(0, LogicalType::Double()));
      w->type = LogicalType::Double();
      break;
    default: {  // LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE: the value's type
      LogicalType t = types[0];
      RETURN_IF_ERROR(cast(0, t));
      if (args.size() > 1) RETURN_IF_ERROR(cast(1, LogicalType::BigInt()));
      if (args.size() > 2) RETURN_IF_ERROR(cast(2, t));
      w->type = t;
    }
  }
  w->args = std::move(args);
  return Status::OK();
}

}  // namespace blueshift::sql

namespace blueshift::sql {

Result<BExprPtr> Binder::BindQualify(const Expr& qualify, Scope* scope,
                                     const std::vector<std::pair<std::string, const BExpr*>>& aliases) {
  select_aliases_ = &aliases;
  auto pred = BindExpr(qualify, scope);
  select_aliases_ = nullptr;
  if (!pred.ok()) return pred.status();
  if ((*pred)->type.id() != TypeId::kBoolean && (*pred)->type.id() != TypeId::kNull)
    return WindowError(ErrorCode::kDatatypeMismatch,
                       "argument of QUALIFY must be type boolean, not type " + (*pred)->type.ToString(),
                       qualify.location);
  return pred;
}

}  // namespace blueshift::sql
