#pragma once

// Shared by the storage views (storage_views.cc, table_info_view.cc, vacuum_views.cc). Internal to src/system.

#include <string>

#include "catalog/table_def.h"
#include "storage/store.h"
#include "system/system_table.h"

namespace blueshift::system_internal {

inline constexpr int32_t kDbId = 100001;  // pg_database's oid of the one database
inline constexpr uint64_t kMb = uint64_t{1} << 20;

inline Value Name72(const std::string& s) {
  return Value::Char(s.substr(0, 72), 72);
}

// A NUMERIC(precision, scale) value of v, rounded half away from zero.
Value Numeric(double v, int precision, int scale);

// Calls fn(def, data) for every user table, with its data as the statement sees it; nothing when the
// statement has no store.
template <typename Fn>
void ForEachTable(const SystemContext& ctx, Fn fn) {
  if (!ctx.store || !ctx.table_data) return;
  for (const auto& def : ctx.catalog->Tables()) {
    if (FindSystemTableByOid(def->oid)) continue;
    auto data = ctx.table_data(def->oid);
    if (data) fn(*def, *data);
  }
}

// Redshift's distribution style codes (PG_CLASS_INFO.releffectivediststyle, STV_TBL_PERM.dist_style): 0 EVEN,
// 1 KEY, 8 ALL, 10 AUTO(ALL), 11 AUTO(EVEN), 12 AUTO(KEY); AUTO tables are placed as EVEN today.
int32_t DistStyleCode(const TableDef& def);
// The same as text, as SVV_TABLE_INFO.diststyle shows it: EVEN, KEY(col), ALL, AUTO(EVEN), ...
std::string DistStyleText(const TableDef& def);

// A zone-map bound as STV_BLOCKLIST shows it: integers, dates and timestamps as their stored integer,
// decimals as their unscaled value (clamped), floats truncated, strings as their first 8 bytes read as a
// big-endian integer.
Value BoundAsBigInt(const Value& v);

}  // namespace blueshift::system_internal
