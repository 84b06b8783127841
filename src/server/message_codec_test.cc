#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "server/backend_messages.h"
#include "server/message_reader.h"
#include "server/message_writer.h"

namespace blueshift::server {
namespace {

// A connected socket pair: the test writes raw bytes at one end and reads with MessageReader at the other.
class SocketPair {
 public:
  SocketPair() { EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  ~SocketPair() {
    for (int fd : fds_) {
      if (fd >= 0) close(fd);
    }
  }
  void Write(const std::string& bytes) { ASSERT_EQ(write(fds_[0], bytes.data(), bytes.size()), ssize_t(bytes.size())); }
  void CloseWriter() {
    close(fds_[0]);
    fds_[0] = -1;
  }
  int reader_fd() const { return fds_[1]; }

 private:
  int fds_[2] = {-1, -1};
};

std::string Int32Bytes(int32_t v) {
  MessageWriter w(-1);
  w.AddInt32(v);
  return w.Take();
}

TEST(MessageWriterTest, FramesMessagesWithLengthIncludingItself) {
  MessageWriter w(-1);
  w.Begin('C');
  w.AddCString("SELECT 1");
  w.End();
  w.WriteEmpty('1');
  EXPECT_EQ(w.buffer(), std::string("C\0\0\0\x0dSELECT 1\0"
                                    "1\0\0\0\x04",
                                    19));
}

TEST(MessageWriterTest, EncodesIntegersBigEndian) {
  MessageWriter w(-1);
  w.AddInt16(-2);
  w.AddInt32(0x01020304);
  EXPECT_EQ(w.buffer(), std::string("\xff\xfe\x01\x02\x03\x04", 6));
}

TEST(PayloadReaderTest, ReadsFieldsAndRejectsTruncation) {
  std::string payload = std::string("abc\0", 4) + Int32Bytes(7) + std::string("\x00\x05", 2);
  PayloadReader in(payload);
  EXPECT_EQ(in.CString().value(), "abc");
  EXPECT_EQ(in.Int32().value(), 7);
  EXPECT_EQ(in.Int16().value(), 5);
  EXPECT_TRUE(in.ExpectEnd().ok());
  Result<int32_t> past = in.Int32();
  ASSERT_FALSE(past.ok());
  EXPECT_STREQ(past.status().sqlstate(), "08P01");
}

TEST(PayloadReaderTest, StringWithoutTerminatorIsProtocolViolation) {
  PayloadReader in("abc");
  EXPECT_EQ(in.CString().status().code(), ErrorCode::kProtocolViolation);
}

TEST(MessageReaderTest, ReadsTypedMessage) {
  SocketPair pair;
  pair.Write("Q" + Int32Bytes(9) + std::string("abcd\0", 5));
  MessageReader reader(pair.reader_fd());
  Result<Message> m = reader.ReadMessage();
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->type, 'Q');
  EXPECT_EQ(m->payload, std::string("abcd\0", 5));
}

// A pipeline arrives in one read: each message after the first is taken from what is buffered; a type and
// length split across reads is put together.
TEST(MessageReaderTest, ReadsPipelineAndHeaderSplitAcrossReads) {
  SocketPair pair;
  const std::string sync_length = Int32Bytes(4);
  pair.Write("P" + Int32Bytes(7) + std::string("ab\0", 3) + "E" + Int32Bytes(4) + "H" + Int32Bytes(2) + "S" +
             sync_length.substr(0, 2));
  MessageReader reader(pair.reader_fd());
  Result<Message> parse = reader.ReadMessage();
  ASSERT_TRUE(parse.ok()) << parse.status().ToString();
  EXPECT_EQ(parse->type, 'P');
  EXPECT_EQ(parse->payload, std::string("ab\0", 3));
  Result<Message> execute = reader.ReadMessage();
  ASSERT_TRUE(execute.ok());
  EXPECT_EQ(execute->type, 'E');
  EXPECT_EQ(execute->payload, "");
  // A buffered length below four is refused as when it came in a read of its own.
  EXPECT_EQ(reader.ReadMessage().status().code(), ErrorCode::kProtocolViolation);
  pair.Write(sync_length.substr(2));
  Result<Message> sync = reader.ReadMessage();
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  EXPECT_EQ(sync->type, 'S');
  EXPECT_EQ(sync->payload, "");
}

TEST(MessageReaderTest, NegativeLengthIsProtocolViolation) {
  SocketPair pair;
  pair.Write("Q" + Int32Bytes(-5));
  MessageReader reader(pair.reader_fd());
  EXPECT_EQ(reader.ReadMessage().status().code(), ErrorCode::kProtocolViolation);
}

TEST(MessageReaderTest, LengthOverOneGigabyteIsProtocolViolation) {
  SocketPair pair;
  pair.Write("Q" + Int32Bytes((1 << 30) + 1));
  MessageReader reader(pair.reader_fd());
  EXPECT_EQ(reader.ReadMessage().status().code(), ErrorCode::kProtocolViolation);
}

TEST(MessageReaderTest, LengthBelowFourIsProtocolViolation) {
  SocketPair pair;
  pair.Write("S" + Int32Bytes(3));
  MessageReader reader(pair.reader_fd());
  EXPECT_EQ(reader.ReadMessage().status().code(), ErrorCode::kProtocolViolation);
}

TEST(MessageReaderTest, HalfSentMessageThenEofIsIoError) {
  SocketPair pair;
  pair.Write("Q" + Int32Bytes(100) + "SELECT");
  pair.CloseWriter();
  MessageReader reader(pair.reader_fd());
  EXPECT_EQ(reader.ReadMessage().status().code(), ErrorCode::kIoError);
}

TEST(MessageReaderTest, StartupPacketLengthIsChecked) {
  SocketPair pair;
  pair.Write(Int32Bytes(10001));
  MessageReader reader(pair.reader_fd());
  EXPECT_EQ(reader.ReadStartupPacket().status().code(), ErrorCode::kProtocolViolation);
}

TEST(BackendMessagesTest, ErrorResponseCarriesSqlstatePositionDetailHint) {
  MessageWriter w(-1);
  WriteErrorResponse(&w, Status(ErrorCode::kSyntaxError, "bad").WithPosition(8).WithDetail("d").WithHint("h"));
  std::string expected = std::string("SERROR\0VERROR\0C42601\0Mbad\0Dd\0Hh\0P8\0\0", 36);
  EXPECT_EQ(w.buffer().substr(5), expected);
}

TEST(BackendMessagesTest, ErrorResponseOmitsZeroPosition) {
  MessageWriter w(-1);
  WriteErrorResponse(&w, Status(ErrorCode::kDivisionByZero, "division by zero"));
  EXPECT_EQ(w.buffer().find(std::string("\0P", 2)), std::string::npos);
}

}  // namespace
}  // namespace blueshift::server
