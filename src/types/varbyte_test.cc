#include "types/varbyte.h"

#include <gtest/gtest.h>

#include "types/value.h"
#include "types/value_parse.h"

namespace blueshift {
namespace {

std::string Hex(std::string_view text) {
  std::string out;
  EXPECT_TRUE(HexDecode(text, &out)) << text;
  return out;
}

TEST(VarbyteTest, HexRoundTrip) {
  EXPECT_EQ(HexEncode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(Hex("00FF10"), std::string("\x00\xff\x10", 3));
  EXPECT_EQ(Hex("4"), std::string("\x04", 1));  // odd count: a leading 0
  EXPECT_EQ(Hex(""), "");
  std::string out;
  EXPECT_FALSE(HexDecode("0g", &out));
  EXPECT_FALSE(HexDecode("x", &out));
}

TEST(VarbyteTest, Bits) {
  EXPECT_EQ(BitsEncode("a"), "01100001");
  std::string out;
  ASSERT_TRUE(BitsDecode("01001101", &out));
  EXPECT_EQ(out, "\x4d");
  ASSERT_TRUE(BitsDecode("1", &out));  // padded on the left to a whole byte
  EXPECT_EQ(out, std::string("\x01", 1));
  ASSERT_TRUE(BitsDecode("100000000", &out));
  EXPECT_EQ(out, std::string("\x01\x00", 2));
  EXPECT_FALSE(BitsDecode("012", &out));
}

TEST(VarbyteTest, Base64) {
  EXPECT_EQ(Base64Encode("abc"), "YWJj");
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
  EXPECT_EQ(Base64Encode("a"), "YQ==");
  EXPECT_EQ(Base64Encode(""), "");
  std::string out;
  ASSERT_TRUE(Base64Decode("YWI=", &out));
  EXPECT_EQ(out, "ab");
  ASSERT_TRUE(Base64Decode("YQ==", &out));
  EXPECT_EQ(out, "a");
  EXPECT_FALSE(Base64Decode("YQ", &out));
  EXPECT_FALSE(Base64Decode("Y===", &out));
  EXPECT_FALSE(Base64Decode("Y!==", &out));
}

TEST(VarbyteTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo"));
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
}

TEST(VarbyteTest, ValueTextIsHex) {
  Value v = Value::Varbyte(std::string("\x01\xab", 2));
  EXPECT_EQ(v.ToString(), "01ab");
  EXPECT_EQ(v.type().PgOid(), 6551);
  EXPECT_EQ(LogicalType::Varbyte(10).ToString(), "binary varying(10)");
  Result<Value> parsed = ParseValue(LogicalType::Varbyte(2), "01AB");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->GetString(), std::string("\x01\xab", 2));
  EXPECT_STREQ(ParseValue(LogicalType::Varbyte(1), "0102").status().sqlstate(), "22001");
  EXPECT_STREQ(ParseValue(LogicalType::Varbyte(4), "zz").status().sqlstate(), "22P02");
  // Byte order, not text order, and trailing blanks count.
  EXPECT_LT(Value::Compare(Value::Varbyte("a"), Value::Varbyte("a ")), 0);
}

}  // namespace
}  // namespace blueshift
