// MERGE, bound as two plans over the same snapshot: the matched rows (target joined to source on the
// condition) feed an UPDATE or DELETE; the unmatched source rows (source left-joined to the target, where
// no target row matched) feed an INSERT. An UPDATE whose new row depends on the source row alone (every
// column assigned, no target column read) runs as Redshift's does: the matched target rows are deleted and
// each matching source row inserts one new row, so duplicate target rows collapse into one (DG r_MERGE,
// usage notes).

#include <algorithm>
#include <optional>
#include <set>

#include "sql/binder_scope.h"
#include "system/system_table.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;
using BExprPtr = blueshift::ExprPtr;
using BKind = blueshift::ExprKind;

namespace {

Status CheckMergeSource(const MergeStmt& stmt) {
  if (stmt.source->kind != TableRefKind::kTable)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "MERGE source must be a table"), stmt.source->location);
  return Status::OK();
}

// Whether the bound UPDATE `update` of a MERGE gives every target column a value that reads no target
// column: then the new row depends on the source row alone.
bool NewRowFromSourceOnly(const LogicalOperator& update, size_t assignments) {
  const LogicalOperator& proj = *update.children[0];
  if (assignments + 1 != proj.exprs.size()) return false;
  int target = proj.exprs[0]->binding.table;  // the row id's
  std::vector<blueshift::ColumnBinding> read;
  for (size_t i = 1; i < proj.exprs.size(); i++) proj.exprs[i]->CollectBindings(&read);
  return std::none_of(read.begin(), read.end(), [&](const auto& b) { return b.table == target; });
}

}  // namespace

Result<BoundQuery> Binder::BindMergeMatched(const MergeStmt& stmt) {
  RETURN_IF_ERROR(CheckMergeSource(stmt));
  ASSIGN_OR_RETURN(auto source, ResolveTable(stmt.source->As<TableName>().name));
  ASSIGN_OR_RETURN(auto target, ResolveTarget(stmt.target, TargetUse::kMerge));
  if (source->oid == target->oid)
    return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "MERGE target and source must be different tables"),
                   stmt.source->location);
  std::vector<const TableRef*> from{stmt.source.get()};
  if (stmt.matched == MergeStmt::Matched::kDelete || stmt.remove_duplicates)
    return BindDeleteFrom(stmt.target, stmt.target_alias, from, stmt.on.get());
  ASSIGN_OR_RETURN(auto update, BindUpdateFrom(stmt.target, stmt.target_alias, from, stmt.on.get(), stmt.assignments));
  if (!NewRowFromSourceOnly(*update.plan, stmt.assignments.size())) return update;
  // The matched target rows are deleted and BindMergeInsert inserts one new row per matching source row.
  return BindDeleteFrom(stmt.target, stmt.target_alias, from, stmt.on.get());
}

Result<bool> Binder::MergeReplacesMatches(const MergeStmt& stmt) {
  if (stmt.matched != MergeStmt::Matched::kUpdate || stmt.remove_duplicates) return false;
  std::vector<const TableRef*> from{stmt.source.get()};
  ASSIGN_OR_RETURN(auto update, BindUpdateFrom(stmt.target, stmt.target_alias, from, stmt.on.get(), stmt.assignments));
  return NewRowFromSourceOnly(*update.plan, stmt.assignments.size());
}

Result<LogicalOperatorPtr> Binder::BindMergeInput(const MergeStmt& stmt, std::optional<blueshift::JoinType> join,
                                                  Scope* scope, std::shared_ptr<const TableDef>* table, int* target) {
  ASSIGN_OR_RETURN(auto source, BindTableRef(*stmt.source, scope));
  ASSIGN_OR_RETURN(auto target_scan,
                   BindDmlSource(stmt.target, TargetUse::kMerge, stmt.target_alias, {}, nullptr, scope, table, target));
  if (!join) return source;
  ASSIGN_OR_RETURN(auto on, BindExpr(*stmt.on, scope));
  auto joined = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  joined->join_type = *join;
  joined->exprs.push_back(std::move(on));
  joined->children.push_back(std::move(source));
  joined->children.push_back(std::move(target_scan));
  return LogicalOperatorPtr(std::move(joined));
}

Result<LogicalOperatorPtr> Binder::BindMergeReplacements(const MergeStmt& stmt) {
  Scope scope;
  int target = -1;
  std::shared_ptr<const TableDef> table;
  ASSIGN_OR_RETURN(auto semi, BindMergeInput(stmt, blueshift::JoinType::kSemi, &scope, &table, &target));
  std::vector<BExprPtr> row(table->columns.size());
  for (const auto& a : stmt.assignments) {
    int c = table->FindColumn(a.column);
    const blueshift::ColumnDef& col = table->columns[c];
    if (a.value->kind == ExprKind::kDefault) {
      ASSIGN_OR_RETURN(row[c], BindColumnDefault(col));
      continue;
    }
    ASSIGN_OR_RETURN(auto e, BindExpr(*a.value, &scope));
    ASSIGN_OR_RETURN(row[c], CastToColumn(std::move(e), col, a.value->location));
  }
  auto proj = Wrap(LogicalKind::kProjection, ApplyPending(std::move(semi)));
  proj->table_index = next_table_index_++;
  proj->exprs = std::move(row);
  return LogicalOperatorPtr(std::move(proj));
}

Result<BoundQuery> Binder::BindMergeInsert(const MergeStmt& stmt) {
  RETURN_IF_ERROR(CheckMergeSource(stmt));
  Scope scope;
  int target = -1;
  std::shared_ptr<const TableDef> table;
  // REMOVE DUPLICATES inserts every source row (the matched target rows are deleted); otherwise only the
  // source rows no target row matches.
  std::optional<blueshift::JoinType> join_type;
  if (!stmt.remove_duplicates) join_type = blueshift::JoinType::kLeft;
  ASSIGN_OR_RETURN(LogicalOperatorPtr input, BindMergeInput(stmt, join_type, &scope, &table, &target));
  if (!stmt.remove_duplicates) {
    LogicalOperatorPtr join = std::move(input);
    std::vector<BExprPtr> unmatched;
    unmatched.push_back(BExpr::Column({target, kRowIdColumn}, LogicalType::BigInt()));
    input = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
    input->exprs.push_back(BExpr::Make(BKind::kIsNull, LogicalType::Boolean(), std::move(unmatched)));
    input->children.push_back(std::move(join));
  }
  // The new rows: listed columns (all, in order, without a list) from VALUES, the others their DEFAULT.
  std::vector<BExprPtr> row(table->columns.size());
  std::vector<bool> given(table->columns.size(), stmt.remove_duplicates);  // which columns the new rows give
  // IDENTITY values are the generator's, as INSERT's rule is (user values only through COPY EXPLICIT_IDS).
  auto always_identity = [&](size_t c) { return AlwaysIdentity(table->columns[c]); };
  auto identity_error = [&] { return IdentityValueError(stmt.location); };
  if (stmt.remove_duplicates) {
    for (size_t c = 0; c < row.size(); c++) {
      if (always_identity(c)) return identity_error();  // every source column is copied
    }
    auto bindings = scope.entries[0].bindings;
    if (bindings.size() != table->columns.size())
      return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                            "MERGE ... REMOVE DUPLICATES needs a source with the "
                            "target's columns"),
                     stmt.location);
    for (size_t c = 0; c < row.size(); c++) {
      ASSIGN_OR_RETURN(row[c], CastToColumn(BExpr::Column(bindings[c], scope.entries[0].types[c]), table->columns[c],
                                            stmt.source->location));
    }
  } else {
    std::vector<int> cols;
    std::set<int> seen;
    for (const auto& n : stmt.insert_columns) {
      int c = table->FindColumn(n);
      if (c < 0)
        return ErrorAt(Status(ErrorCode::kUndefinedColumn,
                              "column \"" + n + "\" of relation \"" + table->name + "\" does not exist"),
                       stmt.location);
      if (always_identity(static_cast<size_t>(c))) return identity_error();
      if (!seen.insert(c).second)
        return ErrorAt(Status(ErrorCode::kDuplicateColumn, "column \"" + n + "\" specified more than once"),
                       stmt.location);
      cols.push_back(c);
    }
    if (cols.empty()) {
      for (size_t c = 0; c < row.size(); c++) {
        if (always_identity(c)) return identity_error();  // VALUES for every column, the identity's too
        cols.push_back(static_cast<int>(c));
      }
    }
    if (cols.size() != stmt.insert_values.size())
      return ErrorAt(Status(ErrorCode::kSyntaxError, cols.size() < stmt.insert_values.size()
                                                         ? "INSERT has more expressions than target columns"
                                                         : "INSERT has more target columns than expressions"),
                     stmt.location);
    // An unmatched source row has no target row: the values read the source alone (PostgreSQL's error for
    // a reference to the target; Redshift: "rows from source_table that don't match any rows in target_table").
    Scope source_only;
    std::string target_alias;
    for (const auto& entry : scope.entries) {
      bool is_target = !entry.bindings.empty() && entry.bindings[0].table == target;
      if (is_target) {
        target_alias = entry.alias;
      } else {
        source_only.entries.push_back(entry);
      }
    }
    for (size_t i = 0; i < cols.size(); i++) {
      const Expr& v = *stmt.insert_values[i];
      auto bound = BindExpr(v, &source_only);
      const bool unknown_name = !bound.ok() && (bound.status().code() == ErrorCode::kUndefinedColumn ||
                                                bound.status().code() == ErrorCode::kUndefinedTable);
      if (unknown_name && BindExpr(v, &scope).ok()) {  // the statement fails either way
        return ErrorAt(Status(ErrorCode::kUndefinedTable,
                              "invalid reference to FROM-clause entry for table \"" + target_alias + "\"")
                           .WithDetail("There is an entry for table \"" + target_alias +
                                       "\", but it cannot be referenced from this part of the query."),
                       v.location);
      }
      ASSIGN_OR_RETURN(auto e, std::move(bound));
      ASSIGN_OR_RETURN(row[cols[i]], CastToColumn(std::move(e), table->columns[cols[i]], v.location));
      given[cols[i]] = true;
    }
  }
  for (size_t c = 0; c < row.size(); c++) {
    if (row[c]) continue;
    ASSIGN_OR_RETURN(row[c], BindColumnDefault(table->columns[c]));
  }
  auto proj = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  proj->table_index = next_table_index_++;
  proj->exprs = std::move(row);
  proj->children.push_back(std::move(input));
  ASSIGN_OR_RETURN(bool replaces, MergeReplacesMatches(stmt));
  std::vector<blueshift::IdentityFill> generated;
  if (!replaces) {
    generated = IdentityFills(*table, {given}, {});
  } else {
    // The replacing rows give every column a value; the new rows may leave an IDENTITY column to its generator.
    ASSIGN_OR_RETURN(auto replacements, BindMergeReplacements(stmt));
    std::vector<bool> all(table->columns.size(), true);
    generated = IdentityFills(*table, {given, all}, {&proj->exprs, &replacements->exprs});
    auto both = std::make_unique<LogicalOperator>(LogicalKind::kUnion);
    both->table_index = next_table_index_++;
    both->value_types = proj->Types();
    both->children.push_back(std::move(proj));
    both->children.push_back(std::move(replacements));
    proj = Wrap(LogicalKind::kProjection, std::move(both));
    proj->table_index = next_table_index_++;
    for (const auto& b : proj->children[0]->Bindings()) {
      const auto& types = proj->children[0]->value_types;
      proj->exprs.push_back(BExpr::Column(b, types[proj->exprs.size()]));
    }
  }
  auto insert = std::make_unique<LogicalOperator>(LogicalKind::kInsert);
  insert->table = table;
  insert->generated = std::move(generated);
  insert->children.push_back(std::move(proj));
  BoundQuery result;
  result.plan = std::move(insert);
  return result;
}

}  // namespace blueshift::sql
