#include "types/value_parse.h"

#include <cmath>

#include <gtest/gtest.h>

namespace blueshift {
namespace {

Status ParseError(const LogicalType& type, std::string_view text) {
  return ParseValue(type, text).status();
}

TEST(ValueParseTest, Integers) {
  EXPECT_EQ(ParseValue(LogicalType::Integer(), " 42 ")->GetInt(), 42);
  EXPECT_EQ(ParseValue(LogicalType::SmallInt(), "-32768")->GetInt(), -32768);
  EXPECT_EQ(ParseValue(LogicalType::BigInt(), "-9223372036854775808")->GetInt(), INT64_MIN);
  Status s = ParseError(LogicalType::Integer(), "abc");
  EXPECT_EQ(s.message(), "invalid input syntax for type integer: \"abc\"");
  EXPECT_STREQ(s.sqlstate(), "22P02");
  s = ParseError(LogicalType::SmallInt(), "99999");
  EXPECT_EQ(s.message(), "value \"99999\" is out of range for type smallint");
  EXPECT_STREQ(s.sqlstate(), "22003");
  EXPECT_EQ(ParseError(LogicalType::BigInt(), "99999999999999999999999999999999999999999").code(),
            ErrorCode::kNumericValueOutOfRange);
  EXPECT_EQ(ParseError(LogicalType::Integer(), "").code(), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(ParseError(LogicalType::Integer(), "1.5").code(), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(ParseError(LogicalType::Integer(), "-").code(), ErrorCode::kInvalidTextRepresentation);
}

TEST(ValueParseTest, Decimals) {
  Value v = ParseValue(LogicalType::Decimal(5, 2), "12.345").value();
  EXPECT_EQ(v.ToString(), "12.35");
  EXPECT_EQ(ParseValue(LogicalType::Decimal(5, 2), "-12.345")->ToString(), "-12.35");
  Status s = ParseError(LogicalType::Decimal(5, 2), "1234");
  EXPECT_EQ(s.message(), "numeric field overflow");
  EXPECT_STREQ(s.sqlstate(), "22003");
  EXPECT_EQ(ParseValue(LogicalType::Decimal(38, 10), "1234567890123456789012345678.1234567891")->ToString(),
            "1234567890123456789012345678.1234567891");
}

TEST(ValueParseTest, Booleans) {
  for (const char* t : {"t", "TRUE", "y", "yes", "on", "1", " true "}) {
    EXPECT_TRUE(ParseValue(LogicalType::Boolean(), t)->GetBool()) << t;
  }
  for (const char* f : {"f", "False", "n", "no", "off", "0"}) {
    EXPECT_FALSE(ParseValue(LogicalType::Boolean(), f)->GetBool()) << f;
  }
  EXPECT_EQ(ParseError(LogicalType::Boolean(), "maybe").message(), "invalid input syntax for type boolean: \"maybe\"");
}

TEST(ValueParseTest, Floats) {
  EXPECT_DOUBLE_EQ(ParseValue(LogicalType::Double(), " 1.5e3 ")->GetDouble(), 1500.0);
  EXPECT_TRUE(std::isnan(ParseValue(LogicalType::Double(), "NaN")->GetDouble()));
  EXPECT_EQ(ParseValue(LogicalType::Double(), "-Infinity")->GetDouble(), -INFINITY);
  EXPECT_EQ(ParseValue(LogicalType::Real(), "2.5")->type(), LogicalType::Real());
  EXPECT_EQ(ParseError(LogicalType::Double(), "x1").message(),
            "invalid input syntax for type double precision: \"x1\"");
  EXPECT_EQ(ParseError(LogicalType::Double(), "1e999").code(), ErrorCode::kNumericValueOutOfRange);
  EXPECT_EQ(ParseError(LogicalType::Real(), "1e50").code(), ErrorCode::kNumericValueOutOfRange);
}

TEST(ValueParseTest, Strings) {
  EXPECT_EQ(ParseValue(LogicalType::Varchar(5), "abc")->GetString(), "abc");
  EXPECT_EQ(ParseValue(LogicalType::Varchar(5), "abc    ")->GetString(), "abc  ");
  Status s = ParseError(LogicalType::Varchar(5), "abcdef");
  EXPECT_EQ(s.message(), "value too long for type character varying(5)");
  EXPECT_STREQ(s.sqlstate(), "22001");
  // Bytes, not characters: "é" is two bytes.
  EXPECT_EQ(ParseError(LogicalType::Varchar(5), "ééé").code(), ErrorCode::kStringDataRightTruncation);
  EXPECT_EQ(ParseValue(LogicalType::Char(4), "ab")->GetString(), "ab  ");
  EXPECT_EQ(ParseValue(LogicalType::Char(2), "ab   ")->GetString(), "ab");
  EXPECT_EQ(ParseError(LogicalType::Char(2), "abc").message(), "value too long for type character(2)");
}

TEST(ValueParseTest, DatesAndTimestamps) {
  EXPECT_EQ(ParseValue(LogicalType::Date(), "1970-01-02")->GetInt(), 1);
  EXPECT_EQ(ParseValue(LogicalType::Timestamp(), "1970-01-01 00:00:01")->GetInt(), 1000000);
  EXPECT_EQ(ParseError(LogicalType::Date(), "nope").code(), ErrorCode::kInvalidDatetimeFormat);
}

}  // namespace
}  // namespace blueshift
