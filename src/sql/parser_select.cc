// Query expressions: WITH, set operations (INTERSECT binds tighter than UNION / EXCEPT / MINUS), SELECT
// cores, VALUES, ORDER BY / LIMIT / OFFSET. FROM clauses are in parser_from.cc.

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

int SetOpPrecedence(const Token& t) {
  if (t.Is("union") || t.Is("except") || t.Is("minus")) return 1;
  if (t.Is("intersect")) return 2;
  return 0;
}

}  // namespace

bool Parser::LooksLikeQuery() const {
  size_t i = pos_;
  while (i < tokens_.size() && tokens_[i].IsPunct("(")) ++i;
  if (i == pos_ || i >= tokens_.size()) return false;
  const Token& t = tokens_[i];
  return t.Is("select") || t.Is("with") || t.Is("values");
}

Result<std::unique_ptr<Query>> Parser::ParseQuery() {
  if (++depth_ > kMaxParseDepth) {
    --depth_;
    return ErrorAt(ErrorCode::kSyntaxError, "query is too deeply nested", Cur().begin);
  }
  auto query = std::make_unique<Query>();
  query->location = Cur().begin;
  Status st = Is("with") ? ParseWith(query.get()) : Status::OK();
  if (st.ok()) {
    Result<std::unique_ptr<QueryTerm>> body = ParseSetExpr(1);
    if (body.ok()) {
      query->body = std::move(body).value();
      st = ParseQueryTail(query.get());
    } else {
      st = std::move(body).status();
    }
  }
  --depth_;
  if (!st.ok()) return st;
  return query;
}

Status Parser::ParseWith(Query* query) {
  Advance();  // WITH
  query->recursive = AcceptWord("recursive");
  do {
    CommonTableExpr cte;
    cte.location = Cur().begin;
    ASSIGN_OR_RETURN(cte.name, ParseIdent());
    if (IsPunct("(")) {
      ASSIGN_OR_RETURN(cte.columns, ParseParenIdentList());
    }
    RETURN_IF_ERROR(ExpectWord("as"));
    RETURN_IF_ERROR(ExpectPunct("("));
    ASSIGN_OR_RETURN(cte.query, ParseQuery());
    RETURN_IF_ERROR(ExpectPunct(")"));
    query->with.push_back(std::move(cte));
  } while (AcceptPunct(","));
  return Status::OK();
}

Result<std::unique_ptr<QueryTerm>> Parser::ParseSetExpr(int min_prec) {
  ASSIGN_OR_RETURN(std::unique_ptr<QueryTerm> left, ParseQueryPrimary());
  while (true) {
    int prec = SetOpPrecedence(Cur());
    if (prec == 0 || prec < min_prec) return left;
    auto node = std::make_unique<QueryTerm>();
    node->kind = QueryTerm::Kind::kSetOp;
    node->location = Cur().begin;
    node->op = Is("union") ? SetOpKind::kUnion : (Is("intersect") ? SetOpKind::kIntersect : SetOpKind::kExcept);
    Advance();
    node->all = AcceptWord("all");
    if (!node->all) AcceptWord("distinct");
    ASSIGN_OR_RETURN(node->right, ParseSetExpr(prec + 1));
    node->left = std::move(left);
    left = std::move(node);
  }
}

Result<std::unique_ptr<QueryTerm>> Parser::ParseQueryPrimary() {
  if (Is("values")) return ParseValues();
  if (Is("select")) {
    auto term = std::make_unique<QueryTerm>();
    term->location = Cur().begin;
    ASSIGN_OR_RETURN(term->select, ParseSelectCore());
    return term;
  }
  if (!IsPunct("(")) return SyntaxError();
  int loc = Cur().begin;
  Advance();
  ASSIGN_OR_RETURN(std::unique_ptr<Query> inner, ParseQuery());
  RETURN_IF_ERROR(ExpectPunct(")"));
  if (inner->with.empty() && inner->order_by.empty() && !inner->limit && !inner->offset) {
    return std::move(inner->body);
  }
  auto term = std::make_unique<QueryTerm>();
  term->kind = QueryTerm::Kind::kQuery;
  term->location = loc;
  term->query = std::move(inner);
  return term;
}

// VALUES (a, b), (c, d); an item may be DEFAULT (meaningful only in INSERT).
Result<std::unique_ptr<QueryTerm>> Parser::ParseValues() {
  auto term = std::make_unique<QueryTerm>();
  term->kind = QueryTerm::Kind::kValues;
  term->location = Cur().begin;
  Advance();
  do {
    RETURN_IF_ERROR(ExpectPunct("("));
    ExprList row;
    do {
      if (Is("default")) {
        auto d = std::make_unique<DefaultExpr>();
        d->location = Cur().begin;
        Advance();
        row.push_back(std::move(d));
      } else {
        ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
        row.push_back(std::move(e));
      }
    } while (AcceptPunct(","));
    RETURN_IF_ERROR(ExpectPunct(")"));
    if (!term->values.empty() && term->values[0].size() != row.size()) {
      return ErrorAt(ErrorCode::kSyntaxError, "VALUES lists must all be the same length", row[0]->location);
    }
    term->values.push_back(std::move(row));
  } while (AcceptPunct(","));
  return term;
}

Result<std::unique_ptr<SelectCore>> Parser::ParseSelectCore() {
  auto core = std::make_unique<SelectCore>();
  core->location = Cur().begin;
  Advance();  // SELECT
  if (AcceptWord("top")) {
    if (Cur().kind != TokenKind::kInteger) return SyntaxError();
    ASSIGN_OR_RETURN(core->top, ParsePrimary());
  }
  if (AcceptWord("distinct")) {
    core->distinct = true;
  } else {
    AcceptWord("all");
  }
  RETURN_IF_ERROR(ParseSelectTargets(core.get()));
  RETURN_IF_ERROR(ParseSelectClauses(core.get()));
  return core;
}

Status Parser::ParseSelectTargets(SelectCore* core) {
  do {
    ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
    core->targets.push_back(std::move(item));
  } while (AcceptPunct(","));
  if (!AcceptWord("into")) return Status::OK();
  SelectInto into;
  into.temp = AcceptWord("temp") || AcceptWord("temporary");
  AcceptWord("table");
  ASSIGN_OR_RETURN(into.table, ParseQualifiedName());
  if (into.table.name()[0] == '#') into.temp = true;
  core->into = std::move(into);
  return Status::OK();
}

Result<SelectItem> Parser::ParseSelectItem() {
  SelectItem item;
  item.location = Cur().begin;
  if (Cur().IsOp("*")) {
    auto star = std::make_unique<ColumnRef>();
    star->location = Cur().begin;
    star->star = true;
    Advance();
    item.expr = std::move(star);
    return item;
  }
  ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (AcceptWord("as")) {
    ASSIGN_OR_RETURN(item.alias, ParseAnyIdent());
  } else if (IsIdentToken()) {
    item.alias = Cur().text;
    Advance();
  }
  return item;
}

Status Parser::ParseSelectClauses(SelectCore* core) {
  if (AcceptWord("from")) {
    ASSIGN_OR_RETURN(core->from, ParseFromList());
  }
  if (AcceptWord("where")) {
    ASSIGN_OR_RETURN(core->where, ParseExpr());
  }
  if (Is("group") && PeekTok().Is("by")) {
    pos_ += 2;
    ASSIGN_OR_RETURN(core->group_by, ParseGroupBy());
  }
  if (AcceptWord("having")) {
    ASSIGN_OR_RETURN(core->having, ParseExpr());
  }
  if (AcceptWord("qualify")) {
    ASSIGN_OR_RETURN(core->qualify, ParseExpr());
  }
  if (!AcceptWord("window")) return Status::OK();
  do {
    NamedWindow w;
    ASSIGN_OR_RETURN(w.name, ParseIdent());
    RETURN_IF_ERROR(ExpectWord("as"));
    ASSIGN_OR_RETURN(std::unique_ptr<WindowSpec> spec, ParseWindowSpec());
    w.spec = std::move(*spec);
    core->windows.push_back(std::move(w));
  } while (AcceptPunct(","));
  return Status::OK();
}

// ORDER BY, then LIMIT n|ALL and OFFSET n [ROW|ROWS] in either order.
Status Parser::ParseQueryTail(Query* query) {
  if (Is("order") && PeekTok().Is("by")) {
    pos_ += 2;
    ASSIGN_OR_RETURN(query->order_by, ParseOrderByList());
  }
  bool seen_limit = false, seen_offset = false;
  while (true) {
    if (!seen_limit && AcceptWord("limit")) {
      seen_limit = true;
      if (!AcceptWord("all")) {
        ASSIGN_OR_RETURN(query->limit, ParseExpr());
      }
    } else if (!seen_offset && AcceptWord("offset")) {
      seen_offset = true;
      ASSIGN_OR_RETURN(query->offset, ParseExpr());
      if (!AcceptWord("rows")) AcceptWord("row");
    } else {
      return Status::OK();
    }
  }
}

Result<std::vector<SortItem>> Parser::ParseOrderByList() {
  std::vector<SortItem> items;
  do {
    SortItem item;
    ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (AcceptWord("desc")) {
      item.descending = true;
    } else {
      AcceptWord("asc");
    }
    if (AcceptWord("nulls")) {
      if (AcceptWord("first")) {
        item.nulls = SortItem::Nulls::kFirst;
      } else {
        RETURN_IF_ERROR(ExpectWord("last"));
        item.nulls = SortItem::Nulls::kLast;
      }
    }
    items.push_back(std::move(item));
  } while (AcceptPunct(","));
  return items;
}

}  // namespace blueshift::sql
