#include "load/json_reader.h"

#include <cctype>
#include <cstring>

namespace blueshift::load {

namespace {

constexpr int kMaxDepth = 256;

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void SkipBlanks(char** p, char* end) {
  while (*p < end && IsBlank(**p)) ++*p;
}

Status Malformed(const std::string& why) {
  return Status(ErrorCode::kInvalidTextRepresentation, "Invalid JSON: " + why);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ReadHex4(const char* p, const char* end, uint32_t* out) {
  if (end - p < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    int h = HexValue(p[i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *out = v;
  return true;
}

char* PutUtf8(char* w, uint32_t cp) {
  if (cp < 0x80) {
    *w++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *w++ = static_cast<char>(0xC0 | (cp >> 6));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *w++ = static_cast<char>(0xE0 | (cp >> 12));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *w++ = static_cast<char>(0xF0 | (cp >> 18));
    *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return w;
}

}  // namespace

int JsonDocument::FindValue(const char* begin, const char* end, const char** value_begin, const char** value_end,
                            int* newlines) {
  const char* p = begin;
  while (p < end && IsBlank(*p)) {
    if (*p == '\n') ++*newlines;
    p++;
  }
  if (p == end) return -1;
  *value_begin = p;
  if (*p != '{' && *p != '[') {  // a scalar: up to the next blank
    while (p < end && !IsBlank(*p)) p++;
    if (p == end) return 0;
    *value_end = p;
    return 1;
  }
  int depth = 0;
  bool in_string = false;
  for (; p < end; p++) {
    char c = *p;
    if (in_string) {
      if (c == '\\') {
        p++;
      } else if (c == '"') {
        in_string = false;
      } else if (c == '\n') {
        ++*newlines;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '\n') ++*newlines;
    if (c == '{' || c == '[') depth++;
    if ((c == '}' || c == ']') && --depth == 0) {
      *value_end = p + 1;
      return 1;
    }
  }
  return 0;
}

Status JsonDocument::Parse(char* begin, char* end) {
  nodes_.clear();
  unescaped_.clear();
  char* p = begin;
  uint32_t root = 0;
  RETURN_IF_ERROR(ParseValue(&p, end, &root, 0));
  SkipBlanks(&p, end);
  if (p != end) return Malformed("unexpected text after the value");
  unescaped_.assign(nodes_.size(), false);
  return Status::OK();
}

Status JsonDocument::ParseString(char** p, char* end, char** begin, size_t* size) {
  char* s = ++*p;  // after the opening quote
  while (*p < end && **p != '"') {
    if (**p == '\\') ++*p;
    ++*p;
  }
  if (*p >= end) return Malformed("unterminated string");
  *begin = s;
  *size = static_cast<size_t>(*p - s);
  ++*p;
  return Status::OK();
}

Status JsonDocument::ParseValue(char** p, char* end, uint32_t* index, int depth) {
  if (depth > kMaxDepth) return Malformed("nested too deeply");
  SkipBlanks(p, end);
  if (*p >= end) return Malformed("unexpected end of input");
  *index = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  char c = **p;
  if (c == '{' || c == '[') {
    nodes_[*index].type = c == '{' ? Type::kObject : Type::kArray;
    return ParseContainer(p, end, *index, depth);
  }
  if (c == '"') {
    nodes_[*index].type = Type::kString;
    return ParseString(p, end, &nodes_[*index].begin, &nodes_[*index].size);
  }
  char* s = *p;
  while (*p < end && !IsBlank(**p) && **p != ',' && **p != '}' && **p != ']') ++*p;
  std::string_view tok(s, static_cast<size_t>(*p - s));
  Node& n = nodes_[*index];
  n.begin = s;
  n.size = tok.size();
  if (tok == "null") {
    n.type = Type::kNull;
  } else if (tok == "true" || tok == "false") {
    n.type = Type::kBool;
  } else if (!tok.empty() && (c == '-' || (c >= '0' && c <= '9'))) {
    n.type = Type::kNumber;
  } else {
    return Malformed("unexpected token \"" + std::string(tok.substr(0, 32)) + "\"");
  }
  return Status::OK();
}

Status JsonDocument::ParseContainer(char** p, char* end, uint32_t index, int depth) {
  const bool object = nodes_[index].type == Type::kObject;
  const char close = object ? '}' : ']';
  nodes_[index].begin = *p;
  ++*p;
  uint32_t last = 0;
  SkipBlanks(p, end);
  if (*p < end && **p == close) {
    ++*p;
    nodes_[index].size = static_cast<size_t>(*p - nodes_[index].begin);
    return Status::OK();
  }
  while (true) {
    std::string_view key;
    if (object) {
      SkipBlanks(p, end);
      if (*p >= end || **p != '"') return Malformed("expected a member name");
      char* kb = nullptr;
      size_t ks = 0;
      RETURN_IF_ERROR(ParseString(p, end, &kb, &ks));
      key = std::string_view(kb, ks);
      SkipBlanks(p, end);
      if (*p >= end || **p != ':') return Malformed("expected ':'");
      ++*p;
    }
    uint32_t child = 0;
    RETURN_IF_ERROR(ParseValue(p, end, &child, depth + 1));
    nodes_[child].key = key;
    if (last == 0)
      nodes_[index].first_child = child;
    else
      nodes_[last].next = child;
    last = child;
    SkipBlanks(p, end);
    if (*p < end && **p == ',') {
      ++*p;
      continue;
    }
    if (*p < end && **p == close) break;
    return Malformed(object ? "expected ',' or '}'" : "expected ',' or ']'");
  }
  ++*p;
  nodes_[index].size = static_cast<size_t>(*p - nodes_[index].begin);
  return Status::OK();
}

int64_t JsonDocument::Member(uint32_t obj, std::string_view key, bool ignore_case) const {
  if (nodes_[obj].type != Type::kObject) return -1;
  int64_t found = -1;
  for (uint32_t c = nodes_[obj].first_child; c != 0; c = nodes_[c].next) {
    if (nodes_[c].key == key || (ignore_case && EqualsIgnoreCase(nodes_[c].key, key))) found = c;  // last wins
  }
  return found;
}

int64_t JsonDocument::Element(uint32_t arr, size_t i) const {
  if (nodes_[arr].type != Type::kArray) return -1;
  size_t k = 0;
  for (uint32_t c = nodes_[arr].first_child; c != 0; c = nodes_[c].next, k++) {
    if (k == i) return c;
  }
  return -1;
}

std::string_view JsonDocument::UnescapeString(uint32_t i) {
  Node& n = nodes_[i];
  if (unescaped_[i] || std::memchr(n.begin, '\\', n.size) == nullptr) {
    unescaped_[i] = true;
    return {n.begin, n.size};
  }
  char* w = n.begin;
  const char* r = n.begin;
  const char* end = n.begin + n.size;
  while (r < end) {
    if (*r != '\\' || r + 1 >= end) {
      *w++ = *r++;
      continue;
    }
    char e = r[1];
    r += 2;
    switch (e) {
      case 'n':
        *w++ = '\n';
        break;
      case 't':
        *w++ = '\t';
        break;
      case 'r':
        *w++ = '\r';
        break;
      case 'b':
        *w++ = '\b';
        break;
      case 'f':
        *w++ = '\f';
        break;
      case 'u': {
        uint32_t cp = 0, lo = 0;
        if (!ReadHex4(r, end, &cp)) break;
        r += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && end - r >= 6 && r[0] == '\\' && r[1] == 'u' && ReadHex4(r + 2, end, &lo) &&
            lo >= 0xDC00 && lo < 0xE000) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          r += 6;
        }
        w = PutUtf8(w, cp);
        break;
      }
      default:
        *w++ = e;
        break;  // \" \\ \/
    }
  }
  n.size = static_cast<size_t>(w - n.begin);
  unescaped_[i] = true;
  return {n.begin, n.size};
}

int64_t ResolvePath(const JsonDocument& doc, const JsonPath& path) {
  int64_t cur = 0;
  for (const JsonPath::Step& s : path.steps) {
    cur = s.is_index ? doc.Element(static_cast<uint32_t>(cur), s.index)
                     : doc.Member(static_cast<uint32_t>(cur), s.key, false);
    if (cur < 0) return -1;
  }
  return cur;
}

}  // namespace blueshift::load
