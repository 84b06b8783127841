// POSIX-style regular expression operators (~, !~, ~*, !~*) and Redshift's REGEXP_COUNT, REGEXP_REPLACE and
// REGEXP_SUBSTR, over RE2. RE2 runs in linear time; the constructs it lacks (backreferences, lookaround)
// are rejected with 2201B "invalid regular expression".

#include <re2/re2.h>

#include <optional>

#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {
namespace {

struct RegexData {
  bool negate = false;
  bool case_insensitive = false;
  std::shared_ptr<const RE2> pattern;  // when the pattern argument is a constant
};

Result<std::shared_ptr<const RE2>> Compile(std::string_view pattern, bool case_insensitive) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(!case_insensitive);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return Status(ErrorCode::kInvalidParameterValue, "invalid regular expression: " + re->error());
  return std::shared_ptr<const RE2>(re);
}

// The pattern for row i: the bind-time one, or compiled from the row (cached while it repeats).
Result<const RE2*> PatternAt(const RegexData& d, const Vector* pattern, size_t i, std::shared_ptr<const RE2>* cache,
                             std::string* cache_text) {
  if (d.pattern) return d.pattern.get();
  std::string_view p = StrAt(pattern, i);
  if (!*cache || *cache_text != p) {
    ASSIGN_OR_RETURN(*cache, Compile(p, d.case_insensitive));
    cache_text->assign(p);
  }
  return cache->get();
}

re2::StringPiece Piece(std::string_view s) {
  return re2::StringPiece(s.data(), s.size());
}

Status MatchKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const RegexData*>(data);
  std::shared_ptr<const RE2> cache;
  std::string cache_text;
  uint8_t* r = out->data<uint8_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(const RE2* re, PatternAt(d, args[1], i, &cache, &cache_text));
    r[i] = RE2::PartialMatch(Piece(StrAt(args[0], i)), *re) != d.negate;
  }
  return Status::OK();
}

Status CountKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const RegexData*>(data);
  std::shared_ptr<const RE2> cache;
  std::string cache_text;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(const RE2* re, PatternAt(d, args[1], i, &cache, &cache_text));
    re2::StringPiece input = Piece(StrAt(args[0], i));
    int32_t count = 0;
    re2::StringPiece match;
    size_t pos = 0;
    while (pos <= input.size() && re->Match(input, pos, input.size(), RE2::UNANCHORED, &match, 1)) {
      count++;
      size_t end = match.data() - input.data() + match.size();
      pos = match.empty() ? end + 1 : end;
    }
    out->data<int32_t>()[i] = count;
  }
  return Status::OK();
}

Status SubstrKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const RegexData*>(data);
  std::shared_ptr<const RE2> cache;
  std::string cache_text;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(const RE2* re, PatternAt(d, args[1], i, &cache, &cache_text));
    re2::StringPiece input = Piece(StrAt(args[0], i));
    re2::StringPiece match;
    if (re->Match(input, 0, input.size(), RE2::UNANCHORED, &match, 1)) {
      out->SetString(i, std::string_view(match.data(), match.size()));
    } else {
      out->SetString(i, "");
    }
  }
  return Status::OK();
}

Status ReplaceKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const RegexData*>(data);
  std::shared_ptr<const RE2> cache;
  std::string cache_text;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(const RE2* re, PatternAt(d, args[1], i, &cache, &cache_text));
    std::string s(StrAt(args[0], i));
    std::string_view repl = args.size() > 2 ? StrAt(args[2], i) : std::string_view();
    RE2::GlobalReplace(&s, *re, Piece(repl));
    out->SetString(i, s);
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveRegex(const std::string& name, const std::vector<LogicalType>& args,
                                         const std::vector<Value>& constants) {
  bool is_operator = name[0] == '~' || name[0] == '!';
  size_t min_args = name == "regexp_replace" ? 2 : 2, max_args = name == "regexp_replace" ? 3 : 2;
  if (args.size() < min_args || args.size() > max_args) return NoSuchFunction(name, args);
  for (const LogicalType& t : args) {
    if (!t.IsString() && t.id() != TypeId::kNull) return NoSuchFunction(name, args);
  }
  auto d = std::make_shared<RegexData>();
  d->negate = name[0] == '!';
  d->case_insensitive = name.back() == '*';
  const Value* pattern = ConstantArg(constants, 1);
  if (pattern && pattern->type().IsString()) {
    ASSIGN_OR_RETURN(d->pattern, Compile(pattern->GetString(), d->case_insensitive));
  }
  std::vector<LogicalType> types(args.size(), LogicalType::Varchar(LogicalType::kMaxVarcharLength));
  if (is_operator) return MakeBound(name, types, LogicalType::Boolean(), MatchKernel, d);
  if (name == "regexp_count") return MakeBound(name, types, LogicalType::Integer(), CountKernel, d);
  if (name == "regexp_substr")
    return MakeBound(name, types, LogicalType::Varchar(LogicalType::kMaxVarcharLength), SubstrKernel, d);
  return MakeBound(name, types, LogicalType::Varchar(LogicalType::kMaxVarcharLength), ReplaceKernel, d);
}

}  // namespace

std::vector<ScalarEntry> RegexFunctions() {
  return {{"~", ResolveRegex},
          {"!~", ResolveRegex},
          {"~*", ResolveRegex},
          {"!~*", ResolveRegex},
          {"regexp_count", ResolveRegex},
          {"regexp_substr", ResolveRegex},
          {"regexp_replace", ResolveRegex}};
}

}  // namespace blueshift::scalar_internal
