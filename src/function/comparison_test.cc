#include <cmath>

#include <gtest/gtest.h>

#include "function/like_pattern.h"
#include "function/scalar_test_util.h"
#include "types/decimal.h"

namespace blueshift {
namespace {

using testing::EvalText;

TEST(ComparisonTest, MixedNumerics) {
  EXPECT_EQ(EvalText("=", {Value::Integer(1), Value::Decimal(100, 5, 2)}), "t");
  EXPECT_EQ(EvalText("<", {Value::SmallInt(1), Value::BigInt(2)}), "t");
  EXPECT_EQ(EvalText(">=", {Value::Decimal(150, 5, 2), Value::Double(1.5)}), "t");
  EXPECT_EQ(EvalText("<>", {Value::Decimal(150, 5, 2), Value::Decimal(1500, 10, 3)}), "f");
  EXPECT_EQ(EvalText("=", {Value::Double(NAN), Value::Double(NAN)}), "t");
  EXPECT_EQ(EvalText(">", {Value::Double(NAN), Value::Double(1e308)}), "t");
  EXPECT_EQ(EvalText("=", {Value::NullOf(LogicalType::Integer()), Value::Integer(1)}), "NULL");
  // numeric(38,0) vs numeric(38,10) have no common type holding both: compared exactly.
  Value wide = Value::Decimal(Pow10(37), 38, 0);
  Value fine = Value::Decimal(15000000000, 38, 10);  // 1.5
  EXPECT_EQ(EvalText("<", {Value::Decimal(1, 38, 0), fine}), "t");
  EXPECT_EQ(EvalText(">", {Value::Decimal(2, 38, 0), fine}), "t");
  EXPECT_EQ(EvalText("=", {fine, Value::Decimal(15, 38, 1)}), "t");
  EXPECT_EQ(EvalText(">", {wide, fine}), "t");
  EXPECT_EQ(EvalText("<", {Value::Decimal(-Pow10(37), 38, 0), fine}), "t");
}

TEST(ComparisonTest, StringsDatesAndLiterals) {
  EXPECT_EQ(EvalText("=", {Value::Char("ab  ", 4), Value::Varchar("ab")}), "t");
  EXPECT_EQ(EvalText("<", {Value::Varchar("abc"), Value::Varchar("abd")}), "t");
  EXPECT_EQ(EvalText("=", {Value::Varchar("a "), Value::Varchar("a")}, false), "t");
  EXPECT_EQ(EvalText("<", {Value::Date(0), Value::Timestamp(1)}), "t");
  EXPECT_EQ(EvalText("=", {Value::Date(1), Value::Varchar("1970-01-02")}), "t");
  EXPECT_EQ(EvalText(">", {Value::Integer(10), Value::Varchar("9")}), "t");  // literal becomes integer
  // A number meeting a string column compares as strings (Redshift).
  EXPECT_EQ(EvalText(">", {Value::Integer(10), Value::Varchar("9")}, false), "f");
  EXPECT_EQ(EvalText("=", {Value::Decimal(150, 5, 2), Value::Varchar("1.5")}, false), "t");
  EXPECT_EQ(EvalText("=", {Value::Integer(1), Value::Boolean(true)}, false),
            "ERROR: operator does not exist: integer = boolean");
}

TEST(ComparisonTest, ConditionalFunctions) {
  EXPECT_EQ(EvalText("nullif", {Value::Integer(1), Value::Integer(1)}), "NULL");
  EXPECT_EQ(EvalText("nullif", {Value::Integer(1), Value::Decimal(150, 5, 2)}), "1.00");
  EXPECT_EQ(EvalText("nullif", {Value::Integer(1), Value::NullOf(LogicalType::Integer())}), "1");
  EXPECT_EQ(EvalText("greatest", {Value::Integer(1), Value::NullOf(LogicalType::Integer()), Value::Integer(7)}), "7");
  EXPECT_EQ(EvalText("least", {Value::Varchar("b"), Value::Varchar("a")}, false), "a");
  EXPECT_EQ(EvalText("least", {Value::NullOf(LogicalType::Integer())}), "NULL");
}

bool Like(const std::string& s, const std::string& p, const std::string& esc = "\\", bool ci = false) {
  Result<LikePattern> pat = LikePattern::Compile(p, esc, ci);
  EXPECT_TRUE(pat.ok()) << pat.status().ToString();
  std::string folded;
  if (ci) LikePattern::FoldCase(s, &folded);
  return pat->Matches(ci ? folded : s);
}

TEST(LikeTest, Patterns) {
  EXPECT_TRUE(Like("abc", "abc"));
  EXPECT_FALSE(Like("abcd", "abc"));
  EXPECT_TRUE(Like("abc", "a%"));
  EXPECT_TRUE(Like("abc", "%c"));
  EXPECT_TRUE(Like("abc", "%b%"));
  EXPECT_TRUE(Like("abc", "a_c"));
  EXPECT_FALSE(Like("ac", "a_c"));
  EXPECT_TRUE(Like("", "%"));
  EXPECT_FALSE(Like("", "_"));
  EXPECT_TRUE(Like("aXbXc", "a%b%c"));
  EXPECT_TRUE(Like("abcabcabd", "%abc%abd"));
  EXPECT_FALSE(Like("abcabcab", "%abc%abd"));
  EXPECT_TRUE(Like("é", "_"));  // one character, two bytes
  EXPECT_TRUE(Like("50%", "50\\%"));
  EXPECT_FALSE(Like("500", "50\\%"));
  EXPECT_TRUE(Like("a_b", "a#_b", "#"));
  EXPECT_FALSE(Like("axb", "a#_b", "#"));
  EXPECT_TRUE(Like("a\\b", "a\\b", ""));
  EXPECT_TRUE(Like("ABC", "a%c", "\\", true));
  EXPECT_FALSE(LikePattern::Compile("ab\\", "\\", false).ok());
  EXPECT_FALSE(LikePattern::Compile("ab", "xy", false).ok());
}

// FindSubstring answers as std::string_view::find does, for needles and haystacks of every short length over
// a small alphabet (many near misses), from every start position, and around the 16-byte steps.
TEST(LikeTest, FindSubstringAgreesWithFind) {
  uint32_t seed = 12345;
  auto next = [&seed]() { return seed = seed * 1103515245 + 12345; };
  for (int trial = 0; trial < 3000; trial++) {
    std::string hay((next() >> 8) % 70, ' '), needle((next() >> 8) % 6, ' ');
    for (char& c : hay) c = "abc"[(next() >> 8) % 3];
    for (char& c : needle) c = "abc"[(next() >> 8) % 3];
    for (size_t pos = 0; pos <= hay.size() + 1; pos++) {
      ASSERT_EQ(FindSubstring(hay, needle, pos), std::string_view(hay).find(needle, pos))
          << "'" << hay << "' '" << needle << "' " << pos;
    }
  }
}

// Patterns of literals and '%' only take the segment search; '_' in the pattern forces the general matcher,
// so each case is checked both ways.
TEST(LikeTest, SegmentsAgreeWithGeneralMatcher) {
  struct Case {
    const char* s;
    const char* p;
    bool want;
  };
  const Case cases[] = {{"ab", "a%b", true},
                        {"a", "a%a", false},
                        {"aa", "a%a", true},
                        {"aba", "ab%ba", false},
                        {"abba", "ab%ba", true},
                        {"xspecial yrequests", "%special%requests%", true},
                        {"requests special", "%special%requests%", false},
                        {"abcab", "%ab%ab", true},
                        {"abab", "ab%ab%", true},
                        {"ab", "ab%ab%", false},
                        {"xaybz", "%a%b%", true},
                        {"x", "%%x%%", true},
                        {"abc", "a%%c", true},
                        {"", "%a%b%", false}};
  for (const Case& c : cases) {
    EXPECT_EQ(Like(c.s, c.p), c.want) << c.s << " LIKE " << c.p;
    // The same pattern with a trailing "%_" becomes general: it then needs one more character.
    std::string general = std::string(c.p) + "_%";
    std::string longer = std::string(c.s) + "z";
    if (c.want && std::string(c.p).back() == '%') {
      EXPECT_TRUE(Like(longer, general)) << longer << " LIKE " << general;
    }
  }
}

TEST(LikeTest, Functions) {
  EXPECT_EQ(EvalText("like", {Value::Varchar("hello"), Value::Varchar("h%o")}), "t");
  EXPECT_EQ(EvalText("like", {Value::Varchar("hello"), Value::Varchar("h%o")}, false), "t");
  EXPECT_EQ(EvalText("not like", {Value::Varchar("hello"), Value::Varchar("h%o")}), "f");
  EXPECT_EQ(EvalText("ilike", {Value::Varchar("HELLO"), Value::Varchar("h%o")}), "t");
  EXPECT_EQ(EvalText("not ilike", {Value::Varchar("HELLO"), Value::Varchar("x%")}, false), "t");
  EXPECT_EQ(EvalText("like", {Value::Varchar("a%"), Value::Varchar("a!%"), Value::Varchar("!")}), "t");
  EXPECT_EQ(EvalText("like", {Value::Varchar("a%"), Value::Varchar("a!%"), Value::Varchar("!")}, false), "t");
  EXPECT_EQ(EvalText("like", {Value::Char("ab  ", 4), Value::Varchar("ab")}), "t");
  EXPECT_EQ(EvalText("like", {Value::NullOf(LogicalType::Varchar()), Value::Varchar("%")}), "NULL");
}

}  // namespace
}  // namespace blueshift
