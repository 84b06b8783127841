#pragma once

#include "load/object_store.h"

namespace blueshift::load {

// LocalStore reads and writes files on this machine: COPY from a path or file:// URL is an extension of
// Redshift's for local use. Prefixes match like S3's: '/data/part' lists /data/part1, /data/part/x ...
class LocalStore : public ObjectStore {
 public:
  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override;
  Result<ObjectInfo> Stat(const std::string& url) override;
  Result<std::unique_ptr<ByteStream>> Open(const std::string& url, uint64_t offset, uint64_t size) override;
  Status Put(const std::string& url, std::string_view data) override;
  Status Delete(const std::string& url) override;
};

}  // namespace blueshift::load
