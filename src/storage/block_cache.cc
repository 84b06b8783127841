#include "storage/block_cache.h"

#include <unistd.h>

#include <atomic>
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

RawBlockCache& RawBlockCache::Global() {
  static RawBlockCache* cache = new RawBlockCache();
  return *cache;
}

uint64_t RawBlockCache::NewScope() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

size_t RawBlockCache::DefaultBudget() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return size_t{256} << 20;
  return static_cast<size_t>(pages) * static_cast<size_t>(page) / 4;
}

size_t RawBlockCache::KeyHash::operator()(const Key& k) const {
  uint64_t h = k.scope * 0x9E3779B97F4A7C15ULL;
  h ^= (static_cast<uint64_t>(k.table) << 32 | k.slice) + 0x632BE59BD9B4E019ULL + (h << 6) + (h >> 2);
  h ^= k.segment + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  h ^= (k.offset << 1 | (k.expanded ? 1 : 0)) + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return static_cast<size_t>(h);
}

void RawBlockCache::SetBudget(size_t bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  budget_ = bytes;
  EvictLocked();
}

size_t RawBlockCache::budget() const {
  std::lock_guard<std::mutex> lock(mu_);
  return budget_;
}

size_t RawBlockCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

std::shared_ptr<const std::string> RawBlockCache::Find(const Key& key) {
  if (key.scope == 0) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void RawBlockCache::Put(const Key& key, std::shared_ptr<const std::string> bytes) {
  if (key.scope == 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (bytes->size() > budget_ / 8 || index_.count(key)) return;
  bytes_ += bytes->size();
  lru_.emplace_front(key, std::move(bytes));
  index_[key] = lru_.begin();
  EvictLocked();
}

void RawBlockCache::EvictLocked() {
  while (bytes_ > budget_ && !lru_.empty()) {
    bytes_ -= lru_.back().second->size();
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

}  // namespace blueshift::storage
