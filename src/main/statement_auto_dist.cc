// AUTO distribution (docs/design/distribution.md): an AUTO table is placed ALL while it is small; after the
// commit that takes it past `auto_dist_all_max_rows` rows, it moves to KEY on its primary key's first column,
// or to EVEN when it has no primary key, by rewriting its rows in a transaction of its own.

#include <cstdlib>
#include <numeric>
#include <optional>

#include "main/database.h"
#include "main/session.h"
#include "main/statement_runner.h"
#include "main/transaction.h"
#include "storage/store.h"

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

// An AUTO table still placed ALL that holds more rows than the limit.
bool DueToMove(const TableDef* table, const storage::TableData& data, uint64_t limit) {
  return table && table->dist_style == DistStyle::kAuto && table->auto_dist == DistStyle::kAll &&
         StoredRows(data) > limit;
}

}  // namespace

void StatementRunner::MoveAutoDistribution(Session* session, const std::vector<Oid>& written) {
  auto version = session->db_->store()->Snapshot();
  std::optional<uint64_t> limit;  // the setting is read for a table still ALL under AUTO only (every commit comes here)
  for (Oid oid : written) {
    auto data = version->tables.find(oid);
    auto table = version->catalog->FindTableByOid(oid);
    if (data == version->tables.end() || !table || table->dist_style != DistStyle::kAuto ||
        table->auto_dist != DistStyle::kAll)
      continue;
    if (!limit) limit = AutoAllMaxRows(session->GetSetting("auto_dist_all_max_rows"));
    if (!DueToMove(table.get(), *data->second, *limit)) continue;
    // Only while no other transaction writes the table (SHARE ROW EXCLUSIVE, which readers do not block): a
    // commit on the old placement meanwhile would fail the move, or the move every concurrent writer (as it
    // did when the move ran inside the writer's own commit). Writers that come meanwhile wait for the move.
    // When others write the table now, or the move fails, the table stays ALL and the next commit that
    // writes it tries again; the commit that wrote it stands either way.
    auto txn = session->NewTransaction();
    if (!txn->TryLock(oid, LockMode::kShareRowExclusive)) continue;
    txn->RefreshSnapshot();
    StatementRunner runner(session, txn.get());
    Result<bool> moved = runner.MoveToKeyOrEven(oid, *limit);
    if (moved.ok() && *moved) (void)txn->Commit();
  }
}

Result<bool> StatementRunner::MoveToKeyOrEven(Oid oid, uint64_t limit) {
  auto table = txn_->catalog().FindTableByOid(oid);
  if (!DueToMove(table.get(), *txn_->TableData(oid), limit)) return false;  // another session moved it first
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
  return true;
}

}  // namespace blueshift
