#include "server/row_encoder.h"

#include <gtest/gtest.h>

#include "server/message_reader.h"
#include "types/numeric_format.h"

namespace blueshift::server {
namespace {

// The fields of each DataRow in bytes; "NULL" for a NULL field.
std::vector<std::vector<std::string>> DecodeRows(const std::string& bytes) {
  std::vector<std::vector<std::string>> rows;
  size_t pos = 0;
  while (pos < bytes.size()) {
    EXPECT_EQ(bytes[pos], 'D');
    PayloadReader header(std::string_view(bytes).substr(pos + 1, 4));
    int32_t length = header.Int32().value();
    PayloadReader in(std::string_view(bytes).substr(pos + 5, length - 4));
    std::vector<std::string> row;
    int16_t n = in.Int16().value();
    for (int16_t i = 0; i < n; ++i) {
      int32_t len = in.Int32().value();
      row.push_back(len < 0 ? "NULL" : std::string(in.Bytes(len).value()));
    }
    rows.push_back(row);
    pos += 1 + length;
  }
  return rows;
}

TEST(RowEncoderTest, TextFormatHonoursSelectionAndNulls) {
  Batch batch({LogicalType::Integer(), LogicalType::Varchar(20), LogicalType::Boolean()});
  for (int i = 0; i < 4; ++i) {
    batch.column(0).SetValue(i, Value::Integer(i * 10));
    batch.column(1).SetValue(
        i, i == 2 ? Value::NullOf(LogicalType::Varchar(20)) : Value::Varchar("v" + std::to_string(i)));
    batch.column(2).SetValue(i, Value::Boolean(i % 2 == 0));
  }
  batch.set_count(4);
  uint32_t* sel = batch.mutable_selection();
  sel[0] = 1;
  sel[1] = 2;
  batch.SetSelection(2);
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {}, &w).ok());
  std::vector<std::vector<std::string>> expected = {{"10", "v1", "f"}, {"20", "NULL", "t"}};
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
}

// Each column encoded on its own (integers, strings, and the other types through their formatters) and
// the rows put together: extremes, NULLs in every kind of column, empty strings, a selection.
TEST(RowEncoderTest, TextFormatColumnByColumn) {
  Batch batch({LogicalType::SmallInt(), LogicalType::BigInt(), LogicalType::Char(4), LogicalType::Varchar(8),
               LogicalType::Date(), LogicalType::Decimal(10, 2)});
  const Value values[3][6] = {{Value::SmallInt(-32768), Value::BigInt(INT64_MIN), Value::Char("ab", 4),
                               Value::Varchar(""), Value::Date(0), Value::Decimal(-5, 10, 2)},
                              {Value::NullOf(LogicalType::SmallInt()), Value::NullOf(LogicalType::BigInt()),
                               Value::NullOf(LogicalType::Char(4)), Value::NullOf(LogicalType::Varchar(8)),
                               Value::NullOf(LogicalType::Date()), Value::NullOf(LogicalType::Decimal(10, 2))},
                              {Value::SmallInt(7), Value::BigInt(INT64_MAX), Value::Char("abcd", 4),
                               Value::Varchar("xyz"), Value::Date(-1), Value::Decimal(123456, 10, 2)}};
  for (size_t r = 0; r < 3; ++r) {
    for (size_t c = 0; c < 6; ++c) batch.column(c).SetValue(r, values[r][c]);
  }
  batch.set_count(3);
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {}, &w).ok());
  std::vector<std::vector<std::string>> expected = {
      {"-32768", "-9223372036854775808", "ab", "", "1970-01-01", "-0.05"},
      {"NULL", "NULL", "NULL", "NULL", "NULL", "NULL"},
      {"7", "9223372036854775807", "abcd", "xyz", "1969-12-31", "1234.56"}};
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
  uint32_t* sel = batch.mutable_selection();
  sel[0] = 2;
  sel[1] = 1;
  batch.SetSelection(2);
  MessageWriter w2(-1);
  ASSERT_TRUE(WriteDataRows(batch, {kTextFormat}, &w2).ok());
  EXPECT_EQ(DecodeRows(w2.buffer()), (std::vector<std::vector<std::string>>{expected[2], expected[1]}));
}

// Floats print 6 (REAL) and 15 (DOUBLE PRECISION) significant digits plus the session's extra_float_digits.
TEST(RowEncoderTest, TextFormatOfFloatsFollowsExtraFloatDigits) {
  Batch batch({LogicalType::Real(), LogicalType::Double(), LogicalType::Double()});
  batch.column(0).SetValue(0, Value::Real(3.4028234663852886e38f));
  batch.column(1).SetValue(0, Value::Double(0.1));
  batch.column(2).SetValue(0, Value::Double(1.7976931348623157e308));
  batch.set_count(1);
  std::vector<std::vector<std::string>> expected = {{"3.40282e+38", "0.1", "1.79769313486232e+308"}};
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {}, &w).ok());
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
  {
    ScopedExtraFloatDigits digits(2);
    MessageWriter w2(-1);
    ASSERT_TRUE(WriteDataRows(batch, {}, &w2).ok());
    expected = {{"3.4028235e+38", "0.10000000000000001", "1.7976931348623157e+308"}};
    EXPECT_EQ(DecodeRows(w2.buffer()), expected);
  }
  ScopedExtraFloatDigits digits(-15);  // one digit at least
  MessageWriter w3(-1);
  ASSERT_TRUE(WriteDataRows(batch, {}, &w3).ok());
  expected = {{"3e+38", "0.1", "2e+308"}};
  EXPECT_EQ(DecodeRows(w3.buffer()), expected);
}

TEST(RowEncoderTest, TextFormatOfDecimalDateTimestamp) {
  Batch batch({LogicalType::Decimal(10, 2), LogicalType::Date(), LogicalType::Timestamp(), LogicalType::SmallInt(),
               LogicalType::BigInt()});
  batch.column(0).SetValue(0, Value::Decimal(-12345, 10, 2));
  batch.column(1).SetValue(0, Value::Date(0));
  batch.column(2).SetValue(0, Value::Timestamp(1500000));
  batch.column(3).SetValue(0, Value::SmallInt(-7));
  batch.column(4).SetValue(0, Value::BigInt(INT64_MIN));
  batch.set_count(1);
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {}, &w).ok());
  std::vector<std::vector<std::string>> expected = {
      {"-123.45", "1970-01-01", "1970-01-01 00:00:01.5", "-7", "-9223372036854775808"}};
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
}

TEST(RowEncoderTest, BinaryFormatIsBigEndianWithPostgresEpoch) {
  Batch batch({LogicalType::Integer(), LogicalType::Date()});
  batch.column(0).SetValue(0, Value::Integer(258));
  batch.column(1).SetValue(0, Value::Date(10958));  // 2000-01-02
  batch.set_count(1);
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {kBinaryFormat, kBinaryFormat}, &w).ok());
  std::vector<std::vector<std::string>> expected = {{std::string("\0\0\x01\x02", 4), std::string("\0\0\0\x01", 4)}};
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
}

TEST(RowEncoderTest, BinaryNumericTimeAndTimestampTz) {
  Batch batch({LogicalType::Decimal(38, 3), LogicalType::Time(), LogicalType::TimestampTz()});
  batch.column(0).SetValue(0, Value::Decimal(-1234567, 38, 3));  // -1234.567
  batch.column(1).SetValue(0, Value::FromInt(LogicalType::Time(), 1));
  batch.column(2).SetValue(0, Value::FromInt(LogicalType::TimestampTz(), int64_t{10957} * 86400 * 1000000 + 2));
  batch.set_count(1);
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {kBinaryFormat, kBinaryFormat, kBinaryFormat}, &w).ok());
  // ndigits 2, weight 0, negative, dscale 3; digits 1234, 5670.
  std::vector<std::vector<std::string>> expected = {{std::string("\0\x02\0\0\x40\0\0\x03\x04\xd2\x16\x26", 12),
                                                     std::string("\0\0\0\0\0\0\0\x01", 8),
                                                     std::string("\0\0\0\0\0\0\0\x02", 8)}};
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
}

TEST(RowEncoderTest, ResolveResultFormats) {
  std::vector<LogicalType> types = {LogicalType::Integer(), LogicalType::Varchar(5)};
  EXPECT_EQ(ResolveResultFormats({}, types).value(), (std::vector<int16_t>{0, 0}));
  EXPECT_EQ(ResolveResultFormats({1}, types).value(), (std::vector<int16_t>{1, 1}));
  EXPECT_EQ(ResolveResultFormats({0, 1}, types).value(), (std::vector<int16_t>{0, 1}));
  EXPECT_EQ(ResolveResultFormats({0, 1, 0}, types).status().code(), ErrorCode::kProtocolViolation);
  EXPECT_EQ(ResolveResultFormats({2}, types).status().code(), ErrorCode::kProtocolViolation);
  EXPECT_EQ(ResolveResultFormats({1}, {LogicalType::Decimal(10, 2)}).value(), (std::vector<int16_t>{1}));
}

}  // namespace
}  // namespace blueshift::server

namespace blueshift::server {
namespace {

TEST(RowEncoderTest, VarbyteIsHexInTextAndBytesInBinary) {
  Batch batch({LogicalType::Varbyte(4), LogicalType::Varbyte(4)});
  batch.column(0).SetValue(0, Value::Varbyte(std::string("\x00\xab\x20", 3)));
  batch.column(1).SetValue(0, Value::Varbyte(std::string("\x00\xab\x20", 3)));
  batch.set_count(1);
  MessageWriter w(-1);
  ASSERT_TRUE(WriteDataRows(batch, {0, kBinaryFormat}, &w).ok());
  std::vector<std::vector<std::string>> expected = {{"00ab20", std::string("\x00\xab\x20", 3)}};
  EXPECT_EQ(DecodeRows(w.buffer()), expected);
}

}  // namespace
}  // namespace blueshift::server

namespace blueshift::server {
namespace {

// PostgreSQL's array_send: ndim, has-null flag, element oid, then length and lower bound, then the elements.
std::string Int32s(std::initializer_list<uint32_t> values) {
  std::string s;
  for (uint32_t v : values) {
    for (int shift = 24; shift >= 0; shift -= 8) s.push_back(static_cast<char>((v >> shift) & 0xff));
  }
  return s;
}

TEST(RowEncoderTest, CatalogArraysInTextAndBinary) {
  Batch batch({LogicalType::PgArray(PgArrayKind::kInt2Vector), LogicalType::PgArray(PgArrayKind::kInt2Array),
               LogicalType::PgArray(PgArrayKind::kTextArray), LogicalType::PgArray(PgArrayKind::kOidArray)});
  batch.column(0).SetValue(0, Value::Varchar("1 3"));
  batch.column(1).SetValue(0, Value::Varchar("{2,-1}"));
  batch.column(2).SetValue(0, Value::Varchar("{a,NULL}"));
  batch.column(3).SetValue(0, Value::Varchar("{}"));
  batch.set_count(1);
  MessageWriter text(-1);
  ASSERT_TRUE(WriteDataRows(batch, {}, &text).ok());
  std::vector<std::vector<std::string>> want_text = {{"1 3", "{2,-1}", "{a,NULL}", "{}"}};
  EXPECT_EQ(DecodeRows(text.buffer()), want_text);

  MessageWriter binary(-1);
  ASSERT_TRUE(WriteDataRows(batch, {kBinaryFormat, kBinaryFormat, kBinaryFormat, kBinaryFormat}, &binary).ok());
  std::string int2vector =
      Int32s({1, 0, 21, 2, 0, 2}) + std::string("\x00\x01", 2) + Int32s({2}) + std::string("\x00\x03", 2);
  std::string int2array = Int32s({1, 0, 21, 2, 1, 2}) + std::string("\x00\x02", 2) + Int32s({2}) + "\xff\xff";
  std::string textarray = Int32s({1, 1, 25, 2, 1, 1}) + "a" + Int32s({0xffffffffu});
  std::string empty = Int32s({0, 0, 26});
  std::vector<std::vector<std::string>> want_binary = {{int2vector, int2array, textarray, empty}};
  EXPECT_EQ(DecodeRows(binary.buffer()), want_binary);
  EXPECT_EQ(LogicalType::PgArray(PgArrayKind::kInt2Vector).PgOid(), 22);
  EXPECT_EQ(LogicalType::PgArray(PgArrayKind::kOidVector).PgOid(), 30);
  EXPECT_EQ(LogicalType::PgArray(PgArrayKind::kInt2Array).PgOid(), 1005);
  EXPECT_EQ(LogicalType::PgArray(PgArrayKind::kTextArray).PgOid(), 1009);
  EXPECT_EQ(LogicalType::PgArray(PgArrayKind::kOidArray).PgOid(), 1028);
}

TEST(RowEncoderTest, AnArrayThatCannotBeEncodedFailsBeforeItsRow) {
  Batch batch({LogicalType::PgArray(PgArrayKind::kInt2Array)});
  batch.column(0).SetValue(0, Value::Varchar("{1}"));
  batch.column(0).SetValue(1, Value::Varchar("{99999}"));  // not an int2
  batch.set_count(2);
  MessageWriter w(-1);
  Status s = WriteDataRows(batch, {kBinaryFormat}, &w);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidTextRepresentation);
  EXPECT_EQ(DecodeRows(w.buffer()).size(), 1u);
}

}  // namespace
}  // namespace blueshift::server
