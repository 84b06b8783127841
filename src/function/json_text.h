#pragma once

// A small JSON reader for the JSON text functions (JSON_EXTRACT_PATH_TEXT, IS_VALID_JSON ...): they take
// VARCHAR and look at one path per row, so the reader walks the text without building a tree.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace blueshift::json_text {

enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

// One value inside a document: its kind and its raw text (for strings, with the quotes).
struct Element {
  Kind kind = Kind::kNull;
  std::string_view raw;
};

// Parses the whole of text as one JSON value (surrounding white space allowed). nullopt when malformed.
std::optional<Element> Parse(std::string_view text);

// The member named key of an object element, or nullopt (absent, or not an object).
// REQUIRES: object comes from Parse (so it is well-formed).
std::optional<Element> Member(const Element& object, std::string_view key);

// Element index (0-based) of an array element, or nullopt (out of range, or not an array).
std::optional<Element> At(const Element& array, int64_t index);

// The number of elements of an array element. REQUIRES: array.kind == kArray.
int64_t Length(const Element& array);

// The text the functions return for an element: strings unquoted and unescaped, other kinds as written.
std::string Text(const Element& e);

}  // namespace blueshift::json_text
