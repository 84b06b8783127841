#pragma once

// Test-only: the client end of a protocol conversation, byte by byte, over a socket.

#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "server/message_reader.h"
#include "server/message_writer.h"

namespace blueshift::server {

class WireTestClient {
 public:
  explicit WireTestClient(int fd) : fd_(fd), reader_(fd), writer_(fd) {}
  ~WireTestClient() {
    if (fd_ >= 0) close(fd_);
  }

  // A protocol 3.0 startup packet with the given parameters.
  void SendStartup(const std::map<std::string, std::string>& params, int32_t code = 196608) {
    MessageWriter body(-1);
    body.AddInt32(code);
    for (const auto& [k, v] : params) {
      body.AddCString(k);
      body.AddCString(v);
    }
    body.AddByte(0);
    SendUntyped(body.Take());
  }
  // A startup-phase packet: length word, then payload.
  void SendUntyped(const std::string& payload) {
    writer_.AddInt32(static_cast<int32_t>(payload.size() + 4));
    writer_.AddBytes(payload);
    Flush();
  }
  void Send(char type, const std::string& payload) {
    writer_.Begin(type);
    writer_.AddBytes(payload);
    writer_.End();
  }
  void SendRaw(const std::string& bytes) {
    writer_.AddBytes(bytes);
    Flush();
  }
  void Flush() {
    Status s = writer_.Flush();
    (void)s;
  }
  void Query(const std::string& text) {
    Send('Q', text + std::string(1, '\0'));
    Flush();
  }

  // The next backend message; type '\0' on EOF.
  Message Read() {
    Result<Message> m = reader_.ReadMessage();
    return m.ok() ? std::move(m).value() : Message{};
  }
  // The next byte (the answer to SSLRequest); -1 on EOF.
  int ReadByte() {
    char c;
    return recv(fd_, &c, 1, 0) == 1 ? static_cast<uint8_t>(c) : -1;
  }
  // Message types up to and including the next ReadyForQuery (or EOF, shown as '\0').
  std::string ReadUntilReady(std::vector<Message>* messages = nullptr) {
    std::string types;
    while (true) {
      Message m = Read();
      types.push_back(m.type);
      if (messages != nullptr) messages->push_back(m);
      if (m.type == 'Z' || m.type == '\0') return types;
    }
  }
  // Startup with user awsuser, database dev; the message types up to ReadyForQuery.
  std::string Connect() {
    SendStartup({{"user", "awsuser"}, {"database", "dev"}});
    return ReadUntilReady();
  }
  int fd() const { return fd_; }

 private:
  int fd_;
  MessageReader reader_;
  MessageWriter writer_;
};

// The fields of an ErrorResponse/NoticeResponse payload, by field code.
inline std::map<char, std::string> ErrorFields(const std::string& payload) {
  std::map<char, std::string> fields;
  size_t pos = 0;
  while (pos < payload.size() && payload[pos] != '\0') {
    char code = payload[pos++];
    size_t end = payload.find('\0', pos);
    fields[code] = payload.substr(pos, end - pos);
    pos = end + 1;
  }
  return fields;
}

}  // namespace blueshift::server
