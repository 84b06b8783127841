#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift {

// The first position from pos on where needle occurs in s, or npos: std::string_view::find's answer, faster
// on text (SSE2: sixteen positions tested at once on the needle's first and last bytes).
size_t FindSubstring(std::string_view s, std::string_view needle, size_t pos);

// A compiled LIKE pattern: '%' matches any run of characters, '_' exactly one (UTF-8) character, and the
// escape character (default '\\', none when empty) makes the next character literal. Case-insensitive
// patterns (ILIKE) fold letters to lower case (Unicode simple mapping); the subject must then be folded with FoldCase
// too. Immutable after Compile, so one compiled pattern may be shared by threads.
class LikePattern {
 public:
  // Errors (22025 in PostgreSQL, reported as 22023): a pattern ending in the escape character, an escape
  // string longer than one character.
  static Result<LikePattern> Compile(std::string_view pattern, std::string_view escape, bool case_insensitive);

  bool Matches(std::string_view s) const;
  bool case_insensitive() const { return case_insensitive_; }

  static void FoldCase(std::string_view s, std::string* out);

 private:
  enum class Shape { kGeneral, kExact, kPrefix, kSuffix, kContains, kSegments };
  struct Elem {
    enum Kind : uint8_t { kLiteral, kOne, kMany } kind;
    char c;
  };
  bool MatchGeneral(std::string_view s) const;
  bool MatchSegments(std::string_view s) const;
  void Classify();

  std::vector<Elem> elems_;
  Shape shape_ = Shape::kGeneral;
  std::string literal_;  // the fixed text for the non-general shapes
  // kSegments: literal texts separated by '%' only ('%special%requests%'), and whether the first and last
  // must sit at the string's start and end (no '%' before or after them).
  std::vector<std::string> segments_;
  bool anchored_start_ = false, anchored_end_ = false;
  bool case_insensitive_ = false;
};

}  // namespace blueshift
