#include "load/copy_source.h"

#include <algorithm>
#include <chrono>

#include "load/copy_task.h"

namespace blueshift::load {

void CopyTask::RetainBuffer(Batch* out) {
  if (retained == reader.buffer().get()) return;
  retained = reader.buffer().get();
  std::shared_ptr<const void> keep(reader.buffer(), reader.buffer().get());
  for (size_t c = 0; c < out->num_columns(); c++) {
    if (out->column(c).type().IsString()) out->column(c).arena().Retain(keep);
  }
}

Status DecodeDelimited(CopyTask& task, Batch* out) {
  task.RetainBuffer(out);
  SplitReader& reader = task.reader;
  const CopyOptions& o = task.job.options;
  char* p = reader.begin();
  char* end = reader.end();
  while (out->count() < out->capacity()) {
    if (reader.PastEnd(p)) {
      task.split = nullptr;
      break;
    }
    char* next = nullptr;
    auto r = task.parser.NextRecord(p, end, reader.at_eof(), &next);
    if (r == DelimitedParser::Next::kEnd || r == DelimitedParser::Next::kNeedMore) {
      reader.Consume(p);
      if (reader.at_eof()) {
        task.split = nullptr;
        return Status::OK();
      }
      return reader.Refill();
    }
    RecordLocation where{task.split, &reader, task.line, reader.OffsetOf(p), task.parser.record(), p};
    task.line += task.parser.lines();
    p = next;
    if (task.header_left > 0) {
      task.header_left--;
      continue;
    }
    if (r == DelimitedParser::Next::kBadRecord) {
      RETURN_IF_ERROR(task.rows.RejectRecord(kErrInvalidLine, task.parser.error(), where));
      continue;
    }
    if (o.ignore_blank_lines && where.raw_line.empty()) continue;
    RETURN_IF_ERROR(task.rows.AddRecord(task.parser.fields(), out, where));
  }
  reader.Consume(p);
  return Status::OK();
}

PhysicalCopySource::PhysicalCopySource(std::shared_ptr<const CopyJob> job)
    : PhysicalOperator(job->table->ColumnTypes()), job_(std::move(job)) {}

std::string PhysicalCopySource::Detail() const {
  return std::to_string(job_->splits.size()) + " input split(s)";
}

int PhysicalCopySource::SourceTasks(ExecContext& ctx) const {
  // A streamed split is parsed by every slice.
  bool streamed = std::any_of(job_->splits.begin(), job_->splits.end(), [](const auto& s) { return s.streamed; });
  if (streamed) return std::max(1, ctx.num_slices());
  return std::max(1, std::min<int>(ctx.num_slices(), static_cast<int>(job_->splits.size())));
}

Result<std::unique_ptr<SourceState>> PhysicalCopySource::InitSource(ExecContext& ctx, int task) const {
  CopyProgress& progress = *job_->progress;
  const int tasks = SourceTasks(ctx);
  std::call_once(progress.scheduler_once, [&] {
    size_t chunk = static_cast<size_t>(std::min<uint64_t>(job_->split_bytes, SplitReader::kBufferBytes));
    progress.scheduler = std::make_unique<CopyScheduler>(*job_, tasks, chunk);
  });
  auto state = std::make_unique<CopyTask>(*job_);
  state->slice = task;
  return std::unique_ptr<SourceState>(std::move(state));
}

namespace {

const char* FormatName(DataFormat f) {
  switch (f) {
    case DataFormat::kJson:
      return "JSON";
    case DataFormat::kParquet:
      return "Parquet";
    default:
      return "Text";
  }
}

// Adds the split the task just finished to the load's STL_LOAD_COMMITS records.
void RecordSplitDone(const CopyTask& task, const InputSplit& split, int64_t scanned) {
  LoadCommitRecord c;
  c.query = task.job.query_id;
  c.slice = task.slice;
  c.filename = split.url;
  c.lines_scanned = scanned;
  c.curtime_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  c.file_format = FormatName(task.job.options.format);
  c.is_partial = split.begin > 0 || split.end < split.file_size;
  c.start_offset = static_cast<int64_t>(split.begin);
  std::lock_guard<std::mutex> lock(task.job.progress->mu);
  task.job.progress->commits.push_back(std::move(c));
}

}  // namespace

// Starts the task on its next piece of work; false when none is left.
Result<bool> PhysicalCopySource::StartWork(CopyTask& task) const {
  ASSIGN_OR_RETURN(CopyWork work, job_->progress->scheduler->Next(task.slice));
  if (work.split == nullptr) return false;
  const int64_t header = job_->options.ignore_header;
  task.split = work.split;
  task.stream = work.stream;
  task.line = 0;
  task.row_group_loaded = false;
  task.retained = nullptr;
  if (work.stream != nullptr) {
    const InputChunk& c = work.chunk;
    task.reader.OpenChunk(*work.split, c.buf, c.len, c.offset, c.first_line);
    task.header_left = c.offset == 0 ? header : 0;  // the first chunk holds the whole header
    return true;
  }
  task.header_left = task.split->begin == 0 ? header : 0;
  if (task.split->parquet) return true;
  RETURN_IF_ERROR(task.reader.Open(*job_->store, *task.split, job_->options.compression, job_->options.encoding));
  if (task.split->begin > 0 && header > 0) {
    ASSIGN_OR_RETURN(task.header_left, task.reader.HeaderLinesIn(*job_->store, header));
  }
  return true;
}

// The task finished its split or chunk: records the split in STL_LOAD_COMMITS once all of it is parsed.
void PhysicalCopySource::FinishWork(CopyTask& task, const InputSplit& split) const {
  int64_t scanned = split.parquet ? static_cast<int64_t>(task.next_row) : task.line;
  if (task.stream != nullptr) {
    StreamedSplit* stream = std::exchange(task.stream, nullptr);
    if (!job_->progress->scheduler->FinishChunk(stream, task.line, &scanned)) return;
  }
  RecordSplitDone(task, split, scanned);
}

Status PhysicalCopySource::GetData(ExecContext&, SourceState& state, Batch* out) const {
  auto& task = static_cast<CopyTask&>(state);
  CopyProgress& progress = *job_->progress;
  auto fail = [&](Status st) {
    progress.failed = true;
    progress.scheduler->Abort();
    return st;
  };
  task.retained = nullptr;
  while (out->count() < out->capacity()) {
    if (progress.failed) {
      out->set_count(0);
      return Status::OK();
    }
    if (task.split == nullptr) {
      Result<bool> started = StartWork(task);
      if (!started.ok()) return fail(started.status());
      if (!*started) break;
    }
    const InputSplit* current = task.split;
    Status st = job_->options.format == DataFormat::kJson      ? DecodeJson(task, out)
                : job_->options.format == DataFormat::kParquet ? DecodeParquet(task, out)
                                                               : DecodeDelimited(task, out);
    if (!st.ok()) return fail(st);
    if (task.split == nullptr) FinishWork(task, *current);
  }
  task.rows.FinishBatch(out);
  progress.rows += out->count();
  return Status::OK();
}

namespace {
struct DiscardGlobal : GlobalSinkState {
  std::atomic<uint64_t> rows{0};
};
}  // namespace

PhysicalDiscard::PhysicalDiscard(PhysicalOperatorPtr child) : PhysicalOperator({LogicalType::BigInt()}) {
  children.push_back(std::move(child));
}

Result<std::unique_ptr<GlobalSinkState>> PhysicalDiscard::InitGlobalSink(ExecContext&) const {
  return std::unique_ptr<GlobalSinkState>(std::make_unique<DiscardGlobal>());
}

Result<std::unique_ptr<LocalSinkState>> PhysicalDiscard::InitLocalSink(ExecContext&, GlobalSinkState&) const {
  return std::make_unique<LocalSinkState>();
}

Status PhysicalDiscard::Sink(ExecContext&, Batch& in, GlobalSinkState& global, LocalSinkState&, bool*) const {
  static_cast<DiscardGlobal&>(global).rows += in.count();
  return Status::OK();
}

Status PhysicalDiscard::Combine(ExecContext&, GlobalSinkState&, LocalSinkState&) const {
  return Status::OK();
}

uint64_t PhysicalDiscard::Rows(ExecContext& ctx, const PhysicalDiscard& op) {
  return static_cast<DiscardGlobal*>(ctx.sink_state(&op))->rows.load();
}

}  // namespace blueshift::load
