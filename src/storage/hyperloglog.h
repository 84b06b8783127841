#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "util/byte_stream.h"

namespace blueshift::storage {

// HyperLogLog distinct-count sketch (Flajolet et al., with the small-range linear-counting correction) over
// 64-bit hashes: 2^11 registers, about 2.3% standard error. Sketches of disjoint or overlapping row sets
// merge exactly (register-wise max), which is how per-segment sketches become a table's. Serialized in
// docs/format/statistics.md (sparse when few registers are set). Not thread-safe.
class HyperLogLog {
 public:
  static constexpr int kPrecision = 11;
  static constexpr uint32_t kRegisters = 1u << kPrecision;

  void Add(uint64_t hash) {
    uint32_t index = static_cast<uint32_t>(hash >> (64 - kPrecision));
    uint64_t rest = (hash << kPrecision) | (uint64_t{1} << (kPrecision - 1));  // the guard bit bounds the rank
    uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    if (rank > registers_[index]) registers_[index] = rank;
  }
  // The registers (kRegisters bytes), for a batched filter of hashes that would change nothing.
  const uint8_t* registers() const { return registers_.data(); }
  void Merge(const HyperLogLog& other);
  double Estimate() const;
  bool empty() const;

  void Serialize(ByteWriter* w) const;
  // False on malformed input (the sketch is then unspecified).
  bool Deserialize(ByteReader* r);

 private:
  std::array<uint8_t, kRegisters> registers_{};
};

}  // namespace blueshift::storage
