#pragma once

// Shared pieces of the scalar function families: the per-name resolver table, argument coercion helpers
// and the row loops kernels are written with. Internal to src/function.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "function/scalar_function.h"

namespace blueshift::scalar_internal {

// Resolves one function name for concrete argument types (see ResolveScalarFunction).
using ScalarResolver = Result<BoundScalarFunction> (*)(const std::string& name, const std::vector<LogicalType>& args,
                                                       const std::vector<Value>& constants);

struct ScalarEntry {
  const char* name;
  ScalarResolver resolve;
};

// Each family lists its names (registry built once in scalar_registry.cc).
std::vector<ScalarEntry> ArithmeticFunctions();
std::vector<ScalarEntry> ComparisonFunctions();
std::vector<ScalarEntry> LikeFunctions();
std::vector<ScalarEntry> StringFunctions();
std::vector<ScalarEntry> MathFunctions();
std::vector<ScalarEntry> DateFunctions();
std::vector<ScalarEntry> ConditionalFunctions();
std::vector<ScalarEntry> ToCharFunctions();
std::vector<ScalarEntry> RegexFunctions();
std::vector<ScalarEntry> HashFunctions();
std::vector<ScalarEntry> JsonFunctions();
std::vector<ScalarEntry> TimeZoneFunctions();
std::vector<ScalarEntry> ToDateFunctions();
std::vector<ScalarEntry> CalendarFunctions();
std::vector<ScalarEntry> ToNumberFunctions();
std::vector<ScalarEntry> VarbyteFunctions();
std::vector<ScalarEntry> IntervalFunctions();
std::vector<ScalarEntry> StringExtraFunctions();       // TRANSLATE, SOUNDEX, DATE_CMP ... (string_extra.cc)
std::vector<ScalarEntry> BitwiseFunctions();           // & | # << >> and ~ ("bitnot") on integers (bitwise.cc)
std::vector<ScalarEntry> SliceFunctions();             // SLICE_NUM() (slice_number.cc)
std::vector<ScalarEntry> TextToNumericAltFunctions();  // TEXT_TO_INT_ALT, TEXT_TO_NUMERIC_ALT (text_to_numeric_alt.cc)
std::vector<ScalarEntry> HllFunctions();
std::vector<ScalarEntry> SimilarToFunctions();  // SIMILAR_ESCAPE, behind SIMILAR TO (similar_to.cc)               //
                                                // HLL_CARDINALITY, HLL_COMBINE_SKETCHES (hll_functions.cc)
// Overloads of shared names (=, ||, length, substring ...) for VARBYTE arguments; consulted before the
// general table whenever an argument is VARBYTE (varbyte_functions.cc).
std::vector<ScalarEntry> VarbyteOverloads();
std::vector<ScalarEntry> VarbyteBitwiseOverloads();  // & | # ~ on VARBYTE (bitwise.cc)

// trunc(date|timestamp) -> date (date_functions.cc); shares the name with numeric trunc.
Result<BoundScalarFunction> ResolveTruncTimestamp(const std::string& name, const std::vector<LogicalType>& args,
                                                  const std::vector<Value>& constants);

// 42883 with PostgreSQL's wording: "operator does not exist: integer + boolean" for operators (names made of
// symbols, "neg", "like" ...), else "function f(integer, boolean) does not exist".
Status NoSuchFunction(const std::string& name, const std::vector<LogicalType>& args);

// True when argument i is a constant string the binder typed as VARCHAR: like PostgreSQL's unknown-typed
// literal it may become whatever type the other side needs.
bool IsStringLiteral(const std::vector<LogicalType>& args, const std::vector<Value>& constants, size_t i);

// A constant argument, or nullptr when argument i is not a constant (or is NULL).
const Value* ConstantArg(const std::vector<Value>& constants, size_t i);

BoundScalarFunction MakeBound(const std::string& name, std::vector<LogicalType> args, LogicalType ret,
                              ScalarKernel kernel, std::shared_ptr<const void> data = nullptr);

// Whether every argument is valid at row i; when not, marks out[i] NULL.
inline bool RowValid(std::span<const Vector* const> args, size_t i, Vector* out) {
  for (const Vector* a : args) {
    if (a->IsNull(i)) {
      out->SetNull(i, true);
      return false;
    }
  }
  out->SetNull(i, false);
  return true;
}

inline std::string_view StrAt(const Vector* v, size_t i) {
  return v->data<std::string_view>()[i];
}

// Integer argument at row i of any integer physical type.
int64_t IntAt(const Vector* v, size_t i);

// Drops trailing blanks (CHAR padding; Redshift ignores trailing blanks in comparisons).
inline std::string_view RTrimBlanks(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && s[e - 1] == ' ') e--;
  return s.substr(0, e);
}

// Lowercases a name ("DateAdd" -> "dateadd").
std::string Lower(std::string_view s);

// Loads a column of integers or decimals as unscaled int128 values.
void LoadInt128(const Vector& v, size_t n, int128_t* dst);
// Stores an int128 into an integer- or decimal-typed vector at row i (the caller checked the range).
void StoreInt128(Vector* out, size_t i, int128_t v);

}  // namespace blueshift::scalar_internal
