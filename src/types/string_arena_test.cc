#include "types/string_arena.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace blueshift {
namespace {

TEST(StringArenaTest, FirstChunkIsSmallAndResetKeepsItsSize) {
  StringArena arena;
  EXPECT_EQ(arena.Add("one string"), "one string");
  EXPECT_EQ(arena.bytes_allocated(), 1024u);
  // Reset keeps the small chunk as the current one, at its own size: the next strings past 1 KiB go to a
  // new full chunk instead of running off its end.
  arena.Reset();
  EXPECT_EQ(arena.bytes_allocated(), 1024u);
  std::vector<std::string_view> views;
  std::vector<std::string> expected;
  for (int i = 0; i < 500; i++) {
    expected.push_back(std::string(100, static_cast<char>('a' + i % 26)) + std::to_string(i));
    views.push_back(arena.Add(expected.back()));
  }
  for (size_t i = 0; i < views.size(); i++) EXPECT_EQ(views[i], expected[i]);
  EXPECT_GE(arena.bytes_allocated(), 1024u + 64 * 1024u);
  // After a reset the full chunk being filled is kept, at its full size.
  arena.Reset();
  EXPECT_EQ(arena.bytes_allocated(), 64 * 1024u);
}

TEST(StringArenaTest, FirstLongStringGetsAFullChunk) {
  StringArena arena;
  std::string s(300, 'x');
  EXPECT_EQ(arena.Add(s), s);
  EXPECT_EQ(arena.bytes_allocated(), 64 * 1024u);
  EXPECT_EQ(arena.Add("short"), "short");
  EXPECT_EQ(arena.bytes_allocated(), 64 * 1024u);
}

}  // namespace
}  // namespace blueshift
