#include "exec/pipeline.h"

#include <algorithm>
#include <exception>
#include <optional>

#include "exec/physical_scan.h"
#include "function/slice_number.h"
#include "types/date_style.h"
#include "types/datetime.h"
#include "types/time_zone.h"
#include "util/parallel.h"

namespace blueshift {

namespace {

void Build(const PhysicalOperator& op, Pipeline* p) {
  if (op.IsSink() && op.IsSource()) {  // a breaker: its output starts this pipeline
    p->source = &op;
    size_t first = op.SinksAllChildren() ? 0 : op.SinkChild();
    size_t last = op.SinksAllChildren() ? op.children.size() : first + 1;
    for (size_t c = first; c < last; c++) {
      auto child = std::make_unique<Pipeline>();
      child->sink = &op;
      Build(*op.children[c], child.get());
      p->dependencies.push_back(std::move(child));
    }
    return;
  }
  if (op.IsSink()) {  // a hash join: build side in its own pipeline, probe side streams through
    auto build = std::make_unique<Pipeline>();
    build->sink = &op;
    Build(*op.children[op.SinkChild()], build.get());
    p->dependencies.push_back(std::move(build));
    p->operators.insert(p->operators.begin(), &op);
    Build(*op.children[0], p);
    return;
  }
  if (op.IsSource()) {
    p->source = &op;
    return;
  }
  p->operators.insert(p->operators.begin(), &op);
  Build(*op.children[0], p);
}

// One task of a pipeline: pulls from the source and pushes each batch through the operators to the sink.
// Counts each step's rows and times its calls in the task's counters: one clock read as each call returns,
// the time since the previous read going to that step (the loop's own bookkeeping goes to the next call).
class PipelineTask {
 public:
  PipelineTask(ExecContext& ctx, const Pipeline& p, GlobalSinkState& global, const std::vector<StepProfile*>& steps,
               int task)
      : ctx_(ctx), p_(p), global_(global) {
    for (StepProfile* s : steps) counters_.push_back(&s->tasks[task]);
  }

  Status Run(int task) {
    for (StepCounters* c : counters_) {
      c->ran = true;
      c->start_us = ProfileWallMicros();
    }
    Status st = RunSteps(task);
    int64_t end = ProfileWallMicros();
    for (StepCounters* c : counters_) c->end_us = end;
    return st;
  }

 private:
  Status RunSteps(int task) {
    ASSIGN_OR_RETURN(auto source_state, p_.source->InitSource(ctx_, task));
    for (const auto* op : p_.operators) {
      ASSIGN_OR_RETURN(auto st, op->InitOperator(ctx_));
      states_.push_back(std::move(st));
    }
    outs_.resize(p_.operators.size());
    ASSIGN_OR_RETURN(local_, p_.sink->InitLocalSink(ctx_, global_));
    Batch in(p_.source->types());
    StepCounters& source = *counters_.front();
    last_ns_ = ProfileNanos();
    while (!finished_) {
      RETURN_IF_ERROR(ctx_.CheckCancel());
      in.Reset();
      Status st = p_.source->GetData(ctx_, *source_state, &in);
      source.time_ns += Lap();
      RETURN_IF_ERROR(st);
      if (in.count() == 0) break;
      source.rows += in.count();
      RETURN_IF_ERROR(Push(0, in));
    }
    p_.source->CollectSourceStats(*source_state, &source);
    for (size_t level = 0; level < p_.operators.size() && !finished_; level++) RETURN_IF_ERROR(Finish(level));
    StepCounters& sink = *counters_.back();
    sink.memory = std::max<uint64_t>(sink.memory, p_.sink->LocalSinkBytes(*local_));
    Lap();
    Status st = p_.sink->Combine(ctx_, global_, *local_);
    sink.time_ns += Lap();
    return st;
  }

  // Drains what operator `level` held back until its input ended, through the operators after it.
  Status Finish(size_t level) {
    const PhysicalOperator* op = p_.operators[level];
    Batch& out = Out(level);  // no Push is under way: the level's output batch is free
    while (!finished_) {
      RETURN_IF_ERROR(ctx_.CheckCancel());
      out.Reset();
      OperatorResult result = OperatorResult::kNeedMoreInput;
      Lap();
      Status st = op->FinishExecute(ctx_, &out, *states_[level], &result);
      counters_[level + 1]->time_ns += Lap();
      RETURN_IF_ERROR(st);
      if (out.count() > 0) RETURN_IF_ERROR(Push(level + 1, out));
      if (result != OperatorResult::kHaveMoreOutput) break;
    }
    return Status::OK();
  }

  Status Push(size_t level, Batch& in) {
    StepCounters& counters = *counters_[level + 1];
    if (level == p_.operators.size()) {
      counters.rows += in.count();
      Status st = p_.sink->Sink(ctx_, in, global_, *local_, &finished_);
      counters.time_ns += Lap();
      return st;
    }
    const PhysicalOperator* op = p_.operators[level];
    while (!finished_) {
      // One input batch can make unbounded output (a join whose keys all match): a cancel, a statement
      // timeout or a terminated session is seen between its output batches too.
      RETURN_IF_ERROR(ctx_.CheckCancel());
      Batch& out = Out(level);
      out.Reset();
      OperatorResult result = OperatorResult::kNeedMoreInput;
      Status st = op->Execute(ctx_, in, &out, *states_[level], &result);
      counters.time_ns += Lap();
      RETURN_IF_ERROR(st);
      counters.rows += out.count();
      if (out.count() > 0) RETURN_IF_ERROR(Push(level + 1, out));
      if (result == OperatorResult::kFinished) finished_ = true;
      if (result != OperatorResult::kHaveMoreOutput) break;
    }
    return Status::OK();
  }

  // The output batch of operator `level`, made when first needed: a task that gets no rows (a point lookup's
  // other slices) makes none, and a batch of kBatchSize rows per column is zeroed when made.
  Batch& Out(size_t level) {
    if (!outs_[level]) outs_[level].emplace(p_.operators[level]->types());
    return *outs_[level];
  }

  // Nanoseconds since the previous lap.
  int64_t Lap() {
    int64_t now = ProfileNanos();
    int64_t d = now - last_ns_;
    last_ns_ = now;
    return d;
  }

  ExecContext& ctx_;
  const Pipeline& p_;
  GlobalSinkState& global_;
  int64_t last_ns_ = 0;
  std::vector<StepCounters*> counters_;  // source, operators..., sink: this task's
  std::vector<std::unique_ptr<OperatorState>> states_;
  std::vector<std::optional<Batch>> outs_;
  std::unique_ptr<LocalSinkState> local_;
  bool finished_ = false;
};

Status RunTask(ExecContext& ctx, const Pipeline& p, GlobalSinkState& global, const std::vector<StepProfile*>& steps,
               int task) {
  try {
    ScopedSliceNumber slice(task);  // SLICE_NUM() in this task's steps
    PipelineTask t(ctx, p, global, steps, task);
    return t.Run(task);
  } catch (const std::bad_alloc&) {
    return Status(ErrorCode::kOutOfMemory, "out of memory");
  } catch (const std::exception& e) {
    return Status(ErrorCode::kInternal, std::string("internal error: ") + e.what());
  }
}

Status RunPipeline(ExecContext& ctx, const Pipeline& p) {
  for (const auto& dep : p.dependencies) RETURN_IF_ERROR(RunPipeline(ctx, *dep));
  // A sink fed by several pipelines (UNION ALL) keeps one global state across them.
  GlobalSinkState* g = ctx.sink_state(p.sink);
  if (!g) {
    ASSIGN_OR_RETURN(auto global, p.sink->InitGlobalSink(ctx));
    g = global.get();
    ctx.set_sink_state(p.sink, std::move(global));
  }
  int tasks = p.source->SourceTasks(ctx);
  ctx.set_source_share(p.source, p.source->InitSourceShare(ctx, tasks));
  std::vector<StepProfile*> steps = ctx.profile().AddSegment(p, tasks);
  // Tasks that cannot produce rows (a scan pruned to one slice) run on this thread, so a point lookup starts
  // no thread.
  std::vector<int> busy;
  const auto* scan = dynamic_cast<const PhysicalTableScan*>(p.source);
  for (int t = 0; t < tasks; t++) {
    if (!scan || scan->TaskMayHaveRows(ctx, t)) busy.push_back(t);
  }
  std::vector<Status> results(tasks);
  auto zone = SessionTimeZonePtr();  // the statement's time zone holds on its worker threads too
  const int64_t transaction_start = ScopedTransactionStart::Current();  // and its 'now'
  const DateStyle date_style = SessionDateStyle();                      // and its DateStyle
  // The busy tasks but the first on threads of their own; this thread runs the first and the idle ones.
  RunParallel(std::max<size_t>(busy.size(), 1), [&](size_t i) {
    if (i > 0) {
      ScopedSessionTimeZone scoped(zone);
      ScopedTransactionStart clock(transaction_start);
      ScopedDateStyle style(date_style);
      results[busy[i]] = RunTask(ctx, p, *g, steps, busy[i]);
      return;
    }
    for (int t = 0; t < tasks; t++) {
      if (std::find(busy.begin() + (busy.empty() ? 0 : 1), busy.end(), t) == busy.end()) {
        results[t] = RunTask(ctx, p, *g, steps, t);
      }
    }
  });
  for (auto& st : results) RETURN_IF_ERROR(st);
  StepProfile& sink = *steps.back();
  int64_t t0 = ProfileNanos();
  Status st = p.sink->Finalize(ctx, *g);
  sink.final_ns += ProfileNanos() - t0;
  sink.tasks[0].end_us = std::max(sink.tasks[0].end_us, ProfileWallMicros());
  sink.final_memory = std::max<uint64_t>(sink.final_memory, p.sink->GlobalSinkBytes(*g));
  if (st.ok() && p.sink->SinkSpilled(*g)) {
    for (auto& t : sink.tasks) t.disk_based = true;
  }
  return st;
}

}  // namespace

std::unique_ptr<Pipeline> BuildPipelines(const PhysicalOperator& root) {
  auto p = std::make_unique<Pipeline>();
  p->sink = &root;
  Build(*root.children[root.SinkChild()], p.get());
  return p;
}

Status ExecutePlan(ExecContext& ctx, const PhysicalOperator& root) {
  auto p = BuildPipelines(root);
  Status st = RunPipeline(ctx, *p);
  ctx.profile().Seal();
  // A failed statement's steps are kept too: STL_SCAN shows what an aborted query read.
  if (StatementProfiles* statement = StatementProfiles::Current()) statement->Add(ctx.shared_profile());
  return st;
}

}  // namespace blueshift
