#include "load/s3_store.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "load/http_client.h"
#include "load/read_ahead_stream.h"
#include "load/s3_xml.h"
#include "load/sigv4.h"

namespace blueshift::load {

namespace {

// Ranged GETs of a read: the first smaller so parsing starts early, doubling up to the largest, up to 32 MiB
// fetched ahead of the reader (load/read_ahead_stream.h), so that the transfer goes on while the reader's
// thread writes segments. Large: every request costs the server more than its bytes do (s3rver on loopback
// served SF 1 lineitem with 1.9 CPU s in 32 MiB ranges, 3.2 s in 8 MiB and 5.4 s in 1 MiB ones), and a
// split (32 MiB by default, its next one prefetched while it is parsed) takes three GETs: 8, 16 and the rest.
constexpr ReadAheadStream::Ranges kReadRanges{8 << 20, 32 << 20, 32 << 20};
// Reads started by Prefetch and not yet opened: COPY hints the next split while its tasks parse the current
// ones, one per task at most.
constexpr size_t kMaxPrefetched = 4;
constexpr size_t kPartSize = 5 << 20;  // S3's minimum part size; larger objects are uploaded in parts
constexpr int kMaxAttempts = 5;

struct S3Location {
  std::string bucket;
  std::string key;
};

Result<S3Location> ParseS3Url(const std::string& url) {
  if (!IsS3Url(url)) return Status(ErrorCode::kInvalidParameterValue, "not an s3:// URL: " + url);
  std::string rest = url.substr(5);
  size_t slash = rest.find('/');
  S3Location loc{rest.substr(0, slash), slash == std::string::npos ? "" : rest.substr(slash + 1)};
  if (loc.bucket.empty()) return Status(ErrorCode::kInvalidParameterValue, "no bucket in " + url);
  return loc;
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string AmzDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

class S3Store : public ObjectStore {
 public:
  S3Store(std::string endpoint, SigV4Key key, std::string token)
      : endpoint_(std::move(endpoint)), key_(std::move(key)), token_(std::move(token)) {
    size_t scheme = endpoint_.find("://");
    host_ = scheme == std::string::npos ? endpoint_ : endpoint_.substr(scheme + 3);
    while (!host_.empty() && host_.back() == '/') host_.pop_back();
    while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
  }

  Result<std::vector<ObjectInfo>> List(const std::string& prefix) override {
    ASSIGN_OR_RETURN(S3Location loc, ParseS3Url(prefix));
    std::vector<ObjectInfo> out;
    std::string token;
    do {
      std::vector<std::pair<std::string, std::string>> q = {{"list-type", "2"}, {"prefix", loc.key}};
      if (!token.empty()) q.emplace_back("continuation-token", token);
      ASSIGN_OR_RETURN(HttpResponse r, Send("GET", loc.bucket, "", q, {}, ""));
      RETURN_IF_ERROR(Check(r, "list " + prefix));
      for (const auto& c : XmlElements(r.body, "Contents")) {
        out.push_back({"s3://" + loc.bucket + "/" + XmlText(c, "Key"), std::stoull("0" + XmlText(c, "Size"))});
      }
      token = XmlText(r.body, "IsTruncated") == "true" ? XmlText(r.body, "NextContinuationToken") : "";
    } while (!token.empty());
    return out;
  }

  Result<ObjectInfo> Stat(const std::string& url) override {
    ASSIGN_OR_RETURN(S3Location loc, ParseS3Url(url));
    ASSIGN_OR_RETURN(HttpResponse r, Send("HEAD", loc.bucket, loc.key, {}, {}, ""));
    if (r.status == 404) return Status(ErrorCode::kIoError, "S3 object \"" + url + "\" does not exist");
    RETURN_IF_ERROR(Check(r, "stat " + url));
    return ObjectInfo{url, std::stoull("0" + r.headers["content-length"])};
  }

  Result<std::unique_ptr<ByteStream>> Open(const std::string& url, uint64_t offset, uint64_t size) override {
    return OpenExpecting(url, offset, size, size);
  }

  Result<std::unique_ptr<ByteStream>> OpenExpecting(const std::string& url, uint64_t offset, uint64_t size,
                                                    uint64_t likely) override {
    {
      std::lock_guard<std::mutex> lock(prefetched_mu_);
      for (auto it = prefetched_.begin(); it != prefetched_.end(); ++it) {
        if (it->url == url && it->offset == offset && it->size == size && it->likely == likely) {
          std::unique_ptr<ByteStream> s = std::move(it->stream);
          prefetched_.erase(it);
          return s;
        }
      }
    }
    ASSIGN_OR_RETURN(S3Location loc, ParseS3Url(url));
    return StartRead(std::move(loc), url, offset, size, likely);
  }

  void Prefetch(const std::string& url, uint64_t offset, uint64_t size, uint64_t likely) override {
    auto loc = ParseS3Url(url);
    if (!loc.ok()) return;  // OpenExpecting reports it
    Prefetched p{url, offset, size, likely, StartRead(std::move(*loc), url, offset, size, likely)};
    std::unique_ptr<ByteStream> dropped;  // destroyed (its fetch stopped) outside the lock
    std::lock_guard<std::mutex> lock(prefetched_mu_);
    prefetched_.push_back(std::move(p));
    if (prefetched_.size() > kMaxPrefetched) {
      dropped = std::move(prefetched_.front().stream);
      prefetched_.erase(prefetched_.begin());
    }
  }

  Status Put(const std::string& url, std::string_view data) override {
    ASSIGN_OR_RETURN(S3Location loc, ParseS3Url(url));
    if (data.size() > kPartSize) return PutMultipart(loc, url, data);
    ASSIGN_OR_RETURN(HttpResponse r, Send("PUT", loc.bucket, loc.key, {}, {}, data));
    return Check(r, "write " + url);
  }

  Status Delete(const std::string& url) override {
    ASSIGN_OR_RETURN(S3Location loc, ParseS3Url(url));
    ASSIGN_OR_RETURN(HttpResponse r, Send("DELETE", loc.bucket, loc.key, {}, {}, ""));
    if (r.status == 404) return Status::OK();
    return Check(r, "delete " + url);
  }

 private:
  Status PutMultipart(const S3Location& loc, const std::string& url, std::string_view data) {
    ASSIGN_OR_RETURN(HttpResponse start, Send("POST", loc.bucket, loc.key, {{"uploads", ""}}, {}, ""));
    RETURN_IF_ERROR(Check(start, "start multipart upload of " + url));
    std::string upload_id = XmlText(start.body, "UploadId");
    std::string complete = "<CompleteMultipartUpload>";
    int part = 1;
    for (size_t off = 0; off < data.size(); off += kPartSize, part++) {
      std::string_view piece = data.substr(off, kPartSize);
      ASSIGN_OR_RETURN(
          HttpResponse r,
          Send("PUT", loc.bucket, loc.key, {{"partNumber", std::to_string(part)}, {"uploadId", upload_id}}, {}, piece));
      RETURN_IF_ERROR(Check(r, "upload part of " + url));
      complete +=
          "<Part><PartNumber>" + std::to_string(part) + "</PartNumber><ETag>" + r.headers["etag"] + "</ETag></Part>";
    }
    complete += "</CompleteMultipartUpload>";
    ASSIGN_OR_RETURN(HttpResponse done, Send("POST", loc.bucket, loc.key, {{"uploadId", upload_id}}, {}, complete));
    return Check(done, "complete multipart upload of " + url);
  }

  std::unique_ptr<ByteStream> StartRead(S3Location loc, const std::string& url, uint64_t offset, uint64_t size,
                                        uint64_t likely) {
    auto fetch = [this, loc = std::move(loc), url](uint64_t at, uint64_t n, const std::atomic<bool>& cancel) {
      return GetRange(loc, url, at, n, cancel);
    };
    return std::make_unique<ReadAheadStream>(fetch, offset, size, likely, kReadRanges);
  }

  Result<std::string> GetRange(const S3Location& loc, const std::string& url, uint64_t offset, uint64_t size,
                               const std::atomic<bool>& cancel) {
    std::string range = "bytes=" + std::to_string(offset) + "-" + std::to_string(offset + size - 1);
    HttpOptions options{size, &cancel};
    ASSIGN_OR_RETURN(HttpResponse r, Send("GET", loc.bucket, loc.key, {}, {{"range", range}}, "", options));
    if (r.status == 416) return std::string();
    RETURN_IF_ERROR(Check(r, "read " + url));
    return std::move(r.body);
  }

  Status Check(const HttpResponse& r, const std::string& what) const {
    if (r.status >= 200 && r.status < 300) return Status::OK();
    std::string code = XmlText(r.body, "Code");
    std::string message = XmlText(r.body, "Message");
    std::string text = "S3 " + what + " failed: HTTP " + std::to_string(r.status) + (code.empty() ? "" : " " + code) +
                       (message.empty() ? "" : ": " + message);
    if (r.status == 403) return Status(ErrorCode::kInsufficientPrivilege, text);
    return Status(ErrorCode::kIoError, text);
  }

  // Signs and sends one request, retrying transport errors, 5xx and 429 with exponential backoff.
  Result<HttpResponse> Send(const std::string& method, const std::string& bucket, const std::string& key,
                            const std::vector<std::pair<std::string, std::string>>& query,
                            const std::vector<std::pair<std::string, std::string>>& extra, std::string_view body,
                            const HttpOptions& options = {}) {
    std::string path = "/" + UriEncode(bucket, true) + (key.empty() ? "" : "/" + UriEncode(key, false));
    std::string url = endpoint_ + path;
    std::string qs = CanonicalQuery(query);
    if (!qs.empty()) url += "?" + qs;
    Result<HttpResponse> last = Status(ErrorCode::kIoError, "S3 request not sent");
    for (int attempt = 0; attempt < kMaxAttempts; attempt++) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
      SigV4Request req{method, path, query, extra, Sha256Hex(body)};
      std::string date = AmzDate();
      req.headers.emplace_back("host", host_);
      req.headers.emplace_back("x-amz-date", date);
      req.headers.emplace_back("x-amz-content-sha256", req.payload_sha256);
      if (!token_.empty()) req.headers.emplace_back("x-amz-security-token", token_);
      auto headers = req.headers;
      headers.emplace_back("Authorization", SigV4Authorization(req, key_, date));
      last = HttpRequest(method, url, headers, body, options);
      if (options.cancel != nullptr && options.cancel->load()) return last;
      if (last.ok() && last->status < 500 && last->status != 429) return last;
    }
    return last;
  }

  struct Prefetched {
    std::string url;
    uint64_t offset, size, likely;
    std::unique_ptr<ByteStream> stream;
  };

  std::string endpoint_;
  std::string host_;
  SigV4Key key_;
  std::string token_;
  std::mutex prefetched_mu_;
  std::vector<Prefetched> prefetched_;  // oldest first; destroyed first (their reads use the members above)
};

}  // namespace

namespace {
std::mutex endpoint_mu;
std::string& EndpointOverride() {
  static std::string* url = new std::string();
  return *url;
}
}  // namespace

void SetS3Endpoint(std::string url) {
  std::lock_guard<std::mutex> lock(endpoint_mu);
  EndpointOverride() = std::move(url);
}

std::string S3Endpoint() {
  std::lock_guard<std::mutex> lock(endpoint_mu);
  return EndpointOverride();
}

Result<std::unique_ptr<ObjectStore>> OpenS3Store(const Credentials& c) {
  SigV4Key key;
  std::string token;
  if (!c.access_key_id.empty()) {
    key.access_key_id = c.access_key_id;
    key.secret_access_key = c.secret_access_key;
    token = c.session_token;
  } else {
    key.access_key_id = Env("AWS_ACCESS_KEY_ID");
    key.secret_access_key = Env("AWS_SECRET_ACCESS_KEY");
    token = Env("AWS_SESSION_TOKEN");
  }
  if (key.access_key_id.empty() || key.secret_access_key.empty())
    return Status(ErrorCode::kInvalidAuthorization,
                  "no S3 credentials: give ACCESS_KEY_ID and SECRET_ACCESS_KEY, CREDENTIALS, or start the server with "
                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for IAM_ROLE");
  key.region = !c.region.empty() ? c.region : !Env("AWS_REGION").empty() ? Env("AWS_REGION") : "us-east-1";
  std::string endpoint = S3Endpoint();
  if (endpoint.empty()) endpoint = Env("AWS_ENDPOINT_URL");
  if (endpoint.empty()) endpoint = "https://s3." + key.region + ".amazonaws.com";
  return std::unique_ptr<ObjectStore>(std::make_unique<S3Store>(endpoint, key, token));
}

}  // namespace blueshift::load
