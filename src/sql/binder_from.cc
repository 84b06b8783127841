#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;

Binder::Binder(BindContext ctx) : ctx_(std::move(ctx)) {
  if (!ctx_.state) {
    owned_state_ = std::make_unique<StatementBindState>();
    ctx_.state = owned_state_.get();
  }
}
Binder::~Binder() = default;

Result<std::shared_ptr<const TableDef>> Binder::ResolveTable(const QualifiedName& name) {
  const auto& parts = name.parts;
  std::string table = parts.back();
  if (parts.size() >= 3 && parts[parts.size() - 3] != ctx_.database)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "cross-database references are not implemented: " +
                                                               parts[0] + "." + parts[1] + "." + parts[2]),
                   name.location);
  if (parts.size() >= 2) {
    const std::string& schema = parts[parts.size() - 2];
    if (const SystemTable* s = FindSystemTable(schema, table)) return s->def;
    if (Status st = Access().Schema(schema, kPrivUsage); !st.ok()) return ErrorAt(st, name.location);
    auto t = ctx_.catalog->FindTable(schema, table);
    if (!t)
      return ErrorAt(Status(ErrorCode::kUndefinedTable, "relation \"" + schema + "." + table + "\" does not exist"),
                     name.location);
    return t;
  }
  // The session's temp tables shadow every other table, as in Redshift.
  if (!ctx_.temp_schema.empty()) {
    if (auto t = ctx_.catalog->FindTable(ctx_.temp_schema, table)) return t;
  }
  // pg_catalog comes first on every search path, as in PostgreSQL.
  if (const SystemTable* s = FindSystemTable("pg_catalog", table)) return s->def;
  // Schemas the user may not use are skipped, as in PostgreSQL.
  AccessCheck access = Access();
  for (const auto& schema : ctx_.search_path) {
    auto t = ctx_.catalog->FindTable(schema, table);
    if (t && access.Schema(schema, kPrivUsage).ok()) return t;
  }
  return ErrorAt(Status(ErrorCode::kUndefinedTable, "relation \"" + table + "\" does not exist"), name.location);
}

std::map<std::string, const CommonTableExpr*> Binder::VisibleCtes() const {
  std::map<std::string, const CommonTableExpr*> all;
  for (const Binder* b = this; b; b = b->parent_) all.insert(b->ctes_.begin(), b->ctes_.end());
  return all;
}

const CommonTableExpr* Binder::FindCte(const std::string& name) const {
  for (const Binder* b = this; b; b = b->parent_) {
    auto it = b->ctes_.find(name);
    if (it != b->ctes_.end()) return it->second;
  }
  return nullptr;
}

Result<std::string> Binder::ResolveSchemaForCreate(const QualifiedName& name) {
  if (name.parts.size() >= 2) {
    const std::string& schema = name.parts[name.parts.size() - 2];
    if (!ctx_.catalog->FindSchema(schema))
      return ErrorAt(Status(ErrorCode::kUndefinedSchema, "schema \"" + schema + "\" does not exist"), name.location);
    return schema;
  }
  return ctx_.search_path.front();
}

Result<std::vector<BExprPtr>> Binder::BindJoinConditions(const JoinRef& j, Scope* scope) {
  std::vector<BExprPtr> conditions;
  if (j.on) {
    ASSIGN_OR_RETURN(auto cond, BindExpr(*j.on, scope));
    if (cond->type.id() != TypeId::kBoolean && cond->type.id() != TypeId::kNull)
      return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                            "argument of JOIN/ON must be type boolean, not type " + cond->type.ToString()),
                     j.on->location);
    conditions.push_back(std::move(cond));
  }
  for (const auto& col : j.using_columns) {
    // Both sides' columns of that name: the last two entries that have it.
    std::vector<BExprPtr> sides;
    for (auto it = scope->entries.rbegin(); it != scope->entries.rend() && sides.size() < 2; ++it) {
      for (size_t i = 0; i < it->names.size(); i++) {
        if (it->names[i] == col) sides.push_back(BExpr::Column(it->bindings[i], it->types[i]));
      }
    }
    if (sides.size() < 2)
      return ErrorAt(Status(ErrorCode::kUndefinedColumn,
                            "column \"" + col + "\" specified in USING clause does not exist in left table"),
                     j.location);
    std::vector<BExprPtr> args;
    args.push_back(std::move(sides[1]));
    args.push_back(std::move(sides[0]));
    ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(args), j.location));
    conditions.push_back(std::move(eq));
  }
  return conditions;
}

Result<std::string> Binder::ResolveTempSchema(const QualifiedName& name) {
  if (name.parts.size() >= 2 && name.parts[name.parts.size() - 2] != ctx_.temp_schema) {
    return ErrorAt(
        Status(ErrorCode::kInvalidTableDefinition, "cannot create temporary relation in non-temporary schema"),
        name.location);
  }
  if (ctx_.temp_schema.empty()) return Status(ErrorCode::kFeatureNotSupported, "temporary tables need a session");
  return ctx_.temp_schema;
}

Result<LogicalOperatorPtr> Binder::BindTableRef(const TableRef& ref, Scope* scope) {
  switch (ref.kind) {
    case TableRefKind::kTable: {
      const auto& t = ref.As<TableName>();
      if (t.name.parts.size() == 1) {
        if (const CommonTableExpr* cte = FindCte(t.name.parts[0])) return BindCteRef(*cte, t.alias, scope);
      }
      ASSIGN_OR_RETURN(auto view, ResolveView(t.name));
      if (view) return BindViewRef(*view, t.alias, scope);
      ASSIGN_OR_RETURN(auto def, ResolveTable(t.name));
      ctx_.state->relations.insert(def->oid);
      if (ctx_.state->view_depth == 0)
        ctx_.state->table_uses.insert({t.name.location, def->oid, !t.alias.name.empty()});
      auto get = std::make_unique<LogicalOperator>(LogicalKind::kGet);
      get->table = def;
      get->system_table = FindSystemTableByOid(def->oid);
      if (!get->system_table) {
        if (Status st = Access().Table(*def, kPrivSelect); !st.ok()) return ErrorAt(st, t.name.location);
      }
      get->table_index = next_table_index_++;
      Scope::Entry e;
      e.alias = t.alias.name.empty() ? def->name : t.alias.name;
      e.table_oid = def->oid;
      for (size_t i = 0; i < def->columns.size(); i++) {
        get->columns.push_back(static_cast<int>(i));
        e.names.push_back(i < t.alias.columns.size() ? t.alias.columns[i] : def->columns[i].name);
        e.types.push_back(def->columns[i].type);
        e.bindings.push_back({get->table_index, static_cast<int>(i)});
      }
      scope->entries.push_back(std::move(e));
      return LogicalOperatorPtr(std::move(get));
    }
    case TableRefKind::kSubquery: {
      const auto& s = ref.As<SubqueryRef>();
      Binder sub(ctx_);  // derived tables are not correlated (no LATERAL)
      sub.ctes_ = VisibleCtes();
      sub.next_table_index_ = next_table_index_;
      ASSIGN_OR_RETURN(auto bound, sub.BindQuery(*s.query));
      next_table_index_ = sub.next_table_index_;
      Scope::Entry e;
      e.alias = s.alias.name;
      auto bindings = bound.plan->Bindings();
      for (size_t i = 0; i < bound.columns.size(); i++) {
        e.names.push_back(i < s.alias.columns.size() ? s.alias.columns[i] : bound.columns[i].name);
        e.types.push_back(bound.columns[i].type);
        e.bindings.push_back(bindings[i]);
      }
      scope->entries.push_back(std::move(e));
      return std::move(bound.plan);
    }
    case TableRefKind::kJoin: {
      const auto& j = ref.As<JoinRef>();
      size_t first_entry = scope->entries.size();
      ASSIGN_OR_RETURN(auto left, BindTableRef(*j.left, scope));
      ASSIGN_OR_RETURN(auto right, BindTableRef(*j.right, scope));
      auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
      if (j.join_type == sql::JoinType::kLeft) {
        join->join_type = blueshift::JoinType::kLeft;
      } else if (j.join_type == sql::JoinType::kRight) {
        join->join_type = blueshift::JoinType::kLeft;  // a RIGHT join is a LEFT join with the sides swapped
        std::swap(left, right);
      }
      if (j.natural)
        return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "NATURAL JOIN is not supported yet"), ref.location);
      if (j.join_type == sql::JoinType::kFull)
        return BindFullJoin(j, std::move(left), std::move(right), first_entry, scope);
      ASSIGN_OR_RETURN(join->exprs, BindJoinConditions(j, scope));
      join->children.push_back(std::move(left));
      join->children.push_back(std::move(right));
      return LogicalOperatorPtr(std::move(join));
    }
    case TableRefKind::kFunction:
      return BindTableFunction(ref.As<FunctionRef>(), scope);
    case TableRefKind::kPivot:
      return BindPivot(ref.As<PivotRef>(), scope);
    case TableRefKind::kBorrowed:
      return BindTableRef(*ref.As<BorrowedRef>().ref, scope);
  }
  return Status(ErrorCode::kInternal, "unknown FROM item");
}

Result<LogicalOperatorPtr> Binder::BindFrom(const std::vector<TableRefPtr>& from, Scope* scope) {
  LogicalOperatorPtr plan;
  for (const auto& item : from) {
    ASSIGN_OR_RETURN(auto op, BindTableRef(*item, scope));
    if (!plan) {
      plan = std::move(op);
      continue;
    }
    auto cross = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
    cross->children.push_back(std::move(plan));
    cross->children.push_back(std::move(op));
    plan = std::move(cross);
  }
  if (!plan) {  // SELECT without FROM: one row of no columns
    plan = std::make_unique<LogicalOperator>(LogicalKind::kValues);
    plan->table_index = next_table_index_++;
    plan->rows.emplace_back();
  }
  return plan;
}

}  // namespace blueshift::sql
