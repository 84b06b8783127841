#include "exec/query_profile.h"

#include <algorithm>
#include <map>

#include "exec/pipeline.h"

namespace blueshift {

namespace {
thread_local StatementProfiles* g_current = nullptr;

int RowWidth(const std::vector<LogicalType>& types) {
  int w = 0;
  for (const auto& t : types) w += AverageWidth(t);
  return w;
}
}  // namespace

int AverageWidth(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kNull:
      return 0;
    case TypeId::kBoolean:
      return 1;
    case TypeId::kChar:
    case TypeId::kVarchar:
    case TypeId::kVarbyte: {
      int n = t.length();
      if (n <= 32) return n;
      return 32 + (std::min(n, 1000) - 32) / 2;
    }
    case TypeId::kDecimal:
      return t.precision() <= 19 ? 8 : 16;
    default:
      return t.FixedWidth();
  }
}

std::string StepLabelText(const std::string& name, int64_t table, const std::string& table_name) {
  std::string s = name;
  if (table < 0) return s;
  s.resize(std::max<size_t>(s.size() + 1, 7), ' ');
  s += "tbl=" + std::to_string(table);
  if (!table_name.empty()) s += " name=" + table_name;
  return s;
}

int64_t ProfileWallMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void StepSummary::Chain(const StepSummary& later) {
  if (!later.ran) return;
  if (!ran) {
    *this = later;
    return;
  }
  slices = std::max(slices, later.slices);
  rows = later.rows;
  time_ns += later.time_ns;
  memory += later.memory;
  rows_pre_filter += later.rows_pre_filter;
  blocks_read += later.blocks_read;
  blocks_skipped += later.blocks_skipped;
}

std::vector<StepProfile*> QueryProfile::AddSegment(const Pipeline& p, int tasks) {
  int segment = segments_++;
  std::vector<StepProfile*> out;
  out.reserve(p.operators.size() + 2);  // source, operators, sink
  steps_.reserve(steps_.size() + p.operators.size() + 2);
  auto add = [&](const PhysicalOperator* op, StepRole role, const std::vector<LogicalType>& types) {
    auto s = std::make_unique<StepProfile>();
    s->op = op;
    s->role = role;
    s->plan_node = op->plan_node();
    s->segment = segment;
    s->step = static_cast<int>(out.size());
    s->row_width = RowWidth(types);
    s->tasks.resize(std::max(tasks, 1));
    out.push_back(s.get());
    steps_.push_back(std::move(s));
  };
  add(p.source, StepRole::kSource, p.source->types());
  const PhysicalOperator* last = p.source;
  for (const auto* op : p.operators) {
    add(op, StepRole::kOperator, op->types());
    last = op;
  }
  add(p.sink, StepRole::kSink, last->types());
  return out;
}

void QueryProfile::Seal() {
  // Operators that keep rows for a later segment (a sink that is also a source or an operator, such as an
  // aggregate or a hash join's build) get worktable ids in the order they first ran, from 100 as
  // Redshift's transient tables have three-digit ids.
  std::map<const PhysicalOperator*, int> worktables;
  for (const auto& step : steps_) {
    if (step->role != StepRole::kSink || worktables.count(step->op)) continue;
    if (step->op->IsSource() || (!step->op->children.empty() && step->op->SinkChild() != 0))
      worktables.emplace(step->op, 100 + static_cast<int>(worktables.size()));
  }
  for (auto& step : steps_) {
    auto it = worktables.find(step->op);
    step->info = step->op->DescribeStep(step->role, it == worktables.end() ? -1 : it->second);
  }
}

std::vector<StepProfile*> QueryProfile::CopySealed(const QueryProfile& sealed) {
  std::vector<StepProfile*> out;
  out.reserve(sealed.steps_.size());
  steps_.reserve(sealed.steps_.size());
  for (const auto& step : sealed.steps_) {
    steps_.push_back(std::make_unique<StepProfile>(*step));
    out.push_back(steps_.back().get());
  }
  segments_ = sealed.segments_;
  return out;
}

void QueryProfile::NoteDistribution(const void* plan_node, const std::string& label, uint64_t rows) {
  for (auto& step : steps_) {
    if (step->role != StepRole::kSink || step->plan_node != plan_node) continue;
    step->info.distribution = label;
    step->info.distributed_rows = rows;
  }
}

StepSummary QueryProfile::Summarize(const StepProfile& step) {
  StepSummary s;
  for (const auto& t : step.tasks) {
    if (!t.ran) continue;
    s.ran = true;
    s.slices++;
    s.rows += t.rows;
    s.time_ns = std::max(s.time_ns, t.time_ns);
    s.memory += t.memory;
    s.rows_pre_filter += t.rows_pre_filter;
    s.blocks_read += t.blocks_read;
    s.blocks_skipped += t.blocks_skipped;
  }
  s.time_ns += step.final_ns;
  s.memory += step.final_memory;
  return s;
}

StepSummary QueryProfile::Summarize(const void* plan_node, StepRole role) const {
  StepSummary out;
  if (plan_node == nullptr) return out;
  for (const auto& step : steps_) {
    if (step->role == role && step->plan_node == plan_node) out.Chain(Summarize(*step));
  }
  return out;
}

StatementProfiles* StatementProfiles::Current() {
  return g_current;
}

ScopedStatementProfiles::ScopedStatementProfiles(StatementProfiles* profiles) : previous_(g_current) {
  g_current = profiles;
}

ScopedStatementProfiles::~ScopedStatementProfiles() {
  g_current = previous_;
}

}  // namespace blueshift
