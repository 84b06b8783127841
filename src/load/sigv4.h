#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace blueshift::load {

// AWS Signature Version 4 (the S3 flavour: the payload hash travels in x-amz-content-sha256 and paths are
// not normalized). Pure functions; thread-safe.
struct SigV4Request {
  std::string method;                                        // "GET"
  std::string path;                                          // URI-encoded absolute path: "/bucket/key%20x"
  std::vector<std::pair<std::string, std::string>> query;    // raw (not encoded) names and values
  std::vector<std::pair<std::string, std::string>> headers;  // every header to sign (host included)
  std::string payload_sha256;                                // hex; "UNSIGNED-PAYLOAD" allowed
};

struct SigV4Key {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;
  std::string service = "s3";
};

std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string HexEncode(std::string_view bytes);
// RFC 3986 unreserved characters pass; everything else is %XX. encode_slash=false keeps '/' (paths).
std::string UriEncode(std::string_view s, bool encode_slash);

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);
std::string CanonicalRequest(const SigV4Request& request, std::string* signed_headers);
// The Authorization header value for the request at amz_date ("20130524T000000Z").
std::string SigV4Authorization(const SigV4Request& request, const SigV4Key& key, const std::string& amz_date);

}  // namespace blueshift::load
