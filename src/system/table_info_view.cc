// SVV_TABLE_INFO: one row per non-empty user table, from the catalog, the table's layout on the slices
// (storage/table_layout.h) and its statistics (storage/table_stats.h).

#include <sys/statvfs.h>

#include <algorithm>

#include "storage/encode_auto.h"
#include "storage/table_layout.h"
#include "storage/table_stats.h"
#include "system/storage_view_util.h"
#include "system/system_table_builder.h"

namespace blueshift::system_internal {
namespace {

uint64_t CapacityBlocks(const storage::Store& store) {
  struct statvfs fs {};
  if (::statvfs(store.dir().c_str(), &fs) != 0) return 0;
  return static_cast<uint64_t>(fs.f_blocks) * fs.f_frsize / kMb;
}

// Bytes of each column over every segment (block headers included).
std::vector<uint64_t> ColumnBytes(const TableDef& def, const storage::TableData& data) {
  std::vector<uint64_t> bytes(def.columns.size(), 0);
  for (const auto& segments : data.slices) {
    for (const auto& s : segments) {
      for (size_t c = 0; c < s.meta->columns.size() && c < bytes.size(); c++) {
        for (const auto& b : s.meta->columns[c]) bytes[c] += b.size;
      }
    }
  }
  return bytes;
}

// 'Y' when some column is stored compressed; ENCODE AUTO tables say so. Under ENCODE AUTO, rows still in the
// write store or in a small file of its folds (RAW until a fold of at least kFoldTrialRows rows encodes them
// by ENCODE AUTO's choice) count as compressed.
std::string Encoded(const TableDef& def, const storage::TableData& data) {
  bool any = false;
  for (size_t c = 0; c < def.columns.size(); c++) any |= def.columns[c].encoding != Encoding::kRaw;
  bool automatic = storage::UsesEncodeAuto(def);
  if (automatic) {
    any = false;
    for (const auto& segments : data.slices) {
      for (const auto& s : segments) {
        any |=
            (s.meta->memory_image != nullptr || s.meta->row_count < storage::kFoldTrialRows) && s.meta->row_count > 0;
        for (size_t c = 0; c < s.meta->columns.size(); c++)
          any |= s.meta->StoredEncoding(static_cast<int>(c)) != Encoding::kRaw;
      }
    }
  }
  return std::string(any ? "Y" : "N") + (automatic ? ", AUTO(ENCODE)" : "");
}

// The first sort-key column; Redshift names no column for an interleaved key, only the style.
Value SortKey1(const TableDef& def) {
  if (def.sort_style == SortStyle::kInterleaved && !def.sort_keys.empty()) return V("INTERLEAVED");
  if (!def.sort_keys.empty()) return V(def.columns[def.sort_keys[0]].name);
  return def.sort_style == SortStyle::kAuto ? V("AUTO(SORTKEY)") : Null();
}

int32_t MaxVarchar(const TableDef& def) {
  int32_t m = 0;
  for (const auto& c : def.columns) {
    if (c.type.id() == TypeId::kVarchar) m = std::max<int32_t>(m, c.type.length());
  }
  return m;
}

// Rows on the fullest slice over rows on the emptiest; NULL when a slice has none (or the table lives on one
// slice, as DISTSTYLE ALL does on one node).
Value SkewRows(const TableDef& def, const storage::TableLayout& l) {
  if (def.Placement() == DistStyle::kAll || l.slices.empty()) return Null();
  uint64_t lo = UINT64_MAX, hi = 0;
  for (const auto& s : l.slices) {
    lo = std::min(lo, s.rows);
    hi = std::max(hi, s.rows);
  }
  if (lo == 0) return Null();
  return Numeric(static_cast<double>(hi) / static_cast<double>(lo), 19, 2);
}

// Size of the largest column that is not the first sort key over the first sort key's size.
Value SkewSortKey1(const TableDef& def, const std::vector<uint64_t>& bytes) {
  if (def.sort_keys.empty() || bytes[def.sort_keys[0]] == 0) return Null();
  uint64_t largest = 0;
  for (size_t c = 0; c < bytes.size(); c++) {
    if (static_cast<int>(c) != def.sort_keys[0]) largest = std::max(largest, bytes[c]);
  }
  return Numeric(static_cast<double>(largest) / static_cast<double>(bytes[def.sort_keys[0]]), 19, 2);
}

Status TableInfoRows(const SystemContext& ctx, std::vector<SystemRow>* rows) {
  if (!ctx.store) return Status::OK();
  double capacity = static_cast<double>(CapacityBlocks(*ctx.store));
  Status status;
  ForEachTable(ctx, [&](const TableDef& def, const storage::TableData& data) {
    if (!status.ok()) return;
    storage::TableLayout l = storage::ComputeTableLayout(def, data);
    if (l.rows == 0) return;  // as in Redshift, empty tables are not shown
    auto stale = storage::StatsOffPercent(*ctx.store, def, data);
    if (!stale.ok()) {
      status = stale.status();
      return;
    }
    std::vector<uint64_t> bytes = ColumnBytes(def, data);
    Value sortkey1_enc =
        def.sort_keys.empty() ? Null() : Value::Char(EncodingName(def.columns[def.sort_keys[0]].encoding), 32);
    rows->push_back({V(ctx.database),
                     V(def.schema),
                     V(static_cast<int32_t>(def.oid)),
                     V(def.name),
                     V(Encoded(def, data)),
                     V(DistStyleText(def)),
                     SortKey1(def),
                     V(MaxVarchar(def)),
                     sortkey1_enc,
                     V(static_cast<int32_t>(def.sort_keys.size())),
                     I64(static_cast<int64_t>(l.blocks)),
                     capacity > 0 ? Numeric(100.0 * static_cast<double>(l.blocks) / capacity, 10, 4) : Null(),
                     I64(0),
                     l.has_sort_key ? Numeric(l.UnsortedPercent(), 5, 2) : Null(),
                     Numeric(*stale, 5, 2),
                     Numeric(static_cast<double>(l.rows), 38, 0),
                     SkewSortKey1(def, bytes),
                     SkewRows(def, l),
                     Numeric(static_cast<double>(l.rows - l.deleted_rows), 38, 0),
                     Null(),
                     Null(),
                     Null()});
  });
  return status;
}

}  // namespace

void DefineTableInfoView() {
  Define("pg_catalog", "svv_table_info", 15121,
         {{"database", Text()},
          {"schema", Text()},
          {"table_id", OidType()},
          {"table", Text()},
          {"encoded", Text()},
          {"diststyle", Text()},
          {"sortkey1", Text()},
          {"max_varchar", LogicalType::Integer()},
          {"sortkey1_enc", LogicalType::Char(32)},
          {"sortkey_num", LogicalType::Integer()},
          {"size", LogicalType::BigInt()},
          {"pct_used", LogicalType::Decimal(10, 4)},
          {"empty", LogicalType::BigInt()},
          {"unsorted", LogicalType::Decimal(5, 2)},
          {"stats_off", LogicalType::Decimal(5, 2)},
          {"tbl_rows", LogicalType::Decimal(38, 0)},
          {"skew_sortkey1", LogicalType::Decimal(19, 2)},
          {"skew_rows", LogicalType::Decimal(19, 2)},
          {"estimated_visible_rows", LogicalType::Decimal(38, 0)},
          {"risk_event", Text()},
          {"vacuum_sort_benefit", LogicalType::Double()},
          {"create_time", LogicalType::Timestamp()}},
         TableInfoRows);
}

}  // namespace blueshift::system_internal
