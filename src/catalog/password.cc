#include "catalog/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cctype>
#include <cstdlib>

namespace blueshift {
namespace {

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Status Rule(const std::string& what) {
  return Status(ErrorCode::kInvalidParameterValue, what);
}

Status CheckRules(const std::string& password) {
  if (password.size() < 8) return Rule("password must be at least 8 characters long");
  if (password.size() > 64) return Rule("password must be at most 64 characters long");
  bool upper = false, lower = false, digit = false;
  for (char c : password) {
    if (c < 33 || c > 126 || c == '\'' || c == '"' || c == '\\' || c == '/' || c == '@')
      return Rule("password must not contain spaces, ', \", \\, /, @ or non-printable characters");
    upper = upper || std::isupper(static_cast<unsigned char>(c));
    lower = lower || std::islower(static_cast<unsigned char>(c));
    digit = digit || std::isdigit(static_cast<unsigned char>(c));
  }
  if (!upper) return Rule("password must contain an uppercase character");
  if (!lower) return Rule("password must contain a lowercase character");
  if (!digit) return Rule("password must contain a number");
  return Status::OK();
}

std::string Sha256Form(const std::string& password, const std::string& salt) {
  return "sha256|" + Hex(Sha256(password + salt)) + "|" + salt;
}

}  // namespace

std::string Md5Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  return Hex(std::string_view(reinterpret_cast<char*>(digest), len));
}

std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<char*>(digest), sizeof(digest));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), sizeof(out), out);
  return std::string(reinterpret_cast<char*>(out), sizeof(out));
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    // Without randomness a salt or nonce is guessable; there is no safe fallback.
    std::abort();
  }
  return out;
}

std::string MakeScramVerifier(const std::string& password, int iterations) {
  std::string salt = RandomBytes(16);
  std::string salted = Pbkdf2Sha256(password, salt, iterations);
  std::string stored_key = Sha256(HmacSha256(salted, "Client Key"));
  std::string server_key = HmacSha256(salted, "Server Key");
  return "SCRAM-SHA-256$" + std::to_string(iterations) + ":" + Base64Encode(salt) + "$" + Base64Encode(stored_key) +
         ":" + Base64Encode(server_key);
}

Result<PasswordHashes> HashPassword(const std::string& user, const std::string& spec) {
  PasswordHashes h;
  if (spec.size() == 35 && spec.rfind("md5", 0) == 0 && IsHex(spec.substr(3))) {
    h.md5 = "md5" + spec.substr(3);
    for (char& c : h.md5) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return h;
  }
  if (spec.rfind("sha256|", 0) == 0) {
    std::string rest = spec.substr(7);
    size_t bar = rest.find('|');
    if (bar == std::string::npos) {
      RETURN_IF_ERROR(CheckRules(rest));
      h.sha256 = Sha256Form(rest, Hex(RandomBytes(8)));
      return h;
    }
    std::string digest = rest.substr(0, bar);
    if (digest.size() != 64 || !IsHex(digest) || bar + 1 >= rest.size())
      return Rule("invalid sha256 password hash: expected 'sha256|<64 hex digits>|<salt>'");
    h.sha256 = spec;
    return h;
  }
  RETURN_IF_ERROR(CheckRules(spec));
  h.md5 = "md5" + Md5Hex(spec + user);
  h.scram = MakeScramVerifier(spec);
  return h;
}

bool VerifyClearPassword(const PasswordHashes& hashes, const std::string& user, const std::string& password) {
  auto same = [](const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
  };
  if (!hashes.md5.empty()) return same(hashes.md5, "md5" + Md5Hex(password + user));
  if (!hashes.sha256.empty()) {
    size_t bar = hashes.sha256.rfind('|');
    return same(hashes.sha256, Sha256Form(password, hashes.sha256.substr(bar + 1)));
  }
  if (!hashes.scram.empty()) {
    // SCRAM-SHA-256$<iter>:<salt>$<stored>:<server>
    size_t colon = hashes.scram.find(':');
    size_t dollar = hashes.scram.find('$', colon);
    size_t colon2 = hashes.scram.find(':', dollar);
    if (colon == std::string::npos || dollar == std::string::npos || colon2 == std::string::npos) return false;
    int iterations = std::atoi(hashes.scram.substr(14, colon - 14).c_str());
    std::string salt;
    if (iterations <= 0 || !Base64Decode(hashes.scram.substr(colon + 1, dollar - colon - 1), &salt)) return false;
    std::string salted = Pbkdf2Sha256(password, salt, iterations);
    return same(hashes.scram.substr(dollar + 1, colon2 - dollar - 1),
                Base64Encode(Sha256(HmacSha256(salted, "Client Key"))));
  }
  return false;
}

}  // namespace blueshift
