#include "server/scram.h"

#include <openssl/crypto.h>

#include <cstdlib>

#include "catalog/password.h"

namespace blueshift::server {

namespace {

Status Malformed(const std::string& what) {
  return Status(ErrorCode::kProtocolViolation, "malformed SCRAM message (" + what + ")");
}

// The value of attribute `key` ("r", "p", ...) in a comma-separated SCRAM message, or "" if absent.
std::string Attribute(std::string_view message, char key) {
  size_t pos = 0;
  while (pos < message.size()) {
    size_t comma = message.find(',', pos);
    if (comma == std::string_view::npos) comma = message.size();
    std::string_view part = message.substr(pos, comma - pos);
    if (part.size() >= 2 && part[0] == key && part[1] == '=') return std::string(part.substr(2));
    pos = comma + 1;
  }
  return "";
}

}  // namespace

Status ScramExchange::ParseVerifier() {
  // SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>
  const std::string prefix = "SCRAM-SHA-256$";
  if (verifier_.rfind(prefix, 0) != 0) return Malformed("verifier");
  size_t colon = verifier_.find(':', prefix.size());
  size_t dollar = verifier_.find('$', prefix.size());
  size_t colon2 = dollar == std::string::npos ? std::string::npos : verifier_.find(':', dollar);
  if (colon == std::string::npos || dollar == std::string::npos || colon2 == std::string::npos || colon > dollar)
    return Malformed("verifier");
  iterations_ = std::atoi(verifier_.substr(prefix.size(), colon - prefix.size()).c_str());
  salt_b64_ = verifier_.substr(colon + 1, dollar - colon - 1);
  if (iterations_ <= 0 || !Base64Decode(verifier_.substr(dollar + 1, colon2 - dollar - 1), &stored_key_) ||
      !Base64Decode(verifier_.substr(colon2 + 1), &server_key_))
    return Malformed("verifier");
  return Status::OK();
}

Result<std::string> ScramExchange::ClientFirst(std::string_view message) {
  RETURN_IF_ERROR(ParseVerifier());
  // gs2-header: "n,," or "y,," (client supports channel binding, server advertised none); "p=" is refused.
  if (message.size() < 3 || (message[0] != 'n' && message[0] != 'y') || message[1] != ',')
    return Malformed("channel binding flag");
  size_t second = message.find(',', 2);
  if (second == std::string_view::npos) return Malformed("gs2 header");
  gs2_header_ = std::string(message.substr(0, second + 1));
  client_first_bare_ = std::string(message.substr(second + 1));
  std::string client_nonce = Attribute(client_first_bare_, 'r');
  if (client_nonce.empty()) return Malformed("nonce");
  nonce_ = client_nonce + Base64Encode(RandomBytes(18));
  server_first_ = "r=" + nonce_ + ",s=" + salt_b64_ + ",i=" + std::to_string(iterations_);
  return server_first_;
}

Result<std::string> ScramExchange::ClientFinal(std::string_view message) {
  size_t proof_pos = message.rfind(",p=");
  if (proof_pos == std::string_view::npos) return Malformed("proof");
  std::string without_proof(message.substr(0, proof_pos));
  std::string channel;
  if (!Base64Decode(Attribute(without_proof, 'c'), &channel) || channel != gs2_header_)
    return Malformed("channel binding");
  if (Attribute(without_proof, 'r') != nonce_) return Malformed("nonce");
  std::string proof;
  if (!Base64Decode(message.substr(proof_pos + 3), &proof) || proof.size() != stored_key_.size())
    return Malformed("proof");
  std::string auth_message = client_first_bare_ + "," + server_first_ + "," + without_proof;
  std::string signature = HmacSha256(stored_key_, auth_message);
  std::string client_key(proof.size(), '\0');
  for (size_t i = 0; i < proof.size(); i++) client_key[i] = static_cast<char>(proof[i] ^ signature[i]);
  std::string check = Sha256(client_key);
  if (CRYPTO_memcmp(check.data(), stored_key_.data(), check.size()) != 0)
    return Status(ErrorCode::kInvalidPassword, "wrong SCRAM proof");
  return "v=" + Base64Encode(HmacSha256(server_key_, auth_message));
}

}  // namespace blueshift::server
