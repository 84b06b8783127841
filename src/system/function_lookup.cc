#include "system/function_lookup.h"

#include <cctype>
#include <map>

namespace blueshift {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A type's spelling as FunctionSignature prints it: PostgreSQL's name, without length or precision.
std::string CanonicalTypeName(std::string t) {
  t = Lower(Trim(t));
  if (size_t open = t.find('('); open != std::string::npos) {
    size_t close = t.find(')', open);
    t = Trim(t.substr(0, open) + (close == std::string::npos ? "" : t.substr(close + 1)));
  }
  static const std::map<std::string, std::string> kAliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"int2", "smallint"},
      {"int8", "bigint"},
      {"float", "double precision"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"bool", "boolean"},
      {"decimal", "numeric"},
      {"varchar", "character varying"},
      {"text", "character varying"},
      {"nvarchar", "character varying"},
      {"char", "character"},
      {"bpchar", "character"},
      {"nchar", "character"},
      {"timestamp", "timestamp without time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"time", "time without time zone"},
      {"timetz", "time with time zone"},
      {"varbinary", "varbyte"},
  };
  auto it = kAliases.find(t);
  return it == kAliases.end() ? t : it->second;
}

}  // namespace

std::string FunctionInfoText(const std::string& function, const FunctionDef& f) {
  auto types = [](const std::vector<LogicalType>& t) {
    std::string s = FunctionSignature("", t);  // "(a, b)"
    return s.substr(1, s.size() - 2);
  };
  if (function == "pg_get_function_result") return types({f.return_type});
  if (function == "pg_get_function_arguments" || function == "pg_get_function_identity_arguments")
    return types(f.arg_types);
  if (function != "pg_get_functiondef") return "";
  const char* volatility = f.volatility == Volatility::kImmutable ? "IMMUTABLE"
                           : f.volatility == Volatility::kStable  ? "STABLE"
                                                                  : "VOLATILE";
  return "CREATE OR REPLACE FUNCTION " + f.schema + "." + f.name + "(" + types(f.arg_types) + ")\n RETURNS " +
         types({f.return_type}) + "\n LANGUAGE sql\n " + volatility + "\nAS $$" + f.body_sql + "$$\n";
}

std::optional<Result<std::shared_ptr<const FunctionDef>>> FindFunctionBySignature(const std::string& text,
                                                                                  const SystemContext& ctx) {
  size_t open = text.find('(');
  size_t close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return Status(ErrorCode::kInvalidTextRepresentation, "expected a left parenthesis");
  std::string qualified = Lower(Trim(text.substr(0, open)));
  std::string schema;
  std::string name = qualified;
  if (size_t dot = qualified.rfind('.'); dot != std::string::npos) {
    schema = qualified.substr(0, dot);
    name = qualified.substr(dot + 1);
  }
  std::string args = Trim(text.substr(open + 1, close - open - 1));
  std::string wanted = name + "(";
  for (size_t start = 0, n = 0; !args.empty() && start <= args.size(); n++) {
    size_t comma = args.find(',', start);
    // A comma inside "numeric(10,2)" separates type parameters, not arguments.
    size_t paren = args.find('(', start);
    if (paren != std::string::npos && comma != std::string::npos && paren < comma)
      comma = args.find(',', args.find(')', paren));
    wanted +=
        (n ? ", " : "") + CanonicalTypeName(args.substr(start, comma == std::string::npos ? comma : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  wanted += ")";
  std::vector<std::string> schemas = schema.empty() ? ctx.search_path : std::vector<std::string>{schema};
  bool named = false;
  for (const auto& s : schemas) {
    for (const auto& f : ctx.catalog->FindFunctions(s, name)) {
      named = true;
      if (FunctionSignature(*f) == wanted) return f;
    }
  }
  if (!named) return std::nullopt;
  return Status(ErrorCode::kUndefinedFunction, "function \"" + text + "\" does not exist");
}

}  // namespace blueshift
