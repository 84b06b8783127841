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

TEST(BindParamsTest, BinaryDateTimeCountFromTwoThousand) {
  std::vector<LogicalType> types = {LogicalType::Date(), LogicalType::Timestamp(), LogicalType::TimestampTz(),
                                    LogicalType::Time()};
  std::string one_day("\0\0\0\x01", 4);
  std::string one_second("\0\0\0\0\0\x0f\x42\x40", 8);  // 1,000,000 microseconds
  std::string minus_one_us("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
  Result<std::vector<Value>> values = DecodeParams({1}, {one_day, one_second, minus_one_us, one_second}, types);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0].ToString(), "2000-01-02");
  EXPECT_EQ((*values)[1].ToString(), "2000-01-01 00:00:01");
  EXPECT_EQ((*values)[2].GetInt(), int64_t{10957} * 86400 * 1000000 - 1);
  EXPECT_EQ((*values)[3].GetInt(), 1000000);
  EXPECT_EQ(DecodeParams({1}, {std::string(8, '\0')}, {LogicalType::Date()}).status().code(),
            ErrorCode::kProtocolViolation);
  EXPECT_EQ(DecodeParams({1}, {minus_one_us}, {LogicalType::Time()}).status().code(),
            ErrorCode::kDatetimeFieldOverflow);
}

TEST(BindParamsTest, BinaryNumericRoundsToTheParameterScale) {
  // 12.3456 = digits 12, 3456 with weight 0, dscale 4.
  std::string numeric("\0\x02\0\0\0\0\0\x04\0\x0c\x0d\x80", 12);
  Result<std::vector<Value>> values = DecodeParams({1}, {numeric}, {LogicalType::Decimal(10, 2)});
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0].ToString(), "12.35");
  EXPECT_EQ(DecodeParams({1}, {numeric}, {LogicalType::Decimal(3, 2)}).status().code(),
            ErrorCode::kNumericValueOutOfRange);
  EXPECT_EQ(DecodeParams({1}, {numeric.substr(0, 10)}, {LogicalType::Decimal(10, 2)}).status().code(),
            ErrorCode::kProtocolViolation);
  // Declared NUMERIC (OID 1700) for a parameter its context made VARCHAR: read as NUMERIC, then converted.
  values = DecodeParams({1}, {numeric}, {LogicalType::Varchar(20)}, {1700});
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0], Value::Varchar("12.3456"));
}

}  // namespace
}  // namespace blueshift::server

namespace blueshift::server {
namespace {

TEST(BindParamsTest, VarbyteTextIsHexBinaryIsTheBytes) {
  std::vector<LogicalType> types = {LogicalType::Varbyte(3), LogicalType::Varbyte(3)};
  Result<std::vector<Value>> values = DecodeParams({0, 1}, {"00Ff", std::string("\x00\x01\xfe", 3)}, types);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ((*values)[0].GetString(), std::string("\x00\xff", 2));
  EXPECT_EQ((*values)[1].GetString(), std::string("\x00\x01\xfe", 3));
  EXPECT_EQ(DecodeParams({1}, {std::string("abcd")}, {LogicalType::Varbyte(3)}).status().code(),
            ErrorCode::kStringDataRightTruncation);
  EXPECT_EQ(DecodeParams({0}, {"xyz"}, {LogicalType::Varbyte(3)}).status().code(),
            ErrorCode::kInvalidTextRepresentation);
}

}  // namespace
}  // namespace blueshift::server
