#include "server/auth.h"

#include <chrono>
#include <thread>

#include "catalog/password.h"
#include "server/backend_messages.h"
#include "server/protocol.h"
#include "server/scram.h"

namespace blueshift::server {

namespace {

constexpr int32_t kAuthCleartext = 3;
constexpr int32_t kAuthMd5 = 5;
constexpr int32_t kAuthSasl = 10;
constexpr int32_t kAuthSaslContinue = 11;
constexpr int32_t kAuthSaslFinal = 12;

void WriteAuthRequest(MessageWriter* w, int32_t code, std::string_view data = {}) {
  w->Begin('R');
  w->AddInt32(code);
  w->AddBytes(data);
  w->End();
}

Status Failed(const std::string& user) {
  std::this_thread::sleep_for(std::chrono::milliseconds(kAuthFailureDelayMs));
  return Status(ErrorCode::kInvalidPassword, "password authentication failed for user \"" + user + "\"");
}

// Sends the request and reads the client's PasswordMessage payload.
Result<std::string> Exchange(MessageReader* in, MessageWriter* w) {
  RETURN_IF_ERROR(w->Flush());
  ASSIGN_OR_RETURN(Message reply, in->ReadMessage());
  if (reply.type != fe::kPassword)
    return Status(ErrorCode::kProtocolViolation,
                  "expected password response, got message type " + std::to_string(static_cast<uint8_t>(reply.type)));
  return std::move(reply.payload);
}

Result<bool> Cleartext(const std::string& user, const PasswordHashes& hashes, MessageReader* in, MessageWriter* w) {
  WriteAuthRequest(w, kAuthCleartext);
  ASSIGN_OR_RETURN(std::string payload, Exchange(in, w));
  PayloadReader r(payload);
  ASSIGN_OR_RETURN(std::string_view password, r.CString());
  return VerifyClearPassword(hashes, user, std::string(password));
}

// An md5 hash is "md5" + hex(md5(password || user)); the client answers "md5" + hex(md5(that hex || salt)).
Result<bool> Md5(const std::string& stored, MessageReader* in, MessageWriter* w) {
  std::string salt = RandomBytes(4);
  WriteAuthRequest(w, kAuthMd5, salt);
  ASSIGN_OR_RETURN(std::string payload, Exchange(in, w));
  PayloadReader r(payload);
  ASSIGN_OR_RETURN(std::string_view response, r.CString());
  if (stored.size() != 35) return false;  // no md5 hash: the exchange runs only so as to reveal nothing
  std::string expected = "md5" + Md5Hex(stored.substr(3) + salt);
  return response == expected;
}

Result<bool> Scram(const std::string& verifier, MessageReader* in, MessageWriter* w) {
  std::string mechanisms("SCRAM-SHA-256\0\0", 15);
  WriteAuthRequest(w, kAuthSasl, mechanisms);
  ASSIGN_OR_RETURN(std::string first, Exchange(in, w));
  PayloadReader r(first);
  ASSIGN_OR_RETURN(std::string_view mechanism, r.CString());
  ASSIGN_OR_RETURN(int32_t length, r.Int32());
  if (mechanism != "SCRAM-SHA-256" || length < 0 || static_cast<size_t>(length) != r.remaining())
    return Status(ErrorCode::kProtocolViolation, "invalid SASL initial response");
  ASSIGN_OR_RETURN(std::string_view client_first, r.Bytes(length));
  ScramExchange scram(verifier);
  auto server_first = scram.ClientFirst(client_first);
  if (!server_first.ok()) return false;
  WriteAuthRequest(w, kAuthSaslContinue, *server_first);
  ASSIGN_OR_RETURN(std::string client_final, Exchange(in, w));
  auto server_final = scram.ClientFinal(client_final);
  if (!server_final.ok()) return false;
  WriteAuthRequest(w, kAuthSaslFinal, *server_final);
  return true;
}

}  // namespace

Status Authenticate(AuthMethod method, const std::string& user, const std::optional<LoginUser>& account,
                    MessageReader* in, MessageWriter* w) {
  if (method == AuthMethod::kTrust) {
    if (!account) return Status(ErrorCode::kInvalidAuthorization, "user \"" + user + "\" does not exist");
    WriteAuthenticationOk(w);
    return Status::OK();
  }
  const PasswordHashes hashes = account ? account->password : PasswordHashes{};
  Result<bool> ok = false;
  if (!hashes.scram.empty()) {
    ok = Scram(hashes.scram, in, w);
  } else if (!hashes.sha256.empty()) {
    ok = Cleartext(user, hashes, in, w);
  } else {
    ok = Md5(hashes.md5, in, w);  // also for unknown users and users without a password: always fails
  }
  if (!ok.ok() && ok.status().code() == ErrorCode::kIoError) return ok.status();
  if (!ok.ok() || !*ok || !account || account->expired) return Failed(user);
  WriteAuthenticationOk(w);
  return Status::OK();
}

}  // namespace blueshift::server
