#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "load/object_store.h"

namespace blueshift::load {

// ReadAheadStream reads [offset, offset + size) of a remote object as a sequence of ranged fetches made by
// its own thread ahead of the reader, so that the network (and the server) work while the reader parses.
// The first `likely` bytes are read ahead (ranges from first_range bytes doubling up to max_range, while
// fewer than ahead_bytes wait for the reader); the reader of a split is expected to stop soon after them, so
// bytes past them are fetched only when the reader asks for them (from first_range again, doubling).
// Destroying the stream stops its fetches (an in-flight one through the cancel flag) and joins the thread.
// Read is for one thread, as every ByteStream.
class ReadAheadStream : public ByteStream {
 public:
  // Returns the bytes of [offset, offset + size) of the object: fewer (or none) when it ends earlier. Stops
  // early with an error when cancel becomes true. Called on the stream's thread only.
  using Fetch = std::function<Result<std::string>(uint64_t offset, uint64_t size, const std::atomic<bool>& cancel)>;

  struct Ranges {
    uint64_t first_range = 1 << 20;
    uint64_t max_range = 8 << 20;
    uint64_t ahead_bytes = 16 << 20;
  };

  ReadAheadStream(Fetch fetch, uint64_t offset, uint64_t size, uint64_t likely, Ranges ranges);
  ~ReadAheadStream() override;
  ReadAheadStream(const ReadAheadStream&) = delete;
  ReadAheadStream& operator=(const ReadAheadStream&) = delete;

  // The first fetch error is returned once the bytes before it are read (and on every later call).
  Result<size_t> Read(char* buf, size_t n) override;

 private:
  void Run();
  // Under mu_: waits until the next range may be fetched; false when the stream is being destroyed.
  bool WaitForTurn(std::unique_lock<std::mutex>& lock, uint64_t at);

  const Fetch fetch_;
  const uint64_t offset_;
  const uint64_t size_;
  const uint64_t likely_end_;  // offset_ + likely: where reading ahead stops
  const Ranges ranges_;
  std::atomic<bool> cancel_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> ready_;  // guarded by mu_: fetched ranges in order
  uint64_t ready_bytes_ = 0;       // guarded by mu_: their size
  bool done_ = false;              // guarded by mu_: no more ranges will come
  bool waiting_ = false;           // guarded by mu_: the reader waits for a range
  Status error_;                   // guarded by mu_
  std::string current_;            // the range being read (reader only)
  size_t pos_ = 0;
  std::thread thread_;
};

}  // namespace blueshift::load
