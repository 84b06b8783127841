#include "types/string_arena.h"

#include <cstring>

namespace blueshift {

char* StringArena::Allocate(size_t n) {
  if (n > left_) {
    size_t size = n > kChunkSize / 4 ? n : kChunkSize;
    chunks_.push_back(std::make_unique<char[]>(size));
    bytes_ += size;
    if (size == n) return chunks_.back().get();  // a big string: keep the current chunk for small ones
    cur_ = chunks_.back().get();
    left_ = size;
  }
  char* p = cur_;
  cur_ += n;
  left_ -= n;
  return p;
}

std::string_view StringArena::Add(std::string_view s) {
  if (s.empty()) return {};
  char* p = Allocate(s.size());
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

void StringArena::Reset() {
  chunks_.clear();
  retained_.clear();
  cur_ = nullptr;
  left_ = 0;
  bytes_ = 0;
}

}  // namespace blueshift
