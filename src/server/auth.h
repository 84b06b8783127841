#pragma once

#include <string>

#include "server/message_reader.h"
#include "server/message_writer.h"
#include "util/status.h"

namespace blueshift::server {

// How a connecting user proves who they are. Only trust exists yet; MD5 and SCRAM-SHA-256 passwords will
// read PasswordMessage ('p') replies through the same reader.
enum class AuthMethod { kTrust };

// Runs the authentication exchange for user; on success AuthenticationOk is buffered in w. Errors are
// 28000/28P01 (sent FATAL by the caller) or kIoError.
Status Authenticate(AuthMethod method, const std::string& user, MessageReader* in, MessageWriter* w);

}  // namespace blueshift::server
