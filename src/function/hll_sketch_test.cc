#include "function/hll_sketch.h"

#include <gtest/gtest.h>

#include "util/hash.h"

namespace blueshift {
namespace {

HllSketch Of(int64_t from, int64_t to) {
  HllSketch s;
  for (int64_t v = from; v < to; v++) s.Add(HashInt(v));
  return s;
}

TEST(HllSketchTest, SparseCountsSmallSetsExactly) {
  HllSketch s = Of(0, 1000);
  EXPECT_FALSE(s.dense());
  EXPECT_EQ(s.Cardinality(), 1000);
  EXPECT_EQ(HllSketch().Cardinality(), 0);
}

TEST(HllSketchTest, TextRoundTripsInBothForms) {
  for (int64_t n : {0, 3, 5000, 200000}) {
    HllSketch s = Of(0, n);
    auto back = HllSketch::Parse(s.ToText());
    ASSERT_TRUE(back.ok()) << n;
    EXPECT_EQ(back->ToText(), s.ToText()) << n;
    EXPECT_EQ(back->Cardinality(), s.Cardinality()) << n;
  }
  EXPECT_EQ(HllSketch::Parse(Of(0, 200000).ToText())->dense(), true);
}

TEST(HllSketchTest, DenseEstimateWithinTwoPercent) {
  for (int64_t n : {20000, 1000000}) {
    const double e = static_cast<double>(Of(0, n).Cardinality());
    EXPECT_NEAR(e / static_cast<double>(n), 1.0, 0.02) << n;
  }
}

// Merging in any order and form gives the sketch of the union: sparse + sparse, sparse that overflows,
// dense + sparse, and the sparse pairs folded into registers exactly as adding the values densely would.
TEST(HllSketchTest, MergeIsTheSketchOfTheUnion) {
  HllSketch whole = Of(0, 60000);
  HllSketch a = Of(0, 3000), b = Of(3000, 60000);
  HllSketch ab = a;
  ab.Merge(b);
  HllSketch ba = b;
  ba.Merge(a);
  EXPECT_EQ(ab.ToText(), whole.ToText());
  EXPECT_EQ(ba.ToText(), whole.ToText());
  HllSketch c = Of(0, 4000), d = Of(4000, 9000);  // both sparse, the union past the limit
  c.Merge(d);
  EXPECT_EQ(c.ToText(), Of(0, 9000).ToText());
}

TEST(HllSketchTest, RejectsMalformedText) {
  EXPECT_FALSE(HllSketch::Parse("").ok());
  EXPECT_FALSE(HllSketch::Parse("{\"logm\":14,\"sparse\":{\"indices\":[],\"values\":[]}}").ok());
  EXPECT_FALSE(HllSketch::Parse("{\"logm\":15,\"sparse\":{\"indices\":[1,2],\"values\":[1]}}").ok());
  EXPECT_FALSE(HllSketch::Parse("{\"logm\":15,\"sparse\":{\"indices\":[67108864],\"values\":[1]}}").ok());
  EXPECT_FALSE(HllSketch::Parse("AAAA").ok());
}

}  // namespace
}  // namespace blueshift
