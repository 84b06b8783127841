#include "main/step_log.h"

#include <algorithm>

namespace blueshift {

namespace {

// A step after folding filters into the step before them: its counters per task.
struct FoldedStep {
  const StepProfile* profile = nullptr;
  std::vector<StepCounters> tasks;
};

void AddRows(const QueryProfile& profile, int segment_offset, std::vector<StepRow>* out) {
  std::vector<FoldedStep> segment;
  auto flush = [&] {
    for (size_t i = 0; i < segment.size(); i++) {
      const StepProfile& p = *segment[i].profile;
      for (size_t t = 0; t < segment[i].tasks.size(); t++) {
        const StepCounters& c = segment[i].tasks[t];
        if (!c.ran) continue;
        out->push_back({segment_offset + p.segment, static_cast<int>(i), static_cast<int>(t), p.row_width, p.info, c});
      }
    }
    segment.clear();
  };
  for (const auto& step : profile.steps()) {
    if (!segment.empty() && segment.back().profile->segment != step->segment) flush();
    if (step->info.filter && !segment.empty()) {
      FoldedStep& before = segment.back();
      for (size_t t = 0; t < before.tasks.size() && t < step->tasks.size(); t++) {
        before.tasks[t].rows = step->tasks[t].rows;
        before.tasks[t].time_ns += step->tasks[t].time_ns;
      }
      continue;
    }
    FoldedStep folded{step.get(), step->tasks};
    if (!folded.tasks.empty()) {
      folded.tasks[0].time_ns += step->final_ns;
      folded.tasks[0].memory = std::max(folded.tasks[0].memory, step->final_memory);
    }
    segment.push_back(std::move(folded));
  }
  flush();
}

}  // namespace

std::vector<StepRow> StepLog::Rows(const std::vector<std::shared_ptr<const QueryProfile>>& profiles) {
  std::vector<StepRow> rows;
  size_t steps = 0;
  for (const auto& p : profiles) steps += p->steps().size();
  rows.reserve(steps);  // at least one row a step, usually
  int offset = 0;
  for (const auto& p : profiles) {
    AddRows(*p, offset, &rows);
    offset += p->segments();
  }
  return rows;
}

void StepLog::Record(QuerySteps query) {
  if (query.rows.empty()) return;
  auto q = std::make_shared<QuerySteps>(std::move(query));
  q->start_us = q->rows.front().counters.start_us;
  for (const auto& r : q->rows) {
    q->start_us = std::min(q->start_us, r.counters.start_us);
    q->end_us = std::max(q->end_us, r.counters.end_us);
  }
  std::lock_guard<std::mutex> lock(mu_);
  rows_ += q->rows.size();
  queries_.push_back(std::move(q));
  int64_t cutoff = queries_.back()->end_us - retention_us_;
  while (queries_.size() > 1 && (rows_ > max_rows_ || queries_.front()->end_us < cutoff)) {
    rows_ -= queries_.front()->rows.size();
    queries_.pop_front();
  }
}

std::vector<std::shared_ptr<const QuerySteps>> StepLog::Queries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {queries_.begin(), queries_.end()};
}

}  // namespace blueshift
