#include "exec/expression.h"

#include <cctype>

namespace blueshift {

std::unique_ptr<Expr> Expr::Column(ColumnBinding b, LogicalType type) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->type = type;
  e->binding = b;
  return e;
}

std::unique_ptr<Expr> Expr::Position(int position, LogicalType type) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->type = type;
  e->position = position;
  return e;
}

std::unique_ptr<Expr> Expr::Constant(Value v) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kConstant;
  e->type = v.type();
  e->constant = std::move(v);
  return e;
}

std::unique_ptr<Expr> Expr::Cast(std::unique_ptr<Expr> child, LogicalType to, CastContext context) {
  std::vector<std::unique_ptr<Expr>> children;
  children.push_back(std::move(child));
  auto e = Make(ExprKind::kCast, to, std::move(children));
  e->cast_context = context;
  return e;
}

std::unique_ptr<Expr> Expr::Make(ExprKind kind, LogicalType type, std::vector<std::unique_ptr<Expr>> children) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->children = std::move(children);
  return e;
}

std::unique_ptr<Expr> Expr::Call(BoundScalarFunction fn, std::vector<std::unique_ptr<Expr>> args) {
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::kFunction;
  e->type = fn.return_type;
  e->function = std::make_shared<const BoundScalarFunction>(std::move(fn));
  e->children = std::move(args);
  return e;
}

std::unique_ptr<Expr> Expr::Clone() const {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->type = type;
  e->binding = binding;
  e->position = position;
  e->constant = constant;
  e->function = function;
  e->cast_context = cast_context;
  e->param = param;
  e->alias = alias;
  for (const auto& c : children) e->children.push_back(c->Clone());
  return e;
}

bool Expr::Equals(const Expr& o) const {
  if (kind != o.kind || type != o.type || children.size() != o.children.size()) return false;
  switch (kind) {
    case ExprKind::kColumnRef:
      if (!(binding == o.binding) || position != o.position) return false;
      break;
    case ExprKind::kConstant:
      if (!(constant == o.constant) || param != o.param) return false;
      break;
    case ExprKind::kFunction:
      if (function->name != o.function->name || function->data != o.function->data) return false;
      break;
    case ExprKind::kCast:
      if (cast_context != o.cast_context) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < children.size(); i++) {
    if (!children[i]->Equals(*o.children[i])) return false;
  }
  return true;
}

bool Expr::IsFoldable() const {
  if (kind == ExprKind::kColumnRef) return false;
  if (kind == ExprKind::kFunction && !function->deterministic) return false;
  for (const auto& c : children) {
    if (!c->IsFoldable()) return false;
  }
  return true;
}

void Expr::CollectBindings(std::vector<ColumnBinding>* out) const {
  if (kind == ExprKind::kColumnRef) out->push_back(binding);
  for (const auto& c : children) c->CollectBindings(out);
}

static std::string JoinChildren(const std::vector<std::unique_ptr<Expr>>& children, const char* sep) {
  std::string s;
  for (size_t i = 0; i < children.size(); i++) {
    if (i) s += sep;
    s += children[i]->ToString();
  }
  return s;
}

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kColumnRef:
      if (!alias.empty()) return alias;
      if (position >= 0) return "$" + std::to_string(position);
      return "#" + std::to_string(binding.table) + "." + std::to_string(binding.column);
    case ExprKind::kConstant:
      if (constant.is_null()) return "NULL";
      if (type.IsVarbyte()) return "from_hex('" + constant.ToString() + "')";
      if (type.IsString() || type.IsTemporal()) return "'" + constant.ToString() + "'::" + type.ToString();
      return constant.ToString();
    case ExprKind::kFunction: {
      const std::string& n = function->name;
      bool is_operator = !n.empty() && !std::isalpha(static_cast<unsigned char>(n[0]));
      if (is_operator && children.size() == 2)
        return "(" + children[0]->ToString() + " " + n + " " + children[1]->ToString() + ")";
      if (n == "like" || n == "ilike" || n == "not like" || n == "not ilike")
        return "(" + children[0]->ToString() + " " + n + " " + children[1]->ToString() + ")";
      return n + "(" + JoinChildren(children, ", ") + ")";
    }
    case ExprKind::kCast:
      return children[0]->ToString() + "::" + type.ToString();
    case ExprKind::kAnd:
      return "(" + JoinChildren(children, " AND ") + ")";
    case ExprKind::kOr:
      return "(" + JoinChildren(children, " OR ") + ")";
    case ExprKind::kNot:
      return "(NOT " + children[0]->ToString() + ")";
    case ExprKind::kIsNull:
      return "(" + children[0]->ToString() + " IS NULL)";
    case ExprKind::kIsNotNull:
      return "(" + children[0]->ToString() + " IS NOT NULL)";
    case ExprKind::kCase: {
      std::string s = "CASE";
      for (size_t i = 0; i + 1 < children.size(); i += 2)
        s += " WHEN " + children[i]->ToString() + " THEN " + children[i + 1]->ToString();
      return s + " ELSE " + children.back()->ToString() + " END";
    }
    case ExprKind::kCoalesce:
      return "COALESCE(" + JoinChildren(children, ", ") + ")";
  }
  return "?";
}

std::string AggregateExpr::ToString() const {
  std::string s = function.name + "(";
  if (distinct) s += "DISTINCT ";
  if (args.empty()) s += "*";
  for (size_t i = 0; i < args.size(); i++) s += (i ? ", " : "") + args[i]->ToString();
  return s + ")";
}

AggregateExpr AggregateExpr::Clone() const {
  AggregateExpr a;
  a.function = function;
  a.distinct = distinct;
  for (const auto& e : args) a.args.push_back(e->Clone());
  return a;
}

}  // namespace blueshift
