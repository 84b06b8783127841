// POSIX-style regular expression operators (~, !~, ~*, !~*) and Redshift's REGEXP_COUNT, REGEXP_INSTR,
// REGEXP_REPLACE and REGEXP_SUBSTR with their position, occurrence, option and parameters ('c', 'i', 'e',
// 'p') arguments, over RE2. RE2 runs in linear time; the constructs it lacks (backreferences, lookaround)
// are rejected with 2201B "invalid regular expression".

#include <re2/re2.h>

#include <algorithm>
#include <optional>

#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {
namespace {

// Where REGEXP_COUNT/INSTR/REPLACE/SUBSTR find their optional arguments (-1: the function has none).
struct RegexArgs {
  int replace = -1, position = -1, occurrence = -1, option = -1, params = -1;
};

RegexArgs ArgsOf(const std::string& name) {
  if (name == "regexp_count") return {-1, 2, -1, -1, 3};
  if (name == "regexp_instr") return {-1, 2, 3, 4, 5};
  if (name == "regexp_replace") return {2, 3, -1, -1, 4};
  return {-1, 2, 3, -1, 4};  // regexp_substr
}

struct RegexData {
  bool negate = false;
  bool case_insensitive = false;
  std::shared_ptr<const RE2> pattern;  // when the pattern argument is a constant
  RegexArgs args;                      // the functions' optional arguments
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

// One row's search: where it starts (a byte offset), which match counts, and the parameters' flags.
struct RowSearch {
  size_t start = 0;
  int64_t occurrence = 1;
  int64_t option = 0;
  bool case_insensitive = false;
  bool subexpression = false;  // 'e': the first parenthesized subexpression instead of the whole match
};

// The byte offset of character `chars` (0-based) of UTF-8 s; s.size() when s is shorter.
size_t ByteOffsetOfChar(std::string_view s, int64_t chars) {
  size_t i = 0;
  for (int64_t c = 0; c < chars && i < s.size(); c++) {
    i++;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) i++;
  }
  return i;
}

int64_t CharsBefore(std::string_view s, size_t bytes) {
  int64_t n = 0;
  for (size_t i = 0; i < bytes && i < s.size(); i++) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

Result<RowSearch> SearchAt(const RegexData& d, const RegexArgs& a, std::span<const Vector* const> args, size_t i) {
  RowSearch r;
  r.case_insensitive = d.case_insensitive;
  std::string_view s = StrAt(args[0], i);
  // As Redshift's: a position below 1 searches from the first character, one past the end finds nothing; an
  // occurrence below 1 finds nothing; any option but 0 is 1.
  if (a.position >= 0 && a.position < static_cast<int>(args.size())) {
    r.start = ByteOffsetOfChar(s, std::max<int64_t>(IntAt(args[a.position], i), 1) - 1);
  }
  if (a.occurrence >= 0 && a.occurrence < static_cast<int>(args.size())) r.occurrence = IntAt(args[a.occurrence], i);
  if (a.option >= 0 && a.option < static_cast<int>(args.size())) r.option = IntAt(args[a.option], i) != 0;
  if (a.params >= 0 && a.params < static_cast<int>(args.size())) {
    for (char c : StrAt(args[a.params], i)) {
      switch (c) {
        case 'c':
          r.case_insensitive = false;
          break;
        case 'i':
          r.case_insensitive = true;
          break;
        case 'e':
          r.subexpression = true;
          break;
        case 'p':  // PCRE: RE2's syntax is PCRE's less backreferences and lookaround (rejected when used)
          break;
        default:
          return Status(ErrorCode::kInvalidParameterValue, std::string("invalid regular expression parameter: ") + c);
      }
    }
  }
  return r;
}

// The pattern for a row whose search may ask for another case sensitivity than the bind-time pattern.
Result<const RE2*> RowPattern(const RegexData& d, const Vector* pattern, size_t i, const RowSearch& r,
                              std::shared_ptr<const RE2>* cache, std::string* cache_text, bool* cache_ci) {
  if (d.pattern && r.case_insensitive == d.case_insensitive) return d.pattern.get();
  std::string_view p = StrAt(pattern, i);
  if (!*cache || *cache_text != p || *cache_ci != r.case_insensitive) {
    ASSIGN_OR_RETURN(*cache, Compile(p, r.case_insensitive));
    cache_text->assign(p);
    *cache_ci = r.case_insensitive;
  }
  return cache->get();
}

// The occurrence-th match at or after r.start, with its first subexpression when there is one; false when
// there are fewer matches.
bool FindMatch(const RE2& re, re2::StringPiece input, const RowSearch& r, re2::StringPiece* match,
               re2::StringPiece* sub) {
  re2::StringPiece groups[2];
  const int want = re.NumberOfCapturingGroups() > 0 ? 2 : 1;
  size_t pos = r.start;
  if (r.occurrence < 1) return false;
  for (int64_t seen = 0; pos <= input.size();) {
    if (!re.Match(input, pos, input.size(), RE2::UNANCHORED, groups, want)) return false;
    if (++seen == r.occurrence) {
      *match = groups[0];
      *sub = want == 2 ? groups[1] : groups[0];
      return true;
    }
    size_t end = groups[0].data() - input.data() + groups[0].size();
    pos = groups[0].empty() ? end + 1 : end;
  }
  return false;
}

// The kernels of the four functions share the row loop: F(row, re, search) stores row's result.
template <typename F>
Status ForEachRow(std::span<const Vector* const> args, size_t n, Vector* out, const void* data, F f) {
  const auto& d = *static_cast<const RegexData*>(data);
  std::shared_ptr<const RE2> cache;
  std::string cache_text;
  bool cache_ci = false;
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(RowSearch r, SearchAt(d, d.args, args, i));
    ASSIGN_OR_RETURN(const RE2* re, RowPattern(d, args[1], i, r, &cache, &cache_text, &cache_ci));
    f(i, *re, r);
  }
  return Status::OK();
}

Status CountKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  return ForEachRow(args, n, out, data, [&](size_t i, const RE2& re, const RowSearch& r) {
    re2::StringPiece input = Piece(StrAt(args[0], i));
    int32_t count = 0;
    re2::StringPiece match;
    size_t pos = r.start;
    while (pos <= input.size() && re.Match(input, pos, input.size(), RE2::UNANCHORED, &match, 1)) {
      count++;
      size_t end = match.data() - input.data() + match.size();
      pos = match.empty() ? end + 1 : end;
    }
    out->data<int32_t>()[i] = count;
  });
}

Status InstrKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  return ForEachRow(args, n, out, data, [&](size_t i, const RE2& re, const RowSearch& r) {
    std::string_view s = StrAt(args[0], i);
    re2::StringPiece match, sub;
    int32_t at = 0;
    if (FindMatch(re, Piece(s), r, &match, &sub)) {
      re2::StringPiece found = r.subexpression ? sub : match;
      size_t byte = found.data() - s.data() + (r.option == 1 ? found.size() : 0);
      at = static_cast<int32_t>(CharsBefore(s, byte) + 1);
    }
    out->data<int32_t>()[i] = at;
  });
}

Status SubstrKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  return ForEachRow(args, n, out, data, [&](size_t i, const RE2& re, const RowSearch& r) {
    re2::StringPiece match, sub;
    if (FindMatch(re, Piece(StrAt(args[0], i)), r, &match, &sub)) {
      re2::StringPiece found = r.subexpression ? sub : match;
      out->SetString(i, std::string_view(found.data(), found.size()));
    } else {
      out->SetString(i, "");
    }
  });
}

Status ReplaceKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const int replace = static_cast<const RegexData*>(data)->args.replace;
  return ForEachRow(args, n, out, data, [&](size_t i, const RE2& re, const RowSearch& r) {
    std::string_view s = StrAt(args[0], i);
    std::string_view repl = replace < static_cast<int>(args.size()) ? StrAt(args[replace], i) : std::string_view();
    std::string tail(s.substr(r.start));  // the part before the position stays as it is
    RE2::GlobalReplace(&tail, re, Piece(repl));
    out->SetString(i, std::string(s.substr(0, r.start)) + tail);
  });
}

Result<BoundScalarFunction> ResolveRegex(const std::string& name, const std::vector<LogicalType>& args,
                                         const std::vector<Value>& constants) {
  const bool is_operator = name[0] == '~' || name[0] == '!';
  const size_t max_args = is_operator              ? 2
                          : name == "regexp_count" ? 4
                          : name == "regexp_instr" ? 6
                                                   : 5;  // replace, substr
  if (args.size() < 2 || args.size() > max_args) return NoSuchFunction(name, args);
  auto d = std::make_shared<RegexData>();
  if (!is_operator) d->args = ArgsOf(name);
  const RegexArgs& a = d->args;
  std::vector<LogicalType> types;
  for (size_t k = 0; k < args.size(); k++) {
    const int ki = static_cast<int>(k);
    const bool integer = ki == a.position || ki == a.occurrence || ki == a.option;
    if (integer ? !(args[k].IsInteger() || args[k].id() == TypeId::kNull)
                : !(args[k].IsString() || args[k].id() == TypeId::kNull))
      return NoSuchFunction(name, args);
    types.push_back(integer ? LogicalType::BigInt() : LogicalType::Varchar(LogicalType::kMaxVarcharLength));
  }
  d->negate = name[0] == '!';
  // A case-insensitive source (COLLATE CASE_INSENSITIVE) matches as ~* does, unless parameters say 'c'.
  d->case_insensitive = name.back() == '*' || (!is_operator && args[0].case_insensitive());
  const Value* pattern = ConstantArg(constants, 1);
  if (pattern && pattern->type().IsString()) {
    ASSIGN_OR_RETURN(d->pattern, Compile(pattern->GetString(), d->case_insensitive));
  }
  if (is_operator) return MakeBound(name, types, LogicalType::Boolean(), MatchKernel, d);
  if (name == "regexp_count") return MakeBound(name, types, LogicalType::Integer(), CountKernel, d);
  if (name == "regexp_instr") return MakeBound(name, types, LogicalType::Integer(), InstrKernel, d);
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
          {"regexp_instr", ResolveRegex},
          {"regexp_replace", ResolveRegex}};
}

}  // namespace blueshift::scalar_internal
