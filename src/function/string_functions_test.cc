#include <gtest/gtest.h>

#include "function/scalar_test_util.h"

namespace blueshift {
namespace {

using testing::EvalText;

Value V(const char* s) {
  return Value::Varchar(s);
}
Value I(int32_t i) {
  return Value::Integer(i);
}

TEST(StringFunctionsTest, CaseLengthConcat) {
  EXPECT_EQ(EvalText("upper", {V("abc")}), "ABC");
  EXPECT_EQ(EvalText("lower", {V("AbC")}), "abc");
  EXPECT_EQ(EvalText("initcap", {V("hello wORLD-x")}), "Hello World-X");
  EXPECT_EQ(EvalText("length", {V("héllo")}), "5");
  EXPECT_EQ(EvalText("len", {Value::Char("ab  ", 4)}), "2");
  EXPECT_EQ(EvalText("len", {V("ab  ")}), "4");
  EXPECT_EQ(EvalText("octet_length", {V("héllo")}), "6");
  EXPECT_EQ(EvalText("||", {V("ab"), V("cd")}), "abcd");
  EXPECT_EQ(EvalText("concat", {V("ab"), Value::NullOf(LogicalType::Varchar())}), "NULL");
  EXPECT_EQ(EvalText("||", {V("n"), I(1)}), "n1");
  EXPECT_EQ(EvalText("reverse", {V("héllo")}), "olléh");
  EXPECT_EQ(EvalText("repeat", {V("ab"), I(3)}), "ababab");
  EXPECT_EQ(EvalText("replicate", {V("ab"), I(0)}), "");
}

TEST(StringFunctionsTest, Substring) {
  EXPECT_EQ(EvalText("substring", {V("hello"), I(2), I(3)}), "ell");
  EXPECT_EQ(EvalText("substring", {V("hello"), I(2)}), "ello");
  EXPECT_EQ(EvalText("substring", {V("hello"), I(0), I(3)}), "he");
  EXPECT_EQ(EvalText("substring", {V("hello"), I(-5), I(3)}), "");
  EXPECT_EQ(EvalText("substr", {V("héllo"), I(2), I(2)}), "él");
  EXPECT_EQ(EvalText("substring", {V("hello"), I(9)}), "");
  EXPECT_EQ(EvalText("substring", {V("hello"), I(1), I(-1)}), "ERROR: negative substring length not allowed");
}

TEST(StringFunctionsTest, TrimPadSearch) {
  EXPECT_EQ(EvalText("trim", {V("  a b  ")}), "a b");
  EXPECT_EQ(EvalText("btrim", {V("xxaxx"), V("x")}), "a");
  EXPECT_EQ(EvalText("ltrim", {V("  a ")}), "a ");
  EXPECT_EQ(EvalText("rtrim", {V("  a ")}), "  a");
  EXPECT_EQ(EvalText("trim", {V("   ")}), "");
  EXPECT_EQ(EvalText("left", {V("hello"), I(2)}), "he");
  EXPECT_EQ(EvalText("left", {V("hello"), I(-2)}), "hel");
  EXPECT_EQ(EvalText("right", {V("hello"), I(2)}), "lo");
  EXPECT_EQ(EvalText("right", {V("hello"), I(-2)}), "llo");
  EXPECT_EQ(EvalText("lpad", {V("7"), I(3), V("0")}), "007");
  EXPECT_EQ(EvalText("lpad", {V("hello"), I(2)}), "he");
  EXPECT_EQ(EvalText("rpad", {V("ab"), I(5), V("xy")}), "abxyx");
  EXPECT_EQ(EvalText("strpos", {V("héllo"), V("llo")}), "3");
  EXPECT_EQ(EvalText("position", {V("z"), V("hello")}), "0");
  EXPECT_EQ(EvalText("charindex", {V("ll"), V("hello")}), "3");
  EXPECT_EQ(EvalText("replace", {V("a-b-c"), V("-"), V("+")}), "a+b+c");
  EXPECT_EQ(EvalText("split_part", {V("a,b,c"), V(","), I(2)}), "b");
  EXPECT_EQ(EvalText("split_part", {V("a,b,c"), V(","), I(4)}), "");
  EXPECT_EQ(EvalText("split_part", {V("a,b"), V(","), I(0)}), "ERROR: field position must be greater than zero");
  EXPECT_EQ(EvalText("upper", {I(1)}, false), "ERROR: function upper(integer) does not exist");
}

TEST(MathFunctionsTest, Rounding) {
  EXPECT_EQ(EvalText("round", {Value::Decimal(12345, 10, 3)}), "12");
  EXPECT_EQ(EvalText("round", {Value::Decimal(-12545, 10, 3), I(2)}), "-12.55");
  EXPECT_EQ(EvalText("round", {Value::Decimal(12545, 10, 3), I(-1)}), "10");
  EXPECT_EQ(EvalText("round", {Value::Decimal(12545, 10, 3), I(2)}, false), "12.550");
  EXPECT_EQ(EvalText("trunc", {Value::Decimal(-12545, 10, 3), I(1)}), "-12.5");
  EXPECT_EQ(EvalText("ceil", {Value::Decimal(-12545, 10, 3)}), "-12");
  EXPECT_EQ(EvalText("floor", {Value::Decimal(-12545, 10, 3)}), "-13");
  EXPECT_EQ(EvalText("ceiling", {Value::Double(1.2)}), "2");
  EXPECT_EQ(EvalText("round", {Value::Double(2.567), I(2)}), "2.57");
  EXPECT_EQ(EvalText("round", {I(15), I(-1)}), "20");
  EXPECT_EQ(EvalText("floor", {I(15)}), "15");
}

TEST(MathFunctionsTest, Functions) {
  EXPECT_EQ(EvalText("abs", {I(-3)}), "3");
  EXPECT_EQ(EvalText("abs", {Value::Decimal(-150, 5, 2)}), "1.50");
  EXPECT_EQ(EvalText("abs", {I(INT32_MIN)}), "ERROR: integer out of range");
  EXPECT_EQ(EvalText("sign", {Value::Double(-2)}), "-1");
  EXPECT_EQ(EvalText("sqrt", {I(16)}), "4");
  EXPECT_EQ(EvalText("sqrt", {I(-1)}), "ERROR: cannot take square root of a negative number");
  EXPECT_EQ(EvalText("ln", {I(0)}), "ERROR: cannot take logarithm of zero");
  EXPECT_EQ(EvalText("log", {I(1000)}), "3");
  EXPECT_EQ(EvalText("power", {I(2), I(10)}), "1024");
  EXPECT_EQ(EvalText("pow", {Value::Double(0), I(-1)}), "ERROR: zero raised to a negative power is undefined");
  EXPECT_EQ(EvalText("pi", {}), "3.14159265358979");
  Result<BoundScalarFunction> r = ResolveScalarFunction("random", {}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->deterministic);
  EXPECT_EQ(EvalText("exp", {Value::NullOf(LogicalType::Double())}), "NULL");
}

}  // namespace
}  // namespace blueshift
