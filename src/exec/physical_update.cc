#include "exec/physical_update.h"

#include <mutex>
#include <unordered_set>

#include "exec/captured_writes.h"
#include "exec/physical_delete.h"

namespace blueshift {

namespace {

struct UpdateGlobal : GlobalSinkState {
  UpdateGlobal(ExecContext& ctx) : writes(ctx.txn()), insert_ctx(&writes, ctx.store(), nullptr) {}
  CapturedWrites writes;
  ExecContext insert_ctx;  // the inserts' context: their segments are held back in `writes`
  std::unique_ptr<GlobalSinkState> insert_global;
  std::mutex mu;
  std::unordered_set<int64_t> seen;  // row ids already updated
  std::vector<int64_t> row_ids;
  uint64_t rows = 0;
};

struct UpdateLocal : LocalSinkState {
  std::unique_ptr<LocalSinkState> insert_local;
  std::vector<int64_t> row_ids;
};

}  // namespace

PhysicalUpdate::PhysicalUpdate(std::shared_ptr<const TableDef> table, PhysicalOperatorPtr child, bool single_match)
    : PhysicalOperator({LogicalType::BigInt()}),
      table_(table),
      insert_(std::make_unique<PhysicalInsert>(std::move(table), nullptr)),
      single_match_(single_match) {
  children.push_back(std::move(child));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalUpdate::InitGlobalSink(ExecContext& ctx) const {
  auto g = std::make_unique<UpdateGlobal>(ctx);
  ASSIGN_OR_RETURN(g->insert_global, insert_->InitGlobalSink(g->insert_ctx));
  return std::unique_ptr<GlobalSinkState>(std::move(g));
}

Result<std::unique_ptr<LocalSinkState>> PhysicalUpdate::InitLocalSink(ExecContext&, GlobalSinkState& global) const {
  auto& g = static_cast<UpdateGlobal&>(global);
  auto l = std::make_unique<UpdateLocal>();
  ASSIGN_OR_RETURN(l->insert_local, insert_->InitLocalSink(g.insert_ctx, *g.insert_global));
  return std::unique_ptr<LocalSinkState>(std::move(l));
}

Status PhysicalUpdate::Sink(ExecContext&, Batch& in, GlobalSinkState& global, LocalSinkState& local,
                            bool* finished) const {
  auto& g = static_cast<UpdateGlobal&>(global);
  auto& l = static_cast<UpdateLocal&>(local);
  // The new versions: the input without its row id column, restricted to rows not updated before.
  Batch rows;
  for (size_t c = 1; c < in.num_columns(); c++) rows.columns().push_back(std::move(in.column(c)));
  uint32_t* sel = rows.mutable_selection();
  size_t live = 0;
  bool duplicate = false;
  {
    const int64_t* ids = in.column(0).data<int64_t>();
    std::lock_guard<std::mutex> lock(g.mu);
    for (size_t k = 0; k < in.count(); k++) {
      uint32_t r = in.RowIndex(k);
      if (!g.seen.insert(ids[r]).second) {
        if (!single_match_) continue;
        duplicate = true;
        break;
      }
      l.row_ids.push_back(ids[r]);
      sel[live++] = r;
    }
  }
  rows.SetSelection(live);
  if (duplicate) live = 0;
  Status st = live == 0 ? Status::OK() : insert_->Sink(g.insert_ctx, rows, *g.insert_global, *l.insert_local, finished);
  for (size_t c = 1; c < in.num_columns(); c++) in.column(c) = std::move(rows.column(c - 1));
  return duplicate ? MultipleMatchesError() : st;
}

Status PhysicalUpdate::Combine(ExecContext&, GlobalSinkState& global, LocalSinkState& local) const {
  auto& g = static_cast<UpdateGlobal&>(global);
  auto& l = static_cast<UpdateLocal&>(local);
  RETURN_IF_ERROR(insert_->Combine(g.insert_ctx, *g.insert_global, *l.insert_local));
  std::lock_guard<std::mutex> lock(g.mu);
  g.row_ids.insert(g.row_ids.end(), l.row_ids.begin(), l.row_ids.end());
  return Status::OK();
}

Status PhysicalUpdate::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<UpdateGlobal&>(global);
  g.rows = AddRowIdDeletes(ctx.txn(), table_->oid, &g.row_ids);
  RETURN_IF_ERROR(insert_->Finalize(g.insert_ctx, *g.insert_global));
  g.writes.Publish();
  return Status::OK();
}

uint64_t PhysicalUpdate::RowsUpdated(ExecContext& ctx, const PhysicalUpdate& op) {
  return static_cast<UpdateGlobal*>(ctx.sink_state(&op))->rows;
}

}  // namespace blueshift
