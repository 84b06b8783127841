// Operator-precedence levels of the expression grammar, lowest first (PostgreSQL's table):
// OR < AND < NOT < IS/ISNULL/NOTNULL < comparison < BETWEEN/IN/LIKE/ILIKE/SIMILAR < other operators <
// + - < * / % < ^ < AT TIME ZONE/COLLATE < unary + - ~ < [] and :: < primary.

#include <set>

#include "sql/parser_internal.h"

namespace blueshift::sql {
namespace {

bool IsComparisonOp(const Token& t) {
  if (t.kind != TokenKind::kOperator) return false;
  return t.text == "=" || t.text == "<>" || t.text == "<" || t.text == ">" || t.text == "<=" || t.text == ">=";
}

// Operators handled by their own precedence levels; anything else lands in ParseOtherOp.
bool IsLeveledOp(const std::string& op) {
  static const std::set<std::string> kOps = {"=", "<>", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^"};
  return kOps.count(op) > 0;
}

template <typename T>
std::unique_ptr<T> MakeNode(int location) {
  auto node = std::make_unique<T>();
  node->location = location;
  return node;
}

ExprPtr MakeBinary(std::string op, std::string schema, ExprPtr left, ExprPtr right, int location) {
  auto node = MakeNode<BinaryOp>(location);
  node->op = std::move(op);
  node->op_schema = std::move(schema);
  node->left = std::move(left);
  node->right = std::move(right);
  return node;
}

}  // namespace

Result<ExprPtr> Parser::ParseExpr() {
  if (++depth_ > kMaxParseDepth) {
    --depth_;
    return ErrorAt(ErrorCode::kSyntaxError, "expression is too deeply nested", Cur().begin);
  }
  Result<ExprPtr> result = ParseOr();
  --depth_;
  return result;
}

Status Parser::CountBinaryOp(int location) {
  if (++binary_ops_ <= kMaxBinaryOps) return Status::OK();
  return ErrorAt(ErrorCode::kStatementTooComplex,
                 "statement too complex: more than " + std::to_string(kMaxBinaryOps) + " binary operators", location);
}

Result<ExprList> Parser::ParseExprList() {
  ExprList list;
  do {
    ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    list.push_back(std::move(e));
  } while (AcceptPunct(","));
  return list;
}

Result<ExprPtr> Parser::ParseOr() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseAnd());
  while (Is("or")) {
    int loc = Cur().begin;
    Advance();
    RETURN_IF_ERROR(CountBinaryOp(loc));
    ASSIGN_OR_RETURN(ExprPtr right, ParseAnd());
    left = MakeBinary("OR", "", std::move(left), std::move(right), loc);
  }
  return left;
}

Result<ExprPtr> Parser::ParseAnd() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseNot());
  while (Is("and")) {
    int loc = Cur().begin;
    Advance();
    RETURN_IF_ERROR(CountBinaryOp(loc));
    ASSIGN_OR_RETURN(ExprPtr right, ParseNot());
    left = MakeBinary("AND", "", std::move(left), std::move(right), loc);
  }
  return left;
}

Result<ExprPtr> Parser::ParseNot() {
  if (!Is("not")) return ParseIs();
  auto node = MakeNode<UnaryOp>(Cur().begin);
  Advance();
  node->op = "NOT";
  ASSIGN_OR_RETURN(node->operand, ParseNot());
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseIs() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseComparison());
  while (true) {
    if (Is("is")) {
      ASSIGN_OR_RETURN(left, ParseIsTail(std::move(left)));
    } else if (IsComparisonOp(Cur())) {
      // "a IS NULL = false": the postfix IS test is complete, so it becomes a comparison operand.
      std::string op = Cur().text;
      int loc = Cur().begin;
      Advance();
      ASSIGN_OR_RETURN(left, ParseBinaryRhs(std::move(left), op, "", loc, &Parser::ParsePattern));
    } else if (Is("isnull") || Is("notnull")) {
      auto node = MakeNode<IsNull>(Cur().begin);
      node->negated = Is("notnull");
      node->arg = std::move(left);
      Advance();
      left = std::move(node);
    } else {
      return left;
    }
  }
}

Result<ExprPtr> Parser::ParseIsTail(ExprPtr left) {
  int loc = Cur().begin;
  Advance();  // IS
  bool negated = AcceptWord("not");
  if (AcceptWord("null")) {
    auto node = MakeNode<IsNull>(loc);
    node->arg = std::move(left);
    node->negated = negated;
    return ExprPtr(std::move(node));
  }
  if (Is("true") || Is("false") || Is("unknown")) {
    auto node = MakeNode<IsBool>(loc);
    node->test = Is("true") ? BoolTest::kTrue : (Is("false") ? BoolTest::kFalse : BoolTest::kUnknown);
    Advance();
    node->arg = std::move(left);
    node->negated = negated;
    return ExprPtr(std::move(node));
  }
  if (AcceptWord("distinct")) {
    RETURN_IF_ERROR(ExpectWord("from"));
    auto node = MakeNode<IsDistinct>(loc);
    node->left = std::move(left);
    ASSIGN_OR_RETURN(node->right, ParseComparison());
    node->negated = negated;
    return ExprPtr(std::move(node));
  }
  return SyntaxError();
}

Result<ExprPtr> Parser::ParseComparison() {
  ASSIGN_OR_RETURN(ExprPtr left, ParsePattern());
  while (IsComparisonOp(Cur())) {
    std::string op = Cur().text;
    int loc = Cur().begin;
    Advance();
    ASSIGN_OR_RETURN(left, ParseBinaryRhs(std::move(left), op, "", loc, &Parser::ParsePattern));
  }
  return left;
}

// Right operand of a binary operator, including the `op ANY|SOME|ALL (...)` forms.
Result<ExprPtr> Parser::ParseBinaryRhs(ExprPtr left, std::string op, std::string op_schema, int location,
                                       Result<ExprPtr> (Parser::*next)()) {
  bool quantified = (Is("any") || Is("some") || Is("all")) && PeekTok().IsPunct("(");
  if (!quantified) {
    RETURN_IF_ERROR(CountBinaryOp(location));
    ASSIGN_OR_RETURN(ExprPtr right, (this->*next)());
    return MakeBinary(std::move(op), std::move(op_schema), std::move(left), std::move(right), location);
  }
  bool all = Is("all");
  Advance();
  if (LooksLikeQuery()) {
    RETURN_IF_ERROR(ExpectPunct("("));
    auto node = MakeNode<Subquery>(location);
    node->subquery_kind = all ? SubqueryKind::kAll : SubqueryKind::kAny;
    node->arg = std::move(left);
    node->op = std::move(op);
    ASSIGN_OR_RETURN(node->query, ParseQuery());
    RETURN_IF_ERROR(ExpectPunct(")"));
    return ExprPtr(std::move(node));
  }
  RETURN_IF_ERROR(ExpectPunct("("));
  auto node = MakeNode<Quantified>(location);
  node->arg = std::move(left);
  node->op = std::move(op);
  node->op_schema = std::move(op_schema);
  node->all = all;
  ASSIGN_OR_RETURN(node->array, ParseExpr());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParsePattern() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseOtherOp());
  bool negated = false;
  if (Is("not")) {
    const Token& next = PeekTok();
    if (!(next.Is("between") || next.Is("in") || next.Is("like") || next.Is("ilike") || next.Is("similar"))) {
      return left;
    }
    Advance();
    negated = true;
  }
  if (Is("between") || Is("in") || Is("like") || Is("ilike") || Is("similar")) {
    return ParsePatternTail(std::move(left), negated);
  }
  return left;
}

Result<ExprPtr> Parser::ParsePatternTail(ExprPtr left, bool negated) {
  int loc = Cur().begin;
  if (AcceptWord("between")) {
    auto node = MakeNode<Between>(loc);
    node->symmetric = AcceptWord("symmetric");
    if (!node->symmetric) AcceptWord("asymmetric");
    node->arg = std::move(left);
    node->negated = negated;
    ASSIGN_OR_RETURN(node->low, ParseOtherOp());
    RETURN_IF_ERROR(ExpectWord("and"));
    ASSIGN_OR_RETURN(node->high, ParseOtherOp());
    return ExprPtr(std::move(node));
  }
  if (AcceptWord("in")) return ParseIn(std::move(left), negated, loc);
  auto node = MakeNode<Like>(loc);
  if (AcceptWord("similar")) {
    RETURN_IF_ERROR(ExpectWord("to"));
    node->like_kind = LikeKind::kSimilar;
  } else {
    node->like_kind = Is("ilike") ? LikeKind::kILike : LikeKind::kLike;
    Advance();
  }
  node->arg = std::move(left);
  node->negated = negated;
  ASSIGN_OR_RETURN(node->pattern, ParseOtherOp());
  if (AcceptWord("escape")) {
    ASSIGN_OR_RETURN(node->escape, ParseOtherOp());
  }
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseIn(ExprPtr left, bool negated, int location) {
  if (LooksLikeQuery()) {
    RETURN_IF_ERROR(ExpectPunct("("));
    auto node = MakeNode<Subquery>(location);
    node->subquery_kind = SubqueryKind::kIn;
    node->arg = std::move(left);
    node->negated = negated;
    ASSIGN_OR_RETURN(node->query, ParseQuery());
    RETURN_IF_ERROR(ExpectPunct(")"));
    return ExprPtr(std::move(node));
  }
  RETURN_IF_ERROR(ExpectPunct("("));
  auto node = MakeNode<InList>(location);
  node->arg = std::move(left);
  node->negated = negated;
  ASSIGN_OR_RETURN(node->list, ParseExprList());
  RETURN_IF_ERROR(ExpectPunct(")"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParseOtherOp() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseAdditive());
  while (true) {
    int loc = Cur().begin;
    std::string op, schema;
    if (Cur().kind == TokenKind::kOperator && !IsLeveledOp(Cur().text)) {
      op = Cur().text;
      Advance();
    } else if (Is("operator") && PeekTok().IsPunct("(")) {
      ASSIGN_OR_RETURN(op, ParseOperatorName(&schema));
    } else {
      return left;
    }
    ASSIGN_OR_RETURN(left, ParseBinaryRhs(std::move(left), op, schema, loc, &Parser::ParseAdditive));
  }
}

Result<std::string> Parser::ParseOperatorName(std::string* schema) {
  Advance();  // OPERATOR
  RETURN_IF_ERROR(ExpectPunct("("));
  while (Cur().kind == TokenKind::kIdent && PeekTok().IsPunct(".")) {
    *schema = Cur().text;
    Advance();
    Advance();
  }
  if (Cur().kind != TokenKind::kOperator) return SyntaxError();
  std::string op = Cur().text;
  Advance();
  RETURN_IF_ERROR(ExpectPunct(")"));
  return op;
}

Result<ExprPtr> Parser::ParseAdditive() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseMultiplicative());
  while (Cur().IsOp("+") || Cur().IsOp("-")) {
    std::string op = Cur().text;
    int loc = Cur().begin;
    Advance();
    ASSIGN_OR_RETURN(left, ParseBinaryRhs(std::move(left), op, "", loc, &Parser::ParseMultiplicative));
  }
  return left;
}

Result<ExprPtr> Parser::ParseMultiplicative() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseExponent());
  while (Cur().IsOp("*") || Cur().IsOp("/") || Cur().IsOp("%")) {
    std::string op = Cur().text;
    int loc = Cur().begin;
    Advance();
    ASSIGN_OR_RETURN(left, ParseBinaryRhs(std::move(left), op, "", loc, &Parser::ParseExponent));
  }
  return left;
}

Result<ExprPtr> Parser::ParseExponent() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseAtTimeZone());
  while (Cur().IsOp("^")) {
    int loc = Cur().begin;
    Advance();
    ASSIGN_OR_RETURN(left, ParseBinaryRhs(std::move(left), "^", "", loc, &Parser::ParseAtTimeZone));
  }
  return left;
}

// x AT TIME ZONE z becomes timezone(z, x), as in PostgreSQL.
Result<ExprPtr> Parser::ParseAtTimeZone() {
  ASSIGN_OR_RETURN(ExprPtr left, ParseUnary());
  while (true) {
    int loc = Cur().begin;
    if (Is("at") && PeekTok().Is("time") && PeekTok(2).Is("zone")) {
      pos_ += 3;
      auto call = MakeNode<FunctionCall>(loc);
      call->name = {"timezone"};
      ASSIGN_OR_RETURN(ExprPtr zone, ParseUnary());
      call->args.push_back(std::move(zone));
      call->args.push_back(std::move(left));
      left = std::move(call);
    } else if (AcceptWord("collate")) {
      auto node = MakeNode<Collate>(loc);
      ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
      node->collation = std::move(name.parts);
      node->arg = std::move(left);
      left = std::move(node);
    } else {
      return left;
    }
  }
}

Result<ExprPtr> Parser::ParseUnary() {
  // |/ (square root) and ||/ (cube root) lex as | or || then /: written together, they are one operator.
  const bool root = (Cur().IsOp("|") || Cur().IsOp("||")) && PeekTok().IsOp("/") &&
                    PeekTok().begin == Cur().begin + static_cast<int>(Cur().text.size());
  if (!(Cur().IsOp("-") || Cur().IsOp("+") || Cur().IsOp("~") || Cur().IsOp("@") || root)) return ParsePostfix();
  auto node = MakeNode<UnaryOp>(Cur().begin);
  node->op = Cur().text;
  Advance();
  if (root) {
    node->op += "/";
    Advance();
  }
  ASSIGN_OR_RETURN(node->operand, ParseUnary());
  Expr* operand = node->operand.get();
  if (node->op == "-" && operand->kind == ExprKind::kConstant) {
    auto& c = operand->As<Constant>();
    if ((c.const_kind == ConstKind::kInteger || c.const_kind == ConstKind::kDecimal) && c.value[0] != '-') {
      c.value = "-" + c.value;
      c.location = node->location;
      return std::move(node->operand);
    }
  }
  return ExprPtr(std::move(node));
}

Result<ExprPtr> Parser::ParsePostfix() {
  ASSIGN_OR_RETURN(ExprPtr expr, ParsePrimary());
  while (true) {
    int loc = Cur().begin;
    if (AcceptPunct("::")) {
      auto node = MakeNode<Cast>(expr->location);
      node->double_colon = true;
      ASSIGN_OR_RETURN(node->type, ParseTypeName());
      node->arg = std::move(expr);
      expr = std::move(node);
    } else if (AcceptPunct("[")) {
      auto node = MakeNode<Subscript>(loc);
      ASSIGN_OR_RETURN(node->index, ParseExpr());
      if (AcceptPunct(":")) {
        ASSIGN_OR_RETURN(node->upper, ParseExpr());
      }
      RETURN_IF_ERROR(ExpectPunct("]"));
      node->arg = std::move(expr);
      expr = std::move(node);
    } else if (AcceptPunct(".")) {  // (record).field: a dotted name is a ColumnRef, so only after ) or ]
      auto node = MakeNode<FieldSelect>(loc);
      ASSIGN_OR_RETURN(node->field, ParseIdent());
      node->arg = std::move(expr);
      expr = std::move(node);
    } else {
      return expr;
    }
  }
}

}  // namespace blueshift::sql
