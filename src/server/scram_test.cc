#include "server/scram.h"

#include <gtest/gtest.h>

#include "catalog/password.h"

namespace blueshift::server {
namespace {

// The client side of SCRAM-SHA-256, as libpq computes it, for one exchange.
std::string ClientFinal(const std::string& password, const std::string& client_first_bare,
                        const std::string& server_first, std::string* expected_server_final) {
  auto attr = [&](char key) {
    size_t p = server_first.find(std::string(1, key) + "=");
    size_t e = server_first.find(',', p);
    return server_first.substr(p + 2, e == std::string::npos ? std::string::npos : e - p - 2);
  };
  std::string salt;
  EXPECT_TRUE(Base64Decode(attr('s'), &salt));
  int iterations = std::stoi(attr('i'));
  std::string salted = Pbkdf2Sha256(password, salt, iterations);
  std::string client_key = HmacSha256(salted, "Client Key");
  std::string stored_key = Sha256(client_key);
  std::string without_proof = "c=biws,r=" + attr('r');
  std::string auth_message = client_first_bare + "," + server_first + "," + without_proof;
  std::string signature = HmacSha256(stored_key, auth_message);
  std::string proof(client_key.size(), '\0');
  for (size_t i = 0; i < proof.size(); i++) proof[i] = static_cast<char>(client_key[i] ^ signature[i]);
  *expected_server_final = "v=" + Base64Encode(HmacSha256(HmacSha256(salted, "Server Key"), auth_message));
  return without_proof + ",p=" + Base64Encode(proof);
}

TEST(ScramTest, RightPasswordPassesAndServerSignatureMatches) {
  ScramExchange scram(MakeScramVerifier("Abcd1234"));
  std::string bare = "n=,r=rOprNGfwEbeRWgbNEkqO";
  auto first = scram.ClientFirst("n,," + bare);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->rfind("r=rOprNGfwEbeRWgbNEkqO", 0), 0u);  // the server extends the client's nonce
  std::string expected;
  auto final_message = scram.ClientFinal(ClientFinal("Abcd1234", bare, *first, &expected));
  ASSERT_TRUE(final_message.ok()) << final_message.status().message();
  EXPECT_EQ(*final_message, expected);
}

TEST(ScramTest, WrongPasswordAndTamperingFail) {
  std::string verifier = MakeScramVerifier("Abcd1234");
  std::string bare = "n=,r=abcdef";
  std::string expected;
  {
    ScramExchange scram(verifier);
    auto first = scram.ClientFirst("n,," + bare);
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(scram.ClientFinal(ClientFinal("Wrong1234", bare, *first, &expected)).ok());
  }
  {
    ScramExchange scram(verifier);
    auto first = scram.ClientFirst("n,," + bare);
    ASSERT_TRUE(first.ok());
    std::string msg = ClientFinal("Abcd1234", bare, *first, &expected);
    msg.replace(msg.find("r=") + 2, 1, "X");  // another nonce
    EXPECT_FALSE(scram.ClientFinal(msg).ok());
  }
  ScramExchange bad(verifier);
  EXPECT_FALSE(bad.ClientFirst("p=tls-server-end-point,,n=,r=x").ok());
  EXPECT_FALSE(bad.ClientFirst("n,,n=").ok());
  ScramExchange corrupt("not a verifier");
  EXPECT_FALSE(corrupt.ClientFirst("n,," + bare).ok());
}

}  // namespace
}  // namespace blueshift::server
