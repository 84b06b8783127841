#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace blueshift::server {

// The server side of one SCRAM-SHA-256 exchange (RFC 5802 / RFC 7677, no channel binding), checked against
// a stored verifier "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>" (catalog/password.h). Steps:
// ClientFirst(client-first-message) -> server-first-message; ClientFinal(client-final-message) ->
// server-final-message when the proof is right. Any malformed message or wrong proof is an error; the
// caller reports every failure the same way. One exchange per object; not thread-safe.
class ScramExchange {
 public:
  // REQUIRES: verifier in the stored format; a malformed one fails every exchange.
  explicit ScramExchange(std::string verifier) : verifier_(std::move(verifier)) {}

  Result<std::string> ClientFirst(std::string_view message);
  Result<std::string> ClientFinal(std::string_view message);

 private:
  Status ParseVerifier();

  std::string verifier_;
  int iterations_ = 0;
  std::string salt_b64_;
  std::string stored_key_;
  std::string server_key_;
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string nonce_;
};

}  // namespace blueshift::server
