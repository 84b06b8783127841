#pragma once

// Helpers shared by the storage unit tests (header-only; not part of the library's API).

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "types/batch.h"

namespace blueshift::storage::testing {

// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/bs_storage_test_XXXXXX";
    path_ = ::mkdtemp(tmpl) ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline ColumnDef Col(std::string name, LogicalType type) {
  ColumnDef c;
  c.name = std::move(name);
  c.type = type;
  return c;
}

// One column of every type (and both decimal widths), all with the given explicit encoding, no sort key.
inline TableDef AllTypesTable(Oid oid, Encoding encoding) {
  TableDef t;
  t.oid = oid;
  t.schema = "public";
  t.name = "all_types";
  std::vector<std::pair<std::string, LogicalType>> cols = {
      {"b", LogicalType::Boolean()},    {"s", LogicalType::SmallInt()},       {"i", LogicalType::Integer()},
      {"l", LogicalType::BigInt()},     {"d18", LogicalType::Decimal(12, 2)}, {"d38", LogicalType::Decimal(38, 6)},
      {"r", LogicalType::Real()},       {"f", LogicalType::Double()},         {"c", LogicalType::Char(4)},
      {"v", LogicalType::Varchar(100)}, {"dt", LogicalType::Date()},          {"ts", LogicalType::Timestamp()},
  };
  for (auto& [name, type] : cols) {
    ColumnDef c;
    c.name = name;
    c.type = type;
    c.encoding = encoding;
    t.columns.push_back(c);
  }
  t.sort_style = SortStyle::kNone;
  t.encode_auto = false;  // the columns name their encoding
  return t;
}

// Deterministic value of row i of column c (NULL when (i + c) % 11 == 0, empty strings every 5th row).
inline Value TestValue(const LogicalType& type, size_t c, size_t i) {
  if ((i + c) % 11 == 0) return Value::NullOf(type);
  int64_t k = static_cast<int64_t>(i);
  switch (type.id()) {
    case TypeId::kBoolean:
      return Value::Boolean(i % 3 == 0);
    case TypeId::kSmallInt:
      return Value::SmallInt(static_cast<int16_t>((k * 7) % 1000 - 500));
    case TypeId::kInteger:
      return Value::Integer(static_cast<int32_t>(k * 13 - 100000));
    case TypeId::kBigInt:
      return Value::BigInt(k * 1000000007LL - (int64_t{1} << 40));
    case TypeId::kDecimal: {
      int128_t big = static_cast<int128_t>(k) * static_cast<int128_t>(1000000000000000000LL) * 1000 + k;
      return Value::Decimal(type.precision() > 18 ? -big : k * 101, type.precision(), type.scale());
    }
    case TypeId::kReal:
      return Value::Real(static_cast<float>(k) * 0.5f);
    case TypeId::kDouble:
      return Value::Double(static_cast<double>(k) * -0.25);
    case TypeId::kChar:
      return Value::Char(std::string(1, static_cast<char>('a' + i % 26)) + "  ", type.length());
    case TypeId::kVarchar:
      return Value::Varchar(i % 5 == 0 ? "" : std::string(i % 17, static_cast<char>('A' + i % 23)));
    case TypeId::kDate:
      return Value::Date(static_cast<int32_t>(18000 + k / 3));
    case TypeId::kTimestamp:
      return Value::Timestamp(k * 1000000);
    case TypeId::kTimestampTz:
      return Value::FromInt(type, k * 1000000 + 7);
    case TypeId::kTime:
      return Value::FromInt(type, ((k % 86400) + 86400) % 86400 * 1000000);
    default:
      return Value::NullOf(type);
  }
}

// rows rows of TestValue, in batches of up to kBatchSize.
inline std::vector<Batch> TestRows(const TableDef& table, size_t rows, size_t first = 0) {
  std::vector<Batch> out;
  for (size_t done = 0; done < rows;) {
    size_t n = std::min(kBatchSize, rows - done);
    Batch b(table.ColumnTypes());
    for (size_t c = 0; c < table.columns.size(); c++) {
      for (size_t i = 0; i < n; i++) b.column(c).SetValue(i, TestValue(table.columns[c].type, c, first + done + i));
    }
    b.set_count(n);
    out.push_back(std::move(b));
    done += n;
  }
  return out;
}

inline std::vector<int> AllColumns(const TableDef& t) {
  std::vector<int> v;
  for (size_t i = 0; i < t.columns.size(); i++) v.push_back(static_cast<int>(i));
  return v;
}

}  // namespace blueshift::storage::testing
