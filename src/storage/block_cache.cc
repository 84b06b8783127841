#include "storage/block_cache.h"

#include <cstring>

namespace blueshift::storage {
namespace {

size_t BlockBytes(const DecodedBlock& b) {
  return b.values_bytes + b.validity.size() + (b.owner ? b.owner->size() : 0) + sizeof(DecodedBlock);
}

}  // namespace

DecodedBlockCache& DecodedBlockCache::Global() {
  static DecodedBlockCache* cache = new DecodedBlockCache();
  return *cache;
}

std::string DecodedBlockCache::Key(std::string_view path, const BlockInfo& info, std::string_view bytes) {
  std::string key(path);
  char tail[8 + 4 + 4];
  uint32_t crc = 0;
  if (bytes.size() >= 4) std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
  uint32_t size = info.size;
  std::memcpy(tail, &info.offset, 8);
  std::memcpy(tail + 8, &size, 4);
  std::memcpy(tail + 12, &crc, 4);
  key.push_back('\0');
  key.append(tail, sizeof tail);
  return key;
}

std::shared_ptr<const DecodedBlock> DecodedBlockCache::Find(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void DecodedBlockCache::Put(const std::string& key, std::shared_ptr<const DecodedBlock> block) {
  size_t bytes = BlockBytes(*block);
  if (bytes > kBudgetBytes / 4) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (index_.count(key)) return;
  lru_.emplace_front(key, std::move(block));
  index_[key] = lru_.begin();
  bytes_ += bytes;
  while (bytes_ > kBudgetBytes && !lru_.empty()) {
    bytes_ -= BlockBytes(*lru_.back().second);
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

}  // namespace blueshift::storage
