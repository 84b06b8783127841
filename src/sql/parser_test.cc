// Statement parsing: queries, DML, multi-statement strings and syntax errors. DDL and utility statements
// are in parser_stmt_test.cc, expressions in parser_expr_test.cc.

#include <gtest/gtest.h>

#include "sql/parser.h"

namespace blueshift::sql {
namespace {

StatementPtr ParseOne(const std::string& sql) {
  auto result = Parse(sql);
  EXPECT_TRUE(result.ok()) << result.status().ToString() << "\n" << sql;
  if (!result.ok() || result->size() != 1) return nullptr;
  return std::move((*result)[0]);
}

const SelectCore& Core(const StatementPtr& stmt) {
  return *stmt->As<SelectStmt>().query->body->select;
}

Status ErrorOf(const std::string& sql) {
  auto result = Parse(sql);
  return result.ok() ? Status::OK() : result.status();
}

TEST(ParserTest, SelectWithoutFrom) {
  auto stmt = ParseOne("SELECT 1");
  ASSERT_NE(stmt, nullptr);
  EXPECT_EQ(stmt->kind, StmtKind::kSelect);
  EXPECT_TRUE(Core(stmt).from.empty());
  EXPECT_EQ(Core(stmt).targets.size(), 1u);
}

TEST(ParserTest, SelectAllClauses) {
  auto stmt = ParseOne(
      "SELECT TOP 10 DISTINCT a AS x, b y, t.*, * FROM s.t AS tt (c1, c2) WHERE a > 1 GROUP BY 1, b "
      "HAVING count(*) > 2 QUALIFY row_number() OVER (PARTITION BY a ORDER BY b) = 1 "
      "ORDER BY x DESC NULLS FIRST, 2 LIMIT 5 OFFSET 3");
  ASSERT_NE(stmt, nullptr);
  const auto& q = *stmt->As<SelectStmt>().query;
  const SelectCore& c = *q.body->select;
  ASSERT_NE(c.top, nullptr);
  EXPECT_TRUE(c.distinct);
  ASSERT_EQ(c.targets.size(), 4u);
  EXPECT_EQ(c.targets[0].alias, "x");
  EXPECT_EQ(c.targets[1].alias, "y");
  EXPECT_TRUE(c.targets[2].expr->As<ColumnRef>().star);
  EXPECT_EQ(c.targets[2].expr->As<ColumnRef>().names, std::vector<std::string>{"t"});
  EXPECT_TRUE(c.targets[3].expr->As<ColumnRef>().names.empty());
  const auto& t = c.from[0]->As<TableName>();
  EXPECT_EQ(t.name.parts, (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(t.alias.name, "tt");
  EXPECT_EQ(t.alias.columns.size(), 2u);
  EXPECT_NE(c.where, nullptr);
  EXPECT_EQ(c.group_by.size(), 2u);
  EXPECT_NE(c.having, nullptr);
  EXPECT_NE(c.qualify, nullptr);
  ASSERT_EQ(q.order_by.size(), 2u);
  EXPECT_TRUE(q.order_by[0].descending);
  EXPECT_EQ(q.order_by[0].nulls, SortItem::Nulls::kFirst);
  EXPECT_NE(q.limit, nullptr);
  EXPECT_NE(q.offset, nullptr);
}

TEST(ParserTest, Joins) {
  auto stmt = ParseOne(
      "SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (x, y) CROSS JOIN d NATURAL FULL JOIN e, f "
      "RIGHT JOIN g ON true");
  ASSERT_NE(stmt, nullptr);
  const SelectCore& c = Core(stmt);
  ASSERT_EQ(c.from.size(), 2u);
  const auto& natural = c.from[0]->As<JoinRef>();
  EXPECT_TRUE(natural.natural);
  EXPECT_EQ(natural.join_type, JoinType::kFull);
  const auto& cross = natural.left->As<JoinRef>();
  EXPECT_EQ(cross.join_type, JoinType::kCross);
  const auto& left = cross.left->As<JoinRef>();
  EXPECT_EQ(left.join_type, JoinType::kLeft);
  EXPECT_EQ(left.using_columns, (std::vector<std::string>{"x", "y"}));
  const auto& inner = left.left->As<JoinRef>();
  EXPECT_EQ(inner.join_type, JoinType::kInner);
  EXPECT_NE(inner.on, nullptr);
  EXPECT_EQ(c.from[1]->As<JoinRef>().join_type, JoinType::kRight);
  EXPECT_FALSE(ErrorOf("SELECT * FROM a JOIN b").ok());
}

TEST(ParserTest, SubqueriesAndFunctionsInFrom) {
  auto stmt = ParseOne("SELECT * FROM (SELECT 1 AS x) s, generate_series(1, 3) g(i), ((SELECT 2) UNION (SELECT 3)) u");
  ASSERT_NE(stmt, nullptr);
  const SelectCore& c = Core(stmt);
  ASSERT_EQ(c.from.size(), 3u);
  EXPECT_EQ(c.from[0]->kind, TableRefKind::kSubquery);
  EXPECT_EQ(c.from[0]->As<SubqueryRef>().alias.name, "s");
  EXPECT_EQ(c.from[1]->kind, TableRefKind::kFunction);
  EXPECT_EQ(c.from[1]->As<FunctionRef>().alias.columns, std::vector<std::string>{"i"});
  EXPECT_EQ(c.from[2]->As<SubqueryRef>().query->body->kind, QueryTerm::Kind::kSetOp);
  // As in Redshift, a subquery in FROM needs no alias.
  auto bare = ParseOne("SELECT * FROM (SELECT 1)");
  ASSERT_NE(bare, nullptr);
  EXPECT_EQ(Core(bare).from[0]->As<SubqueryRef>().alias.name, "");
}

TEST(ParserTest, SetOperationPrecedence) {
  auto stmt = ParseOne("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 MINUS SELECT 5 ORDER BY 1");
  ASSERT_NE(stmt, nullptr);
  const Query& q = *stmt->As<SelectStmt>().query;
  // ((1 UNION ALL (2 INTERSECT 3)) EXCEPT 4) EXCEPT 5
  const QueryTerm& top = *q.body;
  ASSERT_EQ(top.kind, QueryTerm::Kind::kSetOp);
  EXPECT_EQ(top.op, SetOpKind::kExcept);
  const QueryTerm& except4 = *top.left;
  EXPECT_EQ(except4.op, SetOpKind::kExcept);
  const QueryTerm& uni = *except4.left;
  EXPECT_EQ(uni.op, SetOpKind::kUnion);
  EXPECT_TRUE(uni.all);
  EXPECT_EQ(uni.right->op, SetOpKind::kIntersect);
  EXPECT_EQ(q.order_by.size(), 1u);

  auto paren = ParseOne("(SELECT 1 ORDER BY 1 LIMIT 1) UNION (SELECT 2)");
  ASSERT_NE(paren, nullptr);
  const QueryTerm& body = *paren->As<SelectStmt>().query->body;
  EXPECT_EQ(body.left->kind, QueryTerm::Kind::kQuery);
  EXPECT_EQ(body.right->kind, QueryTerm::Kind::kSelect);
}

TEST(ParserTest, WithAndValues) {
  auto stmt = ParseOne(
      "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r), s AS (VALUES (1), (2)) "
      "SELECT * FROM r");
  ASSERT_NE(stmt, nullptr);
  const Query& q = *stmt->As<SelectStmt>().query;
  EXPECT_TRUE(q.recursive);
  ASSERT_EQ(q.with.size(), 2u);
  EXPECT_EQ(q.with[0].columns, std::vector<std::string>{"n"});
  EXPECT_EQ(q.with[1].query->body->kind, QueryTerm::Kind::kValues);
  EXPECT_EQ(ErrorOf("VALUES (1, 2), (3)").message(), "VALUES lists must all be the same length");
}

TEST(ParserTest, GroupingSets) {
  auto stmt =
      ParseOne("SELECT a FROM t GROUP BY ROLLUP (a, (b, c)), CUBE (d), GROUPING SETS ((a, b), a, (), ROLLUP (e))");
  ASSERT_NE(stmt, nullptr);
  const auto& g = Core(stmt).group_by;
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].kind, GroupingItem::Kind::kRollup);
  EXPECT_EQ(g[0].children[1].kind, GroupingItem::Kind::kList);
  EXPECT_EQ(g[0].children[1].list.size(), 2u);
  EXPECT_EQ(g[1].kind, GroupingItem::Kind::kCube);
  EXPECT_EQ(g[2].kind, GroupingItem::Kind::kGroupingSets);
  ASSERT_EQ(g[2].children.size(), 4u);
  EXPECT_EQ(g[2].children[2].kind, GroupingItem::Kind::kList);
  EXPECT_TRUE(g[2].children[2].list.empty());
  EXPECT_EQ(g[2].children[3].kind, GroupingItem::Kind::kRollup);
}

TEST(ParserTest, WindowClauseAndSelectInto) {
  auto stmt = ParseOne("SELECT sum(x) OVER w INTO TEMP newt FROM t WINDOW w AS (PARTITION BY a)");
  ASSERT_NE(stmt, nullptr);
  const SelectCore& c = Core(stmt);
  ASSERT_TRUE(c.into.has_value());
  EXPECT_TRUE(c.into->temp);
  EXPECT_EQ(c.into->table.name(), "newt");
  ASSERT_EQ(c.windows.size(), 1u);
  EXPECT_EQ(c.windows[0].spec.partition_by.size(), 1u);
  EXPECT_TRUE(ParseOne("SELECT * INTO #tmp FROM t") != nullptr);
}

TEST(ParserTest, Insert) {
  auto stmt = ParseOne("INSERT INTO s.t (a, b) VALUES (1, DEFAULT), (2, 'x')");
  ASSERT_NE(stmt, nullptr);
  const auto& ins = stmt->As<InsertStmt>();
  EXPECT_EQ(ins.table.parts, (std::vector<std::string>{"s", "t"}));
  EXPECT_EQ(ins.columns, (std::vector<std::string>{"a", "b"}));
  const auto& rows = ins.query->body->values;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1]->kind, ExprKind::kDefault);
  auto sel = ParseOne("INSERT INTO t SELECT * FROM u");
  ASSERT_NE(sel, nullptr);
  EXPECT_EQ(sel->As<InsertStmt>().query->body->kind, QueryTerm::Kind::kSelect);
  auto paren = ParseOne("INSERT INTO t (SELECT 1)");
  ASSERT_NE(paren, nullptr);
  EXPECT_TRUE(paren->As<InsertStmt>().columns.empty());
  auto dv = ParseOne("insert into t default values");
  ASSERT_NE(dv, nullptr);
  EXPECT_TRUE(dv->As<InsertStmt>().default_values);
}

TEST(ParserTest, UpdateDeleteTruncate) {
  auto up = ParseOne("UPDATE t AS x SET a = a + 1, b = DEFAULT FROM u WHERE x.id = u.id");
  ASSERT_NE(up, nullptr);
  const auto& u = up->As<UpdateStmt>();
  EXPECT_EQ(u.alias, "x");
  ASSERT_EQ(u.assignments.size(), 2u);
  EXPECT_EQ(u.assignments[1].value->kind, ExprKind::kDefault);
  EXPECT_EQ(u.from.size(), 1u);
  EXPECT_NE(u.where, nullptr);
  auto up2 = ParseOne("update t set a = 1");
  ASSERT_NE(up2, nullptr);
  EXPECT_EQ(up2->As<UpdateStmt>().alias, "");

  auto del = ParseOne("DELETE FROM t USING u, v WHERE t.a = u.a");
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->As<DeleteStmt>().using_tables.size(), 2u);
  auto del2 = ParseOne("delete t");
  ASSERT_NE(del2, nullptr);
  EXPECT_EQ(del2->As<DeleteStmt>().table.name(), "t");

  auto tr = ParseOne("TRUNCATE TABLE s.t");
  ASSERT_NE(tr, nullptr);
  EXPECT_EQ(tr->As<TruncateStmt>().tables[0].name(), "t");
  EXPECT_NE(ParseOne("truncate t"), nullptr);
}

TEST(ParserTest, MultiStatementSpans) {
  std::string text = " ;; SELECT 1 ; -- c\n select 2;/* x */;INSERT INTO t VALUES (1)";
  auto result = Parse(text);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->size(), 3u);
  auto span = [&](size_t i) {
    const Statement& s = *(*result)[i];
    return text.substr(s.text_begin, s.text_end - s.text_begin);
  };
  EXPECT_EQ(span(0), "SELECT 1");
  EXPECT_EQ(span(1), "select 2");
  EXPECT_EQ(span(2), "INSERT INTO t VALUES (1)");
  EXPECT_EQ((*result)[1]->location, 21);

  auto empty = Parse("  ; -- only a comment\n ;");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParserTest, SyntaxErrorPositions) {
  Status st = ErrorOf("SELECT 1 FROM");
  EXPECT_EQ(st.code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(st.message(), "syntax error at end of input");
  EXPECT_EQ(st.position(), 14);

  st = ErrorOf("SELECT * FORM t");
  EXPECT_EQ(st.message(), "syntax error at or near \"FORM\"");
  EXPECT_EQ(st.position(), 10);

  st = ErrorOf("SELECT a FORM t");
  EXPECT_EQ(st.message(), "syntax error at or near \"t\"");
  EXPECT_EQ(st.position(), 15);

  st = ErrorOf("SELECT 1; SELEC 2");
  EXPECT_EQ(st.message(), "syntax error at or near \"SELEC\"");
  EXPECT_EQ(st.position(), 11);

  st = ErrorOf("select 'é', from t");
  EXPECT_EQ(st.message(), "syntax error at or near \"from\"");
  EXPECT_EQ(st.position(), 13);  // characters, not bytes

  st = ErrorOf("select 1 +; select 2");
  EXPECT_EQ(st.message(), "syntax error at or near \";\"");
  EXPECT_EQ(st.position(), 11);

  st = ErrorOf("SELECT 'abc");
  EXPECT_EQ(st.message(), "unterminated quoted string at or near \"'abc\"");
  EXPECT_EQ(st.position(), 8);

  EXPECT_EQ(ErrorOf("SELECT (1").message(), "syntax error at end of input");
  EXPECT_EQ(ErrorOf("SELECT 1 2").message(), "syntax error at or near \"2\"");
  EXPECT_FALSE(ErrorOf("SELECT CASE END").ok());
  EXPECT_FALSE(ErrorOf("SELECT from").ok());
  EXPECT_FALSE(ErrorOf("SELECT a FROM t WHERE").ok());
  EXPECT_FALSE(ErrorOf("(1)").ok());
  EXPECT_FALSE(ErrorOf("'x'").ok());
}

TEST(ParserTest, DeepNestingFailsCleanly) {
  std::string deep(5000, '(');
  EXPECT_FALSE(ErrorOf("SELECT " + deep + "1").ok());
}

}  // namespace
}  // namespace blueshift::sql
