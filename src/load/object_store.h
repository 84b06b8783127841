#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "load/load_options.h"
#include "util/status.h"

namespace blueshift::load {

// ObjectInfo::size of a stream whose length is not known ahead (COPY FROM STDIN).
constexpr uint64_t kUnknownSize = UINT64_MAX;

struct ObjectInfo {
  std::string url;    // as the store names it: "s3://bucket/key" or an absolute local path
  uint64_t size = 0;  // or kUnknownSize
};

// A sequential reader over one object's bytes. Not thread-safe.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Up to n bytes into buf; 0 at the end.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

// ObjectStore is where COPY reads and UNLOAD writes: the local file system or S3. Thread-safe: one store
// serves every task of a statement.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // Every object whose URL starts with prefix (folders included, as S3 prefixes do), sorted by URL.
  virtual Result<std::vector<ObjectInfo>> List(const std::string& prefix) = 0;
  // One object's size; 58030 with "does not exist" when it is missing.
  virtual Result<ObjectInfo> Stat(const std::string& url) = 0;
  // Reads [offset, offset + size) of the object, size may run past its end.
  virtual Result<std::unique_ptr<ByteStream>> Open(const std::string& url, uint64_t offset, uint64_t size) = 0;
  // Open for a reader that will likely stop after the first `likely` bytes (an input split and its last
  // record): a store that reads ahead (S3) reads ahead only that far and fetches later bytes on demand.
  virtual Result<std::unique_ptr<ByteStream>> OpenExpecting(const std::string& url, uint64_t offset, uint64_t size,
                                                            uint64_t likely) {
    return Open(url, offset, size);
  }
  // A hint that OpenExpecting(url, offset, size, likely) is coming soon: a store that reads ahead starts
  // reading now, and that call takes over what was read. Stores keep only a few such reads (the oldest is
  // dropped); the default does nothing.
  virtual void Prefetch(const std::string& url, uint64_t offset, uint64_t size, uint64_t likely) {}
  // Writes an object whole (replacing it).
  virtual Status Put(const std::string& url, std::string_view data) = 0;
  virtual Status Delete(const std::string& url) = 0;

  Result<std::string> ReadAll(const std::string& url);
};

// The store for a URL: s3:// (S3 at AWS_ENDPOINT_URL or AWS, with the credentials), file:// or a path.
Result<std::unique_ptr<ObjectStore>> OpenObjectStore(const std::string& url, const Credentials& credentials);

// file:///a/b and relative paths become absolute paths.
std::string LocalPath(const std::string& url);
bool IsS3Url(const std::string& url);

}  // namespace blueshift::load
