#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "server/message_reader.h"
#include "server/message_writer.h"
#include "util/status.h"

namespace blueshift::server {

// What a client asked for in the startup phase.
struct StartupRequest {
  enum class Kind { kSession, kCancel };
  Kind kind = Kind::kSession;
  // kSession: the startup packet's parameters ("user", "database", "application_name", ...).
  std::map<std::string, std::string> params;
  // kCancel: the key of the session whose statement to cancel.
  int32_t cancel_process_id = 0;
  int32_t cancel_secret_key = 0;
};

// Reads startup-phase packets until a protocol 3.x startup packet or a CancelRequest. GSSENCRequest is
// answered 'N' (flushed at once) and reading goes on; so is SSLRequest when start_tls is null. With
// start_tls, SSLRequest is answered 'S' and start_tls runs the handshake (switching in and w to TLS); a
// second SSLRequest is 08P01. A 3.x minor version above 0 or "_pq_." options get a
// NegotiateProtocolVersion (buffered in w). Errors: 08P01 for a malformed packet, 0A000 for an unsupported
// protocol version, kIoError when the client goes away or the handshake fails.
Result<StartupRequest> ReadStartup(MessageReader* in, MessageWriter* w,
                                   const std::function<Status()>& start_tls = nullptr);

// The ParameterStatus values sent after authentication, in order.
std::vector<std::pair<std::string, std::string>> InitialParameterStatus(const std::string& user,
                                                                        const std::string& application_name,
                                                                        bool superuser = true);

}  // namespace blueshift::server
