// STL_VACUUM and SVV_VACUUM_SUMMARY over the store's vacuum log (storage/vacuum.h).

#include <map>

#include "storage/vacuum.h"
#include "system/storage_view_util.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

Status VacuumRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (!ctx.store) return Status::OK();
  for (const auto& e : ctx.store->vacuum_log()->Snapshot()) {
    rows->push_back({V(e.userid), I64(e.xid), V(static_cast<int32_t>(e.table_id)),
                     Value::Char(e.status.substr(0, 30), 30), I64(e.rows), V(static_cast<int32_t>(e.sorted_rows)),
                     V(static_cast<int32_t>(e.blocks)), V(0), Value::Timestamp(e.eventtime_us), I64(e.reclaimable_rows),
                     I64(e.reclaimable_space_mb), I64(0), V(e.is_recluster)});
  }
  return Status::OK();
}

// One row per table per vacuum that finished: its Started row gives the "before" counts.
Status VacuumSummaryRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (!ctx.store) return Status::OK();
  std::map<std::pair<int64_t, Oid>, storage::VacuumEvent> started;
  for (const auto& e : ctx.store->vacuum_log()->Snapshot()) {
    auto key = std::make_pair(e.xid, e.table_id);
    if (e.status.find("Finished") == std::string::npos) {
      started[key] = e;
      continue;
    }
    auto it = started.find(key);
    if (it == started.end()) continue;
    auto def = ctx.catalog->FindTableByOid(e.table_id);
    const storage::VacuumEvent& s = it->second;
    rows->push_back({def ? V(def->name) : V(std::to_string(e.table_id)), I64(e.xid), I64(e.sort_partitions),
                     I64(e.sort_partitions > 0 ? 1 : 0), I64(e.elapsed_us), I64(e.rows - s.rows),
                     I64(e.sorted_rows - s.sorted_rows), V(static_cast<int32_t>(e.blocks - s.blocks)), V(0)});
  }
  return Status::OK();
}

}  // namespace

void DefineVacuumViews() {
  Define("pg_catalog", "stl_vacuum", 15111,
         {{"userid", LogicalType::Integer()},
          {"xid", LogicalType::BigInt()},
          {"table_id", LogicalType::Integer()},
          {"status", LogicalType::Char(30)},
          {"rows", LogicalType::BigInt()},
          {"sortedrows", LogicalType::Integer()},
          {"blocks", LogicalType::Integer()},
          {"max_merge_partitions", LogicalType::Integer()},
          {"eventtime", LogicalType::Timestamp()},
          {"reclaimable_rows", LogicalType::BigInt()},
          {"reclaimable_space_mb", LogicalType::BigInt()},
          {"cutoff_xid", LogicalType::BigInt()},
          {"is_recluster", LogicalType::Integer()}},
         VacuumRows);
  Define("pg_catalog", "svv_vacuum_summary", 15112,
         {{"table_name", Text()},
          {"xid", LogicalType::BigInt()},
          {"sort_partitions", LogicalType::BigInt()},
          {"merge_increments", LogicalType::BigInt()},
          {"elapsed_time", LogicalType::BigInt()},
          {"row_delta", LogicalType::BigInt()},
          {"sortedrow_delta", LogicalType::BigInt()},
          {"block_delta", LogicalType::Integer()},
          {"max_merge_partitions", LogicalType::Integer()}},
         VacuumSummaryRows);
}

}  // namespace blueshift::system_internal
