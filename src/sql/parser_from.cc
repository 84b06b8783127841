// FROM items (tables, subqueries, table functions, joins) and GROUP BY (ROLLUP, CUBE, GROUPING SETS).

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

bool IsJoinStart(const Token& t) {
  return t.Is("join") || t.Is("inner") || t.Is("left") || t.Is("right") || t.Is("full") || t.Is("cross") ||
         t.Is("natural");
}

}  // namespace

Result<std::vector<TableRefPtr>> Parser::ParseFromList() {
  std::vector<TableRefPtr> items;
  do {
    ASSIGN_OR_RETURN(TableRefPtr item, ParseTableRef());
    items.push_back(std::move(item));
  } while (AcceptPunct(","));
  return items;
}

Result<TableRefPtr> Parser::ParseTableRef() {
  ASSIGN_OR_RETURN(TableRefPtr left, ParseTablePrimary());
  while (AtPivot()) {
    ASSIGN_OR_RETURN(left, ParsePivot(std::move(left)));
  }
  while (IsJoinStart(Cur())) {
    ASSIGN_OR_RETURN(left, ParseJoin(std::move(left)));
  }
  return left;
}

// PIVOT and UNPIVOT are not reserved: `t pivot` is still a table with the alias pivot unless a parenthesis
// (or, for UNPIVOT, INCLUDE / EXCLUDE NULLS) follows.
bool Parser::AtPivot() const {
  const Token& next = PeekTok();
  if (Cur().Is("pivot")) return next.IsPunct("(");
  if (Cur().Is("unpivot")) return next.IsPunct("(") || next.Is("include") || next.Is("exclude");
  return false;
}

Result<TableRefPtr> Parser::ParsePivot(TableRefPtr source) {
  auto ref = std::make_unique<PivotRef>();
  ref->location = Cur().begin;
  ref->unpivot = Cur().Is("unpivot");
  Advance();
  ref->source = std::move(source);
  if (ref->unpivot) {
    if (AcceptWord("include")) {
      RETURN_IF_ERROR(ExpectWord("nulls"));
      ref->include_nulls = true;
    } else if (AcceptWord("exclude")) {
      RETURN_IF_ERROR(ExpectWord("nulls"));
    }
  }
  RETURN_IF_ERROR(ExpectPunct("("));
  if (ref->unpivot) {
    ASSIGN_OR_RETURN(ref->value_column, ParseIdent());
  } else {
    int loc = Cur().begin;
    ASSIGN_OR_RETURN(ref->aggregate, ParseExpr());
    if (ref->aggregate->kind != ExprKind::kFunction) return ErrorAt(ErrorCode::kSyntaxError, "syntax error", loc);
    if (AcceptWord("as") || (IsIdentToken() && !Cur().Is("for"))) {
      ASSIGN_OR_RETURN(ref->aggregate_alias, ParseIdent());
    }
  }
  RETURN_IF_ERROR(ExpectWord("for"));
  ASSIGN_OR_RETURN(ref->column, ParseIdent());
  RETURN_IF_ERROR(ExpectWord("in"));
  RETURN_IF_ERROR(ExpectPunct("("));
  do {
    PivotRef::Item item;
    item.location = Cur().begin;
    ASSIGN_OR_RETURN(item.value, ParseExpr());
    if (AcceptWord("as") || IsIdentToken()) {
      ASSIGN_OR_RETURN(item.name, ParseIdent());
    }
    ref->items.push_back(std::move(item));
  } while (AcceptPunct(","));
  RETURN_IF_ERROR(ExpectPunct(")"));
  RETURN_IF_ERROR(ExpectPunct(")"));
  RETURN_IF_ERROR(ParseAlias(&ref->alias, true));
  return TableRefPtr(std::move(ref));
}

Result<TableRefPtr> Parser::ParseJoin(TableRefPtr left) {
  auto join = std::make_unique<JoinRef>();
  join->location = Cur().begin;
  join->natural = AcceptWord("natural");
  if (AcceptWord("cross")) {
    if (join->natural) return SyntaxError();
    join->join_type = JoinType::kCross;
  } else if (AcceptWord("left")) {
    join->join_type = JoinType::kLeft;
  } else if (AcceptWord("right")) {
    join->join_type = JoinType::kRight;
  } else if (AcceptWord("full")) {
    join->join_type = JoinType::kFull;
  } else {
    AcceptWord("inner");
  }
  if (join->join_type == JoinType::kLeft || join->join_type == JoinType::kRight || join->join_type == JoinType::kFull) {
    AcceptWord("outer");
  }
  RETURN_IF_ERROR(ExpectWord("join"));
  ASSIGN_OR_RETURN(join->right, ParseTablePrimary());
  join->left = std::move(left);
  if (join->natural || join->join_type == JoinType::kCross) return TableRefPtr(std::move(join));
  if (AcceptWord("on")) {
    ASSIGN_OR_RETURN(join->on, ParseExpr());
  } else if (AcceptWord("using")) {
    ASSIGN_OR_RETURN(join->using_columns, ParseParenIdentList());
  } else {
    return SyntaxError();
  }
  return TableRefPtr(std::move(join));
}

Result<TableRefPtr> Parser::ParseTablePrimary() {
  int loc = Cur().begin;
  bool lateral = AcceptWord("lateral");
  if (IsPunct("(") && LooksLikeQuery()) {
    auto ref = std::make_unique<SubqueryRef>();
    ref->location = loc;
    ref->lateral = lateral;
    Advance();
    ASSIGN_OR_RETURN(ref->query, ParseQuery());
    RETURN_IF_ERROR(ExpectPunct(")"));
    // Redshift, unlike PostgreSQL before 16, does not require an alias (its admin scripts omit it).
    RETURN_IF_ERROR(ParseAlias(&ref->alias, true));
    return TableRefPtr(std::move(ref));
  }
  if (lateral) return SyntaxError();
  if (AcceptPunct("(")) {
    ASSIGN_OR_RETURN(TableRefPtr inner, ParseTableRef());
    RETURN_IF_ERROR(ExpectPunct(")"));
    return inner;
  }
  ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
  if (IsPunct("(")) {
    auto ref = std::make_unique<FunctionRef>();
    ref->location = loc;
    ASSIGN_OR_RETURN(ref->call, ParseFunctionCall(std::move(name.parts), loc));
    RETURN_IF_ERROR(ParseFunctionAlias(ref.get()));
    return TableRefPtr(std::move(ref));
  }
  auto ref = std::make_unique<TableName>();
  ref->location = loc;
  ref->name = std::move(name);
  RETURN_IF_ERROR(ParseAlias(&ref->alias, true));
  return TableRefPtr(std::move(ref));
}

// A function's alias: `[AS] name [(col, ...)]`, or with a column definition list `[AS] name (col type, ...)`
// (every column typed, or none).
Status Parser::ParseFunctionAlias(FunctionRef* ref) {
  RETURN_IF_ERROR(ParseAlias(&ref->alias, false));
  if (ref->alias.name.empty() || !AcceptPunct("(")) return Status::OK();
  do {
    ASSIGN_OR_RETURN(std::string column, ParseIdent());
    ref->alias.columns.push_back(std::move(column));
    if (IsPunct(",") || IsPunct(")")) continue;
    ASSIGN_OR_RETURN(TypeName type, ParseTypeName());
    ref->column_types.push_back(std::move(type));
  } while (AcceptPunct(","));
  RETURN_IF_ERROR(ExpectPunct(")"));
  if (!ref->column_types.empty() && ref->column_types.size() != ref->alias.columns.size()) return SyntaxError();
  return Status::OK();
}

Status Parser::ParseAlias(Alias* alias, bool allow_columns) {
  if (AcceptWord("as")) {
    ASSIGN_OR_RETURN(alias->name, ParseIdent());
  } else if (IsIdentToken() && !AtPivot()) {
    alias->name = Cur().text;
    Advance();
  } else {
    return Status::OK();
  }
  if (allow_columns && IsPunct("(")) {
    ASSIGN_OR_RETURN(alias->columns, ParseParenIdentList());
  }
  return Status::OK();
}

Result<std::vector<GroupingItem>> Parser::ParseGroupBy() {
  std::vector<GroupingItem> items;
  do {
    ASSIGN_OR_RETURN(GroupingItem item, ParseGroupingItem(false));
    items.push_back(std::move(item));
  } while (AcceptPunct(","));
  return items;
}

// An expression, ROLLUP(...), CUBE(...), GROUPING SETS(...), or — inside those or as "()" — a
// parenthesized list. "(a + b)" stays an expression; "(a, b)" and "()" become kList.
Result<GroupingItem> Parser::ParseGroupingItem(bool nested) {
  GroupingItem item;
  item.location = Cur().begin;
  bool rollup = Is("rollup"), cube = Is("cube");
  bool sets = Is("grouping") && PeekTok().Is("sets");
  if (((rollup || cube) && PeekTok().IsPunct("(")) || sets) {
    item.kind =
        rollup ? GroupingItem::Kind::kRollup : (cube ? GroupingItem::Kind::kCube : GroupingItem::Kind::kGroupingSets);
    pos_ += sets ? 2 : 1;
    RETURN_IF_ERROR(ExpectPunct("("));
    do {
      ASSIGN_OR_RETURN(GroupingItem child, ParseGroupingItem(true));
      if (!sets && child.kind != GroupingItem::Kind::kExpr && child.kind != GroupingItem::Kind::kList) {
        return ErrorAt(ErrorCode::kSyntaxError, "syntax error", child.location);
      }
      item.children.push_back(std::move(child));
    } while (AcceptPunct(","));
    RETURN_IF_ERROR(ExpectPunct(")"));
    return item;
  }
  if (IsPunct("(") && PeekTok().IsPunct(")")) {
    pos_ += 2;
    item.kind = GroupingItem::Kind::kList;
    return item;
  }
  if (nested && IsPunct("(") && !LooksLikeQuery()) {
    size_t saved = pos_;
    Advance();
    Result<ExprList> list = ParseExprList();
    if (list.ok() && list->size() > 1 && AcceptPunct(")")) {
      item.kind = GroupingItem::Kind::kList;
      item.list = std::move(list).value();
      return item;
    }
    pos_ = saved;
  }
  ASSIGN_OR_RETURN(item.expr, ParseExpr());
  return item;
}

}  // namespace blueshift::sql
