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

StepLog::RowsSummary StepLog::Summarize(const std::vector<std::shared_ptr<const QueryProfile>>& profiles) {
  // AddRows' walk: a filter step after another step of its segment is folded into that one (its tasks add
  // no row, and folding changes no start or end); every other step has a row per task that ran.
  RowsSummary out;
  for (const auto& p : profiles) {
    const StepProfile* before = nullptr;
    for (const auto& step : p->steps()) {
      bool folded = step->info.filter && before && before->segment == step->segment;
      before = step.get();
      if (folded) continue;
      for (const StepCounters& c : step->tasks) {
        if (!c.ran) continue;
        out.start_us = out.rows == 0 ? c.start_us : std::min(out.start_us, c.start_us);
        out.end_us = std::max(out.end_us, c.end_us);
        out.rows++;
      }
    }
  }
  return out;
}

void StepLog::Record(QuerySteps query) {
  RowsSummary summary = Summarize(query.profiles);
  if (summary.rows == 0) return;
  auto q = std::make_shared<QuerySteps>(std::move(query));
  q->start_us = summary.start_us;
  q->end_us = summary.end_us;
  std::lock_guard<std::mutex> lock(mu_);
  rows_ += summary.rows;
  row_counts_.push_back(summary.rows);
  queries_.push_back(std::move(q));
  int64_t cutoff = queries_.back()->end_us - retention_us_;
  while (queries_.size() > 1 && (rows_ > max_rows_ || queries_.front()->end_us < cutoff)) {
    rows_ -= row_counts_.front();
    row_counts_.pop_front();
    queries_.pop_front();
  }
}

std::vector<std::shared_ptr<const QuerySteps>> StepLog::Queries() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& q : queries_) {
    if (q->profiles.empty()) continue;
    q->rows = Rows(q->profiles);
    q->profiles.clear();
  }
  return {queries_.begin(), queries_.end()};
}

}  // namespace blueshift
