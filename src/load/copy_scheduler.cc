#include "load/copy_scheduler.h"

#include <algorithm>
#include <cstring>

#include "load/decompress.h"
#include "load/split_reader.h"

namespace blueshift::load {

// A streamed split while it is being read: the (inflating) stream, the unfinished last record of the latest
// chunk (carried into the next one) and the chunks waiting for a task. Guarded by CopyScheduler::mu_, except
// the reading state, which only the task that set `producing` touches.
struct StreamedSplit {
  explicit StreamedSplit(const InputSplit* s) : split(s) {}
  const InputSplit* split;
  // Reading state.
  std::unique_ptr<ByteStream> in;  // opened by the first Produce
  std::shared_ptr<char[]> carry_buf;
  size_t carry_pos = 0, carry_len = 0;
  uint64_t next_offset = 0;
  int64_t next_line = 1;
  // Shared state.
  bool producing = false;
  bool eof = false;  // the last chunk (maybe empty) has been made
  std::deque<InputChunk> ready;
  int outstanding = 0;  // chunks handed to tasks and not finished
  int64_t lines = 0;    // lines of the finished chunks
};

CopyScheduler::CopyScheduler(const CopyJob& job, int tasks, size_t chunk_bytes)
    : job_(job),
      tasks_(std::max(tasks, 1)),
      chunk_bytes_(std::max<size_t>(chunk_bytes, 1)),
      scanner_(job.options),
      took_own_(tasks_, false),
      next_shared_(std::min(job.splits.size(), static_cast<size_t>(tasks_))) {}

CopyScheduler::~CopyScheduler() = default;

int CopyScheduler::TakeSplit(int task) {
  const size_t own = std::min(job_.splits.size(), static_cast<size_t>(tasks_));
  if (task >= 0 && static_cast<size_t>(task) < own && !took_own_[task]) {
    took_own_[task] = true;
    return task;
  }
  if (next_shared_ < job_.splits.size()) return static_cast<int>(next_shared_++);
  return -1;
}

Result<CopyWork> CopyScheduler::Next(int task) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!aborted_) {
    // Read while too few chunks wait, so that no task goes idle; one task per stream at a time.
    StreamedSplit* produce = nullptr;
    for (auto& s : active_) {
      if (!s->producing && !s->eof && s->ready.size() < static_cast<size_t>(tasks_)) {
        produce = s.get();
        break;
      }
    }
    if (produce != nullptr) {
      produce->producing = true;
      lock.unlock();
      InputChunk chunk;
      bool eof = false;
      Status st = Produce(*produce, &chunk, &eof);
      lock.lock();
      produce->producing = false;
      cv_.notify_all();
      if (!st.ok()) {
        aborted_ = true;
        return st;
      }
      // The last chunk is handed out even when empty: finishing it completes the split.
      if (chunk.len > 0 || eof) produce->ready.push_back(std::move(chunk));
      produce->eof = eof;
      continue;
    }
    for (auto& s : active_) {
      if (s->ready.empty()) continue;
      CopyWork work{s->split, s.get(), std::move(s->ready.front())};
      s->ready.pop_front();
      s->outstanding++;
      return work;
    }
    int i = TakeSplit(task);
    if (i >= 0) {
      const InputSplit* split = &job_.splits[i];
      if (!split->streamed) {
        const InputSplit* next = NextToPrefetch();
        lock.unlock();
        if (next != nullptr && job_.store != nullptr) {
          SplitReader::FileRange r = SplitReader::RangeOf(*next);
          job_.store->Prefetch(next->url, r.offset, r.size, r.likely);
        }
        return CopyWork{split, nullptr, {}};
      }
      active_.push_back(std::make_unique<StreamedSplit>(split));
      continue;
    }
    bool inflating = std::any_of(active_.begin(), active_.end(), [](const auto& s) { return s->producing; });
    if (!inflating) break;
    cv_.wait(lock);
  }
  return CopyWork{};
}

const InputSplit* CopyScheduler::NextToPrefetch() {
  if (next_shared_ >= job_.splits.size() || next_shared_ < prefetched_until_) return nullptr;
  const InputSplit& next = job_.splits[next_shared_];
  prefetched_until_ = next_shared_ + 1;
  return next.streamed || next.parquet ? nullptr : &next;
}

bool CopyScheduler::FinishChunk(StreamedSplit* stream, int64_t lines, int64_t* total_lines) {
  std::lock_guard<std::mutex> lock(mu_);
  stream->outstanding--;
  stream->lines += lines;
  if (!stream->eof || stream->producing || !stream->ready.empty() || stream->outstanding > 0) return false;
  *total_lines = stream->lines;
  active_.erase(std::find_if(active_.begin(), active_.end(), [&](const auto& s) { return s.get() == stream; }));
  return true;
}

void CopyScheduler::Abort() {
  std::lock_guard<std::mutex> lock(mu_);
  aborted_ = true;
  cv_.notify_all();
}

Status CopyScheduler::Produce(StreamedSplit& s, InputChunk* chunk, bool* eof) {
  const InputSplit& split = *s.split;
  if (!s.in) {
    ASSIGN_OR_RETURN(auto raw, job_.store->Open(split.url, 0, split.file_size));
    s.in =
        DecodeText(Decompress(std::move(raw), job_.options.compression, split.url), job_.options.encoding, split.url);
  }
  // JSON has no header; the first chunk holds the whole header of delimited text.
  const int64_t header = job_.options.format == DataFormat::kJson ? 0 : job_.options.ignore_header;
  size_t cap = std::max(chunk_bytes_, s.carry_len * 2);
  std::shared_ptr<char[]> buf(new char[cap]);
  if (s.carry_len > 0) std::memcpy(buf.get(), s.carry_buf.get() + s.carry_pos, s.carry_len);
  size_t len = s.carry_len;
  size_t cut = 0;
  bool at_eof = false;
  while (true) {
    while (len < cap && !at_eof) {
      ASSIGN_OR_RETURN(size_t n, s.in->Read(buf.get() + len, cap - len));
      at_eof = n == 0;
      len += n;
    }
    if (at_eof) {
      cut = len;
      break;
    }
    const char* boundary = scanner_.LastBoundary(buf.get(), buf.get() + len, s.next_offset == 0 ? header : 0);
    if (boundary != nullptr) {
      cut = static_cast<size_t>(boundary - buf.get());
      break;
    }
    // A record (or the header) longer than the buffer: make room for more of it.
    std::shared_ptr<char[]> bigger(new char[cap * 2]);
    std::memcpy(bigger.get(), buf.get(), len);
    buf = std::move(bigger);
    cap *= 2;
  }
  chunk->buf = buf;
  chunk->len = cut;
  chunk->offset = s.next_offset;
  chunk->first_line = s.next_line;
  s.next_line += std::count(buf.get(), buf.get() + cut, '\n');
  s.next_offset += cut;
  s.carry_buf = std::move(buf);
  s.carry_pos = cut;
  s.carry_len = len - cut;
  *eof = at_eof;
  return Status::OK();
}

}  // namespace blueshift::load
