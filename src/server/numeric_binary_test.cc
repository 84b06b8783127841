#include "server/numeric_binary.h"

#include <gtest/gtest.h>

#include "types/decimal.h"

namespace blueshift::server {
namespace {

std::string Header(int ndigits, int weight, int sign, int dscale) {
  std::string out;
  for (int v : {ndigits, weight, sign, dscale}) {
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
  }
  return out;
}

std::string Digits(std::initializer_list<int> digits) {
  std::string out;
  for (int d : digits) {
    out.push_back(static_cast<char>(d >> 8));
    out.push_back(static_cast<char>(d & 0xFF));
  }
  return out;
}

TEST(NumericBinaryTest, EncodesAsPostgresDoes) {
  EXPECT_EQ(EncodeBinaryNumeric(0, 2), Header(0, 0, 0, 2));
  EXPECT_EQ(EncodeBinaryNumeric(1, 0), Header(1, 0, 0, 0) + Digits({1}));
  EXPECT_EQ(EncodeBinaryNumeric(100000000, 0), Header(1, 2, 0, 0) + Digits({1}));              // 1 * 10000^2
  EXPECT_EQ(EncodeBinaryNumeric(-5, 2), Header(1, -1, 0x4000, 2) + Digits({500}));             // -0.05
  EXPECT_EQ(EncodeBinaryNumeric(123456789, 4), Header(3, 1, 0, 4) + Digits({1, 2345, 6789}));  // 12345.6789
  EXPECT_EQ(EncodeBinaryNumeric(1, 9), Header(1, -3, 0, 9) + Digits({1000}));                  // 0.000000001
}

TEST(NumericBinaryTest, DecodesToText) {
  EXPECT_EQ(DecodeBinaryNumeric(Header(0, 0, 0, 2)).value(), "0.00");
  EXPECT_EQ(DecodeBinaryNumeric(Header(1, 2, 0, 0) + Digits({1})).value(), "100000000");
  EXPECT_EQ(DecodeBinaryNumeric(Header(1, -1, 0x4000, 2) + Digits({500})).value(), "-0.0500");
  EXPECT_EQ(DecodeBinaryNumeric(Header(1, -2, 0, 0) + Digits({7})).value(), "0.00000007");
  EXPECT_EQ(DecodeBinaryNumeric(Header(0, 0, 0xC000, 0)).value(), "NaN");
  EXPECT_FALSE(DecodeBinaryNumeric(Header(2, 0, 0, 0) + Digits({1})).ok());
  EXPECT_FALSE(DecodeBinaryNumeric(Header(1, 0, 0, 0) + Digits({10000})).ok());
  EXPECT_FALSE(DecodeBinaryNumeric(Header(1, 0, 0x1234, 0) + Digits({1})).ok());
  EXPECT_FALSE(DecodeBinaryNumeric("abc").ok());
}

TEST(NumericBinaryTest, RoundTripsAcrossScalesAndThe38DigitRange) {
  const int128_t max38 = Pow10(38) - 1;
  for (int scale : {0, 1, 3, 4, 5, 8, 17, 37}) {
    for (int128_t v :
         {int128_t{0}, int128_t{1}, int128_t{-9999}, int128_t{10000}, int128_t{123456789012345}, max38, -max38}) {
      std::string text = DecodeBinaryNumeric(EncodeBinaryNumeric(v, scale)).value();
      Result<int128_t> back = ParseDecimal(text, 38, scale);
      ASSERT_TRUE(back.ok()) << text;
      EXPECT_EQ(*back, v) << text;
    }
  }
}

}  // namespace
}  // namespace blueshift::server
