#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace blueshift {

// StringArena owns the bytes that a vector's string_views point at. Allocation is a bump pointer in
// 64 KiB chunks (larger strings get a chunk of their own). Other owners' buffers (a decoded block, say) can be
// kept alive with Retain() so views into them stay valid without a copy. Not thread-safe.
class StringArena {
 public:
  StringArena() = default;
  StringArena(const StringArena&) = delete;
  StringArena& operator=(const StringArena&) = delete;
  StringArena(StringArena&&) = default;
  StringArena& operator=(StringArena&&) = default;

  // Copies s into the arena; the returned view lives as long as the arena (or until Reset()).
  std::string_view Add(std::string_view s);
  // Space for n bytes, to be filled by the caller.
  char* Allocate(size_t n);
  void Retain(std::shared_ptr<const void> buffer) { retained_.push_back(std::move(buffer)); }
  void Reset();
  size_t bytes_allocated() const { return bytes_; }

 private:
  static constexpr size_t kChunkSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::shared_ptr<const void>> retained_;
  char* cur_ = nullptr;
  const char* cur_chunk_ = nullptr;  // the start of the kChunkSize chunk cur_ points into
  size_t left_ = 0;
  size_t bytes_ = 0;
};

}  // namespace blueshift
