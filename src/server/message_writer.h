#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace blueshift::server {

class TlsConnection;

// MessageWriter builds backend messages in a buffer and sends them to the socket on Flush(), so a batch
// of messages costs one write. Begin/End frame one message; End patches its length. Does not own the
// socket. One thread at a time.
class MessageWriter {
 public:
  // fd < 0 makes a writer that only buffers (tests, pre-encoded rows).
  explicit MessageWriter(int fd) : fd_(fd) {}
  // From now on, writes go through TLS; tls outlives the writer.
  void UseTls(TlsConnection* tls) { tls_ = tls; }

  // REQUIRES: no message open.
  void Begin(char type);
  void AddByte(uint8_t v) { buffer_.push_back(static_cast<char>(v)); }
  void AddInt16(int16_t v);
  void AddInt32(int32_t v);
  // Appends s and a terminating NUL.
  void AddCString(std::string_view s);
  void AddBytes(std::string_view s) { buffer_.append(s); }
  // REQUIRES: a message open.
  void End();
  // A single message with no payload (ParseComplete, NoData, ...).
  void WriteEmpty(char type) {
    Begin(type);
    End();
  }
  // Appends already-framed messages.
  void AddRaw(std::string_view framed) { buffer_.append(framed); }
  // Grows the buffer by n bytes for the caller to fill with framed messages; the pointer is valid until the
  // next call on the writer. REQUIRES: no message open.
  char* Extend(size_t n) {
    const size_t at = buffer_.size();
    buffer_.resize(at + n);
    return buffer_.data() + at;
  }

  size_t buffered() const { return buffer_.size(); }
  const std::string& buffer() const { return buffer_; }
  // Moves the buffered bytes out (writers with fd < 0).
  std::string Take();
  // Sends everything buffered; kIoError when the client is gone, and from then on. REQUIRES: no message
  // open.
  Status Flush();
  // A send failed: the client is gone.
  bool failed() const { return failed_; }

 private:
  int fd_;
  TlsConnection* tls_ = nullptr;
  std::string buffer_;
  size_t message_start_ = std::string::npos;
  bool failed_ = false;
};

}  // namespace blueshift::server
