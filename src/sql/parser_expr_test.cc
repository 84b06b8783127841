// Expression parsing: literals, precedence, predicates, functions, windows, deparsing and column names.

#include <gtest/gtest.h>

#include "sql/lexer.h"
#include "sql/parser.h"

namespace blueshift::sql {
namespace {

// The first select-list expression of "SELECT <expr>".
const Expr& FirstTarget(const std::vector<StatementPtr>& stmts) {
  const auto& select = stmts[0]->As<SelectStmt>();
  return *select.query->body->select->targets[0].expr;
}

// Deparsed form of `expr`, or the error text.
std::string Deparse(const std::string& expr) {
  auto result = Parse("SELECT " + expr);
  if (!result.ok()) return result.status().ToString();
  return ToString(FirstTarget(*result));
}

std::string ColumnName(const std::string& expr) {
  auto result = Parse("SELECT " + expr);
  if (!result.ok()) return result.status().ToString();
  return DefaultColumnName(FirstTarget(*result));
}

TEST(LexerTest, TokensAndOffsets) {
  auto tokens = Lex("select \"Ab\"\"c\", 'it''s' -- note\n /* a /* nested */ */ $1 1.5e3 .5 x::int");
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  const auto& t = *tokens;
  ASSERT_EQ(t.size(), 11u);
  EXPECT_EQ(t[1].text, "Ab\"c");
  EXPECT_TRUE(t[1].quoted);
  EXPECT_EQ(t[1].begin, 7);
  EXPECT_EQ(t[3].kind, TokenKind::kString);
  EXPECT_EQ(t[3].text, "it's");
  EXPECT_EQ(t[4].kind, TokenKind::kParam);
  EXPECT_EQ(t[5].kind, TokenKind::kDecimal);
  EXPECT_EQ(t[6].text, ".5");
  EXPECT_TRUE(t[8].IsPunct("::"));
  EXPECT_EQ(t[10].kind, TokenKind::kEof);
}

TEST(LexerTest, EscapeStringsAndOperators) {
  auto tokens = Lex(R"(E'a\nb\'c\\' != !~~* ~ $$x'y$$ $a$z$a$)");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].text, "a\nb'c\\");
  EXPECT_TRUE((*tokens)[1].IsOp("<>"));
  EXPECT_TRUE((*tokens)[2].IsOp("!~~*"));
  EXPECT_TRUE((*tokens)[3].IsOp("~"));
  EXPECT_EQ((*tokens)[4].text, "x'y");
  EXPECT_EQ((*tokens)[5].text, "z");
}

TEST(LexerTest, Errors) {
  auto s = Lex("select 'abc");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kSyntaxError);
  EXPECT_EQ(s.status().message(), "unterminated quoted string at or near \"'abc\"");
  EXPECT_EQ(s.status().position(), 8);
  EXPECT_FALSE(Lex("select \"abc").ok());
  EXPECT_FALSE(Lex("select /* abc").ok());
  EXPECT_FALSE(Lex("select \"\"").ok());
  EXPECT_EQ(CharPosition("é'x", 2), 2);  // é is two bytes, one character
}

TEST(ParserExprTest, Literals) {
  EXPECT_EQ(Deparse("1"), "1");
  EXPECT_EQ(Deparse("-1"), "-1");
  EXPECT_EQ(Deparse("1.5"), "1.5");
  EXPECT_EQ(Deparse("1e10"), "1e10");
  EXPECT_EQ(Deparse(".5"), ".5");
  EXPECT_EQ(Deparse("'it''s'"), "'it''s'");
  EXPECT_EQ(Deparse("E'a\\tb'"), "'a\tb'");
  EXPECT_EQ(Deparse("$2"), "$2");
  EXPECT_EQ(Deparse("true"), "true");
  EXPECT_EQ(Deparse("NULL"), "NULL");
  EXPECT_EQ(Deparse("DATE '2020-01-01'"), "date '2020-01-01'");
  EXPECT_EQ(Deparse("TIMESTAMP '2020-01-01 10:00'"), "timestamp '2020-01-01 10:00'");
  EXPECT_EQ(Deparse("timestamp with time zone 'x'"), "timestamptz 'x'");
  EXPECT_EQ(Deparse("INTERVAL '1 day'"), "interval '1 day'");
  EXPECT_EQ(Deparse("INTERVAL '1' year to month"), "interval '1' year to month");
  EXPECT_EQ(Deparse("int4 '1'"), "int4 '1'");
}

TEST(ParserExprTest, Precedence) {
  EXPECT_EQ(Deparse("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(Deparse("(1 + 2) * 3"), "((1 + 2) * 3)");
  EXPECT_EQ(Deparse("1 - 2 - 3"), "((1 - 2) - 3)");
  EXPECT_EQ(Deparse("2 ^ 3 * 4"), "((2 ^ 3) * 4)");
  EXPECT_EQ(Deparse("-a ^ 2"), "((-a) ^ 2)");
  EXPECT_EQ(Deparse("a OR b AND c"), "(a OR (b AND c))");
  EXPECT_EQ(Deparse("NOT a = b"), "(NOT (a = b))");
  EXPECT_EQ(Deparse("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(Deparse("a = b OR c <> d"), "((a = b) OR (c <> d))");
  EXPECT_EQ(Deparse("a != b"), "(a <> b)");
  EXPECT_EQ(Deparse("a || b = c"), "((a || b) = c)");
  EXPECT_EQ(Deparse("a + b || c"), "((a + b) || c)");
  EXPECT_EQ(Deparse("a < b = true"), "((a < b) = true)");
  EXPECT_EQ(Deparse("a ~ 'x' AND b !~ 'y'"), "((a ~ 'x') AND (b !~ 'y'))");
  EXPECT_EQ(Deparse("a % 2 = 0"), "((a % 2) = 0)");
  EXPECT_EQ(Deparse("a::int + 1"), "(a::int4 + 1)");
  EXPECT_EQ(Deparse("-x::int"), "(-x::int4)");
  EXPECT_EQ(Deparse("a IS NULL = false"), "((a IS NULL) = false)");
  EXPECT_EQ(Deparse("a = b IS NULL"), "((a = b) IS NULL)");
  EXPECT_EQ(Deparse("x BETWEEN 1 AND 2 AND y"), "((x BETWEEN 1 AND 2) AND y)");
  EXPECT_EQ(Deparse("a LIKE 'x' || 'y'"), "(a LIKE ('x' || 'y'))");
}

TEST(ParserExprTest, Predicates) {
  EXPECT_EQ(Deparse("a IS NOT NULL"), "(a IS NOT NULL)");
  EXPECT_EQ(Deparse("a ISNULL"), "(a IS NULL)");
  EXPECT_EQ(Deparse("a IS NOT TRUE"), "(a IS NOT TRUE)");
  EXPECT_EQ(Deparse("a IS FALSE"), "(a IS FALSE)");
  EXPECT_EQ(Deparse("a IS DISTINCT FROM b"), "(a IS DISTINCT FROM b)");
  EXPECT_EQ(Deparse("a NOT BETWEEN 1 AND 2"), "(a NOT BETWEEN 1 AND 2)");
  EXPECT_EQ(Deparse("a BETWEEN SYMMETRIC 2 AND 1"), "(a BETWEEN SYMMETRIC 2 AND 1)");
  EXPECT_EQ(Deparse("a IN (1, 2)"), "(a IN (1, 2))");
  EXPECT_EQ(Deparse("a NOT IN (1)"), "(a NOT IN (1))");
  EXPECT_EQ(Deparse("a IN (SELECT 1)"), "(a IN (<subquery>))");
  EXPECT_EQ(Deparse("a NOT LIKE 'x%' ESCAPE '!'"), "(a NOT LIKE 'x%' ESCAPE '!')");
  EXPECT_EQ(Deparse("a ILIKE 'x'"), "(a ILIKE 'x')");
  EXPECT_EQ(Deparse("a SIMILAR TO 'x'"), "(a SIMILAR TO 'x')");
  EXPECT_EQ(Deparse("a NOT SIMILAR TO 'x'"), "(a NOT SIMILAR TO 'x')");
  EXPECT_EQ(Deparse("EXISTS (SELECT 1)"), "EXISTS (<subquery>)");
  EXPECT_EQ(Deparse("a = ANY(b)"), "(a = ANY (b))");
  EXPECT_EQ(Deparse("a < ALL (SELECT 1)"), "(a < ALL (<subquery>))");
  EXPECT_EQ(Deparse("(SELECT 1) + 1"), "((<subquery>) + 1)");
  EXPECT_EQ(Deparse("((SELECT 1) + 1)"), "((<subquery>) + 1)");
  EXPECT_EQ(Deparse("((SELECT 1))"), "(<subquery>)");
  EXPECT_EQ(Deparse("c OPERATOR(pg_catalog.~) '^x' COLLATE pg_catalog.default"),
            "(c OPERATOR(pg_catalog.~) ('^x' COLLATE pg_catalog.\"default\"))");
}

TEST(ParserExprTest, CaseCastAndSpecialForms) {
  EXPECT_EQ(Deparse("CASE WHEN a THEN 1 ELSE 2 END"), "CASE WHEN a THEN 1 ELSE 2 END");
  EXPECT_EQ(Deparse("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END"), "CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' END");
  EXPECT_EQ(Deparse("CAST(a AS VARCHAR(10))"), "CAST(a AS varchar(10))");
  EXPECT_EQ(Deparse("a::pg_catalog.regtype::pg_catalog.text"), "a::pg_catalog.regtype::pg_catalog.text");
  EXPECT_EQ(Deparse("a::int2[]"), "a::int2[]");
  EXPECT_EQ(Deparse("EXTRACT(year FROM d)"), "extract('year', d)");
  EXPECT_EQ(Deparse("POSITION('a' IN s)"), "position('a', s)");
  EXPECT_EQ(Deparse("SUBSTRING(s FROM 2 FOR 3)"), "substring(s, 2, 3)");
  EXPECT_EQ(Deparse("TRIM(BOTH 'x' FROM s)"), "btrim(s, 'x')");
  EXPECT_EQ(Deparse("TRIM(s)"), "btrim(s)");
  EXPECT_EQ(Deparse("CURRENT_DATE"), "current_date");
  EXPECT_EQ(Deparse("SYSDATE"), "sysdate");
  EXPECT_EQ(Deparse("ts AT TIME ZONE 'utc'"), "timezone('utc', ts)");
  EXPECT_EQ(Deparse("ARRAY[1, 2]"), "ARRAY[1, 2]");
  EXPECT_EQ(Deparse("a[1]"), "a[1]");
  // ARRAY(SELECT x ...) becomes the array's text form (there is no array type); other shapes stay ARRAY.
  EXPECT_EQ(Deparse("array(select 1)"), "coalesce((<subquery>), '{}')");
  EXPECT_EQ(Deparse("array(select 1, 2)"), "ARRAY(<subquery>)");
  EXPECT_EQ(Deparse("left(s, 2)"), "\"left\"(s, 2)");
}

TEST(ParserExprTest, FunctionsAndWindows) {
  EXPECT_EQ(Deparse("count(*)"), "count(*)");
  EXPECT_EQ(Deparse("COUNT(DISTINCT a)"), "count(DISTINCT a)");
  EXPECT_EQ(Deparse("pg_catalog.foo(x, 1)"), "pg_catalog.foo(x, 1)");
  EXPECT_EQ(Deparse("listagg(a, ',') WITHIN GROUP (ORDER BY b DESC)"),
            "listagg(a, ',') WITHIN GROUP (ORDER BY b DESC)");
  EXPECT_EQ(Deparse("sum(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
            "sum(x) OVER (PARTITION BY a ORDER BY b ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(Deparse("row_number() OVER ()"), "row_number() OVER ()");
  EXPECT_EQ(Deparse("avg(x) OVER (ORDER BY b RANGE 3 PRECEDING)"), "avg(x) OVER (ORDER BY b RANGE 3 PRECEDING)");
  EXPECT_EQ(Deparse("first_value(x IGNORE NULLS) OVER w"), "first_value(x) IGNORE NULLS OVER w");
  EXPECT_EQ(Deparse("rank() OVER (ORDER BY a NULLS LAST)"), "rank() OVER (ORDER BY a NULLS LAST)");

  auto result = Parse("SELECT lag(x, 1) OVER (PARTITION BY a, b ORDER BY c ROWS 2 FOLLOWING)");
  ASSERT_TRUE(result.ok());
  const auto& f = FirstTarget(*result).As<FunctionCall>();
  ASSERT_NE(f.over, nullptr);
  EXPECT_EQ(f.over->partition_by.size(), 2u);
  EXPECT_EQ(f.over->frame_mode, FrameMode::kRows);
  EXPECT_EQ(f.over->frame_start.kind, BoundKind::kFollowing);
  EXPECT_FALSE(Parse("SELECT sum(x) OVER (ROWS UNBOUNDED FOLLOWING)").ok());
}

TEST(ParserExprTest, IdentifiersFoldUnlessQuoted) {
  auto result = Parse("SELECT MyTable.MyCol, \"MyTable\".\"My\"\"Col\" FROM MyTable");
  ASSERT_TRUE(result.ok());
  const auto& core = *(*result)[0]->As<SelectStmt>().query->body->select;
  EXPECT_EQ(core.targets[0].expr->As<ColumnRef>().names, (std::vector<std::string>{"mytable", "mycol"}));
  EXPECT_EQ(core.targets[1].expr->As<ColumnRef>().names, (std::vector<std::string>{"MyTable", "My\"Col"}));
  EXPECT_EQ(ToString(*core.targets[1].expr), "\"MyTable\".\"My\"\"Col\"");
  EXPECT_EQ(core.from[0]->As<TableName>().name.name(), "mytable");
}

TEST(ParserExprTest, Locations) {
  auto result = Parse("SELECT 1, a + b FROM t");
  ASSERT_TRUE(result.ok());
  const auto& core = *(*result)[0]->As<SelectStmt>().query->body->select;
  EXPECT_EQ(core.targets[0].expr->location, 7);
  const auto& plus = core.targets[1].expr->As<BinaryOp>();
  EXPECT_EQ(plus.location, 12);
  EXPECT_EQ(plus.left->location, 10);
  EXPECT_EQ(plus.right->location, 14);
  EXPECT_EQ(core.from[0]->location, 21);
}

TEST(ParserExprTest, DefaultColumnNames) {
  EXPECT_EQ(ColumnName("a"), "a");
  EXPECT_EQ(ColumnName("t.a"), "a");
  EXPECT_EQ(ColumnName("count(*)"), "count");
  EXPECT_EQ(ColumnName("pg_catalog.format_type(a, b)"), "format_type");
  EXPECT_EQ(ColumnName("a::text"), "a");
  EXPECT_EQ(ColumnName("1::int"), "int4");
  EXPECT_EQ(ColumnName("1 + 2"), "?column?");
  EXPECT_EQ(ColumnName("CASE WHEN a THEN 1 END"), "case");
  EXPECT_EQ(ColumnName("(SELECT x FROM t)"), "x");
  EXPECT_EQ(ColumnName("EXISTS (SELECT 1)"), "exists");
  EXPECT_EQ(ColumnName("CURRENT_DATE"), "current_date");
  EXPECT_EQ(ColumnName("'a'"), "?column?");
  EXPECT_EQ(ColumnName("true"), "bool");
}

TEST(ParserExprTest, MiscFormsParse) {
  const char* queries[] = {"select current_schema()",
                           "SELECT 1 WHERE true",
                           "SELECT * FROM t LIMIT $1",
                           "select cast(x as binary varying(10))",
                           "select a from t where a in (select b from u) and not exists (select 1)",
                           "select x from t order by 1 limit all",
                           "SELECT 1 AS \"X\" -- trailing",
                           "select getdate()",
                           "select nvl(a, 0), decode(a, 1, 'x', 'y') from t",
                           "select date_trunc('day', ts)::date from t",
                           "select a from t where b = any(array[1,2])",
                           "select median(x) within group (order by x) from t",
                           "select interval '1 day' + date '2020-01-01'",
                           "select 1 from t group by ()",
                           "select timestamp from t",
                           "select date, time from t",
                           "select x from t where y between a + 1 and b * 2"};
  for (const char* sql : queries) {
    auto result = Parse(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
  }
}

}  // namespace
}  // namespace blueshift::sql

namespace blueshift::sql {
namespace {

// Past 30,000 binary operators a statement fails with 54001 (its tree, one level per operator of a chain,
// would risk the stack when torn down); each statement of a script counts its own.
TEST(ParserExprTest, BinaryOperatorLimit) {
  std::string chain = "1";
  for (int i = 0; i < 30000; i++) chain += "+1";
  EXPECT_TRUE(Parse("SELECT " + chain).ok());
  auto over = Parse("SELECT " + chain + "+1");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), ErrorCode::kStatementTooComplex);
  EXPECT_TRUE(Parse("SELECT " + chain + "; SELECT " + chain).ok());
}

// Identifiers keep 127 bytes, cut before a character: every statement naming the long table means the same.
TEST(LexerTest, LongIdentifiersTruncated) {
  auto tokens = Lex(std::string(200, 'a') + " \"" + std::string(200, 'B') + "\"");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].text, std::string(127, 'a'));
  EXPECT_EQ((*tokens)[1].text, std::string(127, 'B'));
  std::string e_acute;
  for (int i = 0; i < 100; i++) e_acute += "\xC3\xA9";  // é, two bytes each
  auto utf8 = Lex(e_acute);
  ASSERT_TRUE(utf8.ok());
  EXPECT_EQ((*utf8)[0].text, e_acute.substr(0, 126));
}

}  // namespace
}  // namespace blueshift::sql
