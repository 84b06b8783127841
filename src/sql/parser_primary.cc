// Primary expressions: literals, names, function calls, CASE, CAST, subqueries, ARRAY, typed literals and
// the SQL-syntax functions (EXTRACT, POSITION, SUBSTRING, TRIM, CURRENT_DATE ...). Window specs live in
// parser_window.cc.

#include <charconv>
#include <set>

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

template <typename T>
std::unique_ptr<T> MakeNode(int location) {
  auto node = std::make_unique<T>();
  node->location = location;
  return node;
}

ExprPtr MakeStringConst(std::string value, int location) {
  auto c = MakeNode<Constant>(location);
  c->const_kind = ConstKind::kString;
  c->value = std::move(value);
  return c;
}

ExprPtr MakeConcat(ExprPtr left, ExprPtr right, int location) {
  auto op = MakeNode<BinaryOp>(location);
  op->op = "||";
  op->left = std::move(left);
  op->right = std::move(right);
  return op;
}

// There is no array type: ARRAY(SELECT x FROM ...) yields the array's text form as VARCHAR, '{a,b}' ('{}'
// for no rows), the way psql shows it (\du's memberof). Written as
//   COALESCE((SELECT '{' || LISTAGG(x::varchar, ',') WITHIN GROUP (ORDER BY ...) || '}' FROM ...), '{}')
// for a plain one-column SELECT without GROUP BY, DISTINCT or LIMIT; elements are not quoted. nullptr when
// the query has another shape (the binder then refuses ARRAY(...)).
ExprPtr ArraySubqueryAsText(std::unique_ptr<Query>& query, int location) {
  QueryTerm* body = query->body.get();
  if (body == nullptr || body->kind != QueryTerm::Kind::kSelect || !query->with.empty() || query->limit ||
      query->offset) {
    return nullptr;
  }
  SelectCore& core = *body->select;
  if (core.targets.size() != 1 || core.distinct || core.top || !core.group_by.empty() || core.having || core.qualify ||
      core.into.has_value() ||
      (core.targets[0].expr->kind == ExprKind::kColumnRef && core.targets[0].expr->As<ColumnRef>().star)) {
    return nullptr;
  }
  for (const SortItem& item : query->order_by) {
    if (item.expr->kind == ExprKind::kConstant) return nullptr;  // ORDER BY 1 would need the element twice
  }
  auto element = MakeNode<Cast>(location);
  element->arg = std::move(core.targets[0].expr);
  element->type.name = "varchar";
  auto agg = MakeNode<FunctionCall>(location);
  agg->name = {"listagg"};
  agg->args.push_back(std::move(element));
  agg->args.push_back(MakeStringConst(",", location));
  agg->order_by = std::move(query->order_by);
  agg->within_group = !agg->order_by.empty();
  query->order_by.clear();
  core.targets[0].expr = MakeConcat(MakeConcat(MakeStringConst("{", location), std::move(agg), location),
                                    MakeStringConst("}", location), location);
  auto scalar = MakeNode<Subquery>(location);
  scalar->subquery_kind = SubqueryKind::kScalar;
  scalar->query = std::move(query);
  auto coalesce = MakeNode<FunctionCall>(location);
  coalesce->name = {"coalesce"};
  coalesce->args.push_back(std::move(scalar));
  coalesce->args.push_back(MakeStringConst("{}", location));
  return coalesce;
}

// SQL-standard functions written without parentheses.
bool IsNoParenFunction(std::string_view w) {
  static const std::set<std::string_view> kWords = {
      "current_date",   "current_time", "current_timestamp", "localtime",       "localtimestamp", "current_user",
      "session_user",   "user",         "current_role",      "current_catalog", "current_schema", "sysdate",
      "current_user_id"};
  return kWords.count(w) > 0;
}

}  // namespace

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& t = Cur();
  switch (t.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kString:
      return ParseConstant();
    case TokenKind::kParam: {
      auto p = MakeNode<Param>(t.begin);
      std::from_chars(t.text.data(), t.text.data() + t.text.size(), p->index);
      Advance();
      return ExprPtr(std::move(p));
    }
    case TokenKind::kPunct:
      if (t.text == "(") return ParseParenExpr();
      return SyntaxError();
    case TokenKind::kIdent:
      return ParseWordExpr();
    default:
      return SyntaxError();
  }
}

Result<ExprPtr> Parser::ParseConstant() {
  const Token& t = Cur();
  auto c = MakeNode<Constant>(t.begin);
  c->const_kind = t.kind == TokenKind::kInteger   ? ConstKind::kInteger
                  : t.kind == TokenKind::kDecimal ? ConstKind::kDecimal
                                                  : ConstKind::kString;
  c->value = t.text;
  Advance();
  return ExprPtr(std::move(c));
}

// '(' starts a scalar subquery or a parenthesized expression. With extra parentheses before the SELECT,
// "((SELECT 1) + 1)" is an expression, so the query reading is tried first and dropped if it fails.
Result<ExprPtr> Parser::ParseParenExpr() {
  int loc = Cur().begin;
  if (LooksLikeQuery()) {
    size_t saved = pos_;
    bool direct = PeekTok().Is("select") || PeekTok().Is("with") || PeekTok().Is("values");
    Advance();
    Result<std::unique_ptr<Query>> query = ParseQuery();
    if (query.ok() && IsPunct(")")) {
      Advance();
      auto node = MakeNode<Subquery>(loc);
      node->query = std::move(query).value();
      return ExprPtr(std::move(node));
    }
    if (direct) return query.ok() ? SyntaxError() : std::move(query).status();
    pos_ = saved;
  }
  Advance();
  ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return inner;
}

Result<ExprPtr> Parser::ParseWordExpr() {
  const Token& t = Cur();
  if (t.quoted) return ParseNameExpr();
  if (t.text == "true" || t.text == "false" || t.text == "null") {
    auto c = MakeNode<Constant>(t.begin);
    c->const_kind = t.text == "null" ? ConstKind::kNull : ConstKind::kBool;
    c->value = t.text == "null" ? "" : t.text;
    Advance();
    return ExprPtr(std::move(c));
  }
  if (t.text == "case") return ParseCase();
  if (t.text == "cast") return ParseCast();
  if (t.text == "exists" && PeekTok().IsPunct("(")) return ParseExists();
  if (t.text == "array" && (PeekTok().IsPunct("[") || PeekTok().IsPunct("("))) return ParseArray();
  if (t.text == "approximate" && !PeekTok().quoted && PeekTok(2).IsPunct("(") &&
      (PeekTok().Is("count") || PeekTok().Is("percentile_disc"))) {
    Advance();  // APPROXIMATE COUNT(DISTINCT x), APPROXIMATE PERCENTILE_DISC(p) WITHIN GROUP (...)
    ASSIGN_OR_RETURN(ExprPtr call, ParseNameExpr());
    if (call->kind == ExprKind::kFunction) call->As<FunctionCall>().approximate = true;
    return call;
  }
  bool matched = false;
  ASSIGN_OR_RETURN(ExprPtr special, ParseSpecialFunction(&matched));
  if (matched) return special;
  if (!IsKeywordReserved(t.text)) {
    ASSIGN_OR_RETURN(ExprPtr literal, TryTypedLiteral(&matched));
    if (matched) return literal;
    return ParseNameExpr();
  }
  // LEFT(s, n), RIGHT(s, n) and Redshift's COLLATE(s, 'case_insensitive') are functions named by keywords.
  if ((t.text == "left" || t.text == "right" || t.text == "collate") && PeekTok().IsPunct("(")) return ParseNameExpr();
  return SyntaxError();
}

// a, t.a, s.t.a, t.*, or a (possibly qualified) function call.
Result<ExprPtr> Parser::ParseNameExpr() {
  int loc = Cur().begin;
  std::vector<std::string> names{Cur().text};
  Advance();
  while (IsPunct(".")) {
    Advance();
    if (Cur().IsOp("*")) {
      Advance();
      auto ref = MakeNode<ColumnRef>(loc);
      ref->names = std::move(names);
      ref->star = true;
      return ExprPtr(std::move(ref));
    }
    ASSIGN_OR_RETURN(std::string part, ParseAnyIdent());
    names.push_back(std::move(part));
  }
  if (IsPunct("(")) return ParseFunctionCall(std::move(names), loc);
  auto ref = MakeNode<ColumnRef>(loc);
  ref->names = std::move(names);
  return ExprPtr(std::move(ref));
}

// `type 'string'` (DATE '2020-01-01', TIMESTAMP WITH TIME ZONE '...', INTERVAL '1' DAY, int4 '1'). Leaves
// the position unchanged and *matched false when the words ahead do not form one.
Result<ExprPtr> Parser::TryTypedLiteral(bool* matched) {
  *matched = false;
  size_t saved = pos_;
  int loc = Cur().begin;
  Result<TypeName> type = ParseTypeName();
  if (!type.ok() || Cur().kind != TokenKind::kString || type->array_dims > 0) {
    pos_ = saved;
    return ExprPtr();
  }
  *matched = true;
  auto node = MakeNode<TypedLiteral>(loc);
  node->type = std::move(type).value();
  node->value = Cur().text;
  Advance();
  if (node->type.name == "interval") {
    ASSIGN_OR_RETURN(node->interval_fields, ParseIntervalFields());
  }
  return ExprPtr(std::move(node));
}

// Optional INTERVAL qualifier: YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, or "<a> TO <b>".
Result<std::string> Parser::ParseIntervalFields() {
  static const std::set<std::string_view> kFields = {"year", "month", "day", "hour", "minute", "second"};
  if (Cur().kind != TokenKind::kIdent || Cur().quoted || kFields.count(Cur().text) == 0) return std::string();
  std::string fields = Cur().text;
  Advance();
  if (AcceptWord("to")) {
    if (Cur().kind != TokenKind::kIdent || kFields.count(Cur().text) == 0) return SyntaxError();
    fields += " to " + Cur().text;
    Advance();
  }
  return fields;
}

Result<ExprPtr> Parser::ParseCase() {
  auto node = MakeNode<Case>(Cur().begin);
  Advance();
  if (!Is("when")) {
    ASSIGN_OR_RETURN(node->arg, ParseExpr());
  }
  while (AcceptWord("when")) {
    CaseWhen when;
    ASSIGN_OR_RETURN(when.condition, ParseExpr());
    RETURN_IF_ERROR(ExpectWord("then"));
    ASSIGN_OR_RETURN(when.result, ParseExpr());
    node->whens.push_back(std::move(when));
  }
  if (node->whens.empty()) return SyntaxError();
  if (AcceptWord("else")) {
    ASSIGN_OR_RETURN(node->else_result, ParseExpr());
  }
  RETURN_IF_ERROR(ExpectWord("end"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseCast() {
  auto node = MakeNode<Cast>(Cur().begin);
  Advance();
  RETURN_IF_ERROR(ExpectPunct("("));
  ASSIGN_OR_RETURN(node->arg, ParseExpr());
  RETURN_IF_ERROR(ExpectWord("as"));
  ASSIGN_OR_RETURN(node->type, ParseTypeName());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseExists() {
  auto node = MakeNode<Subquery>(Cur().begin);
  node->subquery_kind = SubqueryKind::kExists;
  Advance();
  RETURN_IF_ERROR(ExpectPunct("("));
  ASSIGN_OR_RETURN(node->query, ParseQuery());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseArray() {
  int loc = Cur().begin;
  Advance();
  if (AcceptPunct("(")) {
    auto node = MakeNode<Subquery>(loc);
    node->subquery_kind = SubqueryKind::kArray;
    ASSIGN_OR_RETURN(node->query, ParseQuery());
    RETURN_IF_ERROR(ExpectPunct(")"));
    if (ExprPtr text = ArraySubqueryAsText(node->query, loc)) return text;
    return ExprPtr(std::move(node));
  }
  RETURN_IF_ERROR(ExpectPunct("["));
  auto node = MakeNode<ArrayExpr>(loc);
  if (!IsPunct("]")) {
    ASSIGN_OR_RETURN(node->elements, ParseExprList());
  }
  RETURN_IF_ERROR(ExpectPunct("]"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseSpecialFunction(bool* matched) {
  *matched = true;
  const std::string& w = Cur().text;
  bool paren = PeekTok().IsPunct("(");
  if (w == "extract" && paren) return ParseExtract();
  if ((w == "position" || w == "trim") && paren) return ParseTrimOrPosition();
  if (w == "substring" && paren) return ParseSubstring();
  if (IsNoParenFunction(w) && !(w == "current_schema" && paren)) {
    auto call = MakeNode<FunctionCall>(Cur().begin);
    call->name = {w};
    call->no_parens = true;
    Advance();
    if ((w == "current_time" || w == "current_timestamp" || w == "localtime" || w == "localtimestamp") &&
        AcceptPunct("(")) {
      ASSIGN_OR_RETURN(ExprPtr precision, ParseExpr());
      call->args.push_back(std::move(precision));
      RETURN_IF_ERROR(ExpectPunct(")"));
    }
    return ExprPtr(std::move(call));
  }
  *matched = false;
  return ExprPtr();
}

// EXTRACT(field FROM x) -> extract('field', x).
Result<ExprPtr> Parser::ParseExtract() {
  auto call = MakeNode<FunctionCall>(Cur().begin);
  call->name = {"extract"};
  pos_ += 2;
  int field_loc = Cur().begin;
  std::string field;
  if (Cur().kind == TokenKind::kString || Cur().kind == TokenKind::kIdent) {
    field = Cur().text;
    Advance();
  } else {
    return SyntaxError();
  }
  call->args.push_back(MakeStringConst(std::move(field), field_loc));
  RETURN_IF_ERROR(ExpectWord("from"));
  ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  call->args.push_back(std::move(source));
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(call));
}

// POSITION(a IN b) -> position(a, b) (our position() takes the needle first, as CHARINDEX does);
// TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) -> btrim/ltrim/rtrim(s, chars), as PostgreSQL rewrites them.
Result<ExprPtr> Parser::ParseTrimOrPosition() {
  auto call = MakeNode<FunctionCall>(Cur().begin);
  bool position = Is("position");
  pos_ += 2;
  if (position) {
    call->name = {"position"};
    ASSIGN_OR_RETURN(ExprPtr needle, ParseOtherOp());
    RETURN_IF_ERROR(ExpectWord("in"));
    ASSIGN_OR_RETURN(ExprPtr haystack, ParseOtherOp());
    call->args.push_back(std::move(needle));
    call->args.push_back(std::move(haystack));
    RETURN_IF_ERROR(ExpectPunct(")"));
    return ExprPtr(std::move(call));
  }
  call->name = {AcceptWord("leading") ? "ltrim" : AcceptWord("trailing") ? "rtrim" : "btrim"};
  AcceptWord("both");
  ExprPtr chars;
  if (!Is("from")) {
    ASSIGN_OR_RETURN(chars, ParseExpr());
  }
  if (AcceptWord("from")) {
    ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
    call->args.push_back(std::move(source));
    if (chars) call->args.push_back(std::move(chars));
  } else {
    if (!chars) return SyntaxError();
    call->args.push_back(std::move(chars));
    while (AcceptPunct(",")) {
      ASSIGN_OR_RETURN(ExprPtr more, ParseExpr());
      call->args.push_back(std::move(more));
    }
  }
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(call));
}

// SUBSTRING(s FROM a [FOR b]), SUBSTRING(s FOR b) or SUBSTRING(s, a[, b]).
Result<ExprPtr> Parser::ParseSubstring() {
  auto call = MakeNode<FunctionCall>(Cur().begin);
  call->name = {"substring"};
  pos_ += 2;
  ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  call->args.push_back(std::move(source));
  if (Is("from") || Is("for")) {
    bool has_from = AcceptWord("from");
    ExprPtr from, length;
    if (has_from) {
      ASSIGN_OR_RETURN(from, ParseExpr());
    } else {
      auto one = MakeNode<Constant>(-1);
      one->const_kind = ConstKind::kInteger;
      one->value.push_back('1');
      from = std::move(one);
    }
    call->args.push_back(std::move(from));
    if (AcceptWord("for")) {
      ASSIGN_OR_RETURN(length, ParseExpr());
      call->args.push_back(std::move(length));
    }
  } else {
    while (AcceptPunct(",")) {
      ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      call->args.push_back(std::move(arg));
    }
  }
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(call));
}

}  // namespace blueshift::sql
