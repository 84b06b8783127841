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
    // Another session's temporary table, named through its pg_temp_<n> schema: it is that session's alone
    // (PostgreSQL's error; Redshift: "visible only within the current session").
    if (t->temporary && schema != ctx_.temp_schema)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "cannot access temporary tables of other sessions"),
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
    // Another session's temporary schema (pg_temp_<n>, main/temp_schema.h): what is made there would go
    // with that session.
    if (schema.rfind("pg_temp_", 0) == 0 && schema != ctx_.temp_schema)
      return ErrorAt(
          Status(ErrorCode::kInvalidTableDefinition, "cannot create relations in temporary schemas of other sessions"),
          name.location);
    return schema;
  }
  return ctx_.search_path.front();
}

// The one column named `col` that unqualified names reach in scope entries [begin, end): (entry, column).
Result<std::pair<size_t, size_t>> Binder::FindUsingColumn(const Scope& scope, size_t begin, size_t end,
                                                          const std::string& col, const char* side, int location) {
  std::pair<size_t, size_t> found{SIZE_MAX, 0};
  for (size_t e = begin; e < end; e++) {
    const auto& entry = scope.entries[e];
    for (size_t i = 0; i < entry.names.size(); i++) {
      if (entry.names[i] != col || entry.Hidden(i)) continue;
      if (found.first != SIZE_MAX)
        return ErrorAt(Status(ErrorCode::kAmbiguousColumn,
                              "common column name \"" + col + "\" appears more than once in " + side + " table"),
                       location);
      found = {e, i};
    }
  }
  if (found.first == SIZE_MAX)
    return ErrorAt(Status(ErrorCode::kUndefinedColumn,
                          "column \"" + col + "\" specified in USING clause does not exist in " + side + " table"),
                   location);
  return found;
}

std::vector<std::string> Binder::JoinUsingColumns(const JoinRef& j, const Scope& scope, size_t left,
                                                  size_t right) const {
  if (!j.natural) return j.using_columns;
  auto visible = [&](size_t begin, size_t end) {
    std::vector<std::string> names;
    for (size_t e = begin; e < end; e++) {
      const auto& entry = scope.entries[e];
      for (size_t i = 0; i < entry.names.size(); i++) {
        if (!entry.Hidden(i) && std::find(names.begin(), names.end(), entry.names[i]) == names.end())
          names.push_back(entry.names[i]);
      }
    }
    return names;
  };
  std::vector<std::string> right_names = visible(right, scope.entries.size()), common;
  for (const std::string& name : visible(left, right)) {
    if (std::find(right_names.begin(), right_names.end(), name) != right_names.end()) common.push_back(name);
  }
  return common;
}

Result<std::vector<BExprPtr>> Binder::BindJoinConditions(const JoinRef& j, const std::vector<std::string>& using_cols,
                                                         Scope* scope, size_t left, size_t right) {
  std::vector<BExprPtr> conditions;
  if (j.on) {
    ASSIGN_OR_RETURN(auto cond, BindExpr(*j.on, scope));
    if (cond->type.id() != TypeId::kBoolean && cond->type.id() != TypeId::kNull)
      return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                            "argument of JOIN/ON must be type boolean, not type " + cond->type.ToString()),
                     j.on->location);
    conditions.push_back(std::move(cond));
  }
  for (const auto& col : using_cols) {
    ASSIGN_OR_RETURN(auto l, FindUsingColumn(*scope, left, right, col, "left", j.location));
    ASSIGN_OR_RETURN(auto r, FindUsingColumn(*scope, right, scope->entries.size(), col, "right", j.location));
    const auto& le = scope->entries[l.first];
    const auto& re = scope->entries[r.first];
    std::vector<BExprPtr> args;
    args.push_back(BExpr::Column(le.bindings[l.second], le.types[l.second]));
    args.push_back(BExpr::Column(re.bindings[r.second], re.types[r.second]));
    ASSIGN_OR_RETURN(auto eq, CallFunction("=", std::move(args), j.location));
    conditions.push_back(std::move(eq));
  }
  return conditions;
}

Status Binder::MergeUsingColumns(const JoinRef& j, const std::vector<std::string>& using_cols, size_t left,
                                 size_t right, Scope* scope, LogicalOperatorPtr* plan) {
  if (using_cols.empty()) return Status::OK();
  std::vector<std::pair<size_t, size_t>> lefts, rights;
  for (const auto& col : using_cols) {
    ASSIGN_OR_RETURN(auto l, FindUsingColumn(*scope, left, right, col, "left", j.location));
    ASSIGN_OR_RETURN(auto r, FindUsingColumn(*scope, right, scope->entries.size(), col, "right", j.location));
    lefts.push_back(l);
    rights.push_back(r);
  }
  // A merged column has the sides' common type (PostgreSQL's rule): when that is not the type of the side
  // it reads, or for a FULL join (COALESCE of the sides), a projection that passes the join's columns on
  // computes it.
  std::vector<LogicalType> commons;
  bool project = j.join_type == sql::JoinType::kFull;
  for (size_t k = 0; k < using_cols.size(); k++) {
    LogicalType lt = scope->entries[lefts[k].first].types[lefts[k].second];
    LogicalType rt = scope->entries[rights[k].first].types[rights[k].second];
    auto common = lt == rt ? Result<LogicalType>(lt) : CommonSuperType(lt, rt, "JOIN/USING");
    if (!common.ok()) return ErrorAt(common.status(), j.location);
    project = project || lt != rt;
    commons.push_back(*common);
  }
  // A RIGHT join's rows all have the right side's value; the others', the left side's.
  const auto& from = j.join_type == sql::JoinType::kRight ? rights : lefts;
  Scope::Entry merged;
  if (project) {
    auto all = (*plan)->Bindings();
    auto types = (*plan)->Types();
    auto proj = Wrap(LogicalKind::kProjection, std::move(*plan));
    proj->table_index = next_table_index_++;
    for (size_t c = 0; c < all.size(); c++) proj->exprs.push_back(BExpr::Column(all[c], types[c]));
    for (size_t k = 0; k < using_cols.size(); k++) {
      auto side = [&](const std::pair<size_t, size_t>& at) {
        const auto& e = scope->entries[at.first];
        BExprPtr c = BExpr::Column(e.bindings[at.second], e.types[at.second]);
        if (c->type != commons[k]) c = BExpr::Cast(std::move(c), commons[k], CastContext::kImplicit);
        return c;
      };
      BExprPtr value;
      if (j.join_type == sql::JoinType::kFull) {
        std::vector<BExprPtr> args;
        args.push_back(side(lefts[k]));
        args.push_back(side(rights[k]));
        value = BExpr::Make(blueshift::ExprKind::kCoalesce, commons[k], std::move(args));
      } else {
        value = side(from[k]);
      }
      merged.names.push_back(using_cols[k]);
      merged.types.push_back(commons[k]);
      merged.bindings.push_back({proj->table_index, static_cast<int>(all.size() + k)});
      proj->exprs.push_back(std::move(value));
    }
    RETURN_IF_ERROR(RenumberEntries(scope, left, all, proj->table_index));
    *plan = std::move(proj);
  } else {
    for (size_t k = 0; k < using_cols.size(); k++) {
      const auto& e = scope->entries[from[k].first];
      merged.names.push_back(using_cols[k]);
      merged.types.push_back(e.types[from[k].second]);
      merged.bindings.push_back(e.bindings[from[k].second]);
    }
  }
  for (size_t k = 0; k < using_cols.size(); k++) {
    for (auto [e, i] : {lefts[k], rights[k]}) {
      auto& hidden = scope->entries[e].hidden;
      hidden.resize(scope->entries[e].names.size());
      hidden[i] = true;
    }
  }
  scope->entries.insert(scope->entries.begin() + static_cast<std::ptrdiff_t>(left), std::move(merged));
  return Status::OK();
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
      if (view) {
        if (ctx_.state->view_depth == 0)
          ctx_.state->table_uses.insert({t.name.location, view->oid, !t.alias.name.empty()});
        return BindViewRef(*view, t.alias, scope);
      }
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
      RETURN_IF_ERROR(ErrorAt(CheckAliasColumns(t.alias, e.alias, def->columns.size()), t.name.location));
      e.table_oid = def->oid;
      for (size_t i = 0; i < def->columns.size(); i++) {
        get->columns.push_back(static_cast<int>(i));
        e.names.push_back(i < t.alias.columns.size() ? t.alias.columns[i] : def->columns[i].name);
        e.types.push_back(ColumnScopeType(def->columns[i]));
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
      RETURN_IF_ERROR(ErrorAt(CheckAliasColumns(s.alias, e.alias, bound.columns.size()), ref.location));
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
      size_t right_entry = scope->entries.size();
      ASSIGN_OR_RETURN(auto right, BindTableRef(*j.right, scope));
      auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
      if (j.join_type == sql::JoinType::kLeft) {
        join->join_type = blueshift::JoinType::kLeft;
      } else if (j.join_type == sql::JoinType::kRight) {
        join->join_type = blueshift::JoinType::kLeft;  // a RIGHT join is a LEFT join with the sides swapped
        std::swap(left, right);
      }
      std::vector<std::string> using_cols = JoinUsingColumns(j, *scope, first_entry, right_entry);
      LogicalOperatorPtr plan;
      size_t pending = pending_.size();
      if (j.join_type == sql::JoinType::kFull) {
        ASSIGN_OR_RETURN(
            plan, BindFullJoin(j, using_cols, std::move(left), std::move(right), first_entry, right_entry, scope));
        if (pending_.size() != pending)
          return ErrorAt(
              Status(ErrorCode::kFeatureNotSupported, "subqueries in FULL JOIN conditions are not supported"),
              j.location);
      } else {
        ASSIGN_OR_RETURN(join->exprs, BindJoinConditions(j, using_cols, scope, first_entry, right_entry));
        RETURN_IF_ERROR(ApplyConditionSubqueries(pending, j.location, &left, &right));
        join->children.push_back(std::move(left));
        join->children.push_back(std::move(right));
        plan = std::move(join);
      }
      RETURN_IF_ERROR(MergeUsingColumns(j, using_cols, first_entry, right_entry, scope, &plan));
      return plan;
    }
    case TableRefKind::kFunction:
      return BindTableFunction(ref.As<FunctionRef>(), scope);
    case TableRefKind::kPivot:
      return BindPivot(ref.As<PivotRef>(), scope);
    case TableRefKind::kBorrowed: {
      const TableRef* source = ref.As<BorrowedRef>().ref;
      auto& bound = ctx_.state->bound_sources;
      auto it = bound.find(source);
      if (it == bound.end()) return BindTableRef(*source, scope);
      LogicalOperatorPtr plan = std::move(it->second.plan);
      for (auto& e : it->second.entries) scope->entries.push_back(std::move(e));
      bound.erase(it);
      return plan;
    }
  }
  return Status(ErrorCode::kInternal, "unknown FROM item");
}

Status Binder::ApplyConditionSubqueries(size_t first, int location, LogicalOperatorPtr* left,
                                        LogicalOperatorPtr* right) {
  std::set<ColumnBinding> right_side;
  for (const auto& b : (*right)->Bindings()) right_side.insert(b);
  const auto left_bindings = (*left)->Bindings();
  const std::set<ColumnBinding> left_side(left_bindings.begin(), left_bindings.end());
  std::vector<PendingJoin> to[2];  // under the left input, under the right one
  for (size_t k = first; k < pending_.size(); k++) {
    // The side whose columns the subquery's correlation reads (an uncorrelated one: the left).
    bool reads_left = false, reads_right = false;
    for (const auto& c : pending_[k].conditions) {
      std::vector<ColumnBinding> used;
      c->CollectBindings(&used);
      for (const auto& b : used) {
        reads_left = reads_left || left_side.count(b) > 0;
        reads_right = reads_right || right_side.count(b) > 0;
      }
    }
    if (reads_left && reads_right) {
      return ErrorAt(
          Status(ErrorCode::kFeatureNotSupported, "This type of correlated subquery pattern is not supported yet"),
          location);
    }
    to[reads_right ? 1 : 0].push_back(std::move(pending_[k]));
  }
  pending_.resize(first);
  *left = ApplyJoins(std::move(*left), std::move(to[0]));
  *right = ApplyJoins(std::move(*right), std::move(to[1]));
  return Status::OK();
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
