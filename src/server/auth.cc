#include "server/auth.h"

#include "server/backend_messages.h"

namespace blueshift::server {

Status Authenticate(AuthMethod method, const std::string& user, MessageReader* in, MessageWriter* w) {
  switch (method) {
    case AuthMethod::kTrust:
      WriteAuthenticationOk(w);
      return Status::OK();
  }
  return Status(ErrorCode::kInvalidAuthorization, "authentication failed for user \"" + user + "\"");
}

}  // namespace blueshift::server
