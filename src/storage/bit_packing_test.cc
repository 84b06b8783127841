#include "storage/bit_packing.h"

#include <gtest/gtest.h>

#include <random>

namespace blueshift::storage {
namespace {

// UnpackAll's unrolled loop per width gives what the field-at-a-time Unpack gives, for every width and
// for counts that end inside a group of eight and at the packed bytes' last byte.
TEST(BitPackingTest, UnpackAllMatchesUnpackForEveryWidth) {
  std::mt19937_64 rng(7);
  for (int bits = 0; bits <= 64; bits++) {
    for (uint32_t n : {1u, 7u, 8u, 9u, 63u, 64u, 100u, 1024u}) {
      std::vector<uint64_t> values(n);
      uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
      for (auto& v : values) v = rng() & mask;
      ByteWriter w;
      BitPacker packer(&w);
      for (uint64_t v : values) packer.Put(v, bits);
      packer.Finish();
      std::string bytes = w.Release();
      std::vector<uint64_t> out(n, 12345);
      UnpackAll(reinterpret_cast<const uint8_t*>(bytes.data()), n, bits, out.data());
      ASSERT_EQ(out, values) << "bits " << bits << " n " << n;
    }
  }
}

}  // namespace
}  // namespace blueshift::storage
