#include "server/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <climits>

namespace blueshift::server {

namespace {
std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  if (code == 0) return "unknown error";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof(buf));
  return buf;
}
}  // namespace

Result<std::unique_ptr<TlsContext>> TlsContext::Load(const std::string& cert_file, const std::string& key_file) {
  std::unique_ptr<TlsContext> tls(new TlsContext());
  tls->ctx_ = SSL_CTX_new(TLS_server_method());
  if (!tls->ctx_) return Status(ErrorCode::kIoError, "could not create TLS context: " + OpenSslError());
  SSL_CTX_set_min_proto_version(tls->ctx_, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(tls->ctx_, cert_file.c_str()) != 1)
    return Status(ErrorCode::kIoError, "could not load TLS certificate \"" + cert_file + "\": " + OpenSslError());
  if (SSL_CTX_use_PrivateKey_file(tls->ctx_, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return Status(ErrorCode::kIoError, "could not load TLS private key \"" + key_file + "\": " + OpenSslError());
  if (SSL_CTX_check_private_key(tls->ctx_) != 1)
    return Status(ErrorCode::kIoError, "TLS private key \"" + key_file + "\" does not match the certificate");
  return tls;
}

TlsContext::~TlsContext() {
  if (ctx_) SSL_CTX_free(ctx_);
}

Result<std::unique_ptr<TlsConnection>> TlsContext::Accept(int fd) const {
  SSL* ssl = SSL_new(ctx_);
  if (!ssl) return Status(ErrorCode::kIoError, "could not create TLS session: " + OpenSslError());
  auto conn = std::make_unique<TlsConnection>(ssl);
  if (SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1)
    return Status(ErrorCode::kIoError, "TLS handshake failed: " + OpenSslError());
  return conn;
}

TlsConnection::~TlsConnection() {
  SSL_shutdown(ssl_);
  SSL_free(ssl_);
}

std::string TlsConnection::Version() const {
  return SSL_get_version(ssl_);
}

long TlsConnection::Read(char* buf, size_t n) {
  int r = SSL_read(ssl_, buf, static_cast<int>(std::min<size_t>(n, INT_MAX)));
  if (r > 0) return r;
  int err = SSL_get_error(ssl_, r);
  return err == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

long TlsConnection::Write(const char* buf, size_t n) {
  int r = SSL_write(ssl_, buf, static_cast<int>(std::min<size_t>(n, INT_MAX)));
  return r > 0 ? r : -1;
}

}  // namespace blueshift::server
