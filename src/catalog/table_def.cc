#include "catalog/table_def.h"

namespace blueshift {

const char* DistStyleName(DistStyle s) {
  switch (s) {
    case DistStyle::kAuto:
      return "AUTO";
    case DistStyle::kEven:
      return "EVEN";
    case DistStyle::kKey:
      return "KEY";
    case DistStyle::kAll:
      return "ALL";
  }
  return "AUTO";
}

int TableDef::FindColumn(const std::string& column_name) const {
  for (size_t i = 0; i < columns.size(); i++) {
    if (columns[i].name == column_name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<LogicalType> TableDef::ColumnTypes() const {
  std::vector<LogicalType> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(c.type);
  return out;
}

int TableDef::SortKeyPosition(int column) const {
  for (size_t i = 0; i < sort_keys.size(); i++) {
    if (sort_keys[i] == column) return static_cast<int>(i) + 1;
  }
  return 0;
}

}  // namespace blueshift
