#include "util/byte_stream.h"

#include <gtest/gtest.h>

namespace blueshift {
namespace {

TEST(ByteStreamTest, RoundTripsEveryWidth) {
  ByteWriter w;
  w.U8(0xAB);
  w.U16(0xBEEF);
  w.U32(0xDEADBEEF);
  w.U64(0x0123456789ABCDEFull);
  w.I32(-5);
  w.I64(-1234567890123LL);
  w.I128(-(static_cast<__int128>(1) << 100));
  w.Bool(true);
  w.String("hello");
  w.String("");
  ByteReader r(w.data());
  EXPECT_EQ(r.U8(), 0xAB);
  EXPECT_EQ(r.U16(), 0xBEEF);
  EXPECT_EQ(r.U32(), 0xDEADBEEFu);
  EXPECT_EQ(r.U64(), 0x0123456789ABCDEFull);
  EXPECT_EQ(r.I32(), -5);
  EXPECT_EQ(r.I64(), -1234567890123LL);
  EXPECT_TRUE(r.I128() == -(static_cast<__int128>(1) << 100));
  EXPECT_TRUE(r.Bool());
  EXPECT_EQ(r.String(), "hello");
  EXPECT_EQ(r.String(), "");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ByteStreamTest, IsLittleEndian) {
  ByteWriter w;
  w.U32(0x04030201);
  EXPECT_EQ(w.data(), std::string("\x01\x02\x03\x04", 4));
}

TEST(ByteStreamTest, ReadPastEndFailsAndSticks) {
  ByteWriter w;
  w.U16(7);
  ByteReader r(w.data());
  EXPECT_EQ(r.U32(), 0u);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.U8(), 0u);
  EXPECT_FALSE(r.ok());
}

TEST(ByteStreamTest, StringLengthBeyondBufferFails) {
  ByteWriter w;
  w.U32(1000);
  w.Bytes("abc", 3);
  ByteReader r(w.data());
  EXPECT_TRUE(r.String().empty());
  EXPECT_FALSE(r.ok());
}

TEST(ByteStreamTest, CanHoldRejectsHugeCounts) {
  ByteWriter w;
  w.U64(1);
  ByteReader r(w.data());
  EXPECT_TRUE(r.CanHold(2, 4));
  EXPECT_FALSE(r.CanHold(3, 4));
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace blueshift
