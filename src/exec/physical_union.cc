#include "exec/physical_union.h"

#include <mutex>

namespace blueshift {

namespace {
struct UnionGlobal : GlobalSinkState {
  std::mutex mu;
  std::vector<Batch> batches;
};
struct UnionSource : SourceState {
  size_t next = 0;
};
}  // namespace

PhysicalUnionAll::PhysicalUnionAll(std::vector<LogicalType> types, std::vector<PhysicalOperatorPtr> inputs)
    : PhysicalOperator(std::move(types)) {
  for (auto& in : inputs) children.push_back(std::move(in));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalUnionAll::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<UnionGlobal>());
}

Status PhysicalUnionAll::Sink(ExecContext&, Batch& in, GlobalSinkState& global, LocalSinkState&, bool*) const {
  auto& g = static_cast<UnionGlobal&>(global);
  Batch copy(types(), std::max<size_t>(in.count(), 1));
  copy.AppendLiveRows(in);
  std::lock_guard<std::mutex> lock(g.mu);
  g.batches.push_back(std::move(copy));
  return Status::OK();
}

Result<std::unique_ptr<SourceState>> PhysicalUnionAll::InitSource(ExecContext&, int) const {
  return std::unique_ptr<SourceState>(std::make_unique<UnionSource>());
}

Status PhysicalUnionAll::GetData(ExecContext& ctx, SourceState& state, Batch* out) const {
  auto& st = static_cast<UnionSource&>(state);
  auto* g = static_cast<UnionGlobal*>(ctx.sink_state(this));
  if (st.next < g->batches.size()) std::swap(*out, g->batches[st.next++]);
  return Status::OK();
}

}  // namespace blueshift
