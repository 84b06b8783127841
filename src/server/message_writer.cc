#include "server/message_writer.h"

#include "server/tls.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace blueshift::server {

void MessageWriter::Begin(char type) {
  DCHECK(message_start_ == std::string::npos);
  buffer_.push_back(type);
  message_start_ = buffer_.size();
  buffer_.append(4, '\0');
}

void MessageWriter::AddInt16(int16_t v) {
  uint16_t u = static_cast<uint16_t>(v);
  buffer_.push_back(static_cast<char>(u >> 8));
  buffer_.push_back(static_cast<char>(u));
}

void MessageWriter::AddInt32(int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  char bytes[4] = {static_cast<char>(u >> 24), static_cast<char>(u >> 16), static_cast<char>(u >> 8),
                   static_cast<char>(u)};
  buffer_.append(bytes, 4);
}

void MessageWriter::AddCString(std::string_view s) {
  buffer_.append(s);
  buffer_.push_back('\0');
}

void MessageWriter::End() {
  DCHECK(message_start_ != std::string::npos);
  uint32_t length = static_cast<uint32_t>(buffer_.size() - message_start_);
  char* p = buffer_.data() + message_start_;
  p[0] = static_cast<char>(length >> 24);
  p[1] = static_cast<char>(length >> 16);
  p[2] = static_cast<char>(length >> 8);
  p[3] = static_cast<char>(length);
  message_start_ = std::string::npos;
}

std::string MessageWriter::Take() {
  std::string out;
  out.swap(buffer_);
  return out;
}

Status MessageWriter::Flush() {
  DCHECK(message_start_ == std::string::npos);
  if (failed_) {
    buffer_.clear();
    return Status(ErrorCode::kIoError, "connection to client lost");
  }
  size_t sent = 0;
  while (sent < buffer_.size()) {
    ssize_t n = tls_ ? tls_->Write(buffer_.data() + sent, buffer_.size() - sent)
                     : send(fd_, buffer_.data() + sent, buffer_.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR && !tls_) continue;
    if (n <= 0) {
      buffer_.clear();
      failed_ = true;
      return Status(ErrorCode::kIoError, std::string("could not send data to client: ") + std::strerror(errno));
    }
    sent += static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status::OK();
}

}  // namespace blueshift::server
