#include "load/field_converter.h"

#include <gtest/gtest.h>

namespace blueshift::load {
namespace {

struct Converted {
  bool ok;
  Value value;
  FieldError err;
};

Converted Convert(const LogicalType& type, std::string text, const CopyOptions& o = CopyOptions()) {
  auto date = TimeFormat::Compile(o.date_format);
  auto time = TimeFormat::Compile(o.time_format);
  FieldConverter conv(type, o, &*date, &*time, false);
  Vector v(type, 4);
  Converted c;
  c.ok = conv.Convert(Field{text.data(), text.size()}, &v, 1, &c.err);
  if (c.ok) c.value = v.GetValue(1);
  if (c.ok && type.IsString() && !v.IsNull(1)) c.value = Value::Varchar(std::string(v.data<std::string_view>()[1]));
  return c;
}

TEST(FieldConverterTest, Integers) {
  EXPECT_EQ(Convert(LogicalType::Integer(), "-42").value.ToString(), "-42");
  EXPECT_EQ(Convert(LogicalType::SmallInt(), " 7 ").value.ToString(), "7");
  auto bad = Convert(LogicalType::Integer(), "4x2");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.err.code, 1207);
  EXPECT_EQ(bad.err.reason, "Invalid digit, Value 'x', Pos 1, Type: Integer");
  EXPECT_EQ(Convert(LogicalType::Integer(), "2147483648").err.code, 1204);
  EXPECT_TRUE(Convert(LogicalType::BigInt(), "-9223372036854775808").ok);
  EXPECT_TRUE(Convert(LogicalType::Integer(), "").value.is_null());
}

TEST(FieldConverterTest, Decimals) {
  EXPECT_EQ(Convert(LogicalType::Decimal(6, 2), "20.259").value.ToString(), "20.25");
  CopyOptions round;
  round.round_decimals = true;
  EXPECT_EQ(Convert(LogicalType::Decimal(6, 2), "20.259", round).value.ToString(), "20.26");
  EXPECT_EQ(Convert(LogicalType::Decimal(6, 2), "-3").value.ToString(), "-3.00");
  EXPECT_EQ(Convert(LogicalType::Decimal(4, 2), "123.4").err.code, 1204);
  EXPECT_FALSE(Convert(LogicalType::Decimal(4, 2), "1.2.3").ok);
}

TEST(FieldConverterTest, Strings) {
  EXPECT_EQ(Convert(LogicalType::Varchar(3), "abcd").err.reason, "String length exceeds DDL length");
  CopyOptions trunc;
  trunc.truncate_columns = true;
  EXPECT_EQ(Convert(LogicalType::Varchar(4), "ab\xc3\xa9z", trunc).value.ToString(), "ab\xc3\xa9");
  EXPECT_EQ(Convert(LogicalType::Varchar(4), "ab\xff").err.code, 1220);
  EXPECT_EQ(Convert(LogicalType::Char(3), "a").value.ToString(), "a  ");
  EXPECT_TRUE(Convert(LogicalType::Varchar(4), "\\N").value.is_null());
  EXPECT_EQ(Convert(LogicalType::Varchar(4), "").value.ToString(), "");
}

TEST(FieldConverterTest, OtherTypes) {
  EXPECT_EQ(Convert(LogicalType::Boolean(), "t").value.ToString(), "t");
  EXPECT_EQ(Convert(LogicalType::Boolean(), "maybe").err.code, 1210);
  EXPECT_EQ(Convert(LogicalType::Double(), "1.5e3").value.ToString(), "1500");
  EXPECT_EQ(Convert(LogicalType::Double(), "1,5").err.code, 1208);
  EXPECT_EQ(Convert(LogicalType::Date(), "2024-13-01").err.code, 1205);
  EXPECT_EQ(Convert(LogicalType::Timestamp(), "yesterday").err.code, 1206);
  CopyOptions any;
  any.accept_any_date = true;
  EXPECT_TRUE(Convert(LogicalType::Date(), "2024-13-01", any).value.is_null());
}

TEST(FieldConverterTest, Utf8Prefix) {
  EXPECT_EQ(ValidUtf8Prefix("plain ascii text", 16), 16u);
  EXPECT_EQ(ValidUtf8Prefix("a\xc3\xa9"
                            "b\xe2\x82",
                            6),
            4u);
  EXPECT_EQ(ValidUtf8Prefix("\xed\xa0\x80", 3), 0u);  // a surrogate
}

TEST(FieldConverterTest, EscapeInvalidUtf8) {
  EXPECT_EQ(EscapeInvalidUtf8("caf\xe9|2"), "caf\\xE9|2");
  EXPECT_EQ(EscapeInvalidUtf8("caf\xc3\xa9"), "caf\xc3\xa9");  // valid text is kept
  EXPECT_EQ(EscapeInvalidUtf8("a\xe2\x82"), "a\\xE2\\x82");    // a cut sequence
  EXPECT_EQ(EscapeInvalidUtf8(""), "");
}

}  // namespace
}  // namespace blueshift::load
