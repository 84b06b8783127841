// LIKE / NOT LIKE / ILIKE / NOT ILIKE (subject, pattern [, escape]). A constant pattern is compiled once at
// bind time; otherwise each row compiles its own.

#include <optional>

#include "function/like_pattern.h"
#include "function/scalar_internal.h"

namespace blueshift::scalar_internal {
namespace {

struct LikeData {
  bool negate = false;
  bool case_insensitive = false;
  std::optional<LikePattern> pattern;  // when the pattern (and escape) are constants
};

Result<bool> MatchRow(const LikeData& d, std::span<const Vector* const> args, size_t i, std::string* fold) {
  std::string_view s = StrAt(args[0], i);
  if (args[0]->type().id() == TypeId::kChar) s = RTrimBlanks(s);
  if (d.case_insensitive) {
    LikePattern::FoldCase(s, fold);
    s = *fold;
  }
  if (d.pattern) return d.pattern->Matches(s) != d.negate;
  std::string_view escape = args.size() > 2 ? StrAt(args[2], i) : "\\";
  ASSIGN_OR_RETURN(LikePattern p, LikePattern::Compile(StrAt(args[1], i), escape, d.case_insensitive));
  return p.Matches(s) != d.negate;
}

Status LikeKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void* data) {
  const auto& d = *static_cast<const LikeData*>(data);
  std::string fold;
  uint8_t* r = out->data<uint8_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(bool m, MatchRow(d, args, i, &fold));
    r[i] = m;
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveLike(const std::string& name, const std::vector<LogicalType>& args,
                                        const std::vector<Value>& constants) {
  if (args.size() < 2 || args.size() > 3) return NoSuchFunction(name, args);
  for (const LogicalType& t : args) {
    if (!t.IsString() && t.id() != TypeId::kNull) return NoSuchFunction(name, args);
  }
  auto d = std::make_shared<LikeData>();
  d->negate = name.starts_with("not ");
  d->case_insensitive = name.ends_with("ilike");
  const Value* pattern = ConstantArg(constants, 1);
  const Value* escape = args.size() > 2 ? ConstantArg(constants, 2) : nullptr;
  if (pattern && pattern->type().IsString() && (args.size() == 2 || escape)) {
    ASSIGN_OR_RETURN(LikePattern p, LikePattern::Compile(pattern->GetString(), escape ? escape->GetString() : "\\",
                                                         d->case_insensitive));
    d->pattern = std::move(p);
  }
  std::vector<LogicalType> types;
  for (const LogicalType& t : args) types.push_back(t.id() == TypeId::kNull ? LogicalType::Varchar() : t);
  return MakeBound(name, types, LogicalType::Boolean(), LikeKernel, d);
}

}  // namespace

std::vector<ScalarEntry> LikeFunctions() {
  return {{"like", ResolveLike}, {"not like", ResolveLike}, {"ilike", ResolveLike}, {"not ilike", ResolveLike}};
}

}  // namespace blueshift::scalar_internal
