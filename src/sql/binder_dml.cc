// DELETE and UPDATE: the target table scanned with row ids, the USING/FROM items joined to it, the WHERE
// filter on top; DELETE then names the rows to delete, UPDATE also computes every column's new value.

#include <set>

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {
Status TypeMismatch(const blueshift::ColumnDef& c, const LogicalType& type) {
  return Status(ErrorCode::kDatatypeMismatch, "column \"" + c.name + "\" is of type " + c.type.ToString() +
                                                  " but expression is of type " + type.ToString())
      .WithHint("You will need to rewrite or cast the expression.");
}
}  // namespace

Result<BExprPtr> Binder::CastToColumn(BExprPtr e, const blueshift::ColumnDef& c, int location) {
  InferParamType(&e, c.type);
  if (e->type == c.type) return e;
  if (e->kind == BKind::kConstant && e->constant.type() == e->type) {
    ASSIGN_OR_RETURN(Value v, CastConstantToColumn(std::move(e->constant), c, location));
    return BExpr::Constant(std::move(v));
  }
  if (e->kind == BKind::kConstant && e->constant.is_null()) return BExpr::Constant(Value::NullOf(c.type));
  bool literal_bytes = c.type.IsVarbyte() && e->kind == BKind::kConstant && e->type.IsString();
  if (!CanCast(e->type, c.type, CastContext::kAssignment) && !literal_bytes)
    return ErrorAt(TypeMismatch(c, e->type), location);
  if (e->kind == BKind::kConstant) {
    auto v = CastValue(e->constant, c.type, CastContext::kAssignment);
    if (!v.ok()) return ErrorAt(v.status(), location);
    return BExpr::Constant(std::move(v).value());
  }
  return BExpr::Cast(std::move(e), c.type, CastContext::kAssignment);
}

Result<Value> Binder::CastConstantToColumn(Value v, const blueshift::ColumnDef& c, int location) {
  if (v.type() == c.type) return v;
  if (v.is_null()) return Value::NullOf(c.type);
  bool literal_bytes = c.type.IsVarbyte() && v.type().IsString();
  if (!CanCast(v.type(), c.type, CastContext::kAssignment) && !literal_bytes)
    return ErrorAt(TypeMismatch(c, v.type()), location);
  auto cast = CastValue(v, c.type, CastContext::kAssignment);
  if (!cast.ok()) return ErrorAt(cast.status(), location);
  return cast;
}

Result<Value> Binder::LiteralForColumn(const Constant& literal, const blueshift::ColumnDef& column) {
  Result<Value> v = ConstantValue(literal);
  if (!v.ok()) return ErrorAt(v.status(), literal.location);
  return CastConstantToColumn(std::move(v).value(), column, literal.location);
}

Result<BExprPtr> Binder::BindColumnDefault(const blueshift::ColumnDef& column) {
  if (column.default_sql.empty()) return BExpr::Constant(Value::NullOf(column.type));
  auto parsed = Parse("SELECT " + column.default_sql);
  if (!parsed.ok()) return parsed.status();
  const auto& sel = (*parsed)[0]->As<SelectStmt>();
  ASSIGN_OR_RETURN(auto d, BindConstantExpr(*sel.query->body->select->targets[0].expr));
  return CastToColumn(std::move(d), column, -1);
}

Result<LogicalOperatorPtr> Binder::BindDmlSource(const QualifiedName& name, TargetUse use, const std::string& alias,
                                                 const std::vector<const TableRef*>& from, const Expr* where,
                                                 Scope* scope, std::shared_ptr<const TableDef>* table,
                                                 int* target_index) {
  ASSIGN_OR_RETURN(*table, ResolveTarget(name, use));
  const TableDef& def = **table;
  auto get = std::make_unique<LogicalOperator>(LogicalKind::kGet);
  get->table = *table;
  get->table_index = *target_index = next_table_index_++;
  Scope::Entry e;
  e.alias = alias.empty() ? def.name : alias;
  e.table_oid = def.oid;
  for (size_t i = 0; i < def.columns.size(); i++) {
    get->columns.push_back(static_cast<int>(i));
    e.names.push_back(def.columns[i].name);
    e.types.push_back(ColumnScopeType(def.columns[i]));
    e.bindings.push_back({get->table_index, static_cast<int>(i)});
  }
  get->columns.push_back(kRowIdColumn);
  scope->entries.push_back(std::move(e));
  LogicalOperatorPtr plan = std::move(get);
  for (const auto& item : from) {
    ASSIGN_OR_RETURN(auto op, BindTableRef(*item, scope));
    auto cross = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
    cross->children.push_back(std::move(plan));
    cross->children.push_back(std::move(op));
    plan = std::move(cross);
  }
  if (!where) return plan;
  // As in SELECT: [NOT] EXISTS / IN subquery conjuncts become semi/anti joins, the rest a filter.
  std::vector<const Expr*> conjuncts;
  CollectConjuncts(where, &conjuncts);
  std::vector<BExprPtr> filters;
  std::vector<PendingJoin> semi_joins;
  for (const Expr* c : conjuncts) {
    ASSIGN_OR_RETURN(bool joined, BindSubqueryConjunct(*c, scope));
    if (joined) {
      semi_joins.push_back(std::move(pending_.back()));
      pending_.pop_back();
      continue;
    }
    ASSIGN_OR_RETURN(auto pred, BindExpr(*c, scope));
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
  return ApplyPending(std::move(plan));
}

static std::vector<const TableRef*> Pointers(const std::vector<TableRefPtr>& refs) {
  std::vector<const TableRef*> out;
  for (const auto& r : refs) out.push_back(r.get());
  return out;
}

Result<BoundQuery> Binder::BindDelete(const DeleteStmt& stmt) {
  RETURN_IF_ERROR(DeclareCtes(stmt.with.ctes, stmt.with.recursive));
  return BindDeleteFrom(stmt.table, stmt.alias, Pointers(stmt.using_tables), stmt.where.get());
}

Result<BoundQuery> Binder::BindUpdate(const UpdateStmt& stmt) {
  RETURN_IF_ERROR(DeclareCtes(stmt.with.ctes, stmt.with.recursive));
  return BindUpdateFrom(stmt.table, stmt.alias, Pointers(stmt.from), stmt.where.get(), stmt.assignments);
}

Result<BoundQuery> Binder::BindDeleteFrom(const QualifiedName& name, const std::string& alias,
                                          const std::vector<const TableRef*>& from, const Expr* where) {
  Scope scope;
  std::shared_ptr<const TableDef> table;
  int target = -1;
  ASSIGN_OR_RETURN(auto source, BindDmlSource(name, TargetUse::kDelete, alias, from, where, &scope, &table, &target));
  if (Status st = Access().Table(*table, kPrivDelete); !st.ok()) return ErrorAt(st, name.location);
  auto proj = Wrap(LogicalKind::kProjection, std::move(source));
  proj->table_index = next_table_index_++;
  proj->exprs.push_back(BExpr::Column({target, kRowIdColumn}, LogicalType::BigInt()));
  auto del = Wrap(LogicalKind::kDelete, std::move(proj));
  del->table = table;
  BoundQuery result;
  result.plan = std::move(del);
  return result;
}

Result<BoundQuery> Binder::BindUpdateFrom(const QualifiedName& name, const std::string& alias,
                                          const std::vector<const TableRef*>& from, const Expr* where,
                                          const std::vector<Assignment>& assignments) {
  Scope scope;
  std::shared_ptr<const TableDef> table;
  int target = -1;
  ASSIGN_OR_RETURN(auto source, BindDmlSource(name, TargetUse::kUpdate, alias, from, where, &scope, &table, &target));
  if (Status st = Access().Table(*table, kPrivUpdate); !st.ok()) return ErrorAt(st, name.location);
  // Every column keeps its value unless assigned.
  std::vector<BExprPtr> values;
  for (size_t c = 0; c < table->columns.size(); c++)
    values.push_back(BExpr::Column({target, static_cast<int>(c)}, table->columns[c].type));
  std::set<int> assigned;
  for (const auto& a : assignments) {
    int c = table->FindColumn(a.column);
    if (c < 0)
      return ErrorAt(Status(ErrorCode::kUndefinedColumn,
                            "column \"" + a.column + "\" of relation \"" + table->name + "\" does not exist"),
                     a.location);
    if (!assigned.insert(c).second)
      return ErrorAt(Status(ErrorCode::kSyntaxError, "multiple assignments to same column \"" + a.column + "\""),
                     a.location);
    const blueshift::ColumnDef& col = table->columns[c];
    // Only GENERATED BY DEFAULT AS IDENTITY columns take values the user supplies (Redshift's UPDATE).
    if (col.identity && (!col.identity->generated_by_default || a.value->kind == ExprKind::kDefault))
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "cannot update an identity column"), a.location);
    BExprPtr e;
    if (a.value->kind == ExprKind::kDefault) {
      ASSIGN_OR_RETURN(e, BindColumnDefault(col));
    } else {
      ASSIGN_OR_RETURN(e, BindExpr(*a.value, &scope));
      ASSIGN_OR_RETURN(e, CastToColumn(std::move(e), col, a.value->location));
    }
    values[c] = std::move(e);
  }
  source = ApplyPending(std::move(source));  // scalar subqueries the new values read
  auto proj = Wrap(LogicalKind::kProjection, std::move(source));
  proj->table_index = next_table_index_++;
  proj->exprs.push_back(BExpr::Column({target, kRowIdColumn}, LogicalType::BigInt()));
  for (auto& v : values) proj->exprs.push_back(std::move(v));
  auto update = Wrap(LogicalKind::kUpdate, std::move(proj));
  update->table = table;
  BoundQuery result;
  result.plan = std::move(update);
  return result;
}

}  // namespace blueshift::sql
