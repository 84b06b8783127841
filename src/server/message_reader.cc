#include "server/message_reader.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "server/protocol.h"

namespace blueshift::server {

namespace {
constexpr size_t kReadChunk = 16 * 1024;
// A claimed length is not trusted with memory up front: payloads grow as bytes actually arrive.
constexpr size_t kMaxInitialReserve = 1 << 20;

int32_t DecodeInt32(const char* p) {
  uint32_t v = (uint32_t(uint8_t(p[0])) << 24) | (uint32_t(uint8_t(p[1])) << 16) | (uint32_t(uint8_t(p[2])) << 8) |
               uint32_t(uint8_t(p[3]));
  return static_cast<int32_t>(v);
}
}  // namespace

Status InvalidMessageFormat() {
  return Status(ErrorCode::kProtocolViolation, "invalid message format");
}

Status MessageReader::Fill() {
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  }
  char chunk[kReadChunk];
  while (true) {
    ssize_t n = tls_ ? tls_->Read(chunk, sizeof(chunk)) : recv(fd_, chunk, sizeof(chunk), 0);
    if (n < 0 && tls_) return Status(ErrorCode::kIoError, "could not receive data from client: TLS error");
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return Status::OK();
    }
    if (n == 0) return Status(ErrorCode::kIoError, "unexpected EOF on client connection");
    if (errno == EINTR) continue;
    return Status(ErrorCode::kIoError, std::string("could not receive data from client: ") + std::strerror(errno));
  }
}

Status MessageReader::ReadExact(size_t n, std::string* out) {
  out->reserve(out->size() + std::min(n, kMaxInitialReserve));
  while (n > 0) {
    if (pos_ == buffer_.size()) RETURN_IF_ERROR(Fill());
    size_t take = std::min(n, buffer_.size() - pos_);
    out->append(buffer_, pos_, take);
    pos_ += take;
    n -= take;
  }
  return Status::OK();
}

Result<int32_t> MessageReader::ReadInt32() {
  std::string bytes;
  RETURN_IF_ERROR(ReadExact(4, &bytes));
  return DecodeInt32(bytes.data());
}

Result<Message> MessageReader::ReadStartupPacket() {
  ASSIGN_OR_RETURN(int32_t length, ReadInt32());
  if (length < 8 || length > kMaxStartupPacketLength) {
    return Status(ErrorCode::kProtocolViolation, "invalid length of startup packet");
  }
  Message message;
  RETURN_IF_ERROR(ReadExact(static_cast<size_t>(length) - 4, &message.payload));
  return message;
}

Result<Message> MessageReader::ReadMessage() {
  Message message;
  int32_t length = 0;
  if (buffer_.size() - pos_ >= 5) {  // the type and length at hand (a client's pipeline comes in one read)
    message.type = buffer_[pos_];
    length = DecodeInt32(buffer_.data() + pos_ + 1);
    pos_ += 5;
  } else {
    std::string type;
    RETURN_IF_ERROR(ReadExact(1, &type));
    message.type = type[0];
    ASSIGN_OR_RETURN(length, ReadInt32());
  }
  if (length < 4 || length > kMaxMessageLength) {
    return Status(ErrorCode::kProtocolViolation, "invalid message length " + std::to_string(length));
  }
  RETURN_IF_ERROR(ReadExact(static_cast<size_t>(length) - 4, &message.payload));
  return message;
}

Result<uint8_t> PayloadReader::Byte() {
  if (remaining() < 1) return InvalidMessageFormat();
  return static_cast<uint8_t>(data_[pos_++]);
}

Result<int16_t> PayloadReader::Int16() {
  if (remaining() < 2) return InvalidMessageFormat();
  uint16_t v = static_cast<uint16_t>((uint8_t(data_[pos_]) << 8) | uint8_t(data_[pos_ + 1]));
  pos_ += 2;
  return static_cast<int16_t>(v);
}

Result<int32_t> PayloadReader::Int32() {
  if (remaining() < 4) return InvalidMessageFormat();
  int32_t v = DecodeInt32(data_.data() + pos_);
  pos_ += 4;
  return v;
}

Result<std::string_view> PayloadReader::CString() {
  size_t end = data_.find('\0', pos_);
  if (end == std::string_view::npos) return InvalidMessageFormat();
  std::string_view s = data_.substr(pos_, end - pos_);
  pos_ = end + 1;
  return s;
}

Result<std::string_view> PayloadReader::Bytes(size_t n) {
  if (remaining() < n) return InvalidMessageFormat();
  std::string_view s = data_.substr(pos_, n);
  pos_ += n;
  return s;
}

Status PayloadReader::ExpectEnd() const {
  return remaining() == 0 ? Status::OK() : InvalidMessageFormat();
}

}  // namespace blueshift::server
