// JSONPaths files and expressions for COPY ... JSON 's3://.../jsonpaths'.

#include <cctype>

#include "load/json_reader.h"

namespace blueshift::load {

namespace {

Status BadPath(const std::string& path, const std::string& why) {
  return Status(ErrorCode::kInvalidParameterValue, "Invalid JSONPath format: " + why + ": " + path);
}

// $['name'] or $["name"] at text[*i] == '['.
Status ReadBracket(const std::string& text, size_t* i, JsonPath::Step* step) {
  size_t j = *i + 1;
  if (j < text.size() && (text[j] == '\'' || text[j] == '"')) {
    char q = text[j];
    size_t close = text.find(q, j + 1);
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ']')
      return BadPath(text, "unterminated bracket");
    step->key = text.substr(j + 1, close - j - 1);
    *i = close + 2;
    return Status::OK();
  }
  size_t close = text.find(']', j);
  if (close == std::string::npos || close == j) return BadPath(text, "unterminated bracket");
  for (size_t k = j; k < close; k++) {
    if (!std::isdigit(static_cast<unsigned char>(text[k]))) return BadPath(text, "array index must be a number");
  }
  step->is_index = true;
  step->index = std::stoul(text.substr(j, close - j));
  *i = close + 1;
  return Status::OK();
}

}  // namespace

Result<JsonPath> ParseJsonPath(const std::string& text) {
  JsonPath path;
  path.text = text;
  if (text.empty() || text[0] != '$') return BadPath(text, "a path starts with $");
  size_t i = 1;
  while (i < text.size()) {
    JsonPath::Step step;
    if (text[i] == '[') {
      RETURN_IF_ERROR(ReadBracket(text, &i, &step));
    } else if (text[i] == '.') {
      size_t j = ++i;
      while (i < text.size() && text[i] != '.' && text[i] != '[') i++;
      if (i == j) return BadPath(text, "empty member name");
      step.key = text.substr(j, i - j);
    } else {
      return BadPath(text, "unexpected character");
    }
    path.steps.push_back(std::move(step));
  }
  return path;
}

Result<std::vector<JsonPath>> ParseJsonPathsFile(std::string text) {
  JsonDocument doc;
  Status st = doc.Parse(text.data(), text.data() + text.size());
  if (!st.ok()) return Status(ErrorCode::kInvalidParameterValue, "Invalid JSONPaths file: " + st.message());
  int64_t arr = doc.Member(0, "jsonpaths", false);
  if (arr < 0) return std::vector<JsonPath>{};  // as Redshift: not a JSONPaths file, so 'auto'
  if (doc.node(static_cast<uint32_t>(arr)).type != JsonDocument::Type::kArray)
    return Status(ErrorCode::kInvalidParameterValue, "Invalid JSONPaths file: no \"jsonpaths\" array");
  std::vector<JsonPath> out;
  for (uint32_t c = doc.node(static_cast<uint32_t>(arr)).first_child; c != 0; c = doc.node(c).next) {
    if (doc.node(c).type != JsonDocument::Type::kString)
      return Status(ErrorCode::kInvalidParameterValue, "Invalid JSONPaths file: every path must be a string");
    ASSIGN_OR_RETURN(JsonPath p, ParseJsonPath(std::string(doc.UnescapeString(c))));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace blueshift::load
