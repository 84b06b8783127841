#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift {

// POSIX file access for the storage layer, with errors as values: ENOSPC and EDQUOT become 53100 "disk
// full"; every other errno 58030 naming the operation, the path and strerror.
Status ErrnoStatus(std::string_view op, const std::string& path, int err);

// WritableFile writes a new file sequentially through a buffer. Sync() makes the bytes durable (the caller
// still fsyncs the directory for the name). Not thread-safe; the destructor closes without syncing.
class WritableFile {
 public:
  // exclusive: fail if the file exists (O_EXCL); otherwise truncate it.
  static Result<std::unique_ptr<WritableFile>> Create(const std::string& path, bool exclusive);
  ~WritableFile();
  WritableFile(const WritableFile&) = delete;
  WritableFile& operator=(const WritableFile&) = delete;

  Status Append(std::string_view data);
  Status Sync();   // flushes the buffer, then fsync
  Status Close();  // flushes the buffer and closes; no sync
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  WritableFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  Status Flush();
  std::string path_;
  int fd_;
  std::string buf_;
  uint64_t size_ = 0;
};

// RandomAccessFile reads byte ranges of an existing file. Thread-safe (pread).
class RandomAccessFile {
 public:
  static Result<std::unique_ptr<RandomAccessFile>> Open(const std::string& path);
  // Reads from bytes held in memory instead of a file (a segment in the write store); `name` is for messages.
  static std::unique_ptr<RandomAccessFile> FromMemory(std::shared_ptr<const std::string> bytes, std::string name);
  ~RandomAccessFile();
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;

  // Reads exactly n bytes at offset into out; a file too short for it is XX001.
  Status Read(uint64_t offset, size_t n, char* out) const;
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  RandomAccessFile(std::string path, int fd, uint64_t size) : path_(std::move(path)), fd_(fd), size_(size) {}
  std::string path_;
  int fd_;
  uint64_t size_;
  std::shared_ptr<const std::string> memory_;  // set for FromMemory (fd_ is then -1)
};

// The whole file; 58030 when it cannot be read (ENOENT included).
Result<std::string> ReadFileToString(const std::string& path);
// Durably replaces `path` with data: writes tmp_path, fsyncs it, renames it to path, fsyncs path's
// directory. On failure tmp_path is removed and path is untouched.
Status ReplaceFileDurably(const std::string& tmp_path, const std::string& path, std::string_view data);

Status SyncDir(const std::string& dir);
// Creates dir (one level) if it does not exist and fsyncs its parent so the entry is durable.
Status CreateDirDurably(const std::string& dir);
Status RemoveFile(const std::string& path);  // a missing file is not an error
Status RemoveDir(const std::string& path);   // empty directories only; missing is not an error
// Entry names in dir, without "." and "..", sorted.
Result<std::vector<std::string>> ListDir(const std::string& dir);
bool PathExists(const std::string& path);
bool IsDirectory(const std::string& path);
std::string DirName(const std::string& path);

// Testing only: while nonzero, every write(2) by WritableFile fails with this errno.
void SetWriteFaultForTesting(int err);
// The errno SetWriteFaultForTesting set (0: none), for writers that do not go through this file's functions.
int WriteFaultForTesting();

}  // namespace blueshift
