#include "exec/window_segment_tree.h"

#include <random>

#include <gtest/gtest.h>

namespace blueshift {
namespace {

// Every frame [l, r) of several partitions, summed by the tree and by a loop, including NULL values and
// partitions of 1, 2 and odd sizes; MIN over strings checks states that own memory.
TEST(WindowSegmentTreeTest, SumMatchesLoopForEveryFrame) {
  std::mt19937 rng(42);
  const size_t n = 77;
  Vector values(LogicalType::BigInt(), n);
  for (size_t i = 0; i < n; i++) {
    if (rng() % 5 == 0) {
      values.SetNull(i, true);
    } else {
      values.SetNull(i, false);
      values.data<int64_t>()[i] = static_cast<int64_t>(rng() % 1000) - 500;
    }
  }
  auto fn = ResolveAggregateFunction("sum", {LogicalType::BigInt()}, false);
  ASSERT_TRUE(fn.ok());
  const Vector* args[1] = {&values};
  Status st;
  WindowSegmentTree tree(*fn, std::span<const Vector* const>(args, 1), n, &st);
  ASSERT_TRUE(st.ok()) << st.message();
  std::vector<size_t> starts = {0, 1, 3, 20, 51, 77};
  Vector out(fn->return_type, 1);
  for (size_t p = 0; p + 1 < starts.size(); p++) {
    ASSERT_TRUE(tree.BuildPartition(starts[p], starts[p + 1]).ok());
    for (size_t l = starts[p]; l <= starts[p + 1]; l++) {
      for (size_t r = l; r <= starts[p + 1]; r++) {
        int64_t sum = 0;
        bool any = false;
        for (size_t i = l; i < r; i++) {
          if (values.IsNull(i)) continue;
          sum += values.data<int64_t>()[i];
          any = true;
        }
        ASSERT_TRUE(tree.Evaluate(l, r, &out, 0).ok());
        ASSERT_EQ(out.IsNull(0), !any) << l << ".." << r;
        if (any) {
          ASSERT_EQ(out.data<int64_t>()[0], sum) << l << ".." << r;
        }
      }
    }
  }
}

TEST(WindowSegmentTreeTest, MinOfStrings) {
  std::vector<std::string> words = {"pear", "apple", "fig", "kiwi", "banana", "cherry", "date"};
  Vector values(LogicalType::Varchar(), words.size());
  for (size_t i = 0; i < words.size(); i++) values.SetString(i, words[i]);
  values.SetAllValid(words.size());
  auto fn = ResolveAggregateFunction("min", {LogicalType::Varchar()}, false);
  ASSERT_TRUE(fn.ok());
  const Vector* args[1] = {&values};
  Status st;
  WindowSegmentTree tree(*fn, std::span<const Vector* const>(args, 1), words.size(), &st);
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(tree.BuildPartition(0, words.size()).ok());
  Vector out(LogicalType::Varchar(), 1);
  for (size_t l = 0; l < words.size(); l++) {
    for (size_t r = l + 1; r <= words.size(); r++) {
      std::string expect = *std::min_element(words.begin() + l, words.begin() + r);
      ASSERT_TRUE(tree.Evaluate(l, r, &out, 0).ok());
      EXPECT_EQ(out.data<std::string_view>()[0], expect);
    }
  }
}

}  // namespace
}  // namespace blueshift
