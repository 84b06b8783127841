// AUTO distribution (docs/design/distribution.md): an AUTO table is placed ALL while it is small; the commit
// that takes it past `auto_dist_all_max_rows` rows moves it to KEY on its primary key's first column, or to
// EVEN when it has no primary key, by rewriting its rows inside that commit.

#include <cstdlib>
#include <numeric>

#include "main/session.h"
#include "main/statement_runner.h"
#include "main/transaction.h"

namespace blueshift {

namespace {

constexpr uint64_t kDefaultAutoAllMaxRows = 100000;

uint64_t AutoAllMaxRows(const std::string& setting) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(setting.c_str(), &end, 10);
  return end && *end == '\0' && !setting.empty() ? v : kDefaultAutoAllMaxRows;
}

uint64_t StoredRows(const storage::TableData& data) {
  uint64_t rows = 0;
  for (const auto& slice : data.slices) {
    for (const auto& seg : slice) rows += seg.meta->row_count;
  }
  return rows;
}

}  // namespace

Status StatementRunner::ResolveAutoDistribution() {
  uint64_t limit = AutoAllMaxRows(session_->GetSetting("auto_dist_all_max_rows"));
  for (Oid oid : txn_->WrittenTables()) {
    auto table = txn_->catalog().FindTableByOid(oid);
    if (!table || table->dist_style != DistStyle::kAuto || table->auto_dist != DistStyle::kAll) continue;
    if (StoredRows(*txn_->TableData(oid)) <= limit) continue;
    TableDef def = *table;
    def.auto_dist = def.primary_key.empty() ? DistStyle::kEven : DistStyle::kKey;
    def.dist_key = def.primary_key.empty() ? -1 : def.primary_key[0];
    std::vector<int> same(def.columns.size());
    std::iota(same.begin(), same.end(), 0);
    sql::Binder binder(MakeBindContext(nullptr, nullptr));
    ASSIGN_OR_RETURN(auto rewrite, binder.BindCopyRows(table, std::make_shared<const TableDef>(def), same));
    ASSIGN_OR_RETURN(auto segments, RunCaptured(std::move(rewrite), oid));
    txn_->TableTruncated(oid);
    if (!segments.empty()) txn_->AddSegments(oid, std::move(segments));
    RETURN_IF_ERROR(txn_->MutableCatalog().ReplaceTable(std::move(def)));
  }
  return Status::OK();
}

}  // namespace blueshift
