#include "exec/physical_recursive_cte.h"

#include <algorithm>
#include <mutex>

#include "exec/physical_filter.h"
#include "exec/pipeline.h"

namespace blueshift {

namespace {

// The rows a round reads: set as the working table scans' state in the round's ExecContext.
struct WorkingRows : GlobalSinkState {
  const std::vector<Batch>* batches = nullptr;
};

struct ScanState : SourceState {
  size_t next = 0;
};

struct LoopGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> working;  // the last round's rows (the seed's while it is sunk)
  std::vector<Batch> rows;     // every earlier round's rows
};

struct LoopSource : SourceState {
  size_t next = 0;
};

Batch Own(const Batch& in, const std::vector<LogicalType>& types) {
  Batch copy(types, std::max<size_t>(in.count(), 1));
  copy.AppendLiveRows(in);
  return copy;
}

void CollectScans(const PhysicalOperator& op, int cte_id, std::vector<const PhysicalWorkingTableScan*>* out) {
  if (const auto* scan = dynamic_cast<const PhysicalWorkingTableScan*>(&op); scan && scan->cte_id() == cte_id)
    out->push_back(scan);
  for (const auto& c : op.children) CollectScans(*c, cte_id, out);
}

}  // namespace

Result<std::unique_ptr<SourceState>> PhysicalWorkingTableScan::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<ScanState>());
}

Status PhysicalWorkingTableScan::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto* rows = static_cast<WorkingRows*>(ctx.sink_state(this));
  if (!rows) return Status(ErrorCode::kInternal, "working table read outside its recursive query");
  auto& st = static_cast<ScanState&>(state);
  while (st.next < rows->batches->size()) {
    const Batch& b = (*rows->batches)[st.next++];
    if (b.count() == 0) continue;
    *out = Own(b, types());
    break;
  }
  return Status::OK();
}

PhysicalRecursiveCte::PhysicalRecursiveCte(std::string name, int cte_id, PhysicalOperatorPtr seed,
                                           PhysicalOperatorPtr recursive)
    : PhysicalOperator(seed->types()), name_(std::move(name)), cte_id_(cte_id) {
  CollectScans(*recursive, cte_id, &scans_);
  children.push_back(std::move(seed));
  children.push_back(std::make_unique<PhysicalResultCollector>(std::move(recursive)));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalRecursiveCte::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<LoopGlobal>());
}

Status PhysicalRecursiveCte::Sink(ExecContext&, Batch& in, GlobalSinkState& global, LocalSinkState&, bool*) const {
  auto& g = static_cast<LoopGlobal&>(global);
  Batch copy = Own(in, types());
  std::lock_guard<std::mutex> lock(g.mu);
  g.working.push_back(std::move(copy));
  return Status::OK();
}

// Each round runs the recursive member in an ExecContext of its own, so its breakers start empty.
Status PhysicalRecursiveCte::Finalize(ExecContext& ctx, GlobalSinkState& global) const {
  auto& g = static_cast<LoopGlobal&>(global);
  const auto& collector = static_cast<const PhysicalResultCollector&>(*children[1]);
  uint64_t total = 0;
  for (int round = 1;; round++) {
    uint64_t produced = 0;
    for (const auto& b : g.working) produced += b.count();
    total += produced;
    if (total > kMaxRows)
      return Status(ErrorCode::kProgramLimitExceeded, "Exceeded recursive CTE max rows limit (" +
                                                          std::to_string(kMaxRows) + " rows) in \"" + name_ + "\"");
    if (produced == 0) break;
    if (round > kMaxRounds)
      return Status(
          ErrorCode::kProgramLimitExceeded,
          "recursive CTE \"" + name_ + "\" exceeded the maximum recursion depth of " + std::to_string(kMaxRounds));
    RETURN_IF_ERROR(ctx.CheckCancel());
    ExecContext sub(ctx.txn(), ctx.store(), ctx.cancel_flag());
    sub.set_system_context(ctx.system_context());
    for (const auto* scan : scans_) {
      auto rows = std::make_unique<WorkingRows>();
      rows->batches = &g.working;
      sub.set_sink_state(scan, std::move(rows));
    }
    RETURN_IF_ERROR(ExecutePlan(sub, collector));
    for (auto& b : g.working) g.rows.push_back(std::move(b));
    g.working = std::move(PhysicalResultCollector::Results(sub, collector));
  }
  return Status::OK();
}

Result<std::unique_ptr<SourceState>> PhysicalRecursiveCte::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<LoopSource>());
}

Status PhysicalRecursiveCte::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<LoopSource&>(state);
  auto* g = static_cast<LoopGlobal*>(ctx.sink_state(this));
  while (st.next < g->rows.size()) {
    Batch& b = g->rows[st.next++];
    if (b.count() == 0) continue;
    std::swap(*out, b);
    break;
  }
  return Status::OK();
}

}  // namespace blueshift
