// The TPC-H text domains: the fixed word lists (colors, types, containers, segments, ...) and the comment
// text, which the specification (clause 4.2.2.10) defines as random substrings of a pool of sentences built
// from a small grammar over weighted word lists.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "random.h"

namespace blueshift::tpch {

// A list of words, each drawn with probability proportional to its weight.
class WeightedList {
 public:
  struct Entry {
    std::string_view word;
    int weight;
  };
  WeightedList(std::initializer_list<Entry> entries);
  std::string_view Pick(Random& rng) const;

 private:
  std::vector<Entry> entries_;
  int total_ = 0;
};

// Comment text. Build once, then share read-only between tables.
class TextPool {
 public:
  // Builds a pool of `size` bytes of grammar sentences from `seed`.
  TextPool(size_t size, uint64_t seed);
  // A substring of random length in [min_len, max_len] at a random offset. The view points into the pool.
  std::string_view Comment(Random& rng, int min_len, int max_len) const;

 private:
  std::string pool_;
};

// Uniformly chosen entries of the fixed lists.
std::string_view PickColor(Random& rng);
std::string_view PickTypeSyllable(Random& rng, int which);       // which in 0..2
std::string_view PickContainerSyllable(Random& rng, int which);  // which in 0..1
std::string_view PickSegment(Random& rng);
std::string_view PickPriority(Random& rng);
std::string_view PickShipInstruct(Random& rng);
std::string_view PickShipMode(Random& rng);
int ColorCount();

// Random alphanumeric string ("v-string" in the specification) of length in [min_len, max_len].
void AppendVString(Random& rng, int min_len, int max_len, std::string& out);

struct Nation {
  std::string_view name;
  int region;
};
extern const Nation kNations[25];
extern const std::string_view kRegions[5];

}  // namespace blueshift::tpch
