// SVV_INTERLEAVED_COLUMNS: how skewed each INTERLEAVED sort key column's values are over its index
// (storage/interleaved_index.h), and when VACUUM REINDEX last rebuilt the index.

#include <algorithm>

#include "system/storage_view_util.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

Status InterleavedColumnsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (!RowVisibility(ctx).superuser()) return Status::OK();  // visible only to superusers, as in Redshift
  Status st;
  ForEachTable(ctx, [&](const TableDef& def, const storage::TableData& data) {
    if (!st.ok() || !storage::IsInterleaved(def)) return;
    auto skew = ctx.store->InterleavedSkew(def, data);
    if (!skew.ok()) {
      st = skew.status();
      return;
    }
    int64_t reindexed = 0;
    for (const auto& s : data.interleaved) {
      if (s.index && s.index->Fits(def)) reindexed = std::max(reindexed, s.last_reindex_us);
    }
    for (size_t k = 0; k < def.sort_keys.size(); k++) {
      rows->push_back({V(static_cast<int32_t>(def.oid)), V(def.sort_keys[k]),
                       skew->has_value() ? Numeric((**skew)[k], 19, 2) : Null(),
                       reindexed ? Value::Timestamp(reindexed) : Null()});
    }
  });
  return st;
}

}  // namespace

void DefineInterleavedView() {
  Define("pg_catalog", "svv_interleaved_columns", 15113,
         {{"tbl", LogicalType::Integer()},
          {"col", LogicalType::Integer()},
          {"interleaved_skew", LogicalType::Decimal(19, 2)},
          {"last_reindex", LogicalType::Timestamp()}},
         InterleavedColumnsRows);
}

}  // namespace blueshift::system_internal
