#pragma once

#include <string>
#include <string_view>

#include "catalog/security.h"
#include "types/varbyte.h"  // Base64Encode / Base64Decode
#include "util/status.h"

namespace blueshift {

// Turns CREATE/ALTER USER's PASSWORD argument into stored hashes. `spec` is one of
//   - a clear-text password, checked against Redshift's rules (8-64 characters, an upper-case letter, a
//     lower-case letter and a digit, ASCII 33-126 without ' " \ / @): gets an md5 hash and a SCRAM verifier;
//   - 'md5' + 32 hex digits (md5 of password || user name): kept as the md5 hash;
//   - 'sha256|<clear text>' (hashed here with a random salt) or 'sha256|<64 hex digits>|<salt>': kept as the
//     sha256 hash.
// Violations are 22023 with a message naming the broken rule. Thread-safe.
Result<PasswordHashes> HashPassword(const std::string& user, const std::string& spec);

// Whether `password` in clear text matches any stored hash of user.
bool VerifyClearPassword(const PasswordHashes& hashes, const std::string& user, const std::string& password);

// "md5" + hex(md5(a || b)): PostgreSQL's stored and wire MD5 forms.
std::string Md5Hex(std::string_view data);

// A SCRAM-SHA-256 verifier for password with a fresh random salt (RFC 7677), in the format described in
// docs/format/manifest.md.
std::string MakeScramVerifier(const std::string& password, int iterations = 4096);

// Cryptographically random bytes (OpenSSL RAND_bytes).
std::string RandomBytes(size_t n);

// HMAC-SHA-256, SHA-256 and PBKDF2-HMAC-SHA-256 (SCRAM's Hi()), raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string Sha256(std::string_view data);
std::string Pbkdf2Sha256(std::string_view password, std::string_view salt, int iterations);

}  // namespace blueshift
