#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/auth.h"
#include "server/extended_query.h"
#include "server/message_reader.h"
#include "server/message_writer.h"
#include "server/query_engine.h"
#include "server/session_registry.h"
#include "server/tls.h"

namespace blueshift::server {

// Connection serves one client socket from startup to goodbye on the calling thread: startup and
// authentication, then simple and extended queries until Terminate, end of input, a fatal protocol error
// or RequestTerminate(). Errors end at this connection: nothing it does touches another session. Owns the
// socket, which Run() closes before it returns.
class Connection {
 public:
  // engine and registry must outlive the connection. peer is for logs ("127.0.0.1:50312").
  Connection(int fd, std::string peer, QueryEngine* engine, SessionRegistry* registry, AuthMethod auth);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves the client; returns when the connection is over. Catches every exception.
  void Run();
  // Any thread: cancels the running statement and ends the connection with FATAL 57P01 "terminating
  // connection due to administrator command" as soon as its thread sees it.
  void RequestTerminate();
  // Offers TLS to clients that ask (SSLRequest). REQUIRES: before Run(); tls outlives the connection.
  void UseTls(const TlsContext* tls) { tls_context_ = tls; }

 private:
  Status RunSession();
  Result<bool> Startup();  // false: nothing more to do (a cancel request)
  Status OpenSession(const std::map<std::string, std::string>& params);
  Status ServeMessages();
  // Handles one message; false when the connection should end.
  Result<bool> Dispatch(const Message& message);
  Status SimpleQuery(const Message& message);
  Status ReadyForQuery();
  void SendError(const Status& status, const char* severity);
  void Finish(const Status& status);

  int fd_;
  std::string peer_;
  QueryEngine* engine_;
  SessionRegistry* registry_;
  AuthMethod auth_;
  const TlsContext* tls_context_ = nullptr;
  std::unique_ptr<TlsConnection> tls_;  // declared before reader_/writer_ use it; destroyed after
  MessageReader reader_;
  MessageWriter writer_;
  std::unique_ptr<EngineSession> session_;
  std::unique_ptr<ExtendedQuery> extended_;
  bool skip_until_sync_ = false;
  std::string who_;  // "pid=1000 user=awsuser database=dev" for logs
  std::atomic<bool> terminate_{false};
  std::mutex mu_;                  // guards key_ and fd_ against RequestTerminate
  std::optional<BackendKey> key_;  // set while the session is registered
};

}  // namespace blueshift::server
