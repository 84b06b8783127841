#pragma once

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

// One HTTP request through libcurl (HTTP/1.1, no redirects, 30 s connect / 10 min total timeout). A
// transport failure is 58030 naming the URL; any HTTP status is a response. Thread-safe.
Result<HttpResponse> HttpRequest(const std::string& method, const std::string& url,
                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                 std::string_view body);

}  // namespace blueshift::load
