#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "exec/physical_sort.h"
#include "types/batch.h"

namespace blueshift {

// The ORDER BY key columns of a set of batches gathered into flat arrays (one per key, every row of every
// batch), so that sorting compares values at an index instead of finding a batch, a vector and a type per
// comparison. Each row also gets a 128-bit normalized key that orders like its leading sort keys, so most
// comparisons are one integer comparison:
// - a key with ordinals (integers, DECIMALs that fit 64 bits, strings with few distinct values ranked in
//   their sorted order) contributes its ordinal in as many bits as its values span, direction and NULL
//   placement applied; such keys are packed from the first while they fit, and decide exactly;
// - the first key after them contributes a 64-bit prefix when there is room (integers with their sign bit
//   flipped, doubles by their bits, strings by their first 8 bytes), which orders but does not decide;
// rows with equal normalized keys compare the remaining keys' values, and rows with equal keys keep their
// order (batch by batch, row by row), so the sort is stable.
class FlatSortKeys {
 public:
  // REQUIRES: the batches have no selection and the keys' columns exist in them.
  FlatSortKeys(const std::vector<SortKey>& keys, const std::vector<Batch>& batches);

  // The row ids (batch << 32 | row) of the first `limit` rows in key order (all rows when there are fewer).
  std::vector<uint64_t> SortedIds(size_t limit = SIZE_MAX) const;

 private:
  enum class Kind : uint8_t { kInt, kDouble, kInt128, kString };
  struct Column {
    Kind kind = Kind::kInt;
    bool descending = false;
    bool nulls_first = false;
    std::vector<uint8_t> nulls;  // empty when no row is NULL
    std::vector<int64_t> ints;
    std::vector<double> doubles;
    std::vector<int128_t> wide;
    std::vector<std::string_view> strings;  // CHAR and VARCHAR values without their trailing blanks
    std::vector<uint64_t> ordinals;         // per row, when the key has them
    int bits = -1;                          // the ordinals' width, -1: none
  };
  struct Entry {
    unsigned __int128 key;
    uint32_t index;
  };

  // <0, 0, >0 comparing rows x and y on key k (NULL placement and direction applied).
  int Compare(const Column& k, uint32_t x, uint32_t y) const;
  // Whether entry a sorts before b.
  bool Less(const Entry& a, const Entry& b) const;
  uint64_t Prefix(const Column& k, uint32_t i) const;
  // Fills k.ordinals and k.bits when the key's values can be ranked cheaply.
  static void MakeOrdinals(Column* k);

  std::vector<Column> columns_;
  std::vector<uint64_t> ids_;  // per index, its row id
  size_t first_full_ = 0;      // keys [0, first_full_) are decided by their packed ordinals
  bool prefixed_ = false;      // the normalized key ends with key first_full_'s 64-bit prefix
  std::vector<int> shifts_;    // per packed key, its ordinal's shift
  int used_bits_ = 0;          // the packed ordinals' bits
  // SortedIds when the packed ordinals decide every key and fit 64 bits with the row's index below them:
  // the rows sort as plain integers.
  std::vector<uint64_t> SortedIdsPacked(size_t limit) const;
};

}  // namespace blueshift
