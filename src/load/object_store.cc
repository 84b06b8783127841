#include "load/object_store.h"

#include "load/local_store.h"
#include "load/s3_store.h"

namespace blueshift::load {

Result<std::unique_ptr<ObjectStore>> OpenObjectStore(const std::string& url, const Credentials& credentials) {
  if (IsS3Url(url)) return OpenS3Store(credentials);
  if (url.find("://") != std::string::npos && url.rfind("file://", 0) != 0)
    return Status(ErrorCode::kFeatureNotSupported,
                  "unsupported data source \"" + url + "\": use s3://, file:// or a path");
  return std::unique_ptr<ObjectStore>(std::make_unique<LocalStore>());
}

}  // namespace blueshift::load
