#pragma once

#include <cstdint>
#include <memory>

#include "load/copy_job.h"
#include "load/object_store.h"

namespace blueshift::load {

// SplitReader holds the bytes of one input split in a buffer that parsers read and rewrite in place. The
// buffer is handed out as a shared_ptr so batches can keep it alive while their strings point into it; a
// refill always starts a new buffer (the unread tail copied over) and never touches an old one. For a
// split that starts inside a file, the bytes before its first line break belong to the previous split.
// Not thread-safe: one per task.
class SplitReader {
 public:
  static constexpr size_t kBufferBytes = 4 << 20;
  // How far past its end a split is read ahead for its last record (load/object_store.h OpenExpecting).
  static constexpr uint64_t kLastRecordSlack = 64 << 10;

  // What Open reads of a split's file: from the byte before the split (a record starts at the split's begin
  // only after a line break) to the end of the file, expecting to stop after `likely` bytes.
  struct FileRange {
    uint64_t offset = 0, size = 0, likely = 0;
  };
  static FileRange RangeOf(const InputSplit& split);

  Status Open(ObjectStore& store, const InputSplit& split, Compression compression,
              TextEncoding encoding = TextEncoding::kUtf8);
  // Reads [0, len) of buf, a chunk of a streamed split starting at `offset` of the decompressed file on line
  // `first_line`: all of the input there is (at_eof() from the start; Refill is never needed).
  void OpenChunk(const InputSplit& split, std::shared_ptr<char[]> buf, size_t len, uint64_t offset, int64_t first_line);

  char* begin() const { return buf_.get() + pos_; }
  char* end() const { return buf_.get() + len_; }
  bool at_eof() const { return eof_; }
  const std::shared_ptr<char[]>& buffer() const { return buf_; }
  // Marks the bytes before p as parsed.
  void Consume(char* p) { pos_ = static_cast<size_t>(p - buf_.get()); }
  // Reads more input after the unparsed tail. REQUIRES: !at_eof().
  Status Refill();
  // The offset in the (decompressed) file of p in the current buffer.
  uint64_t OffsetOf(const char* p) const { return buf_offset_ + static_cast<uint64_t>(p - buf_.get()); }
  // True when a record starting at p belongs to the next split.
  bool PastEnd(const char* p) const { return OffsetOf(p) >= end_; }
  // Line number (1-based) in the file of the first line of this split; counts the lines before it on first
  // use (only split pieces of plain files start inside a file).
  Result<int64_t> FirstLine(ObjectStore& store);
  // IGNOREHEADER n: how many of the file's first n lines start in this split. Reads the file before the split
  // only until n line breaks are seen, so this is cheap unless the split starts within the header.
  Result<int64_t> HeaderLinesIn(ObjectStore& store, int64_t n);

 private:
  Status SkipPartialLine();
  std::unique_ptr<ByteStream> stream_;
  std::shared_ptr<char[]> buf_;
  size_t cap_ = 0, pos_ = 0, len_ = 0;
  uint64_t buf_offset_ = 0;
  uint64_t end_ = UINT64_MAX;
  uint64_t split_begin_ = 0;
  std::string url_;
  bool eof_ = false;
  int64_t first_line_ = 0;  // 0 until counted
};

}  // namespace blueshift::load
