#include "storage/block.h"

#include <cstring>
#include <limits>

#include <gtest/gtest.h>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

// A column of n values from f(i) with validity from valid(i), as the segment writer would hold it.
template <typename T, typename F>
ColumnData MakeColumn(LogicalType type, size_t n, F f, bool with_nulls = false) {
  ColumnData c;
  c.type = type;
  c.count = n;
  c.values.resize(n * sizeof(T));
  c.validity.assign(n, 1);
  for (size_t i = 0; i < n; i++) {
    T v = f(i);
    std::memcpy(c.values.data() + i * sizeof(T), &v, sizeof(T));
    if (with_nulls && i % 7 == 3) {
      c.validity[i] = 0;
      std::memset(c.values.data() + i * sizeof(T), 0, sizeof(T));
    }
  }
  return c;
}

ColumnSpan Span(const ColumnData& c) {
  return ColumnSpan{c.type.physical(), c.values.data(), c.validity.data(), static_cast<uint32_t>(c.count)};
}

// Encodes with `declared`, decodes, and checks every valid value and the validity.
template <typename T>
Encoding RoundTrip(const ColumnData& c, Encoding declared) {
  BlockInfo info;
  auto bytes = std::make_shared<std::string>(EncodeBlock(declared, c.type, Span(c), &info));
  EXPECT_EQ(info.size, bytes->size());
  DecodedBlock d;
  Status st = DecodeBlock(bytes, c.type, info, &d);
  EXPECT_TRUE(st.ok()) << st.ToString();
  if (!st.ok()) return info.encoding;
  for (size_t i = 0; i < c.count; i++) {
    bool valid = !d.has_nulls || d.validity[i];
    EXPECT_EQ(valid, c.validity[i] != 0) << i;
    if (!valid) continue;
    T want;
    std::memcpy(&want, c.values.data() + i * sizeof(T), sizeof(T));
    EXPECT_TRUE(d.data<T>()[i] == want) << i;
  }
  return info.encoding;
}

TEST(BlockEncodingTest, Az64PacksSortedIntegers) {
  auto c = MakeColumn<int64_t>(LogicalType::Timestamp(), 5000, [](size_t i) { return int64_t(1700000000) + i; });
  EXPECT_EQ(RoundTrip<int64_t>(c, Encoding::kAz64), Encoding::kAz64);
  BlockInfo info;
  std::string az = EncodeBlock(Encoding::kAz64, c.type, Span(c), &info);
  EXPECT_LT(az.size(), 5000u * 8 / 4);
}

TEST(BlockEncodingTest, Az64HandlesExtremesAndNulls) {
  auto c = MakeColumn<int64_t>(
      LogicalType::BigInt(), 3000,
      [](size_t i) { return i % 2 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min(); }, true);
  RoundTrip<int64_t>(c, Encoding::kAz64);  // full 64-bit range: stored as RAW or AZ64, either way exact
  auto s = MakeColumn<int16_t>(
      LogicalType::SmallInt(), 2500, [](size_t i) { return int16_t(int(i % 300) - 150); }, true);
  EXPECT_EQ(RoundTrip<int16_t>(s, Encoding::kAz64), Encoding::kAz64);
  auto d = MakeColumn<int32_t>(LogicalType::Date(), 1024, [](size_t) { return int32_t(19000); });
  EXPECT_EQ(RoundTrip<int32_t>(d, Encoding::kAz64), Encoding::kAz64);
}

TEST(BlockEncodingTest, Az64PacksInt128Decimals) {
  auto c = MakeColumn<int128_t>(LogicalType::Decimal(38, 0), 100, [](size_t i) { return int128_t(i) << 70; });
  EXPECT_EQ(RoundTrip<int128_t>(c, Encoding::kAz64), Encoding::kAz64);
}

TEST(BlockEncodingTest, RunLengthCompressesRunsAndFallsBackToRaw) {
  auto runs = MakeColumn<double>(LogicalType::Double(), 4000, [](size_t i) { return double(i / 1000); });
  EXPECT_EQ(RoundTrip<double>(runs, Encoding::kRunLength), Encoding::kRunLength);
  auto distinct = MakeColumn<int32_t>(LogicalType::Integer(), 4000, [](size_t i) { return int32_t(i); });
  EXPECT_EQ(RoundTrip<int32_t>(distinct, Encoding::kRunLength), Encoding::kRaw);
}

TEST(BlockEncodingTest, EncodingTheTypeCannotHaveOrThatIsLargerIsStoredRaw) {
  auto c = MakeColumn<float>(LogicalType::Real(), 10, [](size_t i) { return float(i); });
  EXPECT_EQ(RoundTrip<float>(c, Encoding::kZstd), Encoding::kRaw);      // 10 distinct floats: zstd is larger
  EXPECT_EQ(RoundTrip<float>(c, Encoding::kByteDict), Encoding::kRaw);  // a dictionary of 10 is larger
  EXPECT_EQ(RoundTrip<float>(c, Encoding::kAz64), Encoding::kRaw);      // not an integer type
  auto b = MakeColumn<uint8_t>(LogicalType::Boolean(), 1000, [](size_t i) { return uint8_t(i % 2); });
  EXPECT_EQ(RoundTrip<uint8_t>(b, Encoding::kByteDict), Encoding::kRaw);
}

TEST(BlockEncodingTest, StringsDecodeZeroCopyIntoTheBlock) {
  std::vector<std::string> src = {"", "abc", "abc", "abc", "", "zz"};
  ColumnData c;
  c.type = LogicalType::Varchar(10);
  c.count = src.size();
  c.values.resize(src.size() * sizeof(std::string_view));
  c.validity.assign(src.size(), 1);
  for (size_t i = 0; i < src.size(); i++) new (c.values.data() + i * sizeof(std::string_view)) std::string_view(src[i]);
  for (Encoding e : {Encoding::kRaw, Encoding::kRunLength}) {
    BlockInfo info;
    auto bytes = std::make_shared<std::string>(EncodeBlock(e, c.type, Span(c), &info));
    DecodedBlock d;
    ASSERT_TRUE(DecodeBlock(bytes, c.type, info, &d).ok());
    for (size_t i = 0; i < src.size(); i++) {
      std::string_view v = d.data<std::string_view>()[i];
      EXPECT_EQ(v, src[i]);
      if (!v.empty()) {
        EXPECT_TRUE(v.data() >= bytes->data() && v.data() < bytes->data() + bytes->size());
      }
    }
    EXPECT_EQ(info.min.GetString(), "");
    EXPECT_EQ(info.max.GetString(), "zz");
  }
}

// A BYTEDICT block of strings read with keep_encoded stays as codes into its dictionary (no values), with
// the same rows; one with exceptions (more than 256 distinct values) is decoded in full instead. The decoded
// block is reused for the next one, as a segment reader's cursor does.
TEST(BlockEncodingTest, ByteDictStringsCanStayInDictionaryForm) {
  auto strings = [](size_t n, size_t distinct, std::vector<std::string>* src) {
    src->clear();
    for (size_t i = 0; i < n; i++) src->push_back("v" + std::to_string((i * 7) % distinct));
    ColumnData c;
    c.type = LogicalType::Varchar(10);
    c.count = n;
    c.values.resize(n * sizeof(std::string_view));
    c.validity.assign(n, 1);
    c.validity[3] = 0;
    for (size_t i = 0; i < n; i++) {
      new (c.values.data() + i * sizeof(std::string_view))
          std::string_view(c.validity[i] ? std::string_view((*src)[i]) : std::string_view());
    }
    return c;
  };
  DecodedBlock d;
  for (size_t distinct : {5, 300}) {
    std::vector<std::string> src;
    ColumnData c = strings(1000, distinct, &src);
    BlockInfo info;
    auto bytes = std::make_shared<std::string>(EncodeBlock(Encoding::kByteDict, c.type, Span(c), &info));
    ASSERT_EQ(info.encoding, Encoding::kByteDict);
    ASSERT_TRUE(DecodeBlock(bytes, c.type, info, &d, /*keep_encoded=*/true).ok());
    EXPECT_EQ(d.codes != nullptr, distinct <= 256);
    ASSERT_TRUE(d.has_nulls);
    EXPECT_EQ(d.validity[3], 0);
    for (size_t i = 0; i < src.size(); i++) {
      if (i == 3) continue;
      std::string_view v = d.codes ? d.dict[d.codes[i]] : d.data<std::string_view>()[i];
      EXPECT_EQ(v, src[i]) << i << " of " << distinct;
    }
  }
}

// A BYTEDICT block of fixed-width values read with keep_encoded stays as codes too, `values` holding the
// dictionary's 256-entry table; with exceptions it is decoded in full. Reusing the decoded block between the
// two forms keeps each right.
template <typename T>
void CheckByteDictValues(LogicalType type) {
  DecodedBlock d;
  for (size_t distinct : {7, 300, 3}) {
    auto c = MakeColumn<T>(
        type, 1000, [&](size_t i) { return static_cast<T>((i * 13) % distinct) - static_cast<T>(2); }, true);
    BlockInfo info;
    auto bytes = std::make_shared<std::string>(EncodeBlock(Encoding::kByteDict, c.type, Span(c), &info));
    if (distinct > 256 && info.encoding == Encoding::kRaw) continue;  // exceptions made it larger than RAW
    ASSERT_EQ(info.encoding, Encoding::kByteDict);
    DecodedBlock full;
    ASSERT_TRUE(DecodeBlock(bytes, c.type, info, &full).ok());
    ASSERT_TRUE(DecodeBlock(bytes, c.type, info, &d, /*keep_encoded=*/true).ok());
    EXPECT_EQ(d.codes != nullptr, distinct <= 256);
    EXPECT_TRUE(d.dict.empty());
    for (size_t i = 0; i < c.count; i++) {
      if (full.has_nulls && !full.validity[i]) continue;
      T v = d.codes ? d.data<T>()[d.codes[i]] : d.data<T>()[i];
      ASSERT_EQ(v, full.data<T>()[i]) << i << " of " << distinct;
    }
  }
}

TEST(BlockEncodingTest, ByteDictValuesCanStayInDictionaryForm) {
  CheckByteDictValues<int16_t>(LogicalType::SmallInt());
  CheckByteDictValues<int32_t>(LogicalType::Integer());
  CheckByteDictValues<int64_t>(LogicalType::Decimal(15, 2));
  CheckByteDictValues<int128_t>(LogicalType::Decimal(38, 2));
}

// An AZ64 block read with keep_encoded stays encoded: single rows decoded from it (any rows, across frames)
// and the whole block materialized later both equal a full decode.
template <typename T>
void CheckAz64Rows(LogicalType type) {
  auto c = MakeColumn<T>(
      type, 3000, [](size_t i) { return static_cast<T>((i * 7919) % 5003) - static_cast<T>(2500); }, true);
  BlockInfo info;
  auto bytes = std::make_shared<std::string>(EncodeBlock(Encoding::kAz64, c.type, Span(c), &info));
  ASSERT_EQ(info.encoding, Encoding::kAz64);
  DecodedBlock full, lazy;
  ASSERT_TRUE(DecodeBlock(bytes, c.type, info, &full).ok());
  ASSERT_TRUE(DecodeBlock(bytes, c.type, info, &lazy, /*keep_encoded=*/true).ok());
  ASSERT_TRUE(lazy.az64);
  // Offsets 5.. of a read starting at block row 1000 (crossing the frame boundary at 1024).
  std::vector<uint32_t> rows = {5, 6, 23, 24, 25, 1000, 1999};
  std::vector<T> out(2000, 0);
  DecodeAz64Rows(c.type.physical(), lazy.az64_payload, lazy.az64_frames, 1005, 5, rows.data(), rows.size(),
                 reinterpret_cast<uint8_t*>(out.data()));
  for (uint32_t r : rows) EXPECT_EQ(out[r], full.data<T>()[1000 + r]) << r;
  // Every row alone, the last ones included (their 8-byte load would pass the payload's end: the slow path).
  std::vector<T> all(c.count, 0);
  std::vector<uint32_t> each(c.count);
  for (uint32_t r = 0; r < c.count; r++) each[r] = r;
  DecodeAz64Rows(c.type.physical(), lazy.az64_payload, lazy.az64_frames, 0, 0, each.data(), each.size(),
                 reinterpret_cast<uint8_t*>(all.data()));
  for (size_t i = 0; i < c.count; i++) ASSERT_EQ(all[i], full.data<T>()[i]) << i;
  ASSERT_TRUE(MaterializeBlock(c.type.physical(), &lazy).ok());
  EXPECT_FALSE(lazy.az64);
  for (size_t i = 0; i < c.count; i++) EXPECT_EQ(lazy.data<T>()[i], full.data<T>()[i]) << i;
}

TEST(BlockEncodingTest, Az64RowsDecodeOneByOne) {
  CheckAz64Rows<int16_t>(LogicalType::SmallInt());
  CheckAz64Rows<int32_t>(LogicalType::Integer());
  CheckAz64Rows<int64_t>(LogicalType::BigInt());
  CheckAz64Rows<int128_t>(LogicalType::Decimal(38, 2));
}

TEST(BlockEncodingTest, EveryFlippedByteIsDetected) {
  auto c = MakeColumn<int32_t>(
      LogicalType::Integer(), 300, [](size_t i) { return int32_t(i * 3); }, true);
  for (Encoding e : {Encoding::kRaw, Encoding::kAz64, Encoding::kRunLength, Encoding::kByteDict, Encoding::kDelta,
                     Encoding::kMostly8, Encoding::kZstd}) {
    BlockInfo info;
    std::string good = EncodeBlock(e, c.type, Span(c), &info);
    for (size_t pos = 0; pos < good.size(); pos++) {
      auto bad = std::make_shared<std::string>(good);
      (*bad)[pos] = static_cast<char>((*bad)[pos] ^ 1);
      DecodedBlock d;
      EXPECT_EQ(DecodeBlock(bad, c.type, info, &d).code(), ErrorCode::kDataCorrupted) << pos;
    }
  }
}

TEST(BlockEncodingTest, HeaderMustMatchTheManifest) {
  auto c = MakeColumn<int32_t>(LogicalType::Integer(), 10, [](size_t i) { return int32_t(i); });
  BlockInfo info;
  auto bytes = std::make_shared<std::string>(EncodeBlock(Encoding::kRaw, c.type, Span(c), &info));
  info.row_count = 11;
  DecodedBlock d;
  Status st = DecodeBlock(bytes, c.type, info, &d);
  EXPECT_EQ(st.code(), ErrorCode::kDataCorrupted);
  EXPECT_NE(st.message().find("manifest"), std::string::npos);
}

}  // namespace
}  // namespace blueshift::storage
