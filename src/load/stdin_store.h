#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "load/object_store.h"

namespace blueshift::load {

// StdinStore serves COPY ... FROM STDIN: one object, kStdinUrl, whose bytes come once from a stream (the
// client's CopyData) of kUnknownSize. It cannot be cut into byte ranges, reopened or written; COPY streams it
// in record-aligned chunks that every slice parses. Thread-safe.
class StdinStore : public ObjectStore {
 public:
  static constexpr const char* kStdinUrl = "stdin";

  explicit StdinStore(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& url) override;
  Result<std::unique_ptr<ByteStream>> Open(const std::string& url, uint64_t offset, uint64_t size) override;
  Status Put(const std::string& url, std::string_view data) override;
  Status Delete(const std::string& url) override;

 private:
  std::mutex mu_;
  std::unique_ptr<ByteStream> stream_;  // null once opened
};

}  // namespace blueshift::load
