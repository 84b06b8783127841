#include "main/insert_shape_cache.h"

#include <algorithm>

namespace blueshift {

const InsertShapeCache::Entry* InsertShapeCache::Find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e->key == key) return e.get();
  }
  return nullptr;
}

const InsertShapeCache::Entry* InsertShapeCache::FindPrepared(const sql::Statement* statement) const {
  for (const auto& e : entries_) {
    if (e->prepared == statement) return e.get();
  }
  return nullptr;
}

void InsertShapeCache::Add(std::unique_ptr<Entry> entry) {
  auto same = std::find_if(entries_.begin(), entries_.end(),
                           [&](const auto& e) { return e->key == entry->key && e->prepared == entry->prepared; });
  if (same != entries_.end()) entries_.erase(same);
  entries_.insert(entries_.begin(), std::move(entry));
  if (entries_.size() > kEntries) entries_.pop_back();
}

}  // namespace blueshift
