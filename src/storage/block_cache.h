#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/column_data.h"
#include "storage/segment.h"

namespace blueshift::storage {

// DecodedBlockCache keeps the blocks of general-purpose compression (ZSTD, LZO) that point reads decoded, so
// that the next point read of the same block (an UPDATE or a lookup by key: a zone map leads it to one block,
// of which it wants a row) does not decompress up to a megabyte again. Process-wide, least recently used
// first out, at most kBudgetBytes. A block is known by its file, place, size and stored checksum: segment
// files are immutable, and a new file at the same path holds other bytes. Scans that want most rows of a
// block do not use it. Cached blocks are never changed (they are fully decoded: no AZ64 or dictionary form
// kept). Thread-safe.
class DecodedBlockCache {
 public:
  static constexpr size_t kBudgetBytes = size_t{128} << 20;

  static DecodedBlockCache& Global();
  // The key of a block whose stored bytes (checksum last) are `bytes`.
  static std::string Key(std::string_view path, const BlockInfo& info, std::string_view bytes);

  std::shared_ptr<const DecodedBlock> Find(const std::string& key);
  void Put(const std::string& key, std::shared_ptr<const DecodedBlock> block);

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const DecodedBlock>>;
  std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace blueshift::storage
