#include "util/file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

namespace blueshift {
namespace {

constexpr size_t kWriteBufferSize = 1 << 20;
std::atomic<int> g_write_fault{0};

Status WriteAll(int fd, const char* p, size_t n, const std::string& path) {
  while (n > 0) {
    int fault = g_write_fault.load(std::memory_order_relaxed);
    ssize_t w = fault ? (errno = fault, -1) : ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path, errno);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::OK();
}

}  // namespace

Status ErrnoStatus(std::string_view op, const std::string& path, int err) {
  if (err == ENOSPC || err == EDQUOT) return Status(ErrorCode::kDiskFull, "disk full");
  // A file size limit (RLIMIT_FSIZE, or the file system's largest file) is space running out for the write.
  if (err == EFBIG) return Status(ErrorCode::kDiskFull, "disk full: file size limit reached writing \"" + path + "\"");
  return Status(ErrorCode::kIoError, "could not " + std::string(op) + " file \"" + path + "\": " + std::strerror(err));
}

void SetWriteFaultForTesting(int err) {
  g_write_fault.store(err);
}

int WriteFaultForTesting() {
  return g_write_fault.load(std::memory_order_relaxed);
}

Result<std::unique_ptr<WritableFile>> WritableFile::Create(const std::string& path, bool exclusive) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
  int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return ErrnoStatus("create", path, errno);
  return std::unique_ptr<WritableFile>(new WritableFile(path, fd));
}

WritableFile::~WritableFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status WritableFile::Append(std::string_view data) {
  size_ += data.size();
  if (buf_.size() + data.size() <= kWriteBufferSize) {
    buf_.append(data);
    return Status::OK();
  }
  RETURN_IF_ERROR(Flush());
  if (data.size() >= kWriteBufferSize) return WriteAll(fd_, data.data(), data.size(), path_);
  buf_.append(data);
  return Status::OK();
}

Status WritableFile::Flush() {
  if (buf_.empty()) return Status::OK();
  Status st = WriteAll(fd_, buf_.data(), buf_.size(), path_);
  buf_.clear();
  return st;
}

Status WritableFile::Sync() {
  RETURN_IF_ERROR(Flush());
  if (::fsync(fd_) != 0) return ErrnoStatus("fsync", path_, errno);
  return Status::OK();
}

Status WritableFile::Close() {
  Status st = Flush();
  if (::close(fd_) != 0 && st.ok()) st = ErrnoStatus("close", path_, errno);
  fd_ = -1;
  return st;
}

Result<std::unique_ptr<RandomAccessFile>> RandomAccessFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoStatus("stat", path, err);
  }
  return std::unique_ptr<RandomAccessFile>(new RandomAccessFile(path, fd, static_cast<uint64_t>(st.st_size)));
}

std::unique_ptr<RandomAccessFile> RandomAccessFile::FromMemory(std::shared_ptr<const std::string> bytes,
                                                               std::string name) {
  uint64_t size = bytes->size();
  std::unique_ptr<RandomAccessFile> file(new RandomAccessFile(std::move(name), -1, size));
  file->memory_ = std::move(bytes);
  return file;
}

RandomAccessFile::~RandomAccessFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status RandomAccessFile::Read(uint64_t offset, size_t n, char* out) const {
  if (offset > size_ || n > size_ - offset) {
    return Status(ErrorCode::kDataCorrupted, "file \"" + path_ + "\" is shorter than its metadata says");
  }
  if (memory_) {
    std::memcpy(out, memory_->data() + offset, n);
    return Status::OK();
  }
  while (n > 0) {
    ssize_t r = ::pread(fd_, out, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ErrnoStatus("read", path_, errno);
    if (r == 0) return Status(ErrorCode::kDataCorrupted, "unexpected end of file \"" + path_ + "\"");
    out += r;
    offset += static_cast<uint64_t>(r);
    n -= static_cast<size_t>(r);
  }
  return Status::OK();
}

Result<std::string> ReadFileToString(const std::string& path) {
  ASSIGN_OR_RETURN(auto file, RandomAccessFile::Open(path));
  std::string out(file->size(), '\0');
  RETURN_IF_ERROR(file->Read(0, out.size(), out.data()));
  return out;
}

Status ReplaceFileDurably(const std::string& tmp_path, const std::string& path, std::string_view data) {
  Status st = [&]() -> Status {
    ASSIGN_OR_RETURN(auto file, WritableFile::Create(tmp_path, /*exclusive=*/false));
    RETURN_IF_ERROR(file->Append(data));
    RETURN_IF_ERROR(file->Sync());
    RETURN_IF_ERROR(file->Close());
    if (::rename(tmp_path.c_str(), path.c_str()) != 0) return ErrnoStatus("rename", tmp_path, errno);
    return Status::OK();
  }();
  if (!st.ok()) {
    (void)RemoveFile(tmp_path);
    return st;
  }
  return SyncDir(DirName(path));
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("fsync directory", dir, err);
  return Status::OK();
}

Status CreateDirDurably(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0755) != 0) {
    if (errno == EEXIST && IsDirectory(dir)) return Status::OK();
    return ErrnoStatus("create directory", dir, errno);
  }
  return SyncDir(DirName(dir));
}

Status RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("remove", path, errno);
  return Status::OK();
}

Status RemoveDir(const std::string& path) {
  if (::rmdir(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("remove directory", path, errno);
  return Status::OK();
}

Result<std::vector<std::string>> ListDir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return ErrnoStatus("list directory", dir, errno);
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

bool PathExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace blueshift
