#include "exec/runtime_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace blueshift {
namespace {

Vector Ints(const std::vector<int64_t>& values, LogicalType type = LogicalType::BigInt()) {
  Vector v(type, values.size());
  for (size_t i = 0; i < values.size(); i++) v.SetValue(i, Value::FromInt(type, values[i]));
  return v;
}

std::vector<uint32_t> Kept(const KeySet& set, const Vector& v, size_t n) {
  std::vector<uint32_t> rows(n);
  for (size_t i = 0; i < n; i++) rows[i] = static_cast<uint32_t>(i);
  rows.resize(set.Keep(v, rows.data(), n));
  return rows;
}

TEST(KeySetTest, DenseKeysAreExact) {
  KeySet set;
  Vector build = Ints({5, 7, 7, 1000, 3}, LogicalType::Integer());
  set.Add(build, 5);
  set.Seal();
  EXPECT_EQ(set.min(), 3);
  EXPECT_EQ(set.max(), 1000);
  std::vector<int64_t> probe;
  for (int64_t x = -10; x < 1100; x++) probe.push_back(x);
  Vector v = Ints(probe, LogicalType::Integer());
  auto rows = Kept(set, v, probe.size());
  std::vector<int64_t> got;
  for (uint32_t r : rows) got.push_back(probe[r]);
  EXPECT_EQ(got, (std::vector<int64_t>{3, 5, 7, 1000}));
}

TEST(KeySetTest, SparseKeysHaveNoFalseNegativesAndFewFalsePositives) {
  std::mt19937_64 rng(42);
  std::set<int64_t> keys;
  while (keys.size() < 5000) keys.insert(static_cast<int64_t>(rng()));
  keys.insert(INT64_MIN);
  keys.insert(INT64_MAX);
  std::vector<int64_t> values(keys.begin(), keys.end());
  KeySet set;
  set.Add(Ints(values), values.size());
  set.Seal();
  auto all = Kept(set, Ints(values), values.size());
  EXPECT_EQ(all.size(), values.size());  // every key passes
  std::vector<int64_t> others;
  while (others.size() < 100000) {
    int64_t x = static_cast<int64_t>(rng());
    if (!keys.count(x)) others.push_back(x);
  }
  auto passed = Kept(set, Ints(others), others.size());
  EXPECT_LT(passed.size(), others.size() / 100);  // well under 1% false positives
}

TEST(KeySetTest, NullsNeverPassAndAreNotKeys) {
  Vector build(LogicalType::SmallInt(), 3);
  build.SetValue(0, Value::SmallInt(1));
  build.SetValue(1, Value::NullOf(LogicalType::SmallInt()));
  build.SetValue(2, Value::SmallInt(-4));
  KeySet set;
  set.Add(build, 3);
  set.Seal();
  EXPECT_EQ(set.min(), -4);
  Vector probe(LogicalType::SmallInt(), 3);
  probe.SetValue(0, Value::NullOf(LogicalType::SmallInt()));
  probe.SetValue(1, Value::SmallInt(-4));
  probe.SetValue(2, Value::SmallInt(0));
  EXPECT_EQ(Kept(set, probe, 3), (std::vector<uint32_t>{1}));
}

TEST(KeySetTest, NoValuesIsEmpty) {
  KeySet set;
  Vector build(LogicalType::BigInt(), 1);
  build.SetValue(0, Value::NullOf(LogicalType::BigInt()));
  set.Add(build, 1);
  set.Seal();
  EXPECT_TRUE(set.empty());
}

}  // namespace
}  // namespace blueshift
