// Views in FROM: the stored query is parsed and bound in place, like a derived table, each time the view is
// used, so a late-binding view sees its tables as they are when queried.

#include <utility>

#include "sql/binder_scope.h"
#include "system/system_table.h"

namespace blueshift::sql {

namespace {

// Views over views are bound recursively; a cycle (possible through CREATE OR REPLACE of late-binding
// views) stops here.
constexpr int kMaxViewDepth = 32;

// PostgreSQL 8.0's errors for a view where a table must be: its rewriter's for INSERT, UPDATE and DELETE (no
// rule can make a Redshift view updatable, so without its hint), COPY's and TRUNCATE's, LOCK's and ALTER
// TABLE's.
Status ViewAsTarget(const std::string& view, TargetUse use) {
  switch (use) {
    case TargetUse::kInsert:
      return Status(ErrorCode::kFeatureNotSupported, "cannot insert into a view");
    case TargetUse::kUpdate:
      return Status(ErrorCode::kFeatureNotSupported, "cannot update a view");
    case TargetUse::kDelete:
      return Status(ErrorCode::kFeatureNotSupported, "cannot delete from a view");
    case TargetUse::kCopy:
      return Status(ErrorCode::kWrongObjectType, "cannot copy to view \"" + view + "\"");
    default:
      return Status(ErrorCode::kWrongObjectType, "\"" + view + "\" is not a table");
  }
}

}  // namespace

Result<std::shared_ptr<const TableDef>> Binder::ResolveTarget(const QualifiedName& name, TargetUse use) {
  auto table = ResolveTable(name);
  // The name is the view's when the search path reaches the view first, as for a query.
  if (table.ok() || table.status().code() == ErrorCode::kUndefinedTable) {
    ASSIGN_OR_RETURN(auto view, ResolveView(name));
    if (view) return ErrorAt(ViewAsTarget(view->name, use), name.location);
  }
  if (!table.ok()) return table.status();
  if (FindSystemTableByOid((*table)->oid))
    return ErrorAt(
        Status(ErrorCode::kInsufficientPrivilege, "permission denied: \"" + (*table)->name + "\" is a system catalog"),
        name.location);
  return table;
}

Result<std::shared_ptr<const ViewDef>> Binder::ResolveView(const QualifiedName& name) {
  const auto& parts = name.parts;
  const std::string& rel = parts.back();
  if (parts.size() == 1 && ctx_.state->require_qualified)
    return ErrorAt(Status(ErrorCode::kSyntaxError,
                          "All the relations in late binding view should be qualified with "
                          "a schema name: \"" +
                              rel + "\""),
                   name.location);
  if (parts.size() >= 3 && parts[parts.size() - 3] != ctx_.database)
    return std::shared_ptr<const ViewDef>();  // ResolveTable says why
  if (parts.size() >= 2) {
    const std::string& schema = parts[parts.size() - 2];
    if (ctx_.state->require_qualified && !ctx_.catalog->FindSchema(schema) && !FindSystemTable(schema, rel))
      return ErrorAt(Status(ErrorCode::kUndefinedSchema, "schema \"" + schema + "\" does not exist"), name.location);
    return ctx_.catalog->FindView(schema, rel);
  }
  // The session's temp tables come first, as ResolveTable finds them.
  if (!ctx_.temp_schema.empty() && ctx_.catalog->FindTable(ctx_.temp_schema, rel))
    return std::shared_ptr<const ViewDef>();
  if (FindSystemTable("pg_catalog", rel)) return std::shared_ptr<const ViewDef>();
  for (const auto& schema : ctx_.search_path) {
    if (ctx_.catalog->FindTable(schema, rel)) return std::shared_ptr<const ViewDef>();
    if (auto v = ctx_.catalog->FindView(schema, rel)) return v;
  }
  return std::shared_ptr<const ViewDef>();
}

std::set<Oid> Binder::ReferencedRelations() const {
  return ctx_.state->relations;
}

std::set<TableNameUse> Binder::TableNameUses() const {
  return ctx_.state->table_uses;
}

void Binder::RequireQualifiedRelations() {
  ctx_.state->require_qualified = true;
}

void Binder::BindAsView(const ViewDef* view) {
  ctx_.state->star_view = view;
}

// A regular view shows the columns it was created with, as PostgreSQL, which expands * at CREATE VIEW, does:
// columns its tables gained since through * are left out. Each recorded column is the next bound column of
// its name (a renamed one goes by position). A late-binding view shows what its query gives now.
static std::vector<size_t> ColumnsAsCreated(const ViewDef& view, const BoundQuery& bound) {
  std::vector<size_t> shown;
  const bool as_created =
      !view.late_binding && !view.result_names.empty() && bound.columns.size() > view.result_names.size();
  if (!as_created) {
    for (size_t i = 0; i < bound.columns.size(); i++) shown.push_back(i);
    return shown;
  }
  size_t next = 0;
  for (size_t i = 0; i < view.result_names.size() && next < bound.columns.size(); i++, next++) {
    if (i >= view.column_names.size()) {
      size_t k = next;
      while (k < bound.columns.size() && bound.columns[k].name != view.result_names[i]) k++;
      if (k < bound.columns.size()) next = k;
    }
    shown.push_back(next);
  }
  return shown;
}

Result<LogicalOperatorPtr> Binder::BindViewRef(const ViewDef& view, const Alias& alias, Scope* scope) {
  StatementBindState& state = *ctx_.state;
  state.relations.insert(view.oid);
  if (state.view_depth >= kMaxViewDepth)
    return Status(ErrorCode::kInvalidRecursion, "infinite recursion detected in view \"" + view.name + "\"");
  auto parsed = Parse(view.query_sql);
  if (!parsed.ok() || parsed->size() != 1 || (*parsed)[0]->kind != StmtKind::kSelect)
    return Status(ErrorCode::kDataCorrupted, "the query of view \"" + view.name + "\" does not parse");
  state.view_queries.push_back(std::move((*parsed)[0]));
  const Query& query = *state.view_queries.back()->As<SelectStmt>().query;
  // The reader needs SELECT on the view; what the view reads is checked against the view's owner.
  if (Status st = Access().View(view, kPrivSelect); !st.ok()) return st;
  BindContext owner_ctx = ctx_;
  owner_ctx.user = view.owner;
  Binder sub(owner_ctx);  // neither correlated nor seeing the caller's CTEs
  sub.next_table_index_ = next_table_index_;
  state.view_depth++;
  bool qualified = std::exchange(state.require_qualified, false);  // a rule for the view being created only
  const ViewDef* star_view = std::exchange(state.star_view, view.late_binding ? nullptr : &view);
  auto bound = sub.BindQuery(query);
  state.star_view = star_view;
  state.require_qualified = qualified;
  state.view_depth--;
  next_table_index_ = sub.next_table_index_;
  // A failure inside the view's text: its position would point into that text, not the statement.
  if (!bound.ok()) return Status(bound.status().code(), bound.status().message());
  Scope::Entry e;
  e.alias = alias.name.empty() ? view.name : alias.name;
  RETURN_IF_ERROR(CheckAliasColumns(alias, e.alias, bound->columns.size()));
  auto bindings = bound->plan->Bindings();
  std::vector<size_t> shown = ColumnsAsCreated(view, *bound);
  for (size_t j = 0; j < shown.size(); j++) {
    const size_t i = shown[j];
    std::string name = j < view.column_names.size() ? view.column_names[j] : bound->columns[i].name;
    e.names.push_back(j < alias.columns.size() ? alias.columns[j] : name);
    e.types.push_back(bound->columns[i].type);
    e.bindings.push_back(bindings[i]);
  }
  scope->entries.push_back(std::move(e));
  return std::move(bound->plan);
}

}  // namespace blueshift::sql
