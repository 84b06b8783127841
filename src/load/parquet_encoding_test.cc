#include "load/parquet_encoding.h"

#include <gtest/gtest.h>

#include <cstring>

#include "load/parquet_column_reader.h"
#include "load/thrift_compact.h"

namespace blueshift::load::parquet {
namespace {

const uint8_t* U8(const std::string& s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

TEST(ThriftCompact, RoundTripsFieldsAndSkipsUnknownOnes) {
  std::string buf;
  ThriftWriter w(&buf);
  w.BeginStruct();
  w.FieldI32(1, -5);
  w.FieldI64(3, 1LL << 40);
  w.FieldBinary(20, "hello");  // delta > 15: long-form header
  w.FieldStruct(21);
  w.FieldBool(1, true);
  w.EndStruct();
  w.FieldList(22, ThriftType::kI32, 20);
  for (int i = 0; i < 20; i++) w.ZigZag(i);
  w.FieldI32(23, 7);
  w.EndStruct();

  ThriftReader r(U8(buf), buf.size());
  r.BeginStruct();
  int16_t id;
  ThriftType t;
  ASSERT_TRUE(r.NextField(&id, &t));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(r.ReadI32(), -5);
  ASSERT_TRUE(r.NextField(&id, &t));
  EXPECT_EQ(id, 3);
  EXPECT_EQ(r.ReadI64(), 1LL << 40);
  ASSERT_TRUE(r.NextField(&id, &t));
  EXPECT_EQ(id, 20);
  EXPECT_EQ(r.ReadBinary(), "hello");
  ASSERT_TRUE(r.NextField(&id, &t));
  EXPECT_EQ(t, ThriftType::kStruct);
  r.Skip(t);
  ASSERT_TRUE(r.NextField(&id, &t));
  EXPECT_EQ(t, ThriftType::kList);
  r.Skip(t);  // a list longer than 14 elements (count in a varint)
  ASSERT_TRUE(r.NextField(&id, &t));
  EXPECT_EQ(id, 23);
  EXPECT_EQ(r.ReadI32(), 7);
  EXPECT_FALSE(r.NextField(&id, &t));
  EXPECT_FALSE(r.failed());
}

TEST(ThriftCompact, TruncatedInputFailsWithoutReadingPastTheEnd) {
  std::string buf;
  ThriftWriter w(&buf);
  w.BeginStruct();
  w.FieldBinary(1, "a long enough string");
  w.EndStruct();
  for (size_t cut = 0; cut < buf.size(); cut++) {
    ThriftReader r(U8(buf), cut);
    r.BeginStruct();
    int16_t id;
    ThriftType t;
    while (r.NextField(&id, &t)) r.Skip(t);
    EXPECT_TRUE(r.failed()) << cut;
  }
}

TEST(ParquetMetadata, CorruptFooterIsAnError) {
  std::string junk = "\x19\xff\xff\xff\xff\x0f garbage";
  EXPECT_FALSE(ParseFileMetaData(U8(junk), junk.size()).ok());
  FileMetaData m;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  SchemaElement col;
  col.type = static_cast<int32_t>(PhysType::kInt64);
  col.name = "x";
  col.repetition = Repetition::kOptional;
  col.kind = ValueKind::kTimestamp;
  col.unit = TimeUnit::kNanos;
  m.schema = {root, col};
  m.num_rows = 3;
  std::string buf;
  WriteFileMetaData(m, &buf);
  auto parsed = ParseFileMetaData(U8(buf), buf.size());
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->schema.size(), 2u);
  EXPECT_EQ(parsed->schema[1].name, "x");
  EXPECT_EQ(parsed->schema[1].kind, ValueKind::kTimestamp);
  EXPECT_EQ(parsed->schema[1].unit, TimeUnit::kNanos);
  EXPECT_EQ(parsed->num_rows, 3);
  EXPECT_FALSE(ParseFileMetaData(U8(buf), buf.size() - 3).ok());
}

TEST(ParquetEncoding, RleAndBitPackedRuns) {
  // An RLE run of five 3s, then a bit-packed group of 8 values 0..7 at bit width 3.
  std::string data = {static_cast<char>(5 << 1), 3, static_cast<char>((1 << 1) | 1)};
  uint64_t bits = 0;
  for (int i = 0; i < 8; i++) bits |= static_cast<uint64_t>(i) << (3 * i);
  for (int b = 0; b < 3; b++) data.push_back(static_cast<char>(bits >> (8 * b)));
  RleBitPackedDecoder dec(U8(data), data.size(), 3);
  uint32_t out[13];
  ASSERT_TRUE(dec.Decode(out, 13));
  for (int i = 0; i < 5; i++) EXPECT_EQ(out[i], 3u);
  for (int i = 0; i < 8; i++) EXPECT_EQ(out[5 + i], static_cast<uint32_t>(i));
  uint32_t more;
  EXPECT_FALSE(dec.Decode(&more, 1));
}

TEST(ParquetEncoding, RleEncoderRoundTrips) {
  std::vector<uint8_t> levels = {1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1};
  std::string enc;
  EncodeRleBitPacked(levels.data(), levels.size(), 1, &enc);
  RleBitPackedDecoder dec(U8(enc), enc.size(), 1);
  std::vector<uint32_t> out(levels.size());
  ASSERT_TRUE(dec.Decode(out.data(), out.size()));
  for (size_t i = 0; i < levels.size(); i++) EXPECT_EQ(out[i], levels[i]);
}

TEST(ParquetEncoding, DeltaBinaryPackedRoundTripsAndRejectsTruncation) {
  std::vector<int64_t> v;
  for (int i = 0; i < 300; i++) v.push_back(i % 7 == 0 ? -i * 1000003LL : i * i);
  v.push_back(INT64_MAX);
  v.push_back(INT64_MIN);
  std::string enc;
  EncodeDeltaBinaryPacked(v.data(), v.size(), &enc);
  std::vector<int64_t> out;
  const uint8_t* end = nullptr;
  ASSERT_TRUE(DecodeDeltaBinaryPacked(U8(enc), enc.size(), &out, &end));
  EXPECT_EQ(out, v);
  EXPECT_EQ(end, U8(enc) + enc.size());
  out.clear();
  EXPECT_FALSE(DecodeDeltaBinaryPacked(U8(enc), enc.size() - 5, &out, &end));
}

TEST(ParquetEncoding, DeltaLengthAndDeltaByteArray) {
  std::vector<std::string> words = {"apple", "applesauce", "apply", "", "banana"};
  std::vector<int64_t> lengths, prefixes, suffix_lengths;
  std::string concat, suffixes;
  std::string prev;
  for (const auto& w : words) {
    lengths.push_back(static_cast<int64_t>(w.size()));
    concat += w;
    size_t p = 0;
    while (p < prev.size() && p < w.size() && prev[p] == w[p]) p++;
    prefixes.push_back(static_cast<int64_t>(p));
    suffix_lengths.push_back(static_cast<int64_t>(w.size() - p));
    suffixes += w.substr(p);
    prev = w;
  }
  std::string dlba;
  EncodeDeltaBinaryPacked(lengths.data(), lengths.size(), &dlba);
  dlba += concat;
  std::vector<std::string_view> out;
  const uint8_t* end = nullptr;
  ASSERT_TRUE(DecodeDeltaLengthByteArray(U8(dlba), dlba.size(), &out, &end));
  ASSERT_EQ(out.size(), words.size());
  for (size_t i = 0; i < words.size(); i++) EXPECT_EQ(out[i], words[i]);

  std::string dba;
  EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), &dba);
  EncodeDeltaBinaryPacked(suffix_lengths.data(), suffix_lengths.size(), &dba);
  dba += suffixes;
  std::vector<std::string_view> rebuilt;
  std::string storage;
  ASSERT_TRUE(DecodeDeltaByteArray(U8(dba), dba.size(), &rebuilt, &storage));
  ASSERT_EQ(rebuilt.size(), words.size());
  for (size_t i = 0; i < words.size(); i++) EXPECT_EQ(rebuilt[i], words[i]);
  // A prefix longer than the previous value is corrupt.
  std::vector<int64_t> bad_prefixes = {0, 9};
  std::vector<int64_t> bad_lengths = {1, 1};
  std::string bad;
  EncodeDeltaBinaryPacked(bad_prefixes.data(), 2, &bad);
  EncodeDeltaBinaryPacked(bad_lengths.data(), 2, &bad);
  bad += "ab";
  EXPECT_FALSE(DecodeDeltaByteArray(U8(bad), bad.size(), &rebuilt, &storage));
}

TEST(ParquetEncoding, PlainValuesAndInt96) {
  LeafColumn bools{PhysType::kBoolean, 0, 0};
  std::string b = {static_cast<char>(0b101)};
  Values v;
  ASSERT_TRUE(DecodePlain(bools, U8(b), b.size(), 3, &v));
  EXPECT_EQ(v.ints, (std::vector<int64_t>{1, 0, 1}));
  LeafColumn strs{PhysType::kByteArray, 0, 0};
  std::string s = std::string("\x02\0\0\0hi\x00\0\0\0", 10);
  Values sv;
  ASSERT_TRUE(DecodePlain(strs, U8(s), s.size(), 2, &sv));
  EXPECT_EQ(sv.strings[0], "hi");
  EXPECT_EQ(sv.strings[1], "");
  EXPECT_FALSE(DecodePlain(strs, U8(s), s.size() - 1, 3, &sv));
  // 2000-01-01 12:00:00: Julian day 2451545, 12 hours of nanoseconds.
  uint8_t int96[12];
  int64_t nanos = 12LL * 3600 * 1000000000;
  uint32_t day = 2451545;
  std::memcpy(int96, &nanos, 8);
  std::memcpy(int96 + 8, &day, 4);
  EXPECT_EQ(Int96ToMicros(int96), 946728000000000LL);
}

}  // namespace
}  // namespace blueshift::load::parquet
