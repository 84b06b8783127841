#include "load/split_reader.h"

#include <algorithm>
#include <cstring>

#include "load/decompress.h"

namespace blueshift::load {

SplitReader::FileRange SplitReader::RangeOf(const InputSplit& split) {
  FileRange r;
  r.offset = split.begin > 0 ? std::min(split.begin - 1, split.file_size) : 0;
  r.size = split.file_size - r.offset;
  // The split's last record ends a little past split.end (the rest belongs to the next split).
  r.likely = split.end >= split.file_size ? r.size : std::min(r.size, split.end - r.offset + kLastRecordSlack);
  return r;
}

Status SplitReader::Open(ObjectStore& store, const InputSplit& split, Compression compression, TextEncoding encoding) {
  url_ = split.url;
  end_ = split.end;
  split_begin_ = split.begin;
  const FileRange range = RangeOf(split);
  const uint64_t start = range.offset;
  ASSIGN_OR_RETURN(auto raw, store.OpenExpecting(split.url, range.offset, range.size, range.likely));
  stream_ = DecodeText(Decompress(std::move(raw), compression, split.url), encoding, split.url);
  buf_ = nullptr;
  cap_ = pos_ = len_ = 0;
  buf_offset_ = start;
  eof_ = false;
  first_line_ = split.begin == 0 ? 1 : 0;
  RETURN_IF_ERROR(Refill());
  if (split.begin > 0) RETURN_IF_ERROR(SkipPartialLine());
  return Status::OK();
}

void SplitReader::OpenChunk(const InputSplit& split, std::shared_ptr<char[]> buf, size_t len, uint64_t offset,
                            int64_t first_line) {
  stream_ = nullptr;
  url_ = split.url;
  end_ = UINT64_MAX;
  split_begin_ = offset;
  buf_ = std::move(buf);
  cap_ = len_ = len;
  pos_ = 0;
  buf_offset_ = offset;
  eof_ = true;
  first_line_ = first_line;
}

Status SplitReader::Refill() {
  size_t tail = len_ - pos_;
  size_t cap = std::max(kBufferBytes, tail * 2);
  std::shared_ptr<char[]> next(new char[cap + 1]);
  if (tail > 0) std::memcpy(next.get(), buf_.get() + pos_, tail);
  buf_offset_ += pos_;
  buf_ = std::move(next);
  cap_ = cap;
  pos_ = 0;
  len_ = tail;
  while (len_ < cap_ && !eof_) {
    ASSIGN_OR_RETURN(size_t n, stream_->Read(buf_.get() + len_, cap_ - len_));
    if (n == 0) eof_ = true;
    len_ += n;
  }
  buf_[len_] = '\0';
  return Status::OK();
}

// Skips through the first '\n' at or after split.begin - 1 (the buffer starts there).
Status SplitReader::SkipPartialLine() {
  while (true) {
    auto* nl = static_cast<char*>(std::memchr(begin(), '\n', end() - begin()));
    if (nl != nullptr) {
      Consume(nl + 1);
      return Status::OK();
    }
    Consume(end());
    if (eof_) return Status::OK();
    RETURN_IF_ERROR(Refill());
  }
}

Result<int64_t> SplitReader::HeaderLinesIn(ObjectStore& store, int64_t n) {
  if (split_begin_ == 0) return n;
  if (n <= 0) return 0;
  // Header lines are usually in the first 64 KiB: a store that reads ahead (S3) fetches only those unless
  // the loop asks for more.
  ASSIGN_OR_RETURN(auto s, store.OpenExpecting(url_, 0, split_begin_, 64 << 10));
  std::unique_ptr<char[]> buf(new char[64 << 10]);
  int64_t lines = 0;
  char last = '\n';
  while (true) {
    ASSIGN_OR_RETURN(size_t got, s->Read(buf.get(), 64 << 10));
    if (got == 0) break;
    lines += std::count(buf.get(), buf.get() + got, '\n');
    if (lines >= n) return 0;  // the header ends before this split
    last = buf[got - 1];
  }
  // Fewer than n line breaks before the split: its first line (as FirstLine counts it) may be a header line.
  first_line_ = lines + (last == '\n' ? 1 : 2);
  return std::max<int64_t>(0, n - first_line_ + 1);
}

Result<int64_t> SplitReader::FirstLine(ObjectStore& store) {
  if (first_line_ > 0) return first_line_;
  ASSIGN_OR_RETURN(auto s, store.Open(url_, 0, split_begin_));
  std::unique_ptr<char[]> buf(new char[1 << 20]);
  int64_t lines = 0;
  uint64_t read = 0;
  char last = '\n';
  while (true) {
    ASSIGN_OR_RETURN(size_t n, s->Read(buf.get(), 1 << 20));
    if (n == 0) break;
    lines += std::count(buf.get(), buf.get() + n, '\n');
    last = buf[n - 1];
    read += n;
  }
  // The split's first record starts after the first line break at or after begin - 1.
  first_line_ = lines + (last == '\n' ? 1 : 2);
  return first_line_;
}

}  // namespace blueshift::load
