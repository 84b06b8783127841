#include "types/string_arena.h"

#include <cstring>

namespace blueshift {

namespace {
// An arena's first chunk: a vector that holds one string (a single-row INSERT's) should not cost a full
// chunk's allocation; an arena that fills it goes on with full chunks.
constexpr size_t kFirstChunkSize = 1024;
}  // namespace

char* StringArena::Allocate(size_t n) {
  if (n > left_) {
    size_t chunk = cur_chunk_ || n > kFirstChunkSize / 4 ? kChunkSize : kFirstChunkSize;
    size_t size = n > chunk / 4 ? n : chunk;
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    bytes_ += size;
    if (size == n) return chunks_.back().get();  // a big string: keep the current chunk for small ones
    cur_ = chunks_.back().get();
    cur_chunk_ = cur_;
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
  retained_.clear();
  // Keep the chunk being filled for the next round: most arenas belong to a vector reset once per batch,
  // and allocating (and freeing) a chunk per batch showed up in profiles.
  std::unique_ptr<char[]> keep;
  const size_t keep_size = cur_chunk_ ? static_cast<size_t>(cur_ - cur_chunk_) + left_ : 0;  // 1 KiB or a full one
  for (auto& c : chunks_) {
    if (c.get() == cur_chunk_) {
      keep = std::move(c);
      break;
    }
  }
  chunks_.clear();
  cur_ = nullptr;
  left_ = 0;
  bytes_ = 0;
  cur_chunk_ = keep.get();
  if (keep) {
    cur_ = keep.get();
    left_ = keep_size;
    bytes_ = keep_size;
    chunks_.push_back(std::move(keep));
  }
}

}  // namespace blueshift
