#include "load/read_ahead_stream.h"

#include <gtest/gtest.h>

#include <chrono>
#include <utility>
#include <vector>

namespace blueshift::load {
namespace {

// An object in memory whose ranged fetches are recorded; fetches at or past fail_at fail.
struct FakeObject {
  std::string data;
  uint64_t fail_at = UINT64_MAX;
  std::mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> fetched;  // offset, size asked

  ReadAheadStream::Fetch Fetcher() {
    return [this](uint64_t at, uint64_t n, const std::atomic<bool>&) -> Result<std::string> {
      {
        std::lock_guard<std::mutex> lock(mu);
        fetched.emplace_back(at, n);
      }
      if (at >= fail_at) return Status(ErrorCode::kIoError, "S3 read failed: HTTP 403");
      if (at >= data.size()) return std::string();
      return data.substr(at, n);
    };
  }
  uint64_t FetchedEnd() {
    std::lock_guard<std::mutex> lock(mu);
    uint64_t end = 0;
    for (auto [at, n] : fetched) end = std::max(end, at + n);
    return end;
  }
};

std::string Pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; i++) s[i] = static_cast<char>('a' + (i * 7 + i / 26) % 26);
  return s;
}

Result<std::string> ReadAll(ByteStream& s, size_t piece) {
  std::string out;
  std::vector<char> buf(piece);
  while (true) {
    ASSIGN_OR_RETURN(size_t n, s.Read(buf.data(), piece));
    if (n == 0) return out;
    out.append(buf.data(), n);
  }
}

constexpr ReadAheadStream::Ranges kSmall{4, 32, 40};

TEST(ReadAheadStreamTest, ReadsTheRangeInGrowingRanges) {
  FakeObject o;
  o.data = Pattern(1000);
  ReadAheadStream s(o.Fetcher(), 10, 900, 900, kSmall);
  auto got = ReadAll(s, 5);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, o.data.substr(10, 900));
  ASSERT_GE(o.fetched.size(), 4u);
  EXPECT_EQ(o.fetched[0], std::make_pair(uint64_t{10}, uint64_t{4}));
  EXPECT_EQ(o.fetched[1], std::make_pair(uint64_t{14}, uint64_t{8}));
  EXPECT_EQ(o.fetched[2], std::make_pair(uint64_t{22}, uint64_t{16}));
  EXPECT_EQ(o.fetched[3], std::make_pair(uint64_t{38}, uint64_t{32}));
  EXPECT_EQ(o.FetchedEnd(), 910u);  // nothing past the range
}

TEST(ReadAheadStreamTest, ReadsAheadOnlyAsFarAsLikely) {
  FakeObject o;
  o.data = Pattern(1000);
  {
    ReadAheadStream s(o.Fetcher(), 0, 1000, 100, kSmall);
    std::vector<char> buf(100);
    size_t have = 0;
    while (have < 100) {
      auto n = s.Read(buf.data() + have, 100 - have);
      ASSERT_TRUE(n.ok());
      ASSERT_GT(*n, 0u);
      have += *n;
    }
    EXPECT_EQ(std::string(buf.data(), 100), o.data.substr(0, 100));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(o.FetchedEnd(), 100u);  // the reader has not asked for more
  }
  EXPECT_EQ(o.FetchedEnd(), 100u);  // nor after it is closed
}

TEST(ReadAheadStreamTest, FetchesPastLikelyOnDemand) {
  FakeObject o;
  o.data = Pattern(1000);
  ReadAheadStream s(o.Fetcher(), 0, 1000, 100, kSmall);
  auto got = ReadAll(s, 3);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, o.data);
  // Past 100 the ranges start small again.
  bool restarted = false;
  for (auto [at, n] : o.fetched) restarted |= at == 100 && n == 4;
  EXPECT_TRUE(restarted);
}

TEST(ReadAheadStreamTest, ShortObjectEnds) {
  FakeObject o;
  o.data = Pattern(50);
  ReadAheadStream s(o.Fetcher(), 20, 500, 500, kSmall);
  auto got = ReadAll(s, 64);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, o.data.substr(20));
}

TEST(ReadAheadStreamTest, ErrorAfterTheBytesBeforeIt) {
  FakeObject o;
  o.data = Pattern(1000);
  o.fail_at = 28;
  ReadAheadStream s(o.Fetcher(), 0, 1000, 1000, kSmall);
  std::string out;
  char buf[16];
  Status error;
  while (true) {
    auto n = s.Read(buf, sizeof(buf));
    if (!n.ok()) {
      error = n.status();
      break;
    }
    ASSERT_GT(*n, 0u) << "ended without the error";
    out.append(buf, *n);
  }
  EXPECT_EQ(out, o.data.substr(0, 28));  // ranges 0+4, 4+8, 12+16; the one at 28 fails
  EXPECT_NE(error.message().find("HTTP 403"), std::string::npos);
  EXPECT_FALSE(s.Read(buf, sizeof(buf)).ok());
}

TEST(ReadAheadStreamTest, ClosingCancelsAFetchInFlight) {
  std::atomic<bool> started{false};
  auto slow = [&](uint64_t, uint64_t, const std::atomic<bool>& cancel) -> Result<std::string> {
    started = true;
    while (!cancel.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Status(ErrorCode::kIoError, "cancelled");
  };
  {
    ReadAheadStream s(slow, 0, 100, 100, kSmall);
    while (!started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  SUCCEED();  // the destructor returned
}

TEST(ReadAheadStreamTest, EmptyRange) {
  FakeObject o;
  ReadAheadStream s(o.Fetcher(), 0, 0, 0, kSmall);
  char c;
  auto n = s.Read(&c, 1);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
  EXPECT_TRUE(o.fetched.empty());
}

}  // namespace
}  // namespace blueshift::load
