#include "storage/hyperloglog.h"

#include <gtest/gtest.h>

#include <cstring>

#include "storage/column_stats.h"
#include "util/hash.h"

namespace blueshift::storage {
namespace {

HyperLogLog Sketch(int64_t from, int64_t to) {
  HyperLogLog h;
  for (int64_t v = from; v < to; v++) h.Add(HashInt(v));
  return h;
}

TEST(HyperLogLogTest, EstimatesWithinAFewPercent) {
  for (int64_t n : {10, 1000, 50000, 1000000}) {
    double e = Sketch(0, n).Estimate();
    EXPECT_NEAR(e, static_cast<double>(n), 0.06 * static_cast<double>(n) + 1) << n;
  }
  EXPECT_EQ(HyperLogLog().Estimate(), 0.0);
  EXPECT_TRUE(HyperLogLog().empty());
}

TEST(HyperLogLogTest, DuplicatesDoNotCount) {
  HyperLogLog h;
  for (int round = 0; round < 50; round++) {
    for (int64_t v = 0; v < 1000; v++) h.Add(HashInt(v));
  }
  EXPECT_NEAR(h.Estimate(), 1000, 40);
}

TEST(HyperLogLogTest, MergeOfOverlappingSketchesEqualsTheSketchOfTheUnion) {
  HyperLogLog a = Sketch(0, 60000);
  a.Merge(Sketch(40000, 100000));
  HyperLogLog whole = Sketch(0, 100000);
  EXPECT_DOUBLE_EQ(a.Estimate(), whole.Estimate());
}

TEST(HyperLogLogTest, SerializesSparseAndDense) {
  for (int64_t n : {0, 5, 100000}) {
    HyperLogLog h = Sketch(0, n);
    ByteWriter w;
    h.Serialize(&w);
    if (n == 5) {
      EXPECT_LT(w.size(), 20u);  // sparse
    }
    ByteReader r(w.data());
    HyperLogLog back;
    ASSERT_TRUE(back.Deserialize(&r));
    EXPECT_EQ(back.Estimate(), h.Estimate());
  }
  std::string bad = "\x07";
  ByteReader r(bad);
  HyperLogLog h;
  EXPECT_FALSE(h.Deserialize(&r));
}

ColumnData IntColumn(const std::vector<int32_t>& values, const std::vector<uint8_t>& valid) {
  ColumnData c;
  c.type = LogicalType::Integer();
  c.count = values.size();
  c.values.resize(values.size() * 4);
  std::memcpy(c.values.data(), values.data(), c.values.size());
  c.validity = valid;
  return c;
}

TEST(ColumnSketchTest, FrequentValuesAndDistinctSkipNulls) {
  std::vector<int32_t> v;
  std::vector<uint8_t> valid;
  for (int i = 0; i < 1000; i++) {
    v.push_back(i % 7 == 0 ? 42 : i);
    valid.push_back(i % 10 == 3 ? 0 : 1);
  }
  ColumnSketch s = ColumnSketch::Build(IntColumn(v, valid));
  ASSERT_FALSE(s.frequent.empty());
  EXPECT_EQ(s.frequent[0].value.GetInt(), 42);
  EXPECT_GT(s.frequent[0].count, 100u);
  EXPECT_EQ(s.frequent.size(), 1u);  // every other value occurs once
  EXPECT_NEAR(s.distinct.Estimate(), 1 + 1000 - 143 - 86, 30);
}

TEST(ColumnSketchTest, SectionRoundTripsAndDetectsDamage) {
  SegmentSketch seg;
  seg.columns.push_back(ColumnSketch::Build(IntColumn({1, 1, 2, 3}, {1, 1, 1, 1})));
  std::vector<LogicalType> types = {LogicalType::Integer()};
  std::string bytes = seg.Serialize(types);
  auto back = SegmentSketch::Deserialize(bytes, types);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ((*back)->columns[0].frequent.size(), 1u);
  EXPECT_EQ((*back)->columns[0].frequent[0].count, 2u);
  bytes[6] ^= 0x10;
  auto damaged = SegmentSketch::Deserialize(bytes, types);
  EXPECT_EQ(damaged.status().code(), ErrorCode::kDataCorrupted);
}

}  // namespace
}  // namespace blueshift::storage
