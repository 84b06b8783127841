// Redshift's storage views over the store (docs/design/vacuum.md says how "sorted" and blocks are counted):
// STV_SLICES, STV_PARTITIONS, STV_TBL_PERM, STV_BLOCKLIST, SVV_DISKUSAGE and SVV_TABLE_INFO.

#include <sys/statvfs.h>

#include <algorithm>

#include "storage/table_layout.h"
#include "system/storage_view_util.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

LogicalType Ch72() {
  return LogicalType::Char(72);
}

Status SlicesRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (!ctx.store) return Status::OK();
  for (int s = 0; s < ctx.store->num_slices(); s++) rows->push_back({V(0), V(s), V(s), Ch('D')});
  return Status::OK();
}

Status PartitionsRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (!ctx.store) return Status::OK();
  struct statvfs fs {};
  if (::statvfs(ctx.store->dir().c_str(), &fs) != 0) {
    return Status(ErrorCode::kIoError, "could not read the size of the file system of " + ctx.store->dir());
  }
  uint64_t total = static_cast<uint64_t>(fs.f_blocks) * fs.f_frsize;
  uint64_t free_bytes = static_cast<uint64_t>(fs.f_bfree) * fs.f_frsize;
  auto capacity = static_cast<int32_t>(std::min<uint64_t>(total / kMb, INT32_MAX));
  auto used = static_cast<int32_t>(std::min<uint64_t>((total - free_bytes) / kMb, INT32_MAX));
  rows->push_back({V(0), V(0), V(0), I64(0), I64(static_cast<int64_t>(total)), V(used), V(0), V(capacity), I64(0),
                   I64(0), V(0), V(0), V(0), V(0), V(0), Value::Char(ctx.store->dir(), 256)});
  return Status::OK();
}

Status TblPermRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  ForEachTable(ctx, [&](const TableDef& def, const storage::TableData& data) {
    storage::TableLayout l = storage::ComputeTableLayout(def, data);
    for (size_t s = 0; s < l.slices.size(); s++) {
      const auto& sl = l.slices[s];
      rows->push_back({V(static_cast<int32_t>(s)), V(static_cast<int32_t>(def.oid)), Name72(def.name),
                       I64(static_cast<int64_t>(sl.rows)), I64(static_cast<int64_t>(sl.sorted_rows)),
                       V(def.temporary ? 1 : 0), V(kDbId), V(0), V(0), V(def.backup ? 1 : 0), V(DistStyleCode(def)),
                       V(static_cast<int32_t>(sl.blocks))});
    }
  });
  return Status::OK();
}

// One row per block; with_name adds SVV_DISKUSAGE's leading db_id and name.
void BlockRows(const SystemContext& ctx, bool with_name, std::vector<SystemRow>* rows) {
  ForEachTable(ctx, [&](const TableDef& def, const storage::TableData& data) {
    storage::TableLayout l = storage::ComputeTableLayout(def, data);
    for (size_t s = 0; s < data.slices.size(); s++) {
      std::vector<int32_t> blocknum(def.columns.size(), 0);
      for (size_t k = 0; k < data.slices[s].size(); k++) {
        const storage::SegmentMeta& m = *data.slices[s][k].meta;
        bool unsorted = l.has_sort_key && !l.slices[s].segment_sorted[k];
        for (size_t c = 0; c < m.columns.size() && c < def.columns.size(); c++) {
          for (const auto& b : m.columns[c]) {
            SystemRow row;
            if (with_name) row = {V(kDbId), Name72(def.name)};
            std::vector<Value> rest = {V(static_cast<int32_t>(s)),
                                       V(static_cast<int32_t>(c)),
                                       V(static_cast<int32_t>(def.oid)),
                                       V(blocknum[c]++),
                                       V(static_cast<int32_t>(b.row_count)),
                                       V(0),
                                       b.has_minmax ? BoundAsBigInt(b.min) : I64(0),
                                       b.has_minmax ? BoundAsBigInt(b.max) : I64(0),
                                       V(0),
                                       V(0),
                                       V(1),
                                       V(0),
                                       V(0),
                                       V(unsorted ? 1 : 0),
                                       V(0),
                                       V(0),
                                       V(0),
                                       V(0)};
            row.insert(row.end(), rest.begin(), rest.end());
            if (!with_name) row.insert(row.end(), {V(0), V(0)});  // num_readers, flags
            rows->push_back(std::move(row));
          }
        }
      }
    }
  });
}

Status BlocklistRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  BlockRows(ctx, false, rows);
  return Status::OK();
}

Status DiskUsageRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  BlockRows(ctx, true, rows);
  return Status::OK();
}

}  // namespace

void DefineStorageViews() {
  Define("pg_catalog", "stv_slices", 15101,
         {{"node", LogicalType::Integer()},
          {"slice", LogicalType::Integer()},
          {"localslice", LogicalType::Integer()},
          {"type", CharType()}},
         SlicesRows);
  Define("pg_catalog", "stv_partitions", 15102,
         {{"owner", LogicalType::Integer()},
          {"host", LogicalType::Integer()},
          {"diskno", LogicalType::Integer()},
          {"part_begin", LogicalType::BigInt()},
          {"part_end", LogicalType::BigInt()},
          {"used", LogicalType::Integer()},
          {"tossed", LogicalType::Integer()},
          {"capacity", LogicalType::Integer()},
          {"reads", LogicalType::BigInt()},
          {"writes", LogicalType::BigInt()},
          {"seek_forward", LogicalType::Integer()},
          {"seek_back", LogicalType::Integer()},
          {"is_san", LogicalType::Integer()},
          {"failed", LogicalType::Integer()},
          {"mbps", LogicalType::Integer()},
          {"mount", LogicalType::Char(256)}},
         PartitionsRows);
  Define("pg_catalog", "stv_tbl_perm", 15103,
         {{"slice", LogicalType::Integer()},
          {"id", LogicalType::Integer()},
          {"name", Ch72()},
          {"rows", LogicalType::BigInt()},
          {"sorted_rows", LogicalType::BigInt()},
          {"temp", LogicalType::Integer()},
          {"db_id", LogicalType::Integer()},
          {"insert_pristine", LogicalType::Integer()},
          {"delete_pristine", LogicalType::Integer()},
          {"backup", LogicalType::Integer()},
          {"dist_style", LogicalType::Integer()},
          {"block_count", LogicalType::Integer()}},
         TblPermRows);
  std::vector<Col> block_cols = {{"slice", LogicalType::Integer()},        {"col", LogicalType::Integer()},
                                 {"tbl", LogicalType::Integer()},          {"blocknum", LogicalType::Integer()},
                                 {"num_values", LogicalType::Integer()},   {"extended_limits", LogicalType::Integer()},
                                 {"minvalue", LogicalType::BigInt()},      {"maxvalue", LogicalType::BigInt()},
                                 {"sb_pos", LogicalType::Integer()},       {"pinned", LogicalType::Integer()},
                                 {"on_disk", LogicalType::Integer()},      {"modified", LogicalType::Integer()},
                                 {"hdr_modified", LogicalType::Integer()}, {"unsorted", LogicalType::Integer()},
                                 {"tombstone", LogicalType::Integer()},    {"preferred_diskno", LogicalType::Integer()},
                                 {"temporary", LogicalType::Integer()},    {"newblock", LogicalType::Integer()}};
  std::vector<Col> blocklist(block_cols);
  blocklist.push_back({"num_readers", LogicalType::Integer()});
  blocklist.push_back({"flags", LogicalType::Integer()});
  Define("pg_catalog", "stv_blocklist", 15104, blocklist, BlocklistRows);
  std::vector<Col> diskusage = {{"db_id", LogicalType::Integer()}, {"name", Ch72()}};
  diskusage.insert(diskusage.end(), block_cols.begin(), block_cols.end());
  Define("pg_catalog", "svv_diskusage", 15105, diskusage, DiskUsageRows);
}

}  // namespace blueshift::system_internal
