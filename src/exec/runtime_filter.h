#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <mutex>

#include "types/batch.h"
#include "types/vector.h"

namespace blueshift {

class ExecContext;

// Runtime join filters. A hash join (inner or semi) whose build side is complete knows every key a probe
// row can match. A scan on the probe side whose column feeds that key unchanged (through filters,
// projections, group keys and other joins: PhysicalOperator::ForwardsKeyFilter) can drop the rows whose
// value is not among them before anything above it runs: `l_partkey` of the lineitem under TPC-H Q17's
// decorrelated AVG is tested against the 200 parts the outer query keeps, so the aggregate sees 6,000 rows
// instead of 6 million. The pipelines run the join's build before every pipeline of its probe side
// (exec/pipeline.cc), so the set is complete when such a scan starts. The set is only a pre-filter: the
// join still checks every key, so a false positive costs nothing but the row's trip.

// The non-NULL values of one integer-physical build key (SMALLINT, INTEGER, BIGINT, DATE, TIMESTAMP,
// DECIMAL up to 18 digits), for "may this value be a key?": a bitmap over [min, max] when the range is
// small or dense enough (exact), else a register-blocked Bloom filter (one 64-bit word per value, four
// bits set in it; about 16 bits per key, a false positive rate near 0.1%).
class KeySet {
 public:
  // Adds the non-NULL values of v (its first n rows).
  void Add(const Vector& v, size_t n);
  // Makes the set ready for lookups; no Add after it.
  void Seal();

  bool empty() const { return bits_.empty() && words_.empty(); }
  int64_t min() const { return min_; }
  int64_t max() const { return max_; }

  // Keeps the rows (indexes into v) whose value may be in the set; returns how many. NULLs never are.
  size_t Keep(const Vector& v, uint32_t* rows, size_t n) const;

 private:
  template <typename T>
  size_t KeepTyped(const Vector& v, uint32_t* rows, size_t n) const;
  bool MayContain(int64_t x) const {
    if (x < min_ || x > max_) return false;
    if (!bits_.empty()) {
      uint64_t d = static_cast<uint64_t>(x) - static_cast<uint64_t>(min_);
      return (bits_[d >> 6] >> (d & 63)) & 1;
    }
    uint64_t h = Hash(x);
    uint64_t m = BloomMask(h);
    return (words_[h >> shift_] & m) == m;
  }
  static uint64_t Hash(int64_t x) {
    uint64_t h = static_cast<uint64_t>(x) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 29);
  }
  // Four bits of a word, chosen by the hash's low 24 bits (the word by its high ones).
  static uint64_t BloomMask(uint64_t h) {
    return (uint64_t(1) << (h & 63)) | (uint64_t(1) << ((h >> 6) & 63)) | (uint64_t(1) << ((h >> 12) & 63)) |
           (uint64_t(1) << ((h >> 18) & 63));
  }

  std::vector<int64_t> values_;  // before Seal
  std::vector<uint64_t> bits_;   // bitmap over [min_, max_]
  std::vector<uint64_t> words_;  // Bloom filter
  int shift_ = 63;
  int64_t min_ = INT64_MAX, max_ = INT64_MIN;
};

// Whether KeySet handles keys of this type.
bool KeySetSupports(const LogicalType& type);

// A join's key sets, made on the first scan's request, once per key, from the complete build side's key
// columns (chunks of batches, column `key` of each), and only when the build side has at most a quarter as
// many rows as the table the scan reads: the set costs a pass over the build keys, which only a scan that
// many times its size repays.
class KeySetCache {
 public:
  void Reset(size_t keys);
  // nullptr when declined (too big, a type KeySet does not handle) or never Reset.
  const KeySet* Get(size_t key, const LogicalType& type, const std::vector<Batch>& chunks, uint64_t build_rows,
                    uint64_t scan_rows);

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<KeySet>> sets_;
  std::vector<int8_t> state_;  // 0 not yet decided, 1 made, -1 declined
};

// What offers key sets to scans: PhysicalHashJoin (its build keys) and PhysicalMarkJoin (its left keys).
class KeyFilterProvider {
 public:
  virtual ~KeyFilterProvider() = default;
  // The key set of key `key` for a scan of scan_rows rows, or nullptr.
  virtual const KeySet* KeyFilter(ExecContext& ctx, size_t key, uint64_t scan_rows) const = 0;
};

}  // namespace blueshift
