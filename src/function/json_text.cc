#include "function/json_text.h"

#include <cctype>
#include <cstdint>
#include <string>

#include "types/utf8.h"

namespace blueshift::json_text {
namespace {

constexpr int kMaxDepth = 512;

// A cursor over JSON text. Each Parse* consumes one value and returns false on malformed input.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  void SkipSpace() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\n' || s_[p_] == '\r')) p_++;
  }
  bool AtEnd() const { return p_ >= s_.size(); }
  size_t pos() const { return p_; }
  bool Peek(char c) const { return p_ < s_.size() && s_[p_] == c; }
  void Skip() { p_++; }

  bool Value(Element* out, int depth) {
    SkipSpace();
    if (AtEnd() || depth > kMaxDepth) return false;
    size_t start = p_;
    char c = s_[p_];
    bool ok;
    if (c == '{') {
      out->kind = Kind::kObject;
      ok = Object(depth);
    } else if (c == '[') {
      out->kind = Kind::kArray;
      ok = Array(depth);
    } else if (c == '"') {
      out->kind = Kind::kString;
      ok = String();
    } else if (c == 't' || c == 'f' || c == 'n') {
      out->kind = c == 'n' ? Kind::kNull : Kind::kBool;
      ok = Word(c == 't' ? "true" : c == 'f' ? "false" : "null");
    } else {
      out->kind = Kind::kNumber;
      ok = Number();
    }
    out->raw = s_.substr(start, p_ - start);
    return ok;
  }

  bool String() {
    p_++;  // the opening quote
    while (p_ < s_.size()) {
      auto c = static_cast<unsigned char>(s_[p_++]);
      if (c == '"') return true;
      if (c < 0x20) return false;
      if (c != '\\') continue;
      if (p_ >= s_.size()) return false;
      char e = s_[p_++];
      if (e == 'u') {
        for (int k = 0; k < 4; k++, p_++) {
          if (p_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[p_]))) return false;
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return false;
      }
    }
    return false;
  }

 private:
  bool Word(std::string_view w) {
    if (s_.substr(p_, w.size()) != w) return false;
    p_ += w.size();
    return true;
  }

  bool Digits() {
    size_t start = p_;
    while (p_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[p_]))) p_++;
    return p_ > start;
  }

  bool Number() {
    if (Peek('-')) p_++;
    if (Peek('0')) {
      p_++;
    } else if (!Digits()) {
      return false;
    }
    if (Peek('.')) {
      p_++;
      if (!Digits()) return false;
    }
    if (Peek('e') || Peek('E')) {
      p_++;
      if (Peek('+') || Peek('-')) p_++;
      if (!Digits()) return false;
    }
    return true;
  }

  bool Array(int depth) {
    p_++;
    SkipSpace();
    if (Peek(']')) return p_++, true;
    for (;;) {
      Element e;
      if (!Value(&e, depth + 1)) return false;
      SkipSpace();
      if (Peek(']')) return p_++, true;
      if (!Peek(',')) return false;
      p_++;
    }
  }

  bool Object(int depth) {
    p_++;
    SkipSpace();
    if (Peek('}')) return p_++, true;
    for (;;) {
      SkipSpace();
      if (!Peek('"') || !String()) return false;
      SkipSpace();
      if (!Peek(':')) return false;
      p_++;
      Element e;
      if (!Value(&e, depth + 1)) return false;
      SkipSpace();
      if (Peek('}')) return p_++, true;
      if (!Peek(',')) return false;
      p_++;
    }
  }

  std::string_view s_;
  size_t p_ = 0;
};

// Walks the members (key with quotes, value) or elements (empty key) of a well-formed container; f returns
// true to stop.
template <typename F>
void ForEach(const Element& container, F f) {
  Reader r(container.raw);
  r.Skip();  // '[' or '{'
  for (;;) {
    r.SkipSpace();
    if (r.AtEnd() || r.Peek(']') || r.Peek('}')) return;
    std::string_view key;
    if (container.kind == Kind::kObject) {
      size_t start = r.pos();
      if (!r.String()) return;
      key = container.raw.substr(start, r.pos() - start);
      r.SkipSpace();
      r.Skip();  // ':'
    }
    Element e;
    if (!r.Value(&e, 0) || f(key, e)) return;
    r.SkipSpace();
    if (!r.Peek(',')) return;
    r.Skip();
  }
}

}  // namespace

std::optional<Element> Parse(std::string_view text) {
  Reader r(text);
  Element e;
  if (!r.Value(&e, 0)) return std::nullopt;
  r.SkipSpace();
  if (!r.AtEnd()) return std::nullopt;
  return e;
}

std::optional<Element> Member(const Element& object, std::string_view key) {
  if (object.kind != Kind::kObject) return std::nullopt;
  std::optional<Element> found;
  ForEach(object, [&](std::string_view k, const Element& e) {
    if (Text(Element{Kind::kString, k}) != key) return false;
    found = e;  // a later duplicate key wins, as in most JSON readers
    return false;
  });
  return found;
}

std::optional<Element> At(const Element& array, int64_t index) {
  if (array.kind != Kind::kArray || index < 0) return std::nullopt;
  std::optional<Element> found;
  int64_t i = 0;
  ForEach(array, [&](std::string_view, const Element& e) {
    if (i++ != index) return false;
    found = e;
    return true;
  });
  return found;
}

int64_t Length(const Element& array) {
  int64_t n = 0;
  ForEach(array, [&](std::string_view, const Element&) {
    n++;
    return false;
  });
  return n;
}

namespace {

// REQUIRES: s starts with four hex digits (the reader checked).
uint32_t Hex4(std::string_view s) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4 && k < s.size(); k++) {
    char c = s[k];
    v = v * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

}  // namespace

std::string Text(const Element& e) {
  if (e.kind != Kind::kString) return std::string(e.raw);
  std::string out;
  std::string_view s = e.raw.substr(1, e.raw.size() - 2);
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        uint32_t cp = Hex4(s.substr(i + 1));
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
          uint32_t lo = Hex4(s.substr(i + 3));
          if (lo >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(cp, &out);
        break;
      }
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace blueshift::json_text
