#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "util/status.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace blueshift::server {

class TlsConnection;

// TlsContext is the server's TLS configuration: its certificate chain and private key (PEM files), loaded
// once. Thread-safe after Load; outlives every connection using it.
class TlsContext {
 public:
  // kIoError naming the file and OpenSSL's reason when a file cannot be used.
  static Result<std::unique_ptr<TlsContext>> Load(const std::string& cert_file, const std::string& key_file);
  ~TlsContext();

  // Runs the server side of the TLS handshake on a connected socket. kIoError when it fails.
  Result<std::unique_ptr<TlsConnection>> Accept(int fd) const;

 private:
  TlsContext() = default;
  SSL_CTX* ctx_ = nullptr;
};

// One connection's TLS channel: reads and writes decrypted bytes. One reader and one writer thread at a time
// (the connection's own); Shutdown may be called once at the end.
class TlsConnection {
 public:
  explicit TlsConnection(SSL* ssl) : ssl_(ssl) {}
  ~TlsConnection();
  // Like recv: >0 bytes read, 0 at the end of the stream, -1 on an error (errno may not be set).
  long Read(char* buf, size_t n);
  // Like send: bytes written, or -1 on an error.
  long Write(const char* buf, size_t n);
  // The negotiated protocol, "TLSv1.3" (STL_CONNECTION_LOG.sslversion).
  std::string Version() const;

 private:
  SSL* ssl_;
};

}  // namespace blueshift::server
