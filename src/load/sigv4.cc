#include "load/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>

namespace blueshift::load {

std::string HexEncode(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return HexEncode(std::string_view(reinterpret_cast<char*>(md), sizeof(md)));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), md, &len);
  return std::string(reinterpret_cast<char*>(md), len);
}

std::string UriEncode(std::string_view s, bool encode_slash) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encode_slash)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> enc;
  for (const auto& [k, v] : query) enc.emplace_back(UriEncode(k, true), UriEncode(v, true));
  std::sort(enc.begin(), enc.end());
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

namespace {
std::string TrimHeaderValue(const std::string& v) {
  size_t b = v.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = v.find_last_not_of(" \t");
  std::string out;
  bool space = false;
  for (char c : v.substr(b, e - b + 1)) {  // sequential spaces collapse to one
    if (c == ' ') {
      if (!space) out += c;
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  return out;
}
}  // namespace

std::string CanonicalRequest(const SigV4Request& r, std::string* signed_headers) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [k, v] : r.headers) {
    std::string lower;
    for (char c : k) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers.emplace_back(lower, TrimHeaderValue(v));
  }
  std::sort(headers.begin(), headers.end());
  std::string canonical_headers;
  signed_headers->clear();
  for (const auto& [k, v] : headers) {
    canonical_headers += k + ":" + v + "\n";
    if (!signed_headers->empty()) *signed_headers += ';';
    *signed_headers += k;
  }
  return r.method + "\n" + r.path + "\n" + CanonicalQuery(r.query) + "\n" + canonical_headers + "\n" + *signed_headers +
         "\n" + r.payload_sha256;
}

std::string SigV4Authorization(const SigV4Request& request, const SigV4Key& key, const std::string& amz_date) {
  std::string signed_headers;
  std::string canonical = CanonicalRequest(request, &signed_headers);
  std::string date = amz_date.substr(0, 8);
  std::string scope = date + "/" + key.region + "/" + key.service + "/aws4_request";
  std::string to_sign = "AWS4-HMAC-SHA256\n" + amz_date + "\n" + scope + "\n" + Sha256Hex(canonical);
  std::string k = HmacSha256("AWS4" + key.secret_access_key, date);
  k = HmacSha256(k, key.region);
  k = HmacSha256(k, key.service);
  k = HmacSha256(k, "aws4_request");
  std::string signature = HexEncode(HmacSha256(k, to_sign));
  return "AWS4-HMAC-SHA256 Credential=" + key.access_key_id + "/" + scope + ",SignedHeaders=" + signed_headers +
         ",Signature=" + signature;
}

}  // namespace blueshift::load
