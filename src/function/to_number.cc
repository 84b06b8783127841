// TO_NUMBER(text, format): reads a number written as the format describes (9 0 digits, . D decimal point,
// , G group separators, S MI PL SG signs, PR angle brackets, $ L currency, FM). The result is
// DECIMAL(p, s) with p the format's digit positions and s those after its decimal point, fixed at bind
// time from a constant format (DECIMAL(38, 10) when the format varies by row).

#include "function/string_kernels.h"
#include "types/decimal.h"

namespace blueshift::scalar_internal {
namespace {

struct Shape {
  int precision = 0;
  int scale = 0;
};

Shape ShapeOf(std::string_view f) {
  Shape s;
  bool after_point = false;
  for (char c : f) {
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == '9' || u == '0') {
      s.precision++;
      if (after_point) s.scale++;
    } else if (u == '.' || u == 'D') {
      after_point = true;
    }
  }
  return s;
}

Status BadInput(std::string_view text) {
  return Status(ErrorCode::kInvalidTextRepresentation,
                "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

// Parses text as the format's shape into an unscaled value of out's scale.
Result<int128_t> ParseNumber(std::string_view text, std::string_view format, const LogicalType& type) {
  Shape shape = ShapeOf(format);
  bool negative = false, point = false, any = false;
  int128_t v = 0;
  int int_digits = 0, frac_digits = 0;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      any = true;
      if (point) {
        if (frac_digits >= type.scale()) continue;  // digits past the scale are dropped
        frac_digits++;
      } else {
        int_digits += (int_digits > 0 || c != '0');
      }
      v = v * 10 + (c - '0');
    } else if (c == '.' && !point) {
      point = true;
    } else if (c == '-' || c == '<') {
      negative = true;
    } else if (c != ',' && c != '+' && c != '$' && c != ' ' && c != '>') {
      return BadInput(text);
    }
  }
  if (!any) return BadInput(text);
  if (int_digits > (shape.precision == 0 ? type.precision() : shape.precision) - type.scale())
    return Status(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("The value \"" + std::string(text) + "\" does not fit the format \"" + std::string(format) + "\".");
  for (int k = frac_digits; k < type.scale(); k++) v *= 10;
  return negative ? -v : v;
}

Status ToNumber(std::span<const Vector* const> args, size_t n, Vector* out, const void*) {
  for (size_t i = 0; i < n; i++) {
    if (!RowValid(args, i, out)) continue;
    ASSIGN_OR_RETURN(int128_t v, ParseNumber(StrAt(args[0], i), StrAt(args[1], i), out->type()));
    StoreInt128(out, i, v);
  }
  return Status::OK();
}

Result<BoundScalarFunction> ResolveToNumber(const std::string& name, const std::vector<LogicalType>& args,
                                            const std::vector<Value>& constants) {
  auto text = [](const LogicalType& t) { return t.IsString() || t.id() == TypeId::kNull; };
  if (args.size() != 2 || !text(args[0]) || !text(args[1])) return NoSuchFunction(name, args);
  LogicalType ret = LogicalType::Decimal(38, 10);
  if (const Value* f = ConstantArg(constants, 1); f && f->type().IsString()) {
    Shape s = ShapeOf(f->GetString());
    if (s.precision < 1 || s.precision > LogicalType::kMaxDecimalPrecision)
      return Status(ErrorCode::kInvalidParameterValue, "invalid format for TO_NUMBER: \"" + f->GetString() + "\"");
    ret = LogicalType::Decimal(s.precision, s.scale);
  }
  return MakeBound(
      name,
      {LogicalType::Varchar(LogicalType::kMaxVarcharLength), LogicalType::Varchar(LogicalType::kMaxVarcharLength)}, ret,
      ToNumber);
}

}  // namespace

std::vector<ScalarEntry> ToNumberFunctions() {
  return {{"to_number", ResolveToNumber}};
}

}  // namespace blueshift::scalar_internal
