// Redshift's string functions beyond the common ones (string_functions.cc): TRANSLATE, QUOTE_IDENT,
// QUOTE_LITERAL, ASCII, CHR, SOUNDEX, DIFFERENCE, OCTETINDEX, STRTOL, BPCHARCMP, BTTEXT_PATTERN_CMP; and the
// date comparison helpers DATE_CMP, TIMESTAMP_CMP, TIMESTAMPTZ_CMP and their mixed forms, DATE_PART_YEAR.
// Characters are UTF-8 code points.

#include <algorithm>
#include <cctype>
#include <map>

#include "function/scalar_internal.h"
#include "function/string_kernels.h"
#include "types/datetime.h"
#include "types/utf8.h"

namespace blueshift::scalar_internal {
namespace {

const LogicalType kText = LogicalType::Varchar(LogicalType::kMaxVarcharLength);

// The code points of UTF-8 s, each with its bytes.
std::vector<std::string_view> Chars(std::string_view s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) j++;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

uint32_t CodePoint(std::string_view c) {
  const auto b0 = static_cast<unsigned char>(c[0]);
  if (b0 < 0x80 || c.size() == 1) return b0;
  uint32_t cp = b0 & (c.size() == 2 ? 0x1F : c.size() == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < c.size(); k++) cp = (cp << 6) | (static_cast<unsigned char>(c[k]) & 0x3F);
  return cp;
}

// TRANSLATE(s, from, to): each character of s found in `from` becomes the character at the same place in
// `to`, or is dropped when `to` is shorter.
Status Translate(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    const std::vector<std::string_view> from = Chars(StrAt(args[1], i)), to = Chars(StrAt(args[2], i));
    for (std::string_view c : Chars(StrAt(args[0], i))) {
      auto at = std::find(from.begin(), from.end(), c);
      if (at == from.end()) {
        buf->append(c);
      } else if (static_cast<size_t>(at - from.begin()) < to.size()) {
        buf->append(to[at - from.begin()]);
      }
    }
    return std::string_view(*buf);
  });
}

// QUOTE_IDENT: double quotes (embedded ones doubled) only where the string would not be the same identifier
// unquoted: anything but lower-case letters, digits, _ and $, or a digit or $ first.
Status QuoteIdent(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    std::string_view s = StrAt(args[0], i);
    bool plain = !s.empty() && (std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_');
    for (char c : s) {
      plain = plain && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                        c == '_' || c == '$');
    }
    if (plain) return s;
    buf->push_back('"');
    for (char c : s) {
      if (c == '"') buf->push_back('"');
      buf->push_back(c);
    }
    buf->push_back('"');
    return std::string_view(*buf);
  });
}

// QUOTE_LITERAL: single quotes, embedded ones doubled.
Status QuoteLiteral(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    buf->push_back('\'');
    for (char c : StrAt(args[0], i)) {
      if (c == '\'') buf->push_back('\'');
      buf->push_back(c);
    }
    buf->push_back('\'');
    return std::string_view(*buf);
  });
}

Status Ascii(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) {
    std::string_view s = StrAt(args[0], i);
    return s.empty() ? 0 : static_cast<int32_t>(CodePoint(Chars(s.substr(0, std::min<size_t>(s.size(), 4)))[0]));
  });
}

Status Chr(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    int64_t cp = IntAt(args[0], i);
    if (cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return Status(ErrorCode::kProgramLimitExceeded,
                    "requested character too large for encoding: " + std::to_string(cp));
    AppendUtf8(static_cast<uint32_t>(cp), buf);
    return std::string_view(*buf);
  });
}

// American Soundex: the first letter, then the codes of the following consonants (b f p v 1; c g j k q s x z
// 2; d t 3; l 4; m n 5; r 6), a code repeated only after a vowel, padded with 0 to four characters. Other
// characters than ASCII letters are skipped; no letter gives ''.
std::string Soundex(std::string_view s) {
  static constexpr std::string_view kCodes = "01230120022455012623010202";  // a..z
  std::string out;
  char last = 0;
  for (char ch : s) {
    if (!std::isalpha(static_cast<unsigned char>(ch))) continue;
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const char code = kCodes[lower - 'a'];
    if (out.empty()) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    } else if (code != '0' && code != last) {
      out.push_back(code);
      if (out.size() == 4) break;
    }
    if (lower != 'h' && lower != 'w') last = code;  // h and w do not separate equal codes
  }
  if (!out.empty()) out.resize(4, '0');
  return out;
}

Status SoundexKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToString(args, n, out, [&](size_t i, std::string* buf) -> Result<std::string_view> {
    *buf = Soundex(StrAt(args[0], i));
    return std::string_view(*buf);
  });
}

// DIFFERENCE: how many of the four Soundex characters agree, position by position (0 to 4).
Status Difference(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) {
    const std::string a = Soundex(StrAt(args[0], i)), b = Soundex(StrAt(args[1], i));
    int32_t same = 0;
    for (size_t k = 0; k < std::min(a.size(), b.size()); k++) same += a[k] == b[k];
    return same;
  });
}

// OCTETINDEX(sub, s): the byte position of sub in s, 1-based; 0 when absent.
Status OctetIndex(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) {
    size_t at = StrAt(args[1], i).find(StrAt(args[0], i));
    return at == std::string_view::npos ? 0 : static_cast<int32_t>(at + 1);
  });
}

// STRTOL(s, base): s read as an integer in base 2..36 (a sign, and 0x before base 16, allowed).
Status Strtol(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  int64_t* r = out->data<int64_t>();
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    std::string_view s = StrAt(args[0], i);
    const int64_t base = IntAt(args[1], i);
    if (base < 2 || base > 36)
      return Status(ErrorCode::kInvalidParameterValue, "base must be between 2 and 36, got " + std::to_string(base));
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    const bool negative = !s.empty() && s[0] == '-';
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
    if (base == 16 && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s.remove_prefix(2);
    auto bad = [&] {
      return Status(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for base " + std::to_string(base) +
                                                               ": \"" + std::string(StrAt(args[0], i)) + "\"");
    };
    if (s.empty()) return bad();
    unsigned __int128 v = 0;
    for (char c : s) {
      const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : std::isalpha(static_cast<unsigned char>(c))
                        ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                        : 99;
      if (d >= base) return bad();
      v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
      if (v > static_cast<unsigned __int128>(INT64_MAX) + 1)
        return Status(ErrorCode::kNumericValueOutOfRange,
                      "value \"" + std::string(StrAt(args[0], i)) + "\" is out of range for type bigint");
    }
    if (!negative && v > static_cast<unsigned __int128>(INT64_MAX))
      return Status(ErrorCode::kNumericValueOutOfRange,
                    "value \"" + std::string(StrAt(args[0], i)) + "\" is out of range for type bigint");
    r[i] = negative ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  }
  return Status::OK();
}

// BPCHARCMP (CHAR semantics: trailing blanks do not count) and BTTEXT_PATTERN_CMP (bytes): -1, 0 or 1.
template <bool kTrim>
Status TextCmp(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) {
    std::string_view a = StrAt(args[0], i), b = StrAt(args[1], i);
    int c = kTrim ? RTrimBlanks(a).compare(RTrimBlanks(b)) : a.compare(b);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  });
}

bool StringOrNull(const LogicalType& t) {
  return t.IsString() || t.id() == TypeId::kNull;
}

bool IntegerOrNull(const LogicalType& t) {
  return t.IsInteger() || t.id() == TypeId::kNull;
}

Result<BoundScalarFunction> ResolveStringExtra(const std::string& name, const std::vector<LogicalType>& args,
                                               const std::vector<Value>&) {
  auto strings = [&](size_t count) {
    return args.size() == count && std::all_of(args.begin(), args.end(), StringOrNull);
  };
  if (name == "translate" && strings(3)) return MakeBound(name, {kText, kText, kText}, kText, Translate);
  if (name == "quote_ident" && strings(1)) return MakeBound(name, {kText}, kText, QuoteIdent);
  if (name == "quote_literal" && strings(1)) return MakeBound(name, {kText}, kText, QuoteLiteral);
  if (name == "ascii" && strings(1)) return MakeBound(name, {kText}, LogicalType::Integer(), Ascii);
  if (name == "soundex" && strings(1)) return MakeBound(name, {kText}, kText, SoundexKernel);
  if (name == "difference" && strings(2)) return MakeBound(name, {kText, kText}, LogicalType::Integer(), Difference);
  if (name == "octetindex" && strings(2)) return MakeBound(name, {kText, kText}, LogicalType::Integer(), OctetIndex);
  if (name == "bpcharcmp" && strings(2)) return MakeBound(name, {kText, kText}, LogicalType::Integer(), TextCmp<true>);
  if (name == "bttext_pattern_cmp" && strings(2))
    return MakeBound(name, {kText, kText}, LogicalType::Integer(), TextCmp<false>);
  if (name == "chr" && args.size() == 1 && IntegerOrNull(args[0]))
    return MakeBound(name, {LogicalType::BigInt()}, LogicalType::Varchar(4), Chr);
  if (name == "strtol" && args.size() == 2 && StringOrNull(args[0]) && IntegerOrNull(args[1]))
    return MakeBound(name, {kText, LogicalType::Integer()}, LogicalType::BigInt(), Strtol);
  return NoSuchFunction(name, args);
}

// The date comparison helpers: both sides cast to the wider type (date < timestamp < timestamptz), compared.
template <typename T>
Status ThreeWayKernel(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) {
    const T a = args[0]->data<T>()[i], b = args[1]->data<T>()[i];
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

Result<BoundScalarFunction> ResolveDateCmp(const std::string& name, const std::vector<LogicalType>& args,
                                           const std::vector<Value>&) {
  // name -> the two declared argument types
  static const std::map<std::string, std::pair<TypeId, TypeId>> kForms = {
      {"date_cmp", {TypeId::kDate, TypeId::kDate}},
      {"date_cmp_timestamp", {TypeId::kDate, TypeId::kTimestamp}},
      {"date_cmp_timestamptz", {TypeId::kDate, TypeId::kTimestampTz}},
      {"timestamp_cmp", {TypeId::kTimestamp, TypeId::kTimestamp}},
      {"timestamp_cmp_date", {TypeId::kTimestamp, TypeId::kDate}},
      {"timestamp_cmp_timestamptz", {TypeId::kTimestamp, TypeId::kTimestampTz}},
      {"timestamptz_cmp", {TypeId::kTimestampTz, TypeId::kTimestampTz}},
      {"timestamptz_cmp_date", {TypeId::kTimestampTz, TypeId::kDate}},
      {"timestamptz_cmp_timestamp", {TypeId::kTimestampTz, TypeId::kTimestamp}}};
  auto form = kForms.find(name);
  auto fits = [](const LogicalType& t, TypeId want) {
    return t.id() == want || t.id() == TypeId::kNull || t.IsString();
  };
  if (form == kForms.end() || args.size() != 2 || !fits(args[0], form->second.first) ||
      !fits(args[1], form->second.second))
    return NoSuchFunction(name, args);
  auto rank = [](TypeId t) { return t == TypeId::kDate ? 0 : t == TypeId::kTimestamp ? 1 : 2; };
  const TypeId wide = rank(form->second.first) >= rank(form->second.second) ? form->second.first : form->second.second;
  const LogicalType t = wide == TypeId::kDate        ? LogicalType::Date()
                        : wide == TypeId::kTimestamp ? LogicalType::Timestamp()
                                                     : LogicalType::TimestampTz();
  return MakeBound(name, {t, t}, LogicalType::Integer(),
                   wide == TypeId::kDate ? ThreeWayKernel<int32_t> : ThreeWayKernel<int64_t>);
}

Status DatePartYear(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  return MapToInt(args, n, out, [&](size_t i) {
    int64_t year;
    unsigned month, day;
    CivilFromDays(args[0]->data<int32_t>()[i], &year, &month, &day);
    return static_cast<int32_t>(year);
  });
}

Result<BoundScalarFunction> ResolveDatePartYear(const std::string& name, const std::vector<LogicalType>& args,
                                                const std::vector<Value>&) {
  const TypeId t = args.empty() ? TypeId::kNull : args[0].id();
  if (args.size() != 1 || !(t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampTz ||
                            t == TypeId::kNull || args[0].IsString()))
    return NoSuchFunction(name, args);
  return MakeBound(name, {LogicalType::Date()}, LogicalType::Integer(), DatePartYear);
}

}  // namespace

std::vector<ScalarEntry> StringExtraFunctions() {
  std::vector<ScalarEntry> v;
  for (const char* name : {"translate", "quote_ident", "quote_literal", "ascii", "chr", "soundex", "difference",
                           "octetindex", "strtol", "bpcharcmp", "bttext_pattern_cmp"}) {
    v.push_back({name, ResolveStringExtra});
  }
  for (const char* name :
       {"date_cmp", "date_cmp_timestamp", "date_cmp_timestamptz", "timestamp_cmp", "timestamp_cmp_date",
        "timestamp_cmp_timestamptz", "timestamptz_cmp", "timestamptz_cmp_date", "timestamptz_cmp_timestamp"}) {
    v.push_back({name, ResolveDateCmp});
  }
  v.push_back({"date_part_year", ResolveDatePartYear});
  return v;
}

}  // namespace blueshift::scalar_internal
