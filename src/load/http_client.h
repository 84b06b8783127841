#pragma once

#include <atomic>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace blueshift::load {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower case
};

struct HttpOptions {
  // The expected size of the response body: its buffer is allocated once instead of growing.
  size_t body_size_hint = 0;
  // When it becomes true the transfer stops (a transport failure). Must outlive the request.
  const std::atomic<bool>* cancel = nullptr;
};

// One HTTP request through libcurl (HTTP/1.1, no redirects, 30 s connect / 10 min total timeout). A
// transport failure is 58030 naming the URL; any HTTP status is a response. Connections (and resolved names,
// TLS sessions) are kept alive in a process-wide pool and reused by later requests to the same host.
// Thread-safe.
Result<HttpResponse> HttpRequest(const std::string& method, const std::string& url,
                                 const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body,
                                 const HttpOptions& options = {});

}  // namespace blueshift::load
