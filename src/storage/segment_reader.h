#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/block_cache.h"
#include "storage/column_data.h"
#include "storage/segment.h"
#include "util/file.h"

namespace blueshift::storage {

// FileSegmentReader reads a segment file through the block metadata of its SegmentMeta (copied, so the
// reader does not depend on the caller's version staying alive). It keeps the last decoded block of each
// column. Not thread-safe: one per scanning thread. The open file descriptor keeps the data readable even if
// the file is unlinked after a DROP or TRUNCATE commits. A write-store segment (meta.memory_image) is read
// from memory instead of `path`.
class FileSegmentReader : public SegmentReader {
 public:
  // cache_scope: the opening store's RawBlockCache scope (0: blocks are not cached).
  static Result<std::unique_ptr<SegmentReader>> Open(const std::string& path, const TableDef& table,
                                                     const SegmentMeta& meta, uint64_t cache_scope = 0);

  Status Read(const std::vector<int>& columns, uint64_t first_row, size_t count, Batch* out,
              const std::vector<uint32_t>* live = nullptr) override;
  uint64_t blocks_decoded() const override { return blocks_decoded_; }

 private:
  struct Cursor {
    int block = -1;  // index of the decoded block, -1 for none
    DecodedBlock decoded;
    std::shared_ptr<const DecodedBlock> shared;  // the block from DecodedBlockCache instead, when set
    const DecodedBlock& active() const { return shared ? *shared : decoded; }
  };
  FileSegmentReader(std::unique_ptr<RandomAccessFile> file, const TableDef& table, const SegmentMeta& meta,
                    uint64_t cache_scope);
  RawBlockCache::Key RawKey(const BlockInfo& info) const;
  // The stored bytes of a block: from RawBlockCache (*verified set) or read from the file.
  Result<std::shared_ptr<const std::string>> BlockBytes(const BlockInfo& info, bool* verified) const;

  Status ReadColumn(int column, uint64_t first_row, size_t count, Vector* out, const std::vector<uint32_t>* live);
  // point: the read wants few of the block's rows (DecodedBlockCache).
  Status LoadBlock(int column, int block, bool point);
  int FindBlock(int column, uint64_t row) const;
  Status Corrupt(int column, int block, const std::string& why) const;

  std::unique_ptr<RandomAccessFile> file_;
  std::string table_name_;  // schema.name
  Oid table_oid_;
  std::vector<std::string> column_names_;
  SegmentMeta meta_;
  std::vector<Cursor> cursors_;  // [column]
  uint64_t blocks_decoded_ = 0;
  uint64_t cache_scope_ = 0;  // 0 for a write-store segment, or when the opener did not give one
};

}  // namespace blueshift::storage
