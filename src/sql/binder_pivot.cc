// PIVOT and UNPIVOT in FROM (Redshift's syntax), bound by rewriting them into queries the binder knows:
//
//   src PIVOT (agg(x) [AS a] FOR c IN (v1 [AS n1], ...))
//     -> SELECT <src's other columns>, agg(CASE WHEN c = v1 THEN x END) AS n1[_a], ... FROM src
//        GROUP BY <src's other columns>          (`c IS NULL` for a NULL value; COUNT(*) counts 1s)
//   src UNPIVOT [INCLUDE | EXCLUDE NULLS] (val FOR name IN (c1 [AS n1], ...))
//     -> SELECT * FROM (SELECT <src's other columns>, u.name AS name, CASE u.i WHEN 1 THEN c1 ... END AS val
//                       FROM src CROSS JOIN (VALUES (1, 'n1'), ...) AS u(i, name)) WHERE val IS NOT NULL
//
// "Other columns" are the source's columns that the aggregate's argument, the FOR column or the IN list do
// not name: PIVOT groups by them, UNPIVOT passes them through. The source is bound once, to learn them; the
// rewritten query refers to it through a BorrowedRef, which takes that binding's plan (binding the source
// again would count a recursive CTE's reference in it twice, and expand its views twice). An output
// column is named by its IN item's alias, else by the value as written (a string's text, a number's
// digits, null), lower case, then `_` and the aggregate's alias when it has one.

#include <algorithm>
#include <cctype>
#include <string>

#include "sql/binder.h"
#include "sql/binder_scope.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace blueshift::sql {
namespace {

constexpr const char* kSourceName = "__bs_pivot_source";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The columns an expression names (identifiers not followed by '('), lower case as the lexer folds them.
std::vector<std::string> NamedColumns(const Expr& e) {
  std::vector<std::string> out;
  auto tokens = Lex(ToString(e));
  if (!tokens.ok()) return out;
  for (size_t i = 0; i < tokens->size(); i++) {
    const Token& t = (*tokens)[i];
    if (t.kind != TokenKind::kIdent) continue;
    if (i + 1 < tokens->size() && (*tokens)[i + 1].IsPunct("(")) continue;
    out.push_back(t.text);
  }
  return out;
}

// Points the FROM item named kSourceName in q (at any depth of FROM lists, joins and derived tables) at src.
bool Borrow(Query* q, const TableRef* src);

bool BorrowIn(TableRefPtr* ref, const TableRef* src) {
  TableRef& r = **ref;
  if (r.kind == TableRefKind::kTable && r.As<TableName>().name.parts.size() == 1 &&
      r.As<TableName>().name.parts[0] == kSourceName) {
    *ref = std::make_unique<BorrowedRef>(src);
    return true;
  }
  if (r.kind == TableRefKind::kJoin) {
    auto& j = static_cast<JoinRef&>(r);
    return BorrowIn(&j.left, src) || BorrowIn(&j.right, src);
  }
  if (r.kind == TableRefKind::kSubquery) return Borrow(static_cast<SubqueryRef&>(r).query.get(), src);
  return false;
}

bool Borrow(Query* q, const TableRef* src) {
  if (!q->body || q->body->kind != QueryTerm::Kind::kSelect) return false;
  for (auto& item : q->body->select->from) {
    if (BorrowIn(&item, src)) return true;
  }
  return false;
}

// The name an IN item gives its column: its alias, else the value as written.
std::string ItemName(const PivotRef::Item& item) {
  if (!item.name.empty()) return item.name;
  if (item.value->kind == ExprKind::kConstant) {
    const auto& c = static_cast<const Constant&>(*item.value);
    return c.const_kind == ConstKind::kNull ? "null" : Lower(c.value);
  }
  return Lower(ToString(*item.value));
}

Status PivotError(const std::string& message, int location) {
  return ErrorAt(Status(ErrorCode::kSyntaxError, message), location);
}

}  // namespace

Result<LogicalOperatorPtr> Binder::BindPivot(const PivotRef& ref, Scope* scope) {
  // The source's columns, from binding it on its own (not correlated, as a derived table is not).
  std::vector<std::string> columns;
  StatementBindState::BoundSource source;
  {
    Binder sub(ctx_);
    sub.ctes_ = VisibleCtes();
    sub.next_table_index_ = next_table_index_;
    Scope inner;
    ASSIGN_OR_RETURN(source.plan, sub.BindTableRef(*ref.source, &inner));
    next_table_index_ = sub.next_table_index_;
    for (const auto& e : inner.entries) columns.insert(columns.end(), e.names.begin(), e.names.end());
    source.entries = std::move(inner.entries);
  }
  auto has = [&](const std::string& c) { return std::find(columns.begin(), columns.end(), c) != columns.end(); };
  if (!ref.unpivot && !has(ref.column)) {
    return ErrorAt(Status(ErrorCode::kUndefinedColumn, "column \"" + ref.column + "\" does not exist"), ref.location);
  }
  std::vector<std::string> used;
  std::string sql;
  if (!ref.unpivot) {
    const auto& call = static_cast<const FunctionCall&>(*ref.aggregate);
    const std::string fn = call.name.empty() ? "" : call.name.back();
    if (call.name.size() != 1 || (fn != "avg" && fn != "count" && fn != "max" && fn != "min" && fn != "sum") ||
        call.over || call.filter || (!call.star && call.args.size() != 1)) {
      return PivotError("PIVOT aggregate must be one of AVG, COUNT, MAX, MIN or SUM of one expression",
                        ref.aggregate->location);
    }
    used.push_back(ref.column);
    for (const auto& name : NamedColumns(*ref.aggregate)) used.push_back(name);
    const std::string arg = call.star ? "1" : "(" + ToString(*call.args[0]) + ")";
    std::vector<std::string> others;
    for (const auto& c : columns) {
      if (std::find(used.begin(), used.end(), c) == used.end()) others.push_back(QuoteIdent(c));
    }
    std::string select, group;
    for (const auto& o : others) {
      select += (select.empty() ? "" : ", ") + o;
      group += (group.empty() ? "" : ", ") + o;
    }
    std::vector<std::string> names;
    for (const auto& item : ref.items) {
      if (item.value->kind == ExprKind::kColumnRef || item.value->kind == ExprKind::kFunction)
        return PivotError("PIVOT IN list values must be constants", item.location);
      bool is_null = item.value->kind == ExprKind::kConstant &&
                     static_cast<const Constant&>(*item.value).const_kind == ConstKind::kNull;
      std::string cond =
          is_null ? QuoteIdent(ref.column) + " IS NULL" : QuoteIdent(ref.column) + " = (" + ToString(*item.value) + ")";
      std::string name = ItemName(item);
      if (!ref.aggregate_alias.empty()) name += "_" + ref.aggregate_alias;
      if (std::find(names.begin(), names.end(), name) != names.end())
        return PivotError("PIVOT IN list has duplicate column name \"" + name + "\"", item.location);
      names.push_back(name);
      select += (select.empty() ? "" : ", ") + fn + "(" + (call.distinct ? "DISTINCT " : "") + "CASE WHEN " + cond +
                " THEN " + arg + " END) AS " + QuoteIdent(name);
    }
    sql = "SELECT " + select + " FROM " + kSourceName + (group.empty() ? "" : " GROUP BY " + group);
  } else {
    std::string cases, values;
    std::vector<std::string> in_columns;
    for (size_t i = 0; i < ref.items.size(); i++) {
      const auto& item = ref.items[i];
      if (item.value->kind != ExprKind::kColumnRef || static_cast<const ColumnRef&>(*item.value).star ||
          static_cast<const ColumnRef&>(*item.value).names.size() != 1)
        return PivotError("UNPIVOT IN list items must be column names", item.location);
      const std::string& c = static_cast<const ColumnRef&>(*item.value).names[0];
      if (!has(c))
        return ErrorAt(Status(ErrorCode::kUndefinedColumn, "column \"" + c + "\" does not exist"), item.location);
      in_columns.push_back(c);
      std::string n = std::to_string(i + 1);
      cases += " WHEN " + n + " THEN " + QuoteIdent(c);
      values += (values.empty() ? "(" : ", (") + n + ", " + QuoteString(item.name.empty() ? c : item.name) + ")";
    }
    if (ref.column == ref.value_column) return PivotError("UNPIVOT value and name columns must differ", ref.location);
    std::string select;
    for (const auto& c : columns) {
      if (std::find(in_columns.begin(), in_columns.end(), c) != in_columns.end()) continue;
      if (c == ref.column || c == ref.value_column)
        return PivotError("UNPIVOT column \"" + c + "\" is also a column of its input", ref.location);
      select += QuoteIdent(c) + ", ";
    }
    std::string inner = "SELECT " + select + "\"__bs_unpivot\".\"name\" AS " + QuoteIdent(ref.column) +
                        ", CASE \"__bs_unpivot\".\"i\"" + cases + " END AS " + QuoteIdent(ref.value_column) + " FROM " +
                        kSourceName + " CROSS JOIN (VALUES " + values + ") AS \"__bs_unpivot\"(\"i\", \"name\")";
    sql = ref.include_nulls ? inner
                            : "SELECT * FROM (" + inner + ") AS \"__bs_unpivoted\" WHERE " +
                                  QuoteIdent(ref.value_column) + " IS NOT NULL";
  }
  // Bind the rewritten query as a derived table with the PIVOT's alias.
  auto parsed = Parse(sql);
  if (!parsed.ok() || parsed->size() != 1 || (*parsed)[0]->kind != StmtKind::kSelect)
    return ErrorAt(Status(ErrorCode::kInternal, "PIVOT rewrite failed: " + sql), ref.location);
  SubqueryRef derived;
  derived.location = ref.location;
  derived.query = std::move(static_cast<SelectStmt&>(*(*parsed)[0]).query);
  derived.alias = ref.alias;
  if (!Borrow(derived.query.get(), ref.source.get()))
    return ErrorAt(Status(ErrorCode::kInternal, "PIVOT rewrite lost its source"), ref.location);
  ctx_.state->bound_sources[ref.source.get()] = std::move(source);
  auto bound = BindTableRef(derived, scope);
  ctx_.state->bound_sources.erase(ref.source.get());
  if (!bound.ok()) {
    Status st = bound.status();
    return std::move(st).WithPosition(ref.location + 1);
  }
  return bound;
}

}  // namespace blueshift::sql
