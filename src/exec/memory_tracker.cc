#include "exec/memory_tracker.h"

#include <algorithm>

namespace blueshift {

namespace {
std::string FormatBytes(uint64_t bytes) {
  if (bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MB";
  if (bytes % (1 << 10) == 0) return std::to_string(bytes >> 10) + " kB";
  return std::to_string(bytes) + " bytes";
}
}  // namespace

bool MemoryTracker::TryReserve(uint64_t bytes) {
  uint64_t cur = used_.load(std::memory_order_relaxed);
  do {
    if (limit_ != 0 && cur + bytes > limit_) return false;
  } while (!used_.compare_exchange_weak(cur, cur + bytes, std::memory_order_relaxed));
  uint64_t now = cur + bytes;
  uint64_t peak = peak_.load(std::memory_order_relaxed);
  while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
  }
  return true;
}

void MemoryTracker::Release(uint64_t bytes) {
  used_.fetch_sub(bytes, std::memory_order_relaxed);
}

uint64_t MemoryTracker::chunk_size() const {
  constexpr uint64_t kMin = 16 << 10, kMax = 1 << 20;
  if (limit_ == 0) return kMax;
  return std::clamp<uint64_t>(limit_ / 64, kMin, kMax);
}

Status MemoryTracker::Exceeded(std::string_view what) const {
  return Status(ErrorCode::kOutOfMemory, "out of memory: " + std::string(what) +
                                             " needs more than the query's memory limit of " + FormatBytes(limit_) +
                                             " (raise it with SET wlm_query_slot_count or SET query_working_mem)");
}

MemoryReservation& MemoryReservation::operator=(MemoryReservation&& o) noexcept {
  if (this != &o) {
    Clear();
    tracker_ = o.tracker_;
    reserved_ = o.reserved_;
    o.reserved_ = 0;
  }
  return *this;
}

bool MemoryReservation::Resize(uint64_t bytes) {
  if (!tracker_) return true;
  uint64_t chunk = tracker_->chunk_size();
  uint64_t want = (bytes + chunk - 1) / chunk * chunk;
  if (want > reserved_) {
    if (!tracker_->TryReserve(want - reserved_)) return false;
    reserved_ = want;
  } else if (reserved_ - want >= 2 * chunk) {  // give back only clear surpluses, so sizes near a chunk edge
    tracker_->Release(reserved_ - want);       // do not reserve and release over and over
    reserved_ = want;
  }
  return true;
}

Status MemoryReservation::ResizeOrFail(uint64_t bytes, std::string_view what) {
  if (Resize(bytes)) return Status::OK();
  return tracker_->Exceeded(what);
}

void MemoryReservation::Clear() {
  if (tracker_ && reserved_) tracker_->Release(reserved_);
  reserved_ = 0;
}

uint64_t VectorMemory(const Vector& v) {
  uint64_t bytes = v.capacity() * (static_cast<uint64_t>(v.type().FixedWidth()) + 1);
  return bytes + v.string_bytes();
}

uint64_t BatchMemory(const Batch& b) {
  uint64_t bytes = 0;
  for (size_t c = 0; c < b.num_columns(); c++) bytes += VectorMemory(b.column(c));
  return bytes;
}

}  // namespace blueshift
