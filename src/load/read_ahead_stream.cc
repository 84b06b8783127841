#include "load/read_ahead_stream.h"

#include <algorithm>
#include <cstring>
#include <exception>

namespace blueshift::load {

ReadAheadStream::ReadAheadStream(Fetch fetch, uint64_t offset, uint64_t size, uint64_t likely, Ranges ranges)
    : fetch_(std::move(fetch)),
      offset_(offset),
      size_(size),
      likely_end_(offset + std::min(size, likely)),
      ranges_(ranges) {
  if (size_ == 0) {
    done_ = true;
    return;
  }
  thread_ = std::thread([this] {
    try {
      Run();
    } catch (const std::exception& e) {  // bad_alloc of a range
      std::lock_guard<std::mutex> lock(mu_);
      error_ = Status(ErrorCode::kIoError, std::string("reading ahead failed: ") + e.what());
      done_ = true;
      cv_.notify_all();
    }
  });
}

ReadAheadStream::~ReadAheadStream() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    cancel_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool ReadAheadStream::WaitForTurn(std::unique_lock<std::mutex>& lock, uint64_t at) {
  if (at < likely_end_) {
    cv_.wait(lock, [&] { return cancel_ || ready_bytes_ < ranges_.ahead_bytes; });
  } else {
    cv_.wait(lock, [&] { return cancel_ || (waiting_ && ready_.empty()); });
  }
  return !cancel_;
}

void ReadAheadStream::Run() {
  const uint64_t end = offset_ + size_;
  uint64_t at = offset_;
  uint64_t range = ranges_.first_range;
  bool past_likely = false;
  while (at < end) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (!WaitForTurn(lock, at)) return;
    }
    if (at >= likely_end_ && !past_likely) {
      past_likely = true;  // on demand from here: start small again
      range = ranges_.first_range;
    }
    uint64_t want = std::min(range, end - at);
    if (at < likely_end_) want = std::min(want, likely_end_ - at);
    range = std::min(range * 2, ranges_.max_range);
    Result<std::string> got = fetch_(at, want, cancel_);
    std::lock_guard<std::mutex> lock(mu_);
    if (!got.ok() || got->empty()) {
      if (!got.ok()) error_ = got.status();
      break;
    }
    at += got->size();
    ready_bytes_ += got->size();
    ready_.push_back(std::move(*got));
    cv_.notify_all();
  }
  std::lock_guard<std::mutex> lock(mu_);
  done_ = true;
  cv_.notify_all();
}

Result<size_t> ReadAheadStream::Read(char* buf, size_t n) {
  if (pos_ == current_.size()) {
    std::unique_lock<std::mutex> lock(mu_);
    waiting_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return !ready_.empty() || done_; });
    waiting_ = false;
    if (ready_.empty()) {
      if (!error_.ok()) return error_;
      return size_t{0};
    }
    current_ = std::move(ready_.front());
    ready_.pop_front();
    ready_bytes_ -= current_.size();
    pos_ = 0;
    cv_.notify_all();
  }
  size_t k = std::min(n, current_.size() - pos_);
  std::memcpy(buf, current_.data() + pos_, k);
  pos_ += k;
  return k;
}

}  // namespace blueshift::load
