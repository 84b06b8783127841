#include "storage/sorted_columns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <optional>
#include <random>
#include <vector>

namespace blueshift::storage {
namespace {

// A one-column table sorted by that column, and its rows as one batch (nullopt = NULL).
template <typename T>
std::vector<uint32_t> Order(const LogicalType& type, const std::vector<std::optional<T>>& values) {
  TableDef table;
  table.name = "t";
  ColumnDef k;
  k.name = "k";
  k.type = type;
  table.columns.push_back(k);
  table.sort_keys = {0};
  std::vector<Batch> rows;
  rows.emplace_back(std::vector<LogicalType>{type}, values.size());
  Vector& v = rows[0].column(0);
  for (size_t i = 0; i < values.size(); i++) {
    v.SetNull(i, !values[i].has_value());
    if (values[i]) v.data<T>()[i] = *values[i];
  }
  rows[0].set_count(values.size());
  auto order = SortOrder(table, rows);
  EXPECT_TRUE(order.ok()) << order.status().ToString();
  return order.ok() ? *order : std::vector<uint32_t>{};
}

// The order by definition: by value, equal values in row order, NULLs last in row order.
template <typename T>
std::vector<uint32_t> Reference(const std::vector<std::optional<T>>& values) {
  std::vector<uint32_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (!values[a] || !values[b]) return values[a].has_value() && !values[b].has_value();
    return *values[a] < *values[b];
  });
  return order;
}

TEST(SortOrderTest, FewDistinctDatesAreStableWithNullsLast) {
  std::mt19937 rng(7);
  std::vector<std::optional<int32_t>> v;
  for (int i = 0; i < 5000; i++) {
    if (i % 13 == 0) {
      v.push_back(std::nullopt);
    } else {
      v.push_back(static_cast<int32_t>(rng() % 300) - 150);  // negative days too
    }
  }
  EXPECT_EQ(Order(LogicalType::Date(), v), Reference(v));
}

TEST(SortOrderTest, WideIntegersAreStableWithNullsLast) {
  std::mt19937_64 rng(11);
  std::vector<std::optional<int64_t>> v = {INT64_MAX, std::nullopt, INT64_MIN, 0, INT64_MAX, -1, INT64_MIN};
  for (int i = 0; i < 3000; i++) v.push_back(static_cast<int64_t>(rng() % 50) * 1000000007LL);
  EXPECT_EQ(Order(LogicalType::BigInt(), v), Reference(v));
  std::vector<std::optional<int16_t>> s = {std::nullopt, 5, -32768, 32767, 5, std::nullopt, 0};
  EXPECT_EQ(Order(LogicalType::SmallInt(), s), Reference(s));
  std::vector<std::optional<int32_t>> none = {std::nullopt, std::nullopt};
  EXPECT_EQ(Order(LogicalType::Integer(), none), Reference(none));
}

}  // namespace
}  // namespace blueshift::storage
