#pragma once

#include <condition_variable>
#include <mutex>
#include <set>
#include <string>

#include "server/auth.h"
#include "server/query_engine.h"
#include "server/session_registry.h"
#include "server/tls.h"
#include "util/status.h"

namespace blueshift::server {

class Connection;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 5439;  // 0 picks a free port (see Server::port())
  // Sessions beyond this get FATAL 53300. Connection threads (sessions, cancel requests, rejections) are
  // capped at twice this; beyond that a connection is refused with 53300 from the accept loop.
  int max_connections = 500;
  AuthMethod auth = AuthMethod::kTrust;
  // When set, SSLRequest is answered 'S' and the session runs over TLS. Owned by the caller; outlives the
  // server.
  const TlsContext* tls = nullptr;
};

// Server accepts PostgreSQL protocol connections and serves each on its own thread (thread-per-
// connection; docs/format/wire.md). The engine must outlive the server.
class Server {
 public:
  Server(ServerOptions options, QueryEngine* engine);
  ~Server();  // REQUIRES: Run() has returned, or was never called
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. kIoError naming the address and the reason when that fails.
  Status Listen();
  // The bound port. REQUIRES: Listen() succeeded.
  int port() const { return port_; }
  // Accepts connections until Shutdown(); then ends every connection with FATAL 57P01 and returns once
  // all connection threads are gone. REQUIRES: Listen() succeeded.
  Status Run();
  // Any thread (not a signal handler): makes Run() stop. Idempotent.
  void Shutdown();

 private:
  void Accept();
  void Spawn(int fd, const std::string& peer);
  void ServeConnection(int fd, std::string peer);
  void TerminateAll();

  ServerOptions options_;
  QueryEngine* engine_;
  SessionRegistry registry_;
  int listen_fd_ = -1;
  int wake_fds_[2] = {-1, -1};  // a pipe: Shutdown() writes, Run() polls
  int port_ = 0;

  std::mutex mu_;
  std::condition_variable idle_;
  bool shutting_down_ = false;
  int threads_ = 0;
  std::set<Connection*> live_;
};

}  // namespace blueshift::server
