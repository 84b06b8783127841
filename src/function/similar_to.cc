// SIMILAR TO: the SQL regular expression becomes a POSIX one for the ~ operator, as PostgreSQL's
// similar_escape does: the whole string must match, '%' is '.*', '_' is '.', '(' groups without
// capturing, '.', '^', '$' and '\' are literal, the escape character (default '\', none when empty) makes the
// next character literal; bracket expressions are copied as they are. SIMILAR_ESCAPE(pattern, escape) is the
// translation as a function, for patterns that are not constants.

#include "function/similar_to.h"

#include "function/string_kernels.h"

namespace blueshift {

Result<std::string> SimilarToRegex(std::string_view pattern, std::string_view escape) {
  if (escape.size() > 1)
    return Status(ErrorCode::kInvalidParameterValue, "invalid escape string")
        .WithHint("Escape string must be empty or one character.");
  const bool has_escape = !escape.empty();
  const char esc = has_escape ? escape[0] : '\0';
  std::string re = "^(?:";
  bool in_bracket = false, after_escape = false;
  for (size_t i = 0; i < pattern.size(); i++) {
    const char c = pattern[i];
    if (after_escape) {
      re += '\\';
      re += c;
      after_escape = false;
    } else if (has_escape && c == esc) {
      after_escape = true;
    } else if (in_bracket) {
      if (c == '\\') re += '\\';
      re += c;
      if (c == ']') in_bracket = false;
    } else if (c == '[') {
      in_bracket = true;
      re += c;
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') re += pattern[++i];
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') re += pattern[++i];  // a leading ']' is literal
    } else if (c == '%') {
      re += ".*";
    } else if (c == '_') {
      re += '.';
    } else if (c == '(') {
      re += "(?:";
    } else if (c == '\\' || c == '.' || c == '^' || c == '$') {
      re += '\\';
      re += c;
    } else {
      re += c;
    }
  }
  if (after_escape)
    return Status(ErrorCode::kInvalidParameterValue, "invalid escape string")
        .WithHint("The pattern ends in the escape character.");
  return re + ")$";
}

namespace scalar_internal {
namespace {

Status SimilarEscape(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    ASSIGN_OR_RETURN(*buf, SimilarToRegex(StrAt(args[0], i), args.size() > 1 ? StrAt(args[1], i) : "\\"));
    return std::string_view(*buf);
  });
}

Result<BoundScalarFunction> ResolveSimilarEscape(const std::string& name, const std::vector<LogicalType>& args,
                                                 const std::vector<Value>&) {
  auto text = [](const LogicalType& t) { return t.IsString() || t.id() == TypeId::kNull; };
  if (args.empty() || args.size() > 2 || !text(args[0]) || (args.size() == 2 && !text(args[1])))
    return NoSuchFunction(name, args);
  const LogicalType v = LogicalType::Varchar(LogicalType::kMaxVarcharLength);
  return MakeBound(name, std::vector<LogicalType>(args.size(), v), v, SimilarEscape);
}

}  // namespace

std::vector<ScalarEntry> SimilarToFunctions() {
  return {{"similar_escape", ResolveSimilarEscape}};
}

}  // namespace scalar_internal
}  // namespace blueshift
