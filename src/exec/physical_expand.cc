#include "exec/physical_expand.h"

namespace blueshift {

namespace {
std::vector<LogicalType> ExpandTypes(std::vector<LogicalType> input, const std::vector<std::vector<ExprPtr>>& lists) {
  for (const auto& e : lists.front()) input.push_back(e->type);
  return input;
}
}  // namespace

struct PhysicalExpand::ExpandState : OperatorState {
  std::vector<std::unique_ptr<OperatorState>> states;  // per projection
  size_t next = 0;                                     // the projection the next call emits
};

PhysicalExpand::PhysicalExpand(std::vector<LogicalType> input_types, std::vector<std::vector<ExprPtr>> projections)
    : PhysicalOperator(ExpandTypes(input_types, projections)) {
  for (auto& list : projections) {
    std::vector<ExprPtr> exprs;
    for (size_t c = 0; c < input_types.size(); c++)
      exprs.push_back(Expr::Position(static_cast<int>(c), input_types[c]));
    for (auto& e : list) exprs.push_back(std::move(e));
    projections_.push_back(std::make_unique<PhysicalProjection>(std::move(exprs)));
  }
}

std::string PhysicalExpand::Detail() const {
  return std::to_string(projections_.size()) + " sets";
}

Result<std::unique_ptr<OperatorState>> PhysicalExpand::InitOperator(ExecContext& ctx) const {
  auto st = std::make_unique<ExpandState>();
  for (const auto& p : projections_) {
    ASSIGN_OR_RETURN(auto s, p->InitOperator(ctx));
    st->states.push_back(std::move(s));
  }
  return std::unique_ptr<OperatorState>(std::move(st));
}

Status PhysicalExpand::Execute(ExecContext& ctx, Batch& in, Batch* out, OperatorState& state,
                               OperatorResult* result) const {
  auto& st = static_cast<ExpandState&>(state);
  OperatorResult ignored;
  RETURN_IF_ERROR(projections_[st.next]->Execute(ctx, in, out, *st.states[st.next], &ignored));
  if (++st.next < projections_.size()) {
    *result = OperatorResult::kHaveMoreOutput;
    return Status::OK();
  }
  st.next = 0;
  *result = OperatorResult::kNeedMoreInput;
  return Status::OK();
}

}  // namespace blueshift
