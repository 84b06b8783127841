#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift {

// A HyperLogLog sketch as Redshift's HLLSKETCH values are (logm 15): sparse while small, a sorted list of
// (26-bit index, rank) pairs that counts exactly up to hash collisions; dense past kSparseLimit pairs,
// 2^15 six-bit registers. Its text (docs/format/hllsketch.md) is Redshift's: the sparse form as JSON,
// {"version":1,"logm":15,"sparse":{"indices":[...],"values":[...]}}, the dense form as Base64. The hash that
// feeds Add is blueshift's own, so sketches match Redshift's in form and estimate, not bit for bit.
// Not thread-safe; a value type.
class HllSketch {
 public:
  static constexpr int kLogM = 15;
  static constexpr int kSparseBits = 26;
  static constexpr size_t kSparseLimit = 4915;  // past this many pairs the dense form is smaller

  // Adds a 64-bit hash of a value.
  void Add(uint64_t hash);
  // Folds another sketch in: the sketch of the union.
  void Merge(const HllSketch& other);
  // The estimated number of distinct values.
  int64_t Cardinality() const;
  bool dense() const { return !registers_.empty(); }
  // Bytes held on the heap.
  size_t MemoryBytes() const { return indices_.capacity() * 4 + values_.capacity() + registers_.capacity(); }

  std::string ToText() const;
  // Reads ToText's forms (and the sparse JSON without "version"). 22P02 on anything else.
  static Result<HllSketch> Parse(std::string_view text);

 private:
  void AddSparse(uint32_t index, uint8_t rank);
  void AddDense(uint32_t index, uint8_t rank);
  void Densify();

  std::vector<uint32_t> indices_;   // sparse: ascending
  std::vector<uint8_t> values_;     // sparse: the rank at each index
  std::vector<uint8_t> registers_;  // dense: 2^kLogM registers, empty while sparse
};

}  // namespace blueshift
