#include "exec/physical_delete.h"

#include <algorithm>
#include <mutex>

#include "exec/physical_scan.h"

namespace blueshift {

namespace {

struct DeleteGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<int64_t> row_ids;
  uint64_t rows = 0;
};

struct DeleteLocal : LocalSinkState {
  std::vector<int64_t> row_ids;
};

}  // namespace

uint64_t AddRowIdDeletes(TransactionContext* txn, Oid table, std::vector<int64_t>* row_ids) {
  std::sort(row_ids->begin(), row_ids->end());
  row_ids->erase(std::unique(row_ids->begin(), row_ids->end()), row_ids->end());
  size_t i = 0;
  while (i < row_ids->size()) {
    uint64_t segment = RowIdSegment((*row_ids)[i]);
    std::vector<uint32_t> rows;
    for (; i < row_ids->size() && RowIdSegment((*row_ids)[i]) == segment; i++) {
      rows.push_back(RowIdPosition((*row_ids)[i]));
    }
    txn->AddDeletes(table, segment, std::move(rows));
  }
  return row_ids->size();
}

Status MultipleMatchesError() {
  return Status(ErrorCode::kCardinalityViolation, "Found multiple matches to update the same tuple.");
}

PhysicalDelete::PhysicalDelete(std::shared_ptr<const TableDef> table, PhysicalOperatorPtr child, bool single_match)
    : PhysicalOperator({LogicalType::BigInt()}), table_(std::move(table)), single_match_(single_match) {
  children.push_back(std::move(child));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalDelete::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<DeleteGlobal>());
}

Result<std::unique_ptr<LocalSinkState>> PhysicalDelete::InitLocalSink(ExecContext&, GlobalSinkState&) const {
  return std::unique_ptr<LocalSinkState>(std::make_unique<DeleteLocal>());
}

Status PhysicalDelete::Sink(ExecContext&, Batch& in, GlobalSinkState&, LocalSinkState& local, bool*) const {
  auto& l = static_cast<DeleteLocal&>(local);
  const Vector& ids = in.column(0);
  const int64_t* data = ids.data<int64_t>();
  for (size_t k = 0; k < in.count(); k++) {
    uint32_t r = in.RowIndex(k);
    if (!ids.IsNull(r)) l.row_ids.push_back(data[r]);  // NULL: an outer join's unmatched side
  }
  return Status::OK();
}

Status PhysicalDelete::Combine(ExecContext&, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<DeleteGlobal&>(global);
  auto& l = static_cast<DeleteLocal&>(local);
  std::lock_guard<std::mutex> lock(g.mu);
  g.row_ids.insert(g.row_ids.end(), l.row_ids.begin(), l.row_ids.end());
  return Status::OK();
}

Status PhysicalDelete::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<DeleteGlobal&>(global);
  if (single_match_) {
    std::sort(g.row_ids.begin(), g.row_ids.end());
    if (std::adjacent_find(g.row_ids.begin(), g.row_ids.end()) != g.row_ids.end()) return MultipleMatchesError();
  }
  g.rows = AddRowIdDeletes(ctx.txn(), table_->oid, &g.row_ids);
  return Status::OK();
}

uint64_t PhysicalDelete::RowsDeleted(ExecContext& ctx, const PhysicalDelete& op) {
  return static_cast<DeleteGlobal*>(ctx.sink_state(&op))->rows;
}

}  // namespace blueshift
