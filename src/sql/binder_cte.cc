// References to common table expressions (WITH), including WITH RECURSIVE.
//
// A CTE is bound in place at each reference. A recursive one (WITH RECURSIVE name (cols) AS (seed UNION ALL
// recursive member)) becomes a kRecursiveCte loop: the seed, then the recursive member run once per round
// over the rows the previous round produced (the working table), until a round produces no row. Redshift's
// rules: UNION ALL, a column list, no ORDER BY / LIMIT in the CTE.

#include "function/cast.h"
#include "sql/binder_scope.h"

namespace blueshift::sql {

using BExpr = blueshift::Expr;

namespace {

bool IsUnion(const CommonTableExpr& cte) {
  const QueryTerm& body = *cte.query->body;
  return body.kind == QueryTerm::Kind::kSetOp && body.op == SetOpKind::kUnion;
}

}  // namespace

Result<LogicalOperatorPtr> Binder::BindCteRef(const CommonTableExpr& cte, const Alias& alias, Scope* scope) {
  ASSIGN_OR_RETURN(auto bound, BindCteQuery(cte));
  Scope::Entry e;
  e.alias = alias.name.empty() ? cte.name : alias.name;
  RETURN_IF_ERROR(CheckAliasColumns(alias, e.alias, bound.columns.size()));
  auto bindings = bound.plan->Bindings();
  for (size_t i = 0; i < bound.columns.size(); i++) {
    std::string name = i < cte.columns.size() ? cte.columns[i] : bound.columns[i].name;
    e.names.push_back(i < alias.columns.size() ? alias.columns[i] : name);
    e.types.push_back(bound.columns[i].type);
    e.bindings.push_back(bindings[i]);
  }
  scope->entries.push_back(std::move(e));
  return std::move(bound.plan);
}

Result<BoundQuery> Binder::BindCteQuery(const CommonTableExpr& cte) {
  StatementBindState& rec = *ctx_.state;
  if (auto it = rec.working.find(&cte); it != rec.working.end()) {  // inside its own recursive member
    if (it->second.cte_id < 0)
      return Status(ErrorCode::kInvalidRecursion,
                    "recursive reference to query \"" + cte.name + "\" must not appear within its non-recursive term");
    if (++it->second.references > 1)
      return Status(ErrorCode::kInvalidRecursion,
                    "recursive reference to query \"" + cte.name + "\" must not appear more than once");
    auto scan = std::make_unique<LogicalOperator>(LogicalKind::kWorkingTable);
    scan->table_index = next_table_index_++;
    scan->cte_id = it->second.cte_id;
    scan->value_types = it->second.types;
    BoundQuery q;
    for (size_t i = 0; i < scan->value_types.size(); i++)
      q.columns.push_back({it->second.names[i], scan->value_types[i]});
    q.plan = std::move(scan);
    return q;
  }
  if (rec.declared.count(&cte) && IsUnion(cte)) return BindRecursiveCte(cte);
  Binder sub(ctx_);  // not correlated: a CTE cannot read the query that uses it
  sub.ctes_ = VisibleCtes();
  sub.ctes_.erase(cte.name);  // a non-recursive CTE does not see itself
  sub.next_table_index_ = next_table_index_;
  auto bound = sub.BindQuery(*cte.query);
  next_table_index_ = sub.next_table_index_;
  return bound;
}

Result<BoundQuery> Binder::BindRecursiveCte(const CommonTableExpr& cte) {
  const Query& query = *cte.query;
  const QueryTerm& body = *query.body;
  auto bind_term = [&](const QueryTerm& term, bool self_visible) -> Result<BoundQuery> {
    Binder sub(ctx_);
    sub.ctes_ = VisibleCtes();
    if (!self_visible) sub.ctes_.erase(cte.name);
    sub.next_table_index_ = next_table_index_;
    auto bound = sub.BindQueryTerm(term);
    next_table_index_ = sub.next_table_index_;
    return bound;
  };
  ctx_.state->working[&cte] = {};  // cte_id -1: a reference in the seed is an error
  auto seeded = bind_term(*body.left, true);
  ctx_.state->working.erase(&cte);
  ASSIGN_OR_RETURN(auto seed, std::move(seeded));
  size_t width = seed.columns.size();
  if (cte.columns.size() > width)
    return ErrorAt(Status(ErrorCode::kInvalidColumnReference,
                          "WITH query \"" + cte.name + "\" has " + std::to_string(width) + " columns available but " +
                              std::to_string(cte.columns.size()) + " columns specified"),
                   cte.location);
  std::vector<LogicalType> types;
  for (const auto& c : seed.columns) types.push_back(c.type.id() == TypeId::kNull ? LogicalType::Varchar() : c.type);

  // The working table has the loop's column types; when the recursive member widens one (a longer VARCHAR,
  // a bigger DECIMAL), bind it again with the wider types.
  StatementBindState::WorkingTable working;
  working.cte_id = next_table_index_++;
  for (const auto& c : seed.columns) working.names.push_back(c.name);
  BoundQuery member;
  for (int pass = 0;; pass++) {
    working.types = types;
    working.references = 0;
    ctx_.state->working[&cte] = working;
    auto bound = bind_term(*body.right, true);
    int references = ctx_.state->working[&cte].references;
    ctx_.state->working.erase(&cte);
    if (!bound.ok()) return bound.status();
    if (references == 0) {  // no self-reference: a plain UNION ALL
      Binder sub(ctx_);
      sub.ctes_ = VisibleCtes();
      sub.ctes_.erase(cte.name);
      sub.next_table_index_ = next_table_index_;
      auto plain = sub.BindQuery(query);
      next_table_index_ = sub.next_table_index_;
      return plain;
    }
    // Redshift's rules for a recursive CTE.
    if (!query.order_by.empty() || query.limit || query.offset)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported, "ORDER BY or LIMIT in a recursive query is not supported"),
                     query.location);
    if (!body.all)
      return ErrorAt(Status(ErrorCode::kFeatureNotSupported,
                            "recursive query \"" + cte.name + "\" must combine its terms with UNION ALL"),
                     body.location);
    if (cte.columns.empty())
      return ErrorAt(Status(ErrorCode::kSyntaxError, "recursive query \"" + cte.name + "\" must have a column list"),
                     cte.location);
    if (bound->columns.size() != width)
      return ErrorAt(Status(ErrorCode::kSyntaxError, "each UNION query must have the same number of columns"),
                     body.right->location);
    bool widened = false;
    for (size_t i = 0; i < width; i++) {
      auto common = CommonSuperType(types[i], bound->columns[i].type, "UNION");
      if (!common.ok() || (pass == 2 && *common != types[i]))
        return ErrorAt(Status(ErrorCode::kDatatypeMismatch,
                              "recursive query \"" + cte.name + "\" column " + std::to_string(i + 1) + " has type " +
                                  types[i].ToString() + " in non-recursive term but type " +
                                  bound->columns[i].type.ToString() + " overall"),
                       body.right->location);
      if (*common == types[i]) continue;
      widened = true;
      // Strings grow with each round (p || '/' || name): widen them to the longest VARCHAR at once.
      bool text = common->id() == TypeId::kVarchar || common->id() == TypeId::kChar;
      types[i] = text ? LogicalType::Varchar(LogicalType::kMaxVarcharLength) : *common;
    }
    if (!widened) {
      member = std::move(bound).value();
      break;
    }
  }
  ASSIGN_OR_RETURN(seed, CastOutputs(std::move(seed), types));
  ASSIGN_OR_RETURN(member, CastOutputs(std::move(member), types));
  auto loop = std::make_unique<LogicalOperator>(LogicalKind::kRecursiveCte);
  loop->table_index = next_table_index_++;
  loop->cte_id = working.cte_id;
  loop->cte_name = cte.name;
  loop->value_types = types;
  loop->children.push_back(std::move(seed.plan));
  loop->children.push_back(std::move(member.plan));
  BoundQuery result;
  for (size_t i = 0; i < width; i++) result.columns.push_back({seed.columns[i].name, types[i]});
  result.plan = std::move(loop);
  return result;
}

}  // namespace blueshift::sql
