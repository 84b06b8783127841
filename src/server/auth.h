#pragma once

#include <optional>
#include <string>

#include "catalog/security.h"
#include "server/message_reader.h"
#include "server/message_writer.h"
#include "util/status.h"

namespace blueshift::server {

// How a connecting user proves who they are: trust (anyone who names an existing user), or the user's
// password, by the strongest method its stored hashes allow: SCRAM-SHA-256 when a verifier is stored,
// else MD5, else (a Redshift sha256 hash) the clear-text password exchange.
enum class AuthMethod { kTrust, kPassword };

// A user as authentication sees it, from the latest committed catalog.
struct LoginUser {
  PasswordHashes password;
  bool superuser = false;
  bool expired = false;  // VALID UNTIL has passed
  int32_t connection_limit = -1;
};

// Runs the authentication exchange for `user` (`account` empty when no such user exists); on success
// AuthenticationOk is buffered in w. Every failure (unknown user, no password, wrong password, expired
// account, malformed exchange) is the same 28P01 "password authentication failed for user" after a delay,
// so a client learns nothing about which part was wrong; kIoError when the client goes away.
Status Authenticate(AuthMethod method, const std::string& user, const std::optional<LoginUser>& account,
                    MessageReader* in, MessageWriter* w);

// How long a failed password authentication waits before it answers.
inline constexpr int kAuthFailureDelayMs = 1000;

}  // namespace blueshift::server
