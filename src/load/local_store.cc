#include "load/local_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include "util/file.h"

namespace blueshift::load {

namespace fs = std::filesystem;

namespace {

class LocalStream : public ByteStream {
 public:
  LocalStream(int fd, uint64_t offset, uint64_t size, std::string path)
      : fd_(fd), offset_(offset), left_(size), path_(std::move(path)) {}
  ~LocalStream() override { ::close(fd_); }

  Result<size_t> Read(char* buf, size_t n) override {
    if (left_ == 0) return size_t{0};
    n = static_cast<size_t>(std::min<uint64_t>(n, left_));
    ssize_t got;
    do {
      got = ::pread(fd_, buf, n, static_cast<off_t>(offset_));
    } while (got < 0 && errno == EINTR);
    if (got < 0) return ErrnoStatus("read", path_, errno);
    offset_ += static_cast<uint64_t>(got);
    left_ = got == 0 ? 0 : left_ - static_cast<uint64_t>(got);
    return static_cast<size_t>(got);
  }

 private:
  int fd_;
  uint64_t offset_;
  uint64_t left_;
  std::string path_;
};

void ListUnder(const fs::path& dir, const std::string& prefix, std::vector<ObjectInfo>* out) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string p = it->path().string();
    if (p.compare(0, prefix.size(), prefix) != 0) {
      if (it->is_directory(ec) && prefix.compare(0, p.size(), p) != 0) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    uint64_t size = it->file_size(ec);
    if (!ec) out->push_back({p, size});
  }
}

}  // namespace

std::string LocalPath(const std::string& url) {
  std::string p = url.rfind("file://", 0) == 0 ? url.substr(7) : url;
  if (!p.empty() && p[0] != '/') {
    std::error_code ec;
    p = (fs::current_path(ec) / p).string();
  }
  return p;
}

bool IsS3Url(const std::string& url) {
  return url.rfind("s3://", 0) == 0;
}

Result<std::string> ObjectStore::ReadAll(const std::string& url) {
  ASSIGN_OR_RETURN(ObjectInfo info, Stat(url));
  ASSIGN_OR_RETURN(auto stream, Open(info.url, 0, info.size));
  std::string out(info.size, '\0');
  size_t got = 0;
  while (got < out.size()) {
    ASSIGN_OR_RETURN(size_t n, stream->Read(out.data() + got, out.size() - got));
    if (n == 0) break;
    got += n;
  }
  out.resize(got);
  return out;
}

Result<std::vector<ObjectInfo>> LocalStore::List(const std::string& prefix_url) {
  std::string prefix = LocalPath(prefix_url);
  std::vector<ObjectInfo> out;
  std::error_code ec;
  if (fs::is_regular_file(prefix, ec)) out.push_back({prefix, static_cast<uint64_t>(fs::file_size(prefix, ec))});
  fs::path dir = fs::path(prefix).parent_path();
  if (fs::is_directory(dir, ec)) ListUnder(dir, prefix, &out);
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.url < b.url; });
  out.erase(
      std::unique(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.url == b.url; }),
      out.end());
  return out;
}

Result<ObjectInfo> LocalStore::Stat(const std::string& url) {
  std::string path = LocalPath(url);
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Status(ErrorCode::kIoError, "file \"" + path + "\" does not exist");
  return ObjectInfo{path, static_cast<uint64_t>(fs::file_size(path, ec))};
}

Result<std::unique_ptr<ByteStream>> LocalStore::Open(const std::string& url, uint64_t offset, uint64_t size) {
  std::string path = LocalPath(url);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", path, errno);
  return std::unique_ptr<ByteStream>(std::make_unique<LocalStream>(fd, offset, size, path));
}

Status LocalStore::Put(const std::string& url, std::string_view data) {
  std::string path = LocalPath(url);
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  ASSIGN_OR_RETURN(auto file, WritableFile::Create(path, false));
  RETURN_IF_ERROR(file->Append(data));
  return file->Close();
}

Status LocalStore::Delete(const std::string& url) {
  return RemoveFile(LocalPath(url));
}

}  // namespace blueshift::load
