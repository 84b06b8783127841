#include "system/storage_view_util.h"

#include <cmath>
#include <limits>

namespace blueshift::system_internal {

Value Numeric(double v, int precision, int scale) {
  double scaled = v * std::pow(10.0, scale);
  return Value::Decimal(static_cast<int128_t>(std::llround(scaled)), precision, scale);
}

int32_t DistStyleCode(const TableDef& def) {
  switch (def.dist_style) {
    case DistStyle::kEven:
      return 0;
    case DistStyle::kKey:
      return 1;
    case DistStyle::kAll:
      return 8;
    case DistStyle::kAuto:  // PG_CLASS_INFO's releffectivediststyle: 10 AUTO(ALL), 11 AUTO(EVEN), 12 AUTO(KEY)
      return def.auto_dist == DistStyle::kAll ? 10 : def.auto_dist == DistStyle::kKey ? 12 : 11;
  }
  return 0;
}

std::string DistStyleText(const TableDef& def) {
  switch (def.dist_style) {
    case DistStyle::kEven:
      return "EVEN";
    case DistStyle::kKey:
      return "KEY(" + def.columns[def.dist_key].name + ")";
    case DistStyle::kAll:
      return "ALL";
    case DistStyle::kAuto:
      switch (def.auto_dist) {
        case DistStyle::kKey:
          return "AUTO(KEY(" + def.columns[def.dist_key].name + "))";
        case DistStyle::kAll:
          return "AUTO(ALL)";
        default:
          return "AUTO(EVEN)";
      }
  }
  return "";
}

Value BoundAsBigInt(const Value& v) {
  if (v.is_null()) return Value::BigInt(0);
  switch (v.type().physical()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt16:
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
      return Value::BigInt(v.GetInt());
    case PhysicalType::kInt128: {
      int128_t x = v.GetInt128();
      constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
      constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
      return Value::BigInt(x > kMax ? kMax : x < kMin ? kMin : static_cast<int64_t>(x));
    }
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      double d = v.GetDouble();
      if (std::isnan(d)) return Value::BigInt(0);
      d = std::fmax(std::fmin(d, 9.2e18), -9.2e18);
      return Value::BigInt(static_cast<int64_t>(d));
    }
    case PhysicalType::kString: {
      uint64_t x = 0;
      const std::string& s = v.GetString();
      for (size_t i = 0; i < 8; i++) x = (x << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0);
      return Value::BigInt(static_cast<int64_t>(x));
    }
    default:
      return Value::BigInt(0);
  }
}

}  // namespace blueshift::system_internal
