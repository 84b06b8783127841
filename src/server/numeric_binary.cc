#include "server/numeric_binary.h"

#include <cstdint>
#include <vector>

#include "types/decimal.h"

namespace blueshift::server {

namespace {

constexpr uint16_t kPositive = 0x0000;
constexpr uint16_t kNegative = 0x4000;
constexpr uint16_t kNaN = 0xC000;

void AddInt16(std::string* out, int v) {
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
  out->push_back(static_cast<char>(v & 0xFF));
}

int ReadInt16(std::string_view bytes, size_t pos) {
  return static_cast<int16_t>((static_cast<uint8_t>(bytes[pos]) << 8) | static_cast<uint8_t>(bytes[pos + 1]));
}

Status BadNumeric(const std::string& why) {
  return Status(ErrorCode::kProtocolViolation, "invalid binary NUMERIC value: " + why);
}

}  // namespace

std::string EncodeBinaryNumeric(int128_t unscaled, int scale) {
  const bool negative = unscaled < 0;
  std::string digits = Int128ToString(negative ? -unscaled : unscaled);
  // At least one integer digit, so the text splits into integer and fraction at size - scale.
  if (digits.size() < static_cast<size_t>(scale) + 1) digits.insert(0, scale + 1 - digits.size(), '0');
  std::string integer = digits.substr(0, digits.size() - scale);
  std::string fraction = digits.substr(digits.size() - scale);
  integer.insert(0, (4 - integer.size() % 4) % 4, '0');
  fraction.append((4 - fraction.size() % 4) % 4, '0');
  std::vector<int> groups;
  for (size_t i = 0; i < integer.size(); i += 4) groups.push_back(std::stoi(integer.substr(i, 4)));
  const int integer_groups = static_cast<int>(groups.size());
  for (size_t i = 0; i < fraction.size(); i += 4) groups.push_back(std::stoi(fraction.substr(i, 4)));
  int weight = integer_groups - 1;
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  size_t last = groups.size();
  while (last > first && groups[last - 1] == 0) --last;
  std::string out;
  if (first == last) {  // zero
    AddInt16(&out, 0);
    AddInt16(&out, 0);
    AddInt16(&out, kPositive);
    AddInt16(&out, scale);
    return out;
  }
  AddInt16(&out, static_cast<int>(last - first));
  AddInt16(&out, weight);
  AddInt16(&out, negative ? kNegative : kPositive);
  AddInt16(&out, scale);
  for (size_t i = first; i < last; ++i) AddInt16(&out, groups[i]);
  return out;
}

Result<std::string> DecodeBinaryNumeric(std::string_view bytes) {
  if (bytes.size() < 8) return BadNumeric("shorter than its header");
  const int ndigits = ReadInt16(bytes, 0);
  const int weight = ReadInt16(bytes, 2);
  const uint16_t sign = static_cast<uint16_t>(ReadInt16(bytes, 4));
  const int dscale = ReadInt16(bytes, 6);
  if (ndigits < 0 || bytes.size() != 8 + 2 * static_cast<size_t>(ndigits)) {
    return BadNumeric("length does not match its digit count");
  }
  if (sign == kNaN) return std::string("NaN");
  if (sign != kPositive && sign != kNegative) return BadNumeric("unknown sign");
  if (dscale < 0) return BadNumeric("negative display scale");
  std::string digits;  // every base-10000 digit as four decimal digits
  for (int i = 0; i < ndigits; ++i) {
    const int d = ReadInt16(bytes, 8 + 2 * i);
    if (d < 0 || d > 9999) return BadNumeric("digit out of range");
    std::string group = std::to_string(d);
    digits.append(4 - group.size(), '0').append(group);
  }
  // The decimal point sits after (weight + 1) groups.
  long point = 4L * (weight + 1);
  if (point < 0) {
    digits.insert(0, static_cast<size_t>(-point), '0');
    point = 0;
  }
  if (static_cast<size_t>(point) > digits.size()) digits.append(static_cast<size_t>(point) - digits.size(), '0');
  std::string integer = digits.substr(0, static_cast<size_t>(point));
  std::string fraction = digits.substr(static_cast<size_t>(point));
  const size_t first_nonzero = integer.find_first_not_of('0');
  integer = first_nonzero == std::string::npos ? "0" : integer.substr(first_nonzero);
  if (fraction.size() < static_cast<size_t>(dscale)) fraction.append(dscale - fraction.size(), '0');
  std::string text = sign == kNegative ? "-" : "";
  text += integer;
  if (!fraction.empty()) text += "." + fraction;
  return text;
}

}  // namespace blueshift::server
