// Deterministic pseudo-random numbers for the TPC-H generator.
//
// Every table draws from its own stream, seeded from (seed, table id), so a table's content does not depend
// on which other tables were generated, and the output is identical on every run and machine.
#pragma once

#include <cstdint>

namespace blueshift::tpch {

// xoshiro256** seeded by splitmix64: fast, small, good enough for synthetic data. Not thread-safe.
class Random {
 public:
  explicit Random(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& s : s_) s = SplitMix(x);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform integer in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Uniform(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    // Multiply-shift keeps the bias below 2^-32 for the spans used here.
    const unsigned __int128 product = static_cast<unsigned __int128>(Next()) * span;
    return lo + static_cast<int64_t>(product >> 64);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t s_[4];
};

}  // namespace blueshift::tpch
