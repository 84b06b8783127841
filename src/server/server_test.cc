#include "server/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <thread>

#include "server/fake_engine.h"
#include "server/wire_test_client.h"

namespace blueshift::server {
namespace {

int ConnectTo(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  return fd;
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(int max_connections) {
    ServerOptions options;
    options.port = 0;
    options.max_connections = max_connections;
    server_ = std::make_unique<Server>(options, &engine_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
  }
  void Stop() {
    server_->Shutdown();
    thread_.join();
  }

  FakeEngine engine_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerTest, ManySessionsAndOneErrorHarmsNoOther) {
  Start(10);
  std::vector<std::unique_ptr<WireTestClient>> clients;
  for (int i = 0; i < 5; ++i) {
    clients.push_back(std::make_unique<WireTestClient>(ConnectTo(server_->port())));
    EXPECT_EQ(clients.back()->Connect().back(), 'Z');
  }
  clients[0]->SendRaw("Q" + std::string("\xff\xff\xff\xff", 4));  // fatal for that session only
  EXPECT_EQ(clients[0]->Read().type, 'E');
  clients[1].reset();  // a client that vanishes
  for (int i = 2; i < 5; ++i) {
    clients[i]->Query("rows 2");
    EXPECT_EQ(clients[i]->ReadUntilReady(), "TDDCZ");
  }
  Stop();
}

TEST_F(ServerTest, CancelRequestOnAnotherConnection) {
  Start(10);
  WireTestClient client(ConnectTo(server_->port()));
  client.SendStartup({{"user", "awsuser"}, {"database", "dev"}});
  std::vector<Message> messages;
  client.ReadUntilReady(&messages);
  const std::string key = messages[messages.size() - 2].payload;
  client.Query("sleep");
  WireTestClient canceller(ConnectTo(server_->port()));
  canceller.SendUntyped(std::string("\x04\xd2\x16\x2e", 4) + key);
  EXPECT_EQ(canceller.Read().type, '\0');  // closed without a reply
  messages.clear();
  EXPECT_EQ(client.ReadUntilReady(&messages), "EZ");
  EXPECT_EQ(ErrorFields(messages[0].payload)['C'], "57014");
  Stop();
}

TEST_F(ServerTest, TooManyClients) {
  Start(1);
  WireTestClient first(ConnectTo(server_->port()));
  EXPECT_EQ(first.Connect().back(), 'Z');
  WireTestClient second(ConnectTo(server_->port()));
  second.SendStartup({{"user", "awsuser"}, {"database", "dev"}});
  Message m = second.Read();
  EXPECT_EQ(ErrorFields(m.payload)['C'], "53300");
  Stop();
}

TEST_F(ServerTest, ShutdownTerminatesSessions) {
  Start(10);
  WireTestClient idle(ConnectTo(server_->port()));
  EXPECT_EQ(idle.Connect().back(), 'Z');
  WireTestClient busy(ConnectTo(server_->port()));
  EXPECT_EQ(busy.Connect().back(), 'Z');
  busy.Query("sleep");
  Stop();
  Message m = idle.Read();
  EXPECT_EQ(ErrorFields(m.payload)['C'], "57P01");
  // The busy session may first report its canceled statement; its last message is the 57P01.
  std::string last_code;
  for (m = busy.Read(); m.type != '\0'; m = busy.Read()) {
    if (m.type == 'E') last_code = ErrorFields(m.payload)['C'];
  }
  EXPECT_EQ(last_code, "57P01");
}

}  // namespace
}  // namespace blueshift::server
