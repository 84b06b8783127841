#include "util/crc32c.h"

#include <string>

#include <gtest/gtest.h>

namespace blueshift {
namespace {

TEST(Crc32cTest, MatchesKnownVectors) {
  EXPECT_EQ(Crc32c("123456789"), 0xE3069283u);  // the standard check value
  EXPECT_EQ(Crc32c(""), 0u);
  std::string zeros(32, '\0');
  EXPECT_EQ(Crc32c(zeros), 0x8A9136AAu);  // RFC 3720 B.4
}

TEST(Crc32cTest, ExtendEqualsWhole) {
  std::string s;
  for (int i = 0; i < 1000; i++) s.push_back(static_cast<char>(i * 7));
  for (size_t cut : {0, 1, 7, 8, 9, 500, 1000}) {
    uint32_t c = Crc32cExtend(Crc32c(s.data(), cut), s.data() + cut, s.size() - cut);
    EXPECT_EQ(c, Crc32c(s)) << cut;
  }
}

TEST(Crc32cTest, DetectsOneFlippedBit) {
  std::string s(4096, 'x');
  uint32_t before = Crc32c(s);
  s[1234] ^= 0x10;
  EXPECT_NE(Crc32c(s), before);
}

}  // namespace
}  // namespace blueshift
