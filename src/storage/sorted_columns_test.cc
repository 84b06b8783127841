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

// Rows that are mostly sorted runs (a fold's: its input files, then the write store's rows in arrival order)
// get the order a sort from scratch gives: equal keys across runs and within them in row order, NULLs last.
TEST(SortOrderTest, SortedRunsMergeAsASortWould) {
  std::mt19937_64 rng(13);
  for (int round = 0; round < 20; round++) {
    std::vector<std::optional<int64_t>> v;
    const int runs = 1 + static_cast<int>(rng() % 9);
    for (int r = 0; r < runs; r++) {
      // A run of 1 to 700 rows in order (duplicates and a NULL tail among them), or a few rows in none.
      std::vector<std::optional<int64_t>> run;
      const size_t n = 1 + rng() % 700;
      for (size_t i = 0; i < n; i++) run.push_back(static_cast<int64_t>(rng() % (round % 2 ? 100 : 1000000)) * 4096);
      if (rng() % 3 != 0) std::sort(run.begin(), run.end());
      if (rng() % 4 == 0) run.push_back(std::nullopt);
      v.insert(v.end(), run.begin(), run.end());
    }
    EXPECT_EQ(Order(LogicalType::BigInt(), v), Reference(v)) << round;
  }
}

// A compound key of two columns (a string and an integer) sorts stably over runs too.
TEST(SortOrderTest, SortedRunsOfACompoundKeyMergeStably) {
  std::mt19937 rng(5);
  TableDef table;
  table.name = "t";
  for (const char* name : {"s", "i", "row"}) {
    ColumnDef c;
    c.name = name;
    c.type = std::string(name) == "s" ? LogicalType::Varchar(8) : LogicalType::Integer();
    table.columns.push_back(c);
  }
  table.sort_keys = {0, 1};
  std::vector<std::pair<std::string, int32_t>> keys;
  for (int r = 0; r < 6; r++) {
    std::vector<std::pair<std::string, int32_t>> run;
    for (int i = 0; i < 200; i++) run.emplace_back(std::string(1, static_cast<char>('a' + rng() % 5)), rng() % 7);
    if (r != 3) std::sort(run.begin(), run.end());
    keys.insert(keys.end(), run.begin(), run.end());
  }
  std::vector<Batch> rows;
  rows.emplace_back(table.ColumnTypes(), keys.size());
  for (size_t i = 0; i < keys.size(); i++) {
    rows[0].column(0).SetValue(i, Value::Varchar(keys[i].first));
    rows[0].column(1).SetValue(i, Value::Integer(keys[i].second));
    rows[0].column(2).SetValue(i, Value::Integer(static_cast<int32_t>(i)));
  }
  rows[0].set_count(keys.size());
  std::vector<uint32_t> want(keys.size());
  std::iota(want.begin(), want.end(), 0);
  std::stable_sort(want.begin(), want.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  auto order = SortOrder(table, rows);
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(*order, want);
  auto columns = GatherSortedColumns(table, rows);
  ASSERT_TRUE(columns.ok());
  for (size_t i = 0; i < want.size(); i++) EXPECT_EQ((*columns)[2].data<int32_t>()[i], static_cast<int32_t>(want[i]));
}

}  // namespace
}  // namespace blueshift::storage
