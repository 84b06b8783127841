#include "server/connection.h"

#include <sys/socket.h>

#include <gtest/gtest.h>

#include <thread>

#include "catalog/password.h"
#include "server/fake_engine.h"
#include "server/wire_test_client.h"

namespace blueshift::server {
namespace {

std::string CString(const std::string& s) {
  return s + std::string(1, '\0');
}
std::string Int16(int16_t v) {
  return std::string{static_cast<char>(v >> 8), static_cast<char>(v)};
}
std::string Int32(int32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                     static_cast<char>(v)};
}

std::string ParsePayload(const std::string& name, const std::string& text) {
  return CString(name) + CString(text) + Int16(0);
}
std::string BindPayload(const std::string& portal, const std::string& statement,
                        const std::vector<std::string>& params) {
  std::string p = CString(portal) + CString(statement) + Int16(0) + Int16(static_cast<int16_t>(params.size()));
  for (const std::string& v : params) p += Int32(static_cast<int32_t>(v.size())) + v;
  return p + Int16(0);
}
std::string ExecutePayload(const std::string& portal, int32_t max_rows) {
  return CString(portal) + Int32(max_rows);
}

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    connection_ = std::make_unique<Connection>(fds[1], "test", &engine_, &registry_, AuthMethod::kTrust);
    thread_ = std::thread([this] { connection_->Run(); });
    client_ = std::make_unique<WireTestClient>(fds[0]);
  }
  void TearDown() override {
    client_.reset();
    thread_.join();
  }

  FakeEngine engine_;
  SessionRegistry registry_{10};
  std::unique_ptr<Connection> connection_;
  std::thread thread_;
  std::unique_ptr<WireTestClient> client_;
};

TEST_F(ConnectionTest, StartupReportsParametersKeyAndReady) {
  client_->SendStartup({{"user", "awsuser"}, {"database", "dev"}, {"application_name", "t"}});
  std::vector<Message> messages;
  EXPECT_EQ(client_->ReadUntilReady(&messages), "RSSSSSSSSSSSKZ");
  std::map<std::string, std::string> params;
  for (const Message& m : messages) {
    if (m.type != 'S') continue;
    size_t nul = m.payload.find('\0');
    params[m.payload.substr(0, nul)] = m.payload.substr(nul + 1, m.payload.size() - nul - 2);
  }
  EXPECT_EQ(params["server_version"], "8.0.2");
  EXPECT_EQ(params["session_authorization"], "awsuser");
  EXPECT_EQ(params["application_name"], "t");
  EXPECT_EQ(params["DateStyle"], "ISO, MDY");
  EXPECT_EQ(messages.back().payload, "I");
}

TEST_F(ConnectionTest, SslRequestIsAnsweredNo) {
  client_->SendUntyped(Int32(80877103));
  EXPECT_EQ(client_->ReadByte(), 'N');
  EXPECT_EQ(client_->Connect().back(), 'Z');
}

TEST_F(ConnectionTest, UnknownDatabaseIsFatal3D000) {
  client_->SendStartup({{"user", "awsuser"}, {"database", "nope"}});
  Message m = client_->Read();
  ASSERT_EQ(m.type, 'E');
  auto fields = ErrorFields(m.payload);
  EXPECT_EQ(fields['S'], "FATAL");
  EXPECT_EQ(fields['C'], "3D000");
  EXPECT_EQ(fields['M'], "database \"nope\" does not exist");
  EXPECT_EQ(client_->Read().type, '\0');
}

TEST_F(ConnectionTest, OldProtocolIsRejected) {
  client_->SendStartup({{"user", "awsuser"}}, 2 << 16);
  Message m = client_->Read();
  ASSERT_EQ(m.type, 'E');
  EXPECT_EQ(ErrorFields(m.payload)['C'], "0A000");
}

TEST_F(ConnectionTest, SimpleQueryRunsEveryStatementUntilAnError) {
  client_->Connect();
  client_->Query("rows 4; begin; error; rows 1");
  std::vector<Message> messages;
  EXPECT_EQ(client_->ReadUntilReady(&messages), "TDDDDCCEZ");
  EXPECT_EQ(messages[5].payload, CString("SELECT 4"));
  auto fields = ErrorFields(messages[7].payload);
  EXPECT_EQ(fields['C'], "42601");
  EXPECT_EQ(fields['P'], "1");
  EXPECT_EQ(fields['S'], "ERROR");
  EXPECT_EQ(messages.back().payload, "T");
}

TEST_F(ConnectionTest, EmptyQueryAndNoticeAndParameterStatus) {
  client_->Connect();
  client_->Query(" ; ");
  EXPECT_EQ(client_->ReadUntilReady(), "IZ");
  client_->Query("notice");
  EXPECT_EQ(client_->ReadUntilReady(), "NCZ");
  std::vector<Message> messages;
  client_->Query("set TimeZone Asia/Tokyo");
  EXPECT_EQ(client_->ReadUntilReady(&messages), "CSZ");
  EXPECT_EQ(messages[1].payload, CString("TimeZone") + CString("Asia/Tokyo"));
}

TEST_F(ConnectionTest, ExtendedQueryWithMaxRowsSuspendsThePortal) {
  client_->Connect();
  client_->Send('P', ParsePayload("s1", "rows $1"));
  client_->Send('B', BindPayload("p1", "s1", {"5"}));
  client_->Send('D', "P" + CString("p1"));
  client_->Send('E', ExecutePayload("p1", 2));
  client_->Send('E', ExecutePayload("p1", 2));
  client_->Send('E', ExecutePayload("p1", 0));
  client_->Send('S', "");
  client_->Flush();
  std::vector<Message> messages;
  EXPECT_EQ(client_->ReadUntilReady(&messages), "12TDDsDDsDCZ");
  EXPECT_EQ(messages[10].payload, CString("SELECT 1"));
}

TEST_F(ConnectionTest, UnnamedStatementStreamsAndDescribesStatement) {
  client_->Connect();
  client_->Send('P', ParsePayload("", "rows $1"));
  client_->Send('D', "S" + CString(""));
  client_->Send('B', BindPayload("", "", {"2"}));
  client_->Send('E', ExecutePayload("", 0));
  client_->Send('P', ParsePayload("", "begin"));
  client_->Send('D', "S" + CString(""));
  client_->Send('B', BindPayload("", "", {}));
  client_->Send('E', ExecutePayload("", 0));
  client_->Send('S', "");
  client_->Flush();
  std::vector<Message> messages;
  EXPECT_EQ(client_->ReadUntilReady(&messages), "1tT2DDC1tn2CZ");
  EXPECT_EQ(messages[1].payload, Int16(1) + Int32(23));
  EXPECT_EQ(messages.back().payload, "T");
}

TEST_F(ConnectionTest, ErrorInExtendedModeSkipsUntilSync) {
  client_->Connect();
  client_->Send('P', ParsePayload("", "error"));
  client_->Send('B', BindPayload("", "", {}));
  client_->Send('E', ExecutePayload("", 0));
  client_->Send('S', "");
  client_->Send('P', ParsePayload("", "rows 1"));
  client_->Send('B', BindPayload("", "", {}));
  client_->Send('E', ExecutePayload("", 0));
  client_->Send('S', "");
  client_->Flush();
  EXPECT_EQ(client_->ReadUntilReady(), "EZ");
  EXPECT_EQ(client_->ReadUntilReady(), "12DCZ");
}

TEST_F(ConnectionTest, UnknownStatementAndPortalAreErrors) {
  client_->Connect();
  client_->Send('B', BindPayload("", "nope", {}));
  client_->Send('S', "");
  client_->Send('E', ExecutePayload("nope", 0));
  client_->Send('S', "");
  client_->Send('C', "S" + CString("nope"));
  client_->Send('S', "");
  client_->Flush();
  std::vector<Message> messages;
  EXPECT_EQ(client_->ReadUntilReady(&messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0].payload)['M'], "prepared statement \"nope\" does not exist");
  EXPECT_EQ(client_->ReadUntilReady(), "EZ");
  EXPECT_EQ(client_->ReadUntilReady(), "3Z");
}

TEST_F(ConnectionTest, BadParameterValueIsAnError) {
  client_->Connect();
  client_->Send('P', ParsePayload("", "rows $1"));
  client_->Send('B', BindPayload("", "", {"1", "2"}));
  client_->Send('S', "");
  client_->Flush();
  std::vector<Message> messages;
  EXPECT_EQ(client_->ReadUntilReady(&messages), "1EZ");
  EXPECT_EQ(ErrorFields(messages[1].payload)['C'], "08P01");
}

TEST_F(ConnectionTest, NegativeLengthIsFatalProtocolViolation) {
  client_->Connect();
  client_->SendRaw("Q" + Int32(-1));
  Message m = client_->Read();
  ASSERT_EQ(m.type, 'E');
  EXPECT_EQ(ErrorFields(m.payload)['C'], "08P01");
  EXPECT_EQ(ErrorFields(m.payload)['S'], "FATAL");
  EXPECT_EQ(client_->Read().type, '\0');
}

TEST_F(ConnectionTest, UnknownMessageTypeIsFatal) {
  client_->Connect();
  client_->Send('?', "");
  client_->Flush();
  Message m = client_->Read();
  ASSERT_EQ(m.type, 'E');
  EXPECT_EQ(ErrorFields(m.payload)['C'], "08P01");
  EXPECT_EQ(client_->Read().type, '\0');
}

TEST_F(ConnectionTest, TerminateClosesTheConnection) {
  client_->Connect();
  client_->Send('X', "");
  client_->Flush();
  EXPECT_EQ(client_->Read().type, '\0');
}

TEST_F(ConnectionTest, CancelStopsTheRunningStatement) {
  std::vector<Message> messages;
  client_->SendStartup({{"user", "awsuser"}, {"database", "dev"}});
  client_->ReadUntilReady(&messages);
  PayloadReader key(messages[messages.size() - 2].payload);
  int32_t pid = key.Int32().value();
  int32_t secret = key.Int32().value();
  EXPECT_FALSE(registry_.Cancel(pid, secret + 1));
  client_->Query("sleep");
  while (!registry_.Cancel(pid, secret)) std::this_thread::yield();
  messages.clear();
  EXPECT_EQ(client_->ReadUntilReady(&messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0].payload)['C'], "57014");
}

TEST_F(ConnectionTest, RequestTerminateSendsAdminShutdown) {
  client_->Connect();
  connection_->RequestTerminate();
  Message m = client_->Read();
  ASSERT_EQ(m.type, 'E');
  EXPECT_EQ(ErrorFields(m.payload)['C'], "57P01");
  EXPECT_EQ(ErrorFields(m.payload)['M'], "terminating connection due to administrator command");
  EXPECT_EQ(client_->Read().type, '\0');
}

TEST_F(ConnectionTest, SessionLimitIsFatal53300) {
  SessionRegistry full(0);
  int fds[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  Connection connection(fds[1], "test", &engine_, &full, AuthMethod::kTrust);
  std::thread thread([&] { connection.Run(); });
  WireTestClient client(fds[0]);
  client.SendStartup({{"user", "awsuser"}, {"database", "dev"}});
  Message m = client.Read();
  EXPECT_EQ(ErrorFields(m.payload)['C'], "53300");
  EXPECT_EQ(ErrorFields(m.payload)['M'], "connection limit 0 exceeded for non-bootstrap users");
  thread.join();
  client_->Connect();
}

}  // namespace
}  // namespace blueshift::server

namespace blueshift::server {
namespace {

// A connection asking for passwords, over a socket pair, against the fake engine's users.
class PasswordAuthTest : public ::testing::Test {
 protected:
  void Start() {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    connection_ = std::make_unique<Connection>(fds[1], "test", &engine_, &registry_, AuthMethod::kPassword);
    thread_ = std::thread([this] { connection_->Run(); });
    client_ = std::make_unique<WireTestClient>(fds[0]);
  }
  void TearDown() override {
    client_.reset();
    if (thread_.joinable()) thread_.join();
  }
  // Starts up as `user` and answers the MD5 challenge for `password`; returns the reply's type.
  char Md5Login(const std::string& user, const std::string& password) {
    client_->SendStartup({{"user", user}, {"database", "dev"}});
    Message request = client_->Read();
    EXPECT_EQ(request.type, 'R');
    EXPECT_EQ(request.payload.substr(0, 4), Int32(5));  // AuthenticationMD5Password
    std::string salt = request.payload.substr(4, 4);
    client_->Send('p', CString("md5" + Md5Hex(Md5Hex(password + user) + salt)));
    client_->Flush();
    last_ = client_->Read();
    return last_.type;
  }

  FakeEngine engine_;
  SessionRegistry registry_{10};
  std::unique_ptr<Connection> connection_;
  std::thread thread_;
  std::unique_ptr<WireTestClient> client_;
  Message last_;
};

TEST_F(PasswordAuthTest, Md5RightPasswordLogsIn) {
  engine_.users["md5user"].password = *HashPassword("md5user", "md5" + Md5Hex("Right1234md5user"));
  Start();
  EXPECT_EQ(Md5Login("md5user", "Right1234"), 'R');
  EXPECT_EQ(last_.payload, Int32(0));  // AuthenticationOk
}

TEST_F(PasswordAuthTest, WrongPasswordAndUnknownUserFailAlikeAfterADelay) {
  engine_.users["md5user"].password = *HashPassword("md5user", "md5" + Md5Hex("Right1234md5user"));
  Start();
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Md5Login("md5user", "Wrong1234"), 'E');
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(kAuthFailureDelayMs - 50));
  auto fields = ErrorFields(last_.payload);
  EXPECT_EQ(fields['S'], "FATAL");
  EXPECT_EQ(fields['C'], "28P01");
  EXPECT_EQ(fields['M'], "password authentication failed for user \"md5user\"");
  EXPECT_EQ(fields.count('H'), 0u);
  TearDown();
  Start();
  EXPECT_EQ(Md5Login("nobody", "Wrong1234"), 'E');
  EXPECT_EQ(ErrorFields(last_.payload)['M'], "password authentication failed for user \"nobody\"");
}

TEST_F(PasswordAuthTest, ClientThatHangsUpDuringTheExchangeIsDropped) {
  Start();
  client_->SendStartup({{"user", "awsuser"}, {"database", "dev"}});
  EXPECT_EQ(client_->Read().type, 'R');
  client_.reset();  // the connection thread ends without an answer
  thread_.join();
}

}  // namespace
}  // namespace blueshift::server
