#pragma once

#include <string>

#include "main/result_sink.h"
#include "server/message_reader.h"
#include "server/message_writer.h"

namespace blueshift::server {

// Frontend and backend messages of the COPY sub-protocol (COPY ... FROM STDIN).
namespace copy_msg {
constexpr char kCopyData = 'd';
constexpr char kCopyDone = 'c';
constexpr char kCopyFail = 'f';
constexpr char kCopyInResponse = 'G';
}  // namespace copy_msg

// WireCopyIn is COPY FROM STDIN's stream over a connection: Begin sends CopyInResponse (text format), then
// Read hands out the payloads of the client's CopyData messages until CopyDone. Flush and Sync are
// ignored during the copy, as PostgreSQL does; any other message is 08P01. The reader and writer must
// outlive it; one thread at a time (the COPY's reading task, while the connection's thread waits).
class WireCopyIn : public CopyInStream {
 public:
  WireCopyIn(MessageReader* reader, MessageWriter* writer) : reader_(reader), writer_(writer) {}

  Status Begin(int columns);
  Result<size_t> Read(char* buf, size_t n) override;
  Status Drain() override;

 private:
  // Reads the next message; sets done_ at CopyDone, fails at CopyFail.
  Status NextMessage();

  MessageReader* reader_;
  MessageWriter* writer_;
  Message current_;
  size_t pos_ = 0;
  bool done_ = false;
  bool failed_ = false;
};

}  // namespace blueshift::server
