#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift::load {

// JsonDocument is a small in-place JSON reader for COPY: it indexes one record (an object or array) as a
// flat list of nodes over the caller's buffer without copying. Strings stay escaped until a loaded value
// needs them (UnescapeString rewrites them in place). Reused across records; not thread-safe.
class JsonDocument {
 public:
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kObject, kArray };
  struct Node {
    Type type = Type::kNull;
    char* begin = nullptr;     // kString: the first byte after the opening quote
    size_t size = 0;           // kString: bytes up to the closing quote (still escaped)
    std::string_view key;      // in an object: the member's key (escaped)
    uint32_t first_child = 0;  // 0: none (node 0 is always the root)
    uint32_t next = 0;         // next sibling, 0: none
  };

  // Finds the end of the top-level JSON value starting at the first non-blank byte at or after begin.
  // Returns 1 with *value_begin/*value_end set, 0 when the value runs past end (need more input), -1 when
  // only blanks remain before end. *newlines counts the line breaks passed.
  static int FindValue(const char* begin, const char* end, const char** value_begin, const char** value_end,
                       int* newlines);

  // Indexes [begin, end) (one value). 22P02-style error text on malformed JSON.
  Status Parse(char* begin, char* end);

  const Node& node(uint32_t i) const { return nodes_[i]; }
  const Node& root() const { return nodes_[0]; }
  // The member of object node `obj` named key (exact or ASCII case-insensitive), or -1.
  int64_t Member(uint32_t obj, std::string_view key, bool ignore_case) const;
  // The i-th element of array node `arr`, or -1.
  int64_t Element(uint32_t arr, size_t i) const;
  // Unescapes a kString node in place (idempotent); returns its text.
  std::string_view UnescapeString(uint32_t i);

 private:
  Status ParseValue(char** p, char* end, uint32_t* index, int depth);
  Status ParseString(char** p, char* end, char** begin, size_t* size);
  Status ParseContainer(char** p, char* end, uint32_t index, int depth);
  std::vector<Node> nodes_;
  std::vector<bool> unescaped_;
};

// A parsed JSONPaths expression: $.a.b, $['a']["b"], $.a[0].
struct JsonPath {
  struct Step {
    bool is_index = false;
    std::string key;
    size_t index = 0;
  };
  std::vector<Step> steps;
  std::string text;
};

// Parses a JSONPaths file: {"jsonpaths": ["$.a", ...]}; empty when the object has no "jsonpaths" key
// (Redshift then loads as 'auto'). Errors are 22023.
Result<std::vector<JsonPath>> ParseJsonPathsFile(std::string text);
Result<JsonPath> ParseJsonPath(const std::string& text);

// Follows a path from the root; -1 when a step is missing.
int64_t ResolvePath(const JsonDocument& doc, const JsonPath& path);

}  // namespace blueshift::load
