#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/tls.h"
#include "util/status.h"

namespace blueshift::server {

// One frontend message: its type byte ('\0' for a startup-phase packet, which has none) and its payload,
// without the type byte and the length word.
struct Message {
  char type = 0;
  std::string payload;
};

// MessageReader reads framed frontend messages from a connected socket, with the length checks of
// docs/format/wire.md. Errors: 08P01 (kProtocolViolation) for a length out of range — the caller answers
// with a FATAL ErrorResponse and closes; kIoError for end of input (clean or in the middle of a message)
// and socket errors — the caller just closes. Does not own the socket. One thread at a time.
class MessageReader {
 public:
  explicit MessageReader(int fd) : fd_(fd) {}

  // Reads a startup-phase packet: int32 length (8..10000 incl. itself), then the payload, whose first
  // int32 is the protocol version or request code.
  Result<Message> ReadStartupPacket();
  // Reads a regular message: type byte, int32 length (4..1 GB incl. itself), payload.
  Result<Message> ReadMessage();
  // From now on, reads go through TLS. REQUIRES: nothing buffered (the client waits for 'S' before its
  // handshake); tls outlives the reader.
  void UseTls(TlsConnection* tls) { tls_ = tls; }
  // The type of the next message when the client has already sent it (its first byte is buffered), else 0.
  // Does not read.
  char PeekType() const { return pos_ < buffer_.size() ? buffer_[pos_] : 0; }

 private:
  // Reads exactly n bytes into out (appended). kIoError on EOF or a socket error.
  Status ReadExact(size_t n, std::string* out);
  Result<int32_t> ReadInt32();
  Status Fill();

  int fd_;
  TlsConnection* tls_ = nullptr;
  std::string buffer_;
  size_t pos_ = 0;
};

// PayloadReader takes a message's payload apart field by field (network byte order). Reading past the
// end, or a string without its terminating NUL, is 08P01 "invalid message format". The payload must
// outlive the reader and the string_views it returns.
class PayloadReader {
 public:
  explicit PayloadReader(std::string_view payload) : data_(payload) {}

  Result<uint8_t> Byte();
  Result<int16_t> Int16();
  Result<int32_t> Int32();
  Result<std::string_view> CString();
  Result<std::string_view> Bytes(size_t n);
  size_t remaining() const { return data_.size() - pos_; }
  // 08P01 when bytes are left over.
  Status ExpectEnd() const;

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

Status InvalidMessageFormat();

}  // namespace blueshift::server
