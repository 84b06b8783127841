#include "server/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

#include "server/backend_messages.h"
#include "server/connection.h"
#include "server/log.h"

namespace blueshift::server {

namespace {

Status SocketError(const std::string& what) {
  return Status(ErrorCode::kIoError, what + ": " + std::strerror(errno));
}

std::string PeerName(const sockaddr_storage& addr) {
  char host[NI_MAXHOST] = "?";
  char port[NI_MAXSERV] = "?";
  getnameinfo(reinterpret_cast<const sockaddr*>(&addr), sizeof(addr), host, sizeof(host), port, sizeof(port),
              NI_NUMERICHOST | NI_NUMERICSERV);
  return std::string(host) + ":" + port;
}

// Refuses a connection without a thread: FATAL 53300 and close.
void Refuse(int fd) {
  MessageWriter w(fd);
  WriteErrorResponse(&w, Status(ErrorCode::kTooManyConnections, "sorry, too many clients already"), "FATAL");
  Status ignored = w.Flush();
  (void)ignored;
  close(fd);
}

}  // namespace

Server::Server(ServerOptions options, QueryEngine* engine)
    : options_(std::move(options)), engine_(engine), registry_(options_.max_connections) {}

Server::~Server() {
  if (listen_fd_ >= 0) close(listen_fd_);
  for (int fd : wake_fds_) {
    if (fd >= 0) close(fd);
  }
}

Status Server::Listen() {
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(options_.host.c_str(), std::to_string(options_.port).c_str(), &hints, &found);
  if (rc != 0) return Status(ErrorCode::kIoError, "could not resolve " + where + ": " + gai_strerror(rc));
  listen_fd_ = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    freeaddrinfo(found);
    return SocketError("could not create socket");
  }
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  rc = bind(listen_fd_, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (rc != 0) return SocketError("could not bind " + where);
  if (listen(listen_fd_, 128) != 0) return SocketError("could not listen on " + where);
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  if (pipe2(wake_fds_, O_CLOEXEC) != 0) return SocketError("could not create pipe");
  return Status::OK();
}

Status Server::Run() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fds_[0], POLLIN, 0}};
    int n = poll(fds, 2, -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return SocketError("poll failed");
    if (fds[1].revents != 0) break;
    if (fds[0].revents != 0) Accept();
  }
  close(listen_fd_);
  listen_fd_ = -1;
  TerminateAll();
  return Status::OK();
}

void Server::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return;
    shutting_down_ = true;
  }
  char byte = 1;
  ssize_t ignored = write(wake_fds_[1], &byte, 1);
  (void)ignored;
}

void Server::Accept() {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
  if (fd < 0) {
    if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED) LogLine(SocketError("accept failed").message());
    return;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  Spawn(fd, PeerName(addr));
}

void Server::Spawn(int fd, const std::string& peer) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (threads_ >= 2 * options_.max_connections) {
      LogLine("connection from " + peer + " refused: too many connection threads");
      Refuse(fd);
      return;
    }
    ++threads_;
  }
  try {
    std::thread([this, fd, peer] { ServeConnection(fd, peer); }).detach();
  } catch (const std::system_error& e) {
    LogLine("could not start a thread for " + peer + ": " + e.what());
    Refuse(fd);
    std::lock_guard<std::mutex> lock(mu_);
    --threads_;
  }
}

void Server::ServeConnection(int fd, std::string peer) {
  {
    Connection connection(fd, peer, engine_, &registry_, options_.auth);
    connection.UseTls(options_.tls);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (shutting_down_) connection.RequestTerminate();
      live_.insert(&connection);
    }
    connection.Run();
    std::lock_guard<std::mutex> lock(mu_);
    live_.erase(&connection);
  }
  std::lock_guard<std::mutex> lock(mu_);
  --threads_;
  idle_.notify_all();
}

void Server::TerminateAll() {
  std::unique_lock<std::mutex> lock(mu_);
  for (Connection* connection : live_) connection->RequestTerminate();
  idle_.wait(lock, [this] { return threads_ == 0; });
}

}  // namespace blueshift::server
