#include "exec/physical_operator.h"

#include <cctype>

namespace blueshift {

static Status NotARole(const PhysicalOperator& op, const char* role) {
  return Status(ErrorCode::kInternal, op.Name() + " cannot act as a " + role);
}

Result<std::unique_ptr<SourceState>> PhysicalOperator::InitSource(ExecContext&, int) const {
  return std::make_unique<SourceState>();
}
Status PhysicalOperator::GetData(ExecContext&, SourceState&, Batch*) const {
  return NotARole(*this, "source");
}

Result<std::unique_ptr<OperatorState>> PhysicalOperator::InitOperator(ExecContext&) const {
  return std::make_unique<OperatorState>();
}
Status PhysicalOperator::Execute(ExecContext&, Batch&, Batch*, OperatorState&, OperatorResult*) const {
  return NotARole(*this, "streaming operator");
}

Status PhysicalOperator::FinishExecute(ExecContext&, Batch* out, OperatorState&, OperatorResult* result) const {
  out->set_count(0);
  *result = OperatorResult::kNeedMoreInput;
  return Status::OK();
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalOperator::InitGlobalSink(ExecContext&) const {
  return std::make_unique<GlobalSinkState>();
}
Result<std::unique_ptr<LocalSinkState>> PhysicalOperator::InitLocalSink(ExecContext&, GlobalSinkState&) const {
  return std::make_unique<LocalSinkState>();
}
Status PhysicalOperator::Sink(ExecContext&, Batch&, GlobalSinkState&, LocalSinkState&, bool*) const {
  return NotARole(*this, "sink");
}
Status PhysicalOperator::Combine(ExecContext&, GlobalSinkState&, LocalSinkState&) const {
  return Status::OK();
}
Status PhysicalOperator::Finalize(ExecContext&, GlobalSinkState&) const {
  return Status::OK();
}

StepInfo PhysicalOperator::DescribeStep(StepRole role, int worktable) const {
  StepInfo info;
  switch (role) {
    case StepRole::kSource:  // a breaker's output, read from the worktable its sink filled
      info.label = StepLabelText("scan", worktable, "Internal Worktable");
      info.scan_type = worktable >= 0 ? StepInfo::kTransientScan : 0;
      info.table = worktable;
      break;
    case StepRole::kOperator:
      info.label = "project";
      break;
    case StepRole::kSink:  // a write (insert, delete, update) or rows kept for a later segment
      if (worktable >= 0) {
        info.label = StepLabelText("save", worktable);
      } else {
        for (char c : Name()) info.label += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      break;
  }
  return info;
}

std::string PhysicalOperator::ToString(int indent) const {
  std::string s(indent * 2, ' ');
  s += "-> " + Name();
  std::string d = Detail();
  if (!d.empty()) s += "  " + d;
  s += "\n";
  for (const auto& c : children) s += c->ToString(indent + 1);
  return s;
}

ExecContext::~ExecContext() = default;

Status ExecContext::CheckCancel() const {
  if (cancel_ && cancel_->load(std::memory_order_relaxed))
    return Status(ErrorCode::kQueryCanceled, "canceling statement due to user request");
  return Status::OK();
}

GlobalSinkState* ExecContext::sink_state(const PhysicalOperator* op) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sink_states_.find(op);
  return it == sink_states_.end() ? nullptr : it->second.get();
}

void ExecContext::set_sink_state(const PhysicalOperator* op, std::unique_ptr<GlobalSinkState> state) {
  std::lock_guard<std::mutex> lock(mu_);
  sink_states_[op] = std::move(state);
}

SourceShare* ExecContext::source_share(const PhysicalOperator* op) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = source_shares_.find(op);
  return it == source_shares_.end() ? nullptr : it->second.get();
}

void ExecContext::set_source_share(const PhysicalOperator* op, std::unique_ptr<SourceShare> share) {
  std::lock_guard<std::mutex> lock(mu_);
  source_shares_[op] = std::move(share);
}

}  // namespace blueshift
