#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/batch.h"
#include "util/status.h"

namespace blueshift {

// MemoryTracker counts the memory one query's stateful operators hold (hash tables, sort buffers, window
// partitions, collected results) against the query's limit: wlm_query_slot_count slots of
// query_working_mem each (README, "Configuration"). Operators do not ask per allocation: each holds a
// MemoryReservation that grows in chunks, so the shared counter is touched once per chunk. Thread-safe.
class MemoryTracker {
 public:
  // limit 0: unlimited (the tracker still counts).
  explicit MemoryTracker(uint64_t limit = 0) : limit_(limit) {}
  MemoryTracker(const MemoryTracker&) = delete;
  MemoryTracker& operator=(const MemoryTracker&) = delete;

  // REQUIRES: nothing reserved yet (set before the query runs).
  void set_limit(uint64_t limit) { limit_ = limit; }
  uint64_t limit() const { return limit_; }
  // Takes `bytes` more; false (and nothing taken) when that would pass the limit.
  bool TryReserve(uint64_t bytes);
  void Release(uint64_t bytes);
  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  // The granularity reservations grow in: 1/64 of the limit, between 16 KiB and 1 MiB.
  uint64_t chunk_size() const;

  // Bytes written to spill files, for statistics (is_diskbased).
  void AddSpilled(uint64_t bytes) { spilled_.fetch_add(bytes, std::memory_order_relaxed); }
  uint64_t spilled() const { return spilled_.load(std::memory_order_relaxed); }

  // 53200 "out of memory" naming what needed the memory and the limit, for state that cannot spill.
  Status Exceeded(std::string_view what) const;

 private:
  uint64_t limit_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
  std::atomic<uint64_t> spilled_{0};
};

// MemoryReservation is one structure's share of a tracker (a slice's hash table, a sort buffer): the owner
// reports its size with Resize and the reservation takes or gives back whole chunks. Released when
// destroyed. Not thread-safe (one owner); a null tracker makes every call succeed.
class MemoryReservation {
 public:
  explicit MemoryReservation(MemoryTracker* tracker = nullptr) : tracker_(tracker) {}
  ~MemoryReservation() { Clear(); }
  MemoryReservation(MemoryReservation&& o) noexcept : tracker_(o.tracker_), reserved_(o.reserved_) { o.reserved_ = 0; }
  MemoryReservation& operator=(MemoryReservation&& o) noexcept;
  MemoryReservation(const MemoryReservation&) = delete;
  MemoryReservation& operator=(const MemoryReservation&) = delete;

  // Makes the reservation cover `bytes`. False when the tracker refuses; the reservation then keeps what
  // it had and the owner must shrink (spill) or fail with tracker()->Exceeded().
  [[nodiscard]] bool Resize(uint64_t bytes);
  // Resize, or the tracker's 53200 for `what`.
  Status ResizeOrFail(uint64_t bytes, std::string_view what);
  void Clear();
  uint64_t reserved() const { return reserved_; }
  MemoryTracker* tracker() const { return tracker_; }

 private:
  MemoryTracker* tracker_;
  uint64_t reserved_ = 0;
};

// What a vector or batch holds in memory: its value and validity arrays at capacity, and its strings.
uint64_t VectorMemory(const Vector& v);
uint64_t BatchMemory(const Batch& b);

}  // namespace blueshift
