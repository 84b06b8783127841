// A set-returning function in a select list, as PostgreSQL evaluates it: after FROM and WHERE, each row
// becomes one row per element. Supported: information_schema._pg_expandarray(arr), whose rows are records
// (x, n) of an element and its position (what pgjdbc's getPrimaryKeys sends), and (record).field on its
// records, directly or through a derived table's column; unnest(arr) and generate_subscripts(arr, 1) (what
// SQLAlchemy sends to servers from 8.4 on). Every call in one select list expands the same array (they run
// in lockstep, as in PostgreSQL 10 and later).

#include "function/array_text.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

// A row expands into at most this many (arrays here are catalog key lists: at most 32 keys in PostgreSQL).
constexpr int64_t kMaxExpandedElements = 100;

const char* SrfName(SelectListSrfKind kind) {
  switch (kind) {
    case SelectListSrfKind::kUnnest:
      return "unnest";
    case SelectListSrfKind::kSubscripts:
      return "generate_subscripts";
    default:
      return "_pg_expandarray";
  }
}

// The set-returning calls in the expression forms a select list uses.
void FindSrfCalls(const Expr* e, std::vector<const FunctionCall*>* out) {
  if (!e) return;
  switch (e->kind) {
    case ExprKind::kFunction: {
      const auto& f = e->As<FunctionCall>();
      if (SrfKindOf(f) != SelectListSrfKind::kNone) {
        out->push_back(&f);
        return;
      }
      for (const auto& a : f.args) FindSrfCalls(a.get(), out);
      return;
    }
    case ExprKind::kFieldSelect:
      FindSrfCalls(e->As<FieldSelect>().arg.get(), out);
      return;
    case ExprKind::kCast:
      FindSrfCalls(e->As<Cast>().arg.get(), out);
      return;
    case ExprKind::kBinary:
      FindSrfCalls(e->As<BinaryOp>().left.get(), out);
      FindSrfCalls(e->As<BinaryOp>().right.get(), out);
      return;
    case ExprKind::kUnary:
      FindSrfCalls(e->As<UnaryOp>().operand.get(), out);
      return;
    default:
      return;
  }
}

std::shared_ptr<const RecordFields> ExpandArrayFields() {
  auto f = std::make_shared<RecordFields>();
  f->fields = {{"x", ArrayTextType()}, {"n", LogicalType::Integer()}};
  return f;
}

Status NotComposite(const std::string& field, const LogicalType& type) {
  return Status(ErrorCode::kWrongObjectType, "column notation ." + field + " applied to type " + type.ToString() +
                                                 ", which is not a composite type");
}

}  // namespace

Result<LogicalOperatorPtr> Binder::ExpandSelectListSrf(const SelectCore& core, LogicalOperatorPtr plan, Scope* scope,
                                                       bool grouped, SelectListSrf* srf) {
  std::vector<const FunctionCall*> calls;
  for (const auto& t : core.targets) FindSrfCalls(t.expr.get(), &calls);
  if (calls.empty()) return plan;
  if (grouped)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                          "set-returning functions in the select list of a grouped query are not supported"),
                   calls[0]->location);
  if (SrfKindOf(*calls[0]) == SelectListSrfKind::kRelationColumns)
    return ExpandRelationColumns(calls, std::move(plan), srf);
  for (const FunctionCall* c : calls) {
    SelectListSrfKind kind = SrfKindOf(*c);
    size_t want = kind == SelectListSrfKind::kSubscripts ? 2 : 1;
    if (c->args.size() != want)
      return ErrorAt(
          Status(ErrorCode::kUndefinedFunction, std::string("function ") + SrfName(kind) + " with " +
                                                    std::to_string(c->args.size()) + " arguments does not exist"),
          c->location);
    if (kind == SelectListSrfKind::kSubscripts && ToString(*c->args[1]) != "1")
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                            "generate_subscripts is supported over dimension 1 only (arrays here have one)"),
                     c->args[1]->location);
    std::string text = ToString(*c->args[0]);
    if (srf->arg_text.empty()) srf->arg_text = text;
    if (text != srf->arg_text)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                            "set-returning functions in one select list must expand the same array"),
                     c->location);
  }
  ASSIGN_OR_RETURN(auto arr, BindExpr(*calls[0]->args[0], scope));
  if (!arr->type.IsString() && arr->type.id() != TypeId::kNull)
    return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                          "cannot expand type " + arr->type.ToString() + " because it is not an array"),
                   calls[0]->args[0]->location);
  srf->kind = arr->type.pg_array();
  arr = BExpr::Cast(std::move(arr), ArrayTextType(), CastContext::kExplicit);

  auto expand = Wrap(LogicalKind::kExpand, std::move(plan));
  expand->table_index = next_table_index_++;
  expand->value_types = {ArrayTextType(), LogicalType::Integer()};
  for (int64_t k = 0; k < kMaxExpandedElements; k++) {
    std::vector<BExprPtr> element_args;
    element_args.push_back(arr->Clone());
    element_args.push_back(BExpr::Constant(Value::BigInt(k)));
    std::vector<BExprPtr> row;
    row.push_back(BExpr::Call(ArrayElementFunction(), std::move(element_args)));
    row.push_back(BExpr::Constant(Value::Integer(static_cast<int32_t>(k + 1))));
    expand->rows.push_back(std::move(row));
  }
  srf->x = {expand->table_index, 0};
  srf->n = {expand->table_index, 1};
  // Only the positions the array has: n <= its element count.
  std::vector<BExprPtr> count_args;
  count_args.push_back(std::move(arr));
  std::vector<BExprPtr> cmp;
  cmp.push_back(BExpr::Column(srf->n, LogicalType::Integer()));
  cmp.push_back(BExpr::Call(ArrayCountFunction(kMaxExpandedElements), std::move(count_args)));
  ASSIGN_OR_RETURN(auto within, CallFunction("<=", std::move(cmp), calls[0]->location));
  auto filter = Wrap(LogicalKind::kFilter, std::move(expand));
  filter->exprs.push_back(std::move(within));
  return LogicalOperatorPtr(std::move(filter));
}

Result<BExprPtr> Binder::BindExpandArrayCall(const FunctionCall& call) {
  if (SrfKindOf(call) == SelectListSrfKind::kRelationColumns) return BindRelationColumnsCall(call);
  if (!srf_ || call.args.empty() || ToString(*call.args[0]) != srf_->arg_text)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                          "set-returning functions are supported only in a select list (or in FROM)"),
                   call.location);
  BExprPtr x = BExpr::Column(srf_->x, ArrayTextType());
  BExprPtr n = BExpr::Column(srf_->n, LogicalType::Integer());
  switch (SrfKindOf(call)) {
    case SelectListSrfKind::kUnnest:
      if (srf_->kind == PgArrayKind::kNone) return x;
      return BExpr::Cast(std::move(x), PgArrayElementType(srf_->kind), CastContext::kExplicit);
    case SelectListSrfKind::kSubscripts: {
      // Positions count from 1; an int2vector's or oidvector's subscripts from 0.
      if (srf_->kind == PgArrayKind::kNone || PgArrayLowerBound(srf_->kind) == 1) return n;
      std::vector<BExprPtr> args;
      args.push_back(std::move(n));
      args.push_back(BExpr::Constant(Value::Integer(1 - PgArrayLowerBound(srf_->kind))));
      return CallFunction("-", std::move(args), call.location);
    }
    default:
      break;
  }
  std::vector<BExprPtr> fields;
  fields.push_back(std::move(x));
  fields.push_back(std::move(n));
  return BExpr::Call(RecordFunction(ExpandArrayFields()), std::move(fields));
}

SelectListSrfKind SrfKindOf(const FunctionCall& call) {
  if (call.over) return SelectListSrfKind::kNone;
  if (call.name.size() == 2 && call.name[0] == "information_schema" && call.name[1] == "_pg_expandarray")
    return SelectListSrfKind::kExpandArray;
  if (call.name.size() > 2 || (call.name.size() == 2 && call.name[0] != "pg_catalog")) return SelectListSrfKind::kNone;
  if (call.name.back() == "unnest") return SelectListSrfKind::kUnnest;
  if (call.name.back() == "generate_subscripts") return SelectListSrfKind::kSubscripts;
  if (call.name.back() == "pg_get_cols" || call.name.back() == "pg_get_late_binding_view_cols")
    return SelectListSrfKind::kRelationColumns;
  return SelectListSrfKind::kNone;
}

Result<BExprPtr> Binder::BindFieldSelect(const FieldSelect& f, Scope* scope) {
  ASSIGN_OR_RETURN(auto rec, BindExpr(*f.arg, scope));
  if (rec->kind == BKind::kFunction && rec->function->name == kRecordFunctionName) {  // a record made here
    const auto& fields = *static_cast<const RecordFields*>(rec->function->data.get());
    int i = fields.Find(f.field);
    if (i < 0)
      return ErrorAt(Status(ErrorCode::kUndefinedColumn, "column \"" + f.field + "\" not found in data type record"),
                     f.location);
    return std::move(rec->children[i]);
  }
  if (rec->kind == BKind::kColumnRef) {  // a derived table's record column
    auto it = ctx_.state->records.find(rec->binding);
    if (it != ctx_.state->records.end()) {
      int i = it->second->Find(f.field);
      if (i < 0)
        return ErrorAt(Status(ErrorCode::kUndefinedColumn, "column \"" + f.field + "\" not found in data type record"),
                       f.location);
      std::vector<BExprPtr> args;
      args.push_back(BExpr::Cast(std::move(rec), ArrayTextType(), CastContext::kExplicit));
      return BExpr::Call(RecordFieldFunction(i, it->second->fields[i].second), std::move(args));
    }
  }
  return ErrorAt(NotComposite(f.field, rec->type), f.location);
}

void Binder::NoteRecordOutputs(const LogicalOperator& projection) {
  for (size_t i = 0; i < projection.exprs.size(); i++) {
    const BExpr& e = *projection.exprs[i];
    if (e.kind != BKind::kFunction || e.function->name != kRecordFunctionName) continue;
    ctx_.state->records[{projection.table_index, static_cast<int>(i)}] =
        std::static_pointer_cast<const RecordFields>(e.function->data);
  }
}

}  // namespace blueshift::sql
