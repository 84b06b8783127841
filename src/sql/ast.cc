#include "sql/ast.h"

namespace blueshift::sql {

// Out of line because Query is incomplete where these types are declared.
Subquery::Subquery() : Expr(ExprKind::kSubquery) {}
Subquery::~Subquery() = default;
SubqueryRef::SubqueryRef() : TableRef(TableRefKind::kSubquery) {}
SubqueryRef::~SubqueryRef() = default;
QueryTerm::QueryTerm() = default;
QueryTerm::~QueryTerm() = default;

}  // namespace blueshift::sql
