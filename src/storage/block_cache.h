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

// RawBlockCache keeps the stored bytes of blocks that scans read from segment files, after their checksum
// verified, so that the next scan of the same block neither reads the file again nor recomputes the checksum
// (a resident working set is scanned from memory, as in other engines' buffer managers). Process-wide, least
// recently used first out, within a byte budget (`blueshift serve --block-cache`; 0 turns it off). A block
// is known by its store's instance (Store::cache_scope: never reused while the process runs), table, slice,
// segment id and place in the file: within one store a segment id is never reused and a segment file never
// changes, so an entry cannot go stale; entries of dropped segments age out. For a block of general-purpose
// compression (LZO, ZSTD) that a scan decompressed, it keeps the decompressed RAW payload too, under the
// same key marked `expanded`: a scan of a resident text column then costs no decompression (the
// "uncompressed cache" of ClickHouse). Both forms count against the budget. Thread-safe.
class RawBlockCache {
 public:
  struct Key {
    uint64_t scope = 0;  // 0: not cacheable
    uint32_t table = 0;
    uint32_t slice = 0;
    uint64_t segment = 0;
    uint64_t offset = 0;
    bool expanded = false;  // the block's RAW payload, decompressed (LZO and ZSTD blocks), not its bytes
    bool operator==(const Key&) const = default;
  };

  static RawBlockCache& Global();
  // A new scope for a store opened now (never 0).
  static uint64_t NewScope();
  // The default budget: a quarter of the machine's memory.
  static size_t DefaultBudget();

  void SetBudget(size_t bytes);
  size_t budget() const;
  size_t bytes() const;

  std::shared_ptr<const std::string> Find(const Key& key);
  void Put(const Key& key, std::shared_ptr<const std::string> bytes);

 private:
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  using Entry = std::pair<Key, std::shared_ptr<const std::string>>;
  void EvictLocked();  // REQUIRES: mu_ held

  mutable std::mutex mu_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<Key, std::list<Entry>::iterator, KeyHash> index_;
  size_t bytes_ = 0;
  size_t budget_ = DefaultBudget();
};

}  // namespace blueshift::storage
