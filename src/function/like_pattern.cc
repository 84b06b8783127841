#include "function/like_pattern.h"

#include "types/unicode_case.h"

#include <emmintrin.h>

#include <cctype>
#include <cstring>

namespace blueshift {
namespace {

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

size_t FindSubstring(std::string_view s, std::string_view needle, size_t pos) {
  const size_t n = needle.size();
  if (n < 2 || pos > s.size() || s.size() - pos < n) return s.find(needle, pos);
  // Sixteen candidate positions at a time: those whose first and last bytes both match the needle's, each
  // then checked in full (the test on two bytes leaves few false candidates in ordinary text).
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[n - 1]);
  const char* p = s.data();
  auto candidates = [&](size_t i) {
    __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + n - 1));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
  };
  auto check = [&](size_t i, unsigned mask) {
    for (; mask != 0; mask &= mask - 1) {
      size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      if (std::memcmp(p + at + 1, needle.data() + 1, n - 2) == 0) return at;
    }
    return std::string_view::npos;
  };
  size_t i = pos;
  for (; i + n - 1 + 16 <= s.size(); i += 16) {
    if (size_t at = check(i, candidates(i)); at != std::string_view::npos) return at;
  }
  // The positions left (fewer than 16): the last 16 positions again when the text has them, those already
  // searched masked off, instead of a scalar search (text columns' values are a few dozen bytes: the tail
  // was a third of each search).
  const size_t end = s.size() - n + 1;  // one past the last position a match can start at
  if (i >= end) return std::string_view::npos;
  if (end >= pos + 16) {
    size_t j = end - 16;
    return check(j, candidates(j) & ~((1u << (i - j)) - 1));
  }
  return s.find(needle, i);
}

void LikePattern::FoldCase(std::string_view s, std::string* out) {
  Utf8ToLower(s, out);
}

Result<LikePattern> LikePattern::Compile(std::string_view pattern, std::string_view escape, bool case_insensitive) {
  if (escape.size() > 1) {
    return Status(ErrorCode::kInvalidParameterValue, "invalid escape string")
        .WithHint("Escape string must be empty or one character.");
  }
  LikePattern p;
  p.case_insensitive_ = case_insensitive;
  std::string folded;
  if (case_insensitive) {
    FoldCase(pattern, &folded);
    pattern = folded;
  }
  for (size_t i = 0; i < pattern.size(); i++) {
    char ch = pattern[i];
    if (!escape.empty() && ch == escape[0]) {
      if (++i == pattern.size()) {
        return Status(ErrorCode::kInvalidParameterValue, "LIKE pattern must not end with escape character");
      }
      p.elems_.push_back({Elem::kLiteral, pattern[i]});
    } else if (ch == '%') {
      if (p.elems_.empty() || p.elems_.back().kind != Elem::kMany) p.elems_.push_back({Elem::kMany, 0});
    } else if (ch == '_') {
      p.elems_.push_back({Elem::kOne, 0});
    } else {
      p.elems_.push_back({Elem::kLiteral, ch});
    }
  }
  p.Classify();
  return p;
}

void LikePattern::Classify() {
  size_t b = 0, e = elems_.size();
  bool lead = b < e && elems_[b].kind == Elem::kMany;
  bool trail = e > b + (lead ? 1 : 0) && elems_[e - 1].kind == Elem::kMany;
  if (lead) b++;
  if (trail) e--;
  bool single = true;
  for (size_t i = b; i < e; i++) {
    if (elems_[i].kind != Elem::kLiteral) {
      single = false;
      break;
    }
    literal_ += elems_[i].c;
  }
  if (single) {
    shape_ = lead ? (trail ? Shape::kContains : Shape::kSuffix) : (trail ? Shape::kPrefix : Shape::kExact);
    return;
  }
  literal_.clear();
  // Literals and '%' only: each literal is found with a substring search, leftmost first.
  std::vector<std::string> segments(1);
  for (size_t i = b; i < e; i++) {
    if (elems_[i].kind == Elem::kOne) return;
    if (elems_[i].kind == Elem::kLiteral) {
      segments.back() += elems_[i].c;
    } else if (!segments.back().empty()) {
      segments.emplace_back();
    }
  }
  segments_ = std::move(segments);
  anchored_start_ = !lead;
  anchored_end_ = !trail;
  shape_ = Shape::kSegments;
}

bool LikePattern::MatchSegments(std::string_view s) const {
  size_t first = 0, last = segments_.size(), pos = 0, end = s.size();
  if (anchored_start_) {
    if (!s.starts_with(segments_[0])) return false;
    pos = segments_[0].size();
    first = 1;
  }
  if (anchored_end_) {
    const std::string& tail = segments_[--last];
    if (end < pos + tail.size() || !s.ends_with(tail)) return false;
    end -= tail.size();
  }
  std::string_view body = s.substr(0, end);
  for (size_t i = first; i < last; i++) {
    size_t at = FindSubstring(body, segments_[i], pos);
    if (at == std::string_view::npos) return false;
    pos = at + segments_[i].size();
  }
  return true;
}

bool LikePattern::Matches(std::string_view s) const {
  switch (shape_) {
    case Shape::kExact:
      return s == literal_;
    case Shape::kPrefix:
      return s.substr(0, literal_.size()) == literal_;
    case Shape::kSuffix:
      return s.size() >= literal_.size() && s.substr(s.size() - literal_.size()) == literal_;
    case Shape::kContains:
      return FindSubstring(s, literal_, 0) != std::string_view::npos;
    case Shape::kSegments:
      return MatchSegments(s);
    case Shape::kGeneral:
      return MatchGeneral(s);
  }
  return false;
}

// Wildcard matching with backtracking to the last '%': O(|s| * |pattern|) at worst.
bool LikePattern::MatchGeneral(std::string_view s) const {
  size_t pi = 0, si = 0, star = std::string::npos, star_si = 0;
  auto step = [&](size_t at) { return std::min(s.size(), at + Utf8Length(static_cast<unsigned char>(s[at]))); };
  while (si < s.size()) {
    if (pi < elems_.size() && elems_[pi].kind == Elem::kLiteral && elems_[pi].c == s[si]) {
      pi++;
      si++;
    } else if (pi < elems_.size() && elems_[pi].kind == Elem::kOne) {
      pi++;
      si = step(si);
    } else if (pi < elems_.size() && elems_[pi].kind == Elem::kMany) {
      star = pi++;
      star_si = si;
    } else if (star != std::string::npos) {
      pi = star + 1;
      si = star_si = step(star_si);
    } else {
      return false;
    }
  }
  while (pi < elems_.size() && elems_[pi].kind == Elem::kMany) pi++;
  return pi == elems_.size();
}

}  // namespace blueshift
