// CREATE [OR REPLACE] VIEW, DROP VIEW, ALTER TABLE RENAME / OWNER TO on a view, and the view dependencies DROP
// TABLE / DROP VIEW respect and ALTER TABLE RENAME follows.

#include <algorithm>
#include <cctype>
#include <set>

#include "catalog/access_check.h"
#include "main/statement_runner.h"
#include "sql/lexer.h"
#include "system/system_table.h"

namespace blueshift {

namespace {

// The view's query as the user wrote it: the statement text from the query on, without a trailing
// WITH NO SCHEMA BINDING.
std::string ViewQueryText(const sql::CreateViewStmt& stmt, std::string_view text) {
  size_t from = static_cast<size_t>(std::max(0, stmt.query->location - stmt.text_begin));
  std::string q(text.substr(std::min(from, text.size())));
  auto trim = [&] {
    while (!q.empty() && (std::isspace(static_cast<unsigned char>(q.back())) || q.back() == ';')) q.pop_back();
  };
  trim();
  if (!stmt.no_schema_binding) return q;
  // Drop the last four words (WITH NO SCHEMA BINDING), whatever the spacing and case.
  for (int word = 0; word < 4; word++) {
    while (!q.empty() && !std::isspace(static_cast<unsigned char>(q.back()))) q.pop_back();
    trim();
  }
  return q;
}

Status CheckReplacement(const ViewDef& old_view, const ViewDef& view) {
  auto err = [&](const std::string& m) { return Status(ErrorCode::kInvalidTableDefinition, m); };
  if (old_view.late_binding || view.late_binding) return Status::OK();
  if (view.result_names.size() < old_view.result_names.size()) return err("cannot drop columns from view");
  if (view.result_names.size() > old_view.result_names.size())
    return err("cannot add columns to view \"" + view.name + "\"");
  for (size_t i = 0; i < view.result_names.size(); i++) {
    if (view.result_names[i] != old_view.result_names[i])
      return err("cannot change name of view column \"" + old_view.result_names[i] + "\" to \"" + view.result_names[i] +
                 "\"");
    if (view.result_types[i] != old_view.result_types[i])
      return err("cannot change data type of view column \"" + view.result_names[i] + "\" from " +
                 old_view.result_types[i].ToString() + " to " + view.result_types[i].ToString());
  }
  return Status::OK();
}

}  // namespace

Status StatementRunner::BindViewColumns(const sql::CreateViewStmt& stmt, ViewDef* view) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  if (view->late_binding) binder.RequireQualifiedRelations();
  auto bound = binder.BindQuery(*stmt.query);
  if (!bound.ok()) {
    // A late-binding view may read what does not exist yet; it is checked when queried.
    ErrorCode code = bound.status().code();
    if (view->late_binding && (code == ErrorCode::kUndefinedTable || code == ErrorCode::kUndefinedColumn))
      return Status::OK();
    return bound.status();
  }
  if (stmt.columns.size() > bound->columns.size())
    return sql::ErrorAt(Status(ErrorCode::kSyntaxError, "CREATE VIEW specifies more column names than columns"),
                        stmt.location);
  std::set<std::string> names;
  for (size_t i = 0; i < bound->columns.size(); i++) {
    std::string name = i < stmt.columns.size() ? stmt.columns[i] : bound->columns[i].name;
    if (!names.insert(name).second)
      return sql::ErrorAt(Status(ErrorCode::kDuplicateColumn, "column \"" + name + "\" specified more than once"),
                          stmt.location);
    if (view->late_binding) continue;
    view->result_names.push_back(name);
    view->result_types.push_back(bound->columns[i].type);
  }
  if (view->late_binding) return Status::OK();
  for (Oid oid : binder.ReferencedRelations()) {
    if (FindSystemTableByOid(oid)) continue;
    view->depends_on.push_back(oid);
    auto table = txn_->catalog().FindTableByOid(oid);
    view->star_columns.push_back(table ? static_cast<uint32_t>(table->columns.size()) : 0);
  }
  return Status::OK();
}

Status StatementRunner::RunCreateView(const sql::CreateViewStmt& stmt, std::string_view text, ResultSink* sink) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  ViewDef view;
  ASSIGN_OR_RETURN(view.schema, binder.ResolveSchemaForCreate(stmt.name));
  view.name = stmt.name.name();
  if (view.name.size() > 127) view.name.resize(127);
  {
    AccessCheck access(txn_->catalog(), session_->options_.user);
    RETURN_IF_ERROR(sql::ErrorAt(access.Schema(view.schema, kPrivCreate), stmt.name.location));
  }
  view.owner = session_->options_.user;
  view.query_sql = ViewQueryText(stmt, text);
  view.column_names = stmt.columns;
  view.late_binding = stmt.no_schema_binding;
  RETURN_IF_ERROR(BindViewColumns(stmt, &view));
  Catalog& cat = txn_->MutableCatalog();
  auto duplicate = [&] {
    return sql::ErrorAt(Status(ErrorCode::kDuplicateTable, "relation \"" + view.name + "\" already exists"),
                        stmt.name.location);
  };
  ASSIGN_OR_RETURN(bool taken, TakeName('r', view.schema, view.name));
  if (cat.FindTable(view.schema, view.name) || (taken && !stmt.or_replace)) return duplicate();
  auto old_view = cat.FindView(view.schema, view.name);
  if (!old_view) {
    RETURN_IF_ERROR(cat.CreateView(std::move(view)).status());
    return sink->Complete("CREATE VIEW");
  }
  if (!stmt.or_replace) return duplicate();
  {
    AccessCheck access(txn_->catalog(), session_->options_.user);
    RETURN_IF_ERROR(sql::ErrorAt(access.ViewOwner(*old_view), stmt.name.location));
  }
  if (std::find(view.depends_on.begin(), view.depends_on.end(), old_view->oid) != view.depends_on.end())
    return Status(ErrorCode::kInvalidRecursion, "infinite recursion detected in view \"" + view.name + "\"");
  RETURN_IF_ERROR(CheckReplacement(*old_view, view));
  view.oid = old_view->oid;
  view.schema_oid = old_view->schema_oid;
  view.owner = old_view->owner;
  RETURN_IF_ERROR(cat.ReplaceView(std::move(view)));
  return sink->Complete("CREATE VIEW");
}

namespace {

// Where the (possibly qualified, possibly quoted) relation name whose first token starts at `at` ends: the
// end of the last identifier of `ident . ident ...` in the view's tokens.
size_t QualifiedNameEnd(const std::vector<sql::Token>& tokens, size_t at) {
  auto it =
      std::find_if(tokens.begin(), tokens.end(), [&](const sql::Token& t) { return t.begin >= static_cast<int>(at); });
  size_t end = at;
  while (it != tokens.end() && it->kind == sql::TokenKind::kIdent) {
    end = static_cast<size_t>(it->end);
    if (++it == tokens.end() || !it->IsPunct(".")) break;
    ++it;
  }
  return end;
}

// What a view's name of table `before` becomes when the table is `after`: its new name or, when columns
// were renamed, a derived table giving the first `shown` columns (those the view's * shows) their old names;
// either keeps the old name as the alias when the view gave none, so that the view's qualified columns still
// resolve.
std::string RenamedTableRef(const TableDef& before, const TableDef& after, size_t shown, bool aliased) {
  std::string ref = sql::QuoteIdent(after.schema) + "." + sql::QuoteIdent(after.name);
  bool columns_renamed = false;
  for (size_t c = 0; c < before.columns.size() && c < after.columns.size(); c++)
    columns_renamed |= before.columns[c].name != after.columns[c].name;
  if (columns_renamed) {
    std::string list;
    for (size_t c = 0; c < shown; c++) {
      list += c ? ", " : "";
      list += sql::QuoteIdent(after.columns[c].name);
      if (c < before.columns.size() && before.columns[c].name != after.columns[c].name)
        list += " AS " + sql::QuoteIdent(before.columns[c].name);
    }
    ref = "(SELECT " + list + " FROM " + ref + ")";
  }
  return aliased ? ref : ref + " AS " + sql::QuoteIdent(before.name);
}

}  // namespace

Status StatementRunner::EditDependentViews(Oid oid,
                                           const std::function<std::string(const ViewDef&, bool aliased)>& ref) {
  for (const auto& view : txn_->catalog().DependentViews(oid)) {
    if (view->late_binding) continue;
    auto parsed = sql::Parse(view->query_sql);
    if (!parsed.ok() || parsed->size() != 1 || (*parsed)[0]->kind != sql::StmtKind::kSelect) continue;
    sql::BindContext bind = MakeBindContext(nullptr, nullptr);
    bind.user = view->owner;
    sql::Binder binder(bind);
    binder.BindAsView(view.get());
    if (!binder.BindQuery(*(*parsed)[0]->As<sql::SelectStmt>().query).ok()) continue;  // broken already
    auto tokens = sql::Lex(view->query_sql);
    if (!tokens.ok()) continue;
    std::string text = view->query_sql;
    auto uses = binder.TableNameUses();
    for (auto it = uses.rbegin(); it != uses.rend(); ++it) {  // from the end: earlier places stay valid
      if (it->table != oid || it->location < 0 || static_cast<size_t>(it->location) >= text.size()) continue;
      size_t at = static_cast<size_t>(it->location);
      text.replace(at, QualifiedNameEnd(*tokens, at) - at, ref(*view, it->aliased));
    }
    if (text == view->query_sql) continue;
    ViewDef edited = *view;
    edited.query_sql = std::move(text);
    RETURN_IF_ERROR(txn_->MutableCatalog().ReplaceView(std::move(edited)));
  }
  return Status::OK();
}

Status StatementRunner::FollowRename(const TableDef& before, const TableDef& after) {
  return EditDependentViews(before.oid, [&](const ViewDef& view, bool aliased) {
    const size_t shown = view.StarColumns(before.oid, after.columns.size());
    return RenamedTableRef(before, after, shown, aliased);
  });
}

Status StatementRunner::RunAlterView(const sql::AlterTableStmt& stmt, const ViewDef& view, ResultSink* sink) {
  AccessCheck access(txn_->catalog(), session_->options_.user);
  RETURN_IF_ERROR(sql::ErrorAt(access.ViewOwner(view, kPrivAlter), stmt.table.location));
  ViewDef edited = view;
  if (stmt.action == sql::AlterTableAction::kOwnerTo) {
    if (!txn_->catalog().security().FindUser(stmt.new_name))
      return Status(ErrorCode::kUndefinedObject, "user \"" + stmt.new_name + "\" does not exist");
    edited.owner = stmt.new_name;
  } else {
    edited.name = stmt.new_name.substr(0, 127);
    if (txn_->catalog().FindTable(view.schema, edited.name) || txn_->catalog().FindView(view.schema, edited.name))
      return sql::ErrorAt(Status(ErrorCode::kDuplicateTable, "relation \"" + edited.name + "\" already exists"),
                          stmt.location);
    RETURN_IF_ERROR(EditDependentViews(view.oid, [&](const ViewDef&, bool aliased) {
      std::string ref = sql::QuoteIdent(view.schema) + "." + sql::QuoteIdent(edited.name);
      return aliased ? ref : ref + " AS " + sql::QuoteIdent(view.name);
    }));
  }
  RETURN_IF_ERROR(txn_->MutableCatalog().ReplaceView(std::move(edited)));
  return sink->Complete("ALTER TABLE");
}

namespace {

// Whether a regular view still binds to the columns it was created with: every recorded column (a renamed
// one by position) is among what its query gives now.
bool ViewStillBinds(const ViewDef& view, const sql::BoundQuery& bound) {
  if (bound.columns.size() < view.result_names.size()) return false;
  size_t next = 0;
  for (size_t i = 0; i < view.result_names.size(); i++) {
    if (i < view.column_names.size()) {
      next++;
      continue;
    }
    while (next < bound.columns.size() && bound.columns[next].name != view.result_names[i]) next++;
    if (next++ >= bound.columns.size()) return false;
  }
  return true;
}

}  // namespace

Status StatementRunner::DropColumnDependents(const TableDef& table, const std::string& column, size_t position,
                                             bool cascade, ResultSink* sink) {
  const std::string what = "table " + table.name + " column " + column;
  for (const auto& view : txn_->catalog().DependentViews(table.oid)) {
    if (view->late_binding || !txn_->catalog().FindViewByOid(view->oid)) continue;
    auto parsed = sql::Parse(view->query_sql);
    if (!parsed.ok() || parsed->size() != 1 || (*parsed)[0]->kind != sql::StmtKind::kSelect) continue;
    ViewDef after = *view;
    after.ColumnDropped(table.oid, position);
    sql::BindContext bind = MakeBindContext(nullptr, nullptr);
    bind.user = view->owner;
    sql::Binder binder(bind);
    binder.BindAsView(&after);
    auto bound = binder.BindQuery(*(*parsed)[0]->As<sql::SelectStmt>().query);
    if (bound.ok() && ViewStillBinds(*view, *bound)) {
      if (after.star_columns != view->star_columns) RETURN_IF_ERROR(txn_->MutableCatalog().ReplaceView(after));
      continue;
    }
    if (!cascade)
      return Status(ErrorCode::kDependentObjectsStillExist,
                    "cannot drop " + what + " because other objects depend on it")
          .WithDetail("view " + view->name + " depends on " + what)
          .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
    RETURN_IF_ERROR(DropDependentViews(view->oid, "view " + view->name, true, sink));
    sink->Notice("NOTICE", "drop cascades to view " + view->name);
    RETURN_IF_ERROR(txn_->MutableCatalog().DropView(view->oid));
  }
  return Status::OK();
}

Status StatementRunner::DropDependentViews(Oid oid, const std::string& what, bool cascade, ResultSink* sink) {
  auto dependents = txn_->catalog().DependentViews(oid);
  if (dependents.empty()) return Status::OK();
  if (!cascade)
    return Status(ErrorCode::kDependentObjectsStillExist, "cannot drop " + what + " because other objects depend on it")
        .WithDetail("view " + dependents[0]->name + " depends on " + what)
        .WithHint("Use DROP ... CASCADE to drop the dependent objects too.");
  for (const auto& v : dependents) {
    if (!txn_->catalog().FindViewByOid(v->oid)) continue;  // already dropped through another path
    RETURN_IF_ERROR(DropDependentViews(v->oid, "view " + v->name, true, sink));
    sink->Notice("NOTICE", "drop cascades to view " + v->name);
    RETURN_IF_ERROR(txn_->MutableCatalog().DropView(v->oid));
  }
  return Status::OK();
}

Status StatementRunner::RunDropView(const sql::DropStmt& stmt, ResultSink* sink) {
  sql::Binder binder(MakeBindContext(nullptr, nullptr));
  bool cascade = stmt.behavior == sql::DropBehavior::kCascade;
  for (const auto& name : stmt.names) {
    auto view = binder.ResolveView(name);
    if (!view.ok()) return view.status();
    if (!*view) {
      if (binder.ResolveTable(name).ok())
        return sql::ErrorAt(Status(ErrorCode::kWrongObjectType, "\"" + name.name() + "\" is not a view")
                                .WithHint("Use DROP TABLE to remove a table."),
                            name.location);
      if (stmt.if_exists) {
        sink->Notice("NOTICE", "view \"" + name.name() + "\" does not exist, skipping");
        continue;
      }
      return sql::ErrorAt(Status(ErrorCode::kUndefinedTable, "view \"" + name.name() + "\" does not exist"),
                          name.location);
    }
    AccessCheck access(txn_->catalog(), session_->options_.user);
    RETURN_IF_ERROR(sql::ErrorAt(access.ViewOwner(**view, kPrivDrop), name.location));
    RETURN_IF_ERROR(DropDependentViews((*view)->oid, "view " + (*view)->name, cascade, sink));
    RETURN_IF_ERROR(txn_->MutableCatalog().DropView((*view)->oid));
  }
  return sink->Complete("DROP VIEW");
}

}  // namespace blueshift
