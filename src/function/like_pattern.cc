#include "function/like_pattern.h"

#include <cctype>

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

void LikePattern::FoldCase(std::string_view s, std::string* out) {
  out->resize(s.size());
  for (size_t i = 0; i < s.size(); i++) (*out)[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
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
  for (size_t i = b; i < e; i++) {
    if (elems_[i].kind != Elem::kLiteral) return;
    literal_ += elems_[i].c;
  }
  shape_ = lead ? (trail ? Shape::kContains : Shape::kSuffix) : (trail ? Shape::kPrefix : Shape::kExact);
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
      return s.find(literal_) != std::string_view::npos;
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
