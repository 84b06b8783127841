#include "load/stdin_store.h"

namespace blueshift::load {

namespace {
Status NotStdin(const std::string& url) {
  return Status(ErrorCode::kIoError, "COPY FROM STDIN cannot read '" + url + "'");
}
}  // namespace

Result<std::vector<ObjectInfo>> StdinStore::List(const std::string& prefix) {
  if (prefix != kStdinUrl) return NotStdin(prefix);
  return std::vector<ObjectInfo>{{kStdinUrl, kUnknownSize}};
}

Result<ObjectInfo> StdinStore::Stat(const std::string& url) {
  if (url != kStdinUrl) return NotStdin(url);
  return ObjectInfo{kStdinUrl, kUnknownSize};
}

Result<std::unique_ptr<ByteStream>> StdinStore::Open(const std::string& url, uint64_t offset, uint64_t) {
  std::lock_guard<std::mutex> lock(mu_);
  if (url != kStdinUrl || offset != 0 || !stream_) return NotStdin(url);
  return std::move(stream_);
}

Status StdinStore::Put(const std::string& url, std::string_view) {
  return NotStdin(url);
}

Status StdinStore::Delete(const std::string& url) {
  return NotStdin(url);
}

}  // namespace blueshift::load
