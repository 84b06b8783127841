#pragma once

#include <memory>
#include <string>

#include "load/object_store.h"

namespace blueshift::load {

// An ObjectStore over S3 at AWS_ENDPOINT_URL (path-style) or AWS itself (virtual-host style is not used:
// https://s3.<region>.amazonaws.com/<bucket>/<key>). Credentials come from the statement; with IAM_ROLE (or
// none) from the server's AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN.
Result<std::unique_ptr<ObjectStore>> OpenS3Store(const Credentials& credentials);

// The S3 endpoint for the whole process (`blueshift serve --s3-endpoint URL`); it wins over
// AWS_ENDPOINT_URL. Empty: use the environment. Thread-safe.
void SetS3Endpoint(std::string url);
std::string S3Endpoint();

}  // namespace blueshift::load
