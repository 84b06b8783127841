// ToString (expression deparser) and DefaultColumnName.

#include <cctype>
#include <string>

#include "sql/ast.h"
#include "sql/parser.h"

namespace blueshift::sql {

std::string QuoteIdent(const std::string& id) {
  bool plain = !id.empty() && (std::islower(static_cast<unsigned char>(id[0])) || id[0] == '_' || id[0] == '#');
  for (char c : id) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' ||
          c == '$' || c == '#')) {
      plain = false;
    }
  }
  if (plain && !IsKeywordReserved(id)) return id;
  std::string out = "\"";
  for (char c : id) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "." : "") + QuoteIdent(names[i]);
  return out;
}

std::string JoinExprs(const ExprList& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) out += (i ? ", " : "") + ToString(*list[i]);
  return out;
}

std::string SortList(const std::vector<SortItem>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", " : "") + ToString(*items[i].expr);
    if (items[i].descending) out += " DESC";
    if (items[i].nulls == SortItem::Nulls::kFirst) out += " NULLS FIRST";
    if (items[i].nulls == SortItem::Nulls::kLast) out += " NULLS LAST";
  }
  return out;
}

std::string BoundString(const FrameBound& b) {
  switch (b.kind) {
    case BoundKind::kUnboundedPreceding:
      return "UNBOUNDED PRECEDING";
    case BoundKind::kPreceding:
      return ToString(*b.offset) + " PRECEDING";
    case BoundKind::kCurrentRow:
      return "CURRENT ROW";
    case BoundKind::kFollowing:
      return ToString(*b.offset) + " FOLLOWING";
    case BoundKind::kUnboundedFollowing:
      return "UNBOUNDED FOLLOWING";
  }
  return "";
}

std::string WindowString(const WindowSpec& w) {
  std::string parts;
  auto add = [&parts](const std::string& s) { parts += (parts.empty() ? "" : " ") + s; };
  if (!w.ref_name.empty()) add(QuoteIdent(w.ref_name));
  if (!w.partition_by.empty()) add("PARTITION BY " + JoinExprs(w.partition_by));
  if (!w.order_by.empty()) add("ORDER BY " + SortList(w.order_by));
  if (w.frame_mode != FrameMode::kNone) {
    std::string frame = w.frame_mode == FrameMode::kRows ? "ROWS " : "RANGE ";
    if (w.has_frame_end) {
      frame += "BETWEEN " + BoundString(w.frame_start) + " AND " + BoundString(w.frame_end);
    } else {
      frame += BoundString(w.frame_start);
    }
    add(frame);
  }
  return "(" + parts + ")";
}

std::string FunctionString(const FunctionCall& f) {
  if (f.no_parens) return f.name.back() + (f.args.empty() ? "" : "(" + JoinExprs(f.args) + ")");
  std::string out = (f.approximate ? "APPROXIMATE " : "") + JoinNames(f.name);
  out += "(";
  if (f.distinct) out += "DISTINCT ";
  out += f.star ? "*" : JoinExprs(f.args);
  if (!f.order_by.empty() && !f.within_group) out += " ORDER BY " + SortList(f.order_by);
  out += ")";
  if (f.within_group) out += " WITHIN GROUP (ORDER BY " + SortList(f.order_by) + ")";
  if (f.filter) out += " FILTER (WHERE " + ToString(*f.filter) + ")";
  if (f.ignore_nulls) out += " IGNORE NULLS";
  if (f.over)
    out += " OVER " + (f.over->partition_by.empty() && f.over->order_by.empty() &&
                               f.over->frame_mode == FrameMode::kNone && !f.over->ref_name.empty()
                           ? QuoteIdent(f.over->ref_name)
                           : WindowString(*f.over));
  return out;
}

std::string ConstantString(const Constant& c) {
  switch (c.const_kind) {
    case ConstKind::kString:
      return QuoteString(c.value);
    case ConstKind::kNull:
      return "NULL";
    default:
      return c.value;
  }
}

std::string CaseString(const Case& c) {
  std::string out = "CASE";
  if (c.arg) out += " " + ToString(*c.arg);
  for (const CaseWhen& w : c.whens) out += " WHEN " + ToString(*w.condition) + " THEN " + ToString(*w.result);
  if (c.else_result) out += " ELSE " + ToString(*c.else_result);
  return out + " END";
}

std::string SubqueryString(const Subquery& s) {
  const char* body = "(<subquery>)";
  switch (s.subquery_kind) {
    case SubqueryKind::kScalar:
      return body;
    case SubqueryKind::kExists:
      return std::string("EXISTS ") + body;
    case SubqueryKind::kArray:
      return std::string("ARRAY") + body;
    case SubqueryKind::kIn:
      return "(" + ToString(*s.arg) + (s.negated ? " NOT IN " : " IN ") + body + ")";
    case SubqueryKind::kAny:
      return "(" + ToString(*s.arg) + " " + s.op + " ANY " + body + ")";
    case SubqueryKind::kAll:
      return "(" + ToString(*s.arg) + " " + s.op + " ALL " + body + ")";
  }
  return body;
}

std::string PredicateString(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kIsNull: {
      const auto& n = e.As<IsNull>();
      return "(" + ToString(*n.arg) + (n.negated ? " IS NOT NULL)" : " IS NULL)");
    }
    case ExprKind::kIsBool: {
      const auto& n = e.As<IsBool>();
      const char* v = n.test == BoolTest::kTrue ? "TRUE" : (n.test == BoolTest::kFalse ? "FALSE" : "UNKNOWN");
      return "(" + ToString(*n.arg) + (n.negated ? " IS NOT " : " IS ") + v + ")";
    }
    case ExprKind::kIsDistinct: {
      const auto& n = e.As<IsDistinct>();
      return "(" + ToString(*n.left) + (n.negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
             ToString(*n.right) + ")";
    }
    case ExprKind::kBetween: {
      const auto& n = e.As<Between>();
      return "(" + ToString(*n.arg) + (n.negated ? " NOT" : "") + " BETWEEN " + (n.symmetric ? "SYMMETRIC " : "") +
             ToString(*n.low) + " AND " + ToString(*n.high) + ")";
    }
    case ExprKind::kInList: {
      const auto& n = e.As<InList>();
      return "(" + ToString(*n.arg) + (n.negated ? " NOT IN (" : " IN (") + JoinExprs(n.list) + "))";
    }
    case ExprKind::kLike: {
      const auto& n = e.As<Like>();
      const char* op =
          n.like_kind == LikeKind::kLike ? "LIKE" : (n.like_kind == LikeKind::kILike ? "ILIKE" : "SIMILAR TO");
      std::string out = "(" + ToString(*n.arg) + (n.negated ? " NOT " : " ") + op + " " + ToString(*n.pattern);
      if (n.escape) out += " ESCAPE " + ToString(*n.escape);
      return out + ")";
    }
    default:
      return "?";
  }
}

}  // namespace

std::string ToString(const TypeName& type) {
  std::string out = type.schema.empty() ? type.name : type.schema + "." + type.name;
  if (type.max_length) {
    out += "(max)";
  } else if (!type.modifiers.empty()) {
    out += "(";
    for (size_t i = 0; i < type.modifiers.size(); ++i) out += (i ? "," : "") + std::to_string(type.modifiers[i]);
    out += ")";
  }
  for (int i = 0; i < type.array_dims; ++i) out += "[]";
  return out;
}

std::string ToString(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef: {
      const auto& c = e.As<ColumnRef>();
      if (!c.star) return JoinNames(c.names);
      return c.names.empty() ? "*" : JoinNames(c.names) + ".*";
    }
    case ExprKind::kConstant:
      return ConstantString(e.As<Constant>());
    case ExprKind::kParam:
      return "$" + std::to_string(e.As<Param>().index);
    case ExprKind::kTypedLiteral: {
      const auto& t = e.As<TypedLiteral>();
      std::string out = ToString(t.type) + " " + QuoteString(t.value);
      return t.interval_fields.empty() ? out : out + " " + t.interval_fields;
    }
    case ExprKind::kUnary: {
      const auto& u = e.As<UnaryOp>();
      return "(" + u.op + (u.op == "NOT" ? " " : "") + ToString(*u.operand) + ")";
    }
    case ExprKind::kBinary: {
      const auto& b = e.As<BinaryOp>();
      std::string op = b.op_schema.empty() ? b.op : "OPERATOR(" + b.op_schema + "." + b.op + ")";
      return "(" + ToString(*b.left) + " " + op + " " + ToString(*b.right) + ")";
    }
    case ExprKind::kSubquery:
      return SubqueryString(e.As<Subquery>());
    case ExprKind::kQuantified: {
      const auto& q = e.As<Quantified>();
      return "(" + ToString(*q.arg) + " " + q.op + (q.all ? " ALL (" : " ANY (") + ToString(*q.array) + "))";
    }
    case ExprKind::kCase:
      return CaseString(e.As<Case>());
    case ExprKind::kCast: {
      const auto& c = e.As<Cast>();
      if (c.double_colon) return ToString(*c.arg) + "::" + ToString(c.type);
      return "CAST(" + ToString(*c.arg) + " AS " + ToString(c.type) + ")";
    }
    case ExprKind::kFunction:
      return FunctionString(e.As<FunctionCall>());
    case ExprKind::kCollate: {
      const auto& c = e.As<Collate>();
      return "(" + ToString(*c.arg) + " COLLATE " + JoinNames(c.collation) + ")";
    }
    case ExprKind::kArray:
      return "ARRAY[" + JoinExprs(e.As<ArrayExpr>().elements) + "]";
    case ExprKind::kSubscript: {
      const auto& s = e.As<Subscript>();
      return ToString(*s.arg) + "[" + ToString(*s.index) + (s.upper ? ":" + ToString(*s.upper) : "") + "]";
    }
    case ExprKind::kDefault:
      return "DEFAULT";
    case ExprKind::kFieldSelect: {
      const auto& f = e.As<FieldSelect>();
      return "(" + ToString(*f.arg) + ")." + f.field;
    }
    default:
      return PredicateString(e);
  }
}

std::string DefaultColumnName(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef: {
      const auto& c = e.As<ColumnRef>();
      return c.star || c.names.empty() ? "?column?" : c.names.back();
    }
    case ExprKind::kFunction:
      return e.As<FunctionCall>().name.back();
    case ExprKind::kCast: {
      const auto& c = e.As<Cast>();
      std::string inner = DefaultColumnName(*c.arg);
      return inner != "?column?" ? inner : c.type.name;
    }
    case ExprKind::kTypedLiteral:
      return e.As<TypedLiteral>().type.name;
    case ExprKind::kConstant:
      return e.As<Constant>().const_kind == ConstKind::kBool ? "bool" : "?column?";
    case ExprKind::kCase:
      return "case";
    case ExprKind::kArray:
      return "array";
    case ExprKind::kCollate:
      return DefaultColumnName(*e.As<Collate>().arg);
    case ExprKind::kSubscript:
      return DefaultColumnName(*e.As<Subscript>().arg);
    case ExprKind::kFieldSelect:
      return e.As<FieldSelect>().field;
    case ExprKind::kSubquery: {
      const auto& s = e.As<Subquery>();
      if (s.subquery_kind == SubqueryKind::kExists) return "exists";
      if (s.subquery_kind == SubqueryKind::kArray) return "array";
      if (s.subquery_kind != SubqueryKind::kScalar) return "?column?";
      const QueryTerm* term = s.query->body.get();
      while (term->kind == QueryTerm::Kind::kSetOp) term = term->left.get();
      if (term->kind != QueryTerm::Kind::kSelect || term->select->targets.empty()) return "?column?";
      const SelectItem& first = term->select->targets[0];
      return first.alias.empty() ? DefaultColumnName(*first.expr) : first.alias;
    }
    default:
      return "?column?";
  }
}

}  // namespace blueshift::sql
