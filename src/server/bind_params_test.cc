#include "server/bind_params.h"

#include <gtest/gtest.h>

#include <cstring>

namespace blueshift::server {
namespace {

const std::vector<LogicalType> kIntText = {LogicalType::Integer(), LogicalType::Varchar(10)};

TEST(BindParamsTest, TextParametersAndNull) {
  Result<std::vector<Value>> values = DecodeParams({}, {"42", std::nullopt}, kIntText);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0], Value::Integer(42));
  EXPECT_TRUE((*values)[1].is_null());
}

TEST(BindParamsTest, TextParameterErrorsComeFromParseValue) {
  EXPECT_EQ(DecodeParams({}, {"x", "y"}, kIntText).status().code(), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(DecodeParams({}, {"1", "01234567890"}, kIntText).status().code(), ErrorCode::kStringDataRightTruncation);
}

TEST(BindParamsTest, BinaryIntegersOfAnyWidthWithRangeCheck) {
  std::string int8_five("\0\0\0\0\0\0\0\x05", 8);
  Result<std::vector<Value>> values = DecodeParams({1, 0}, {int8_five, "a"}, kIntText);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0], Value::Integer(5));
  std::string int8_big("\0\0\0\x01\0\0\0\0", 8);
  EXPECT_EQ(DecodeParams({1, 0}, {int8_big, "a"}, kIntText).status().code(), ErrorCode::kNumericValueOutOfRange);
  std::string minus_one("\xff\xff", 2);
  EXPECT_EQ(DecodeParams({1}, {minus_one}, {LogicalType::BigInt()}).value()[0], Value::BigInt(-1));
}

TEST(BindParamsTest, BinaryFloatBoolAndText) {
  double d = 2.5;
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  std::string be(8, '\0');
  for (int i = 0; i < 8; ++i) be[i] = static_cast<char>(bits >> (56 - 8 * i));
  std::vector<LogicalType> types = {LogicalType::Double(), LogicalType::Boolean(), LogicalType::Varchar(5)};
  Result<std::vector<Value>> values = DecodeParams({1}, {be, std::string("\x01", 1), "hi"}, types);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0], Value::Double(2.5));
  EXPECT_EQ((*values)[1], Value::Boolean(true));
  EXPECT_EQ((*values)[2], Value::Varchar("hi"));
}

TEST(BindParamsTest, ProtocolErrors) {
  EXPECT_EQ(DecodeParams({}, {"1"}, kIntText).status().code(), ErrorCode::kProtocolViolation);
  EXPECT_EQ(DecodeParams({0, 0, 0}, {"1", "a"}, kIntText).status().code(), ErrorCode::kProtocolViolation);
  EXPECT_EQ(DecodeParams({1, 0}, {"abc", "a"}, kIntText).status().code(), ErrorCode::kProtocolViolation);
}

TEST(BindParamsTest, BinaryOfUnsupportedTypeIsFeatureNotSupported) {
  EXPECT_EQ(DecodeParams({1}, {std::string(4, '\0')}, {LogicalType::Date()}).status().code(),
            ErrorCode::kFeatureNotSupported);
}

}  // namespace
}  // namespace blueshift::server
