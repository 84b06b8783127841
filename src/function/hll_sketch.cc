#include "function/hll_sketch.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "types/varbyte.h"

namespace blueshift {
namespace {

constexpr size_t kRegisters = size_t{1} << HllSketch::kLogM;
constexpr int kRegisterBits = 6;
constexpr size_t kHeaderBytes = 4;
constexpr size_t kDenseBytes = kHeaderBytes + kRegisters * kRegisterBits / 8;  // 24,580, Redshift's maximum
constexpr uint8_t kVersion = 1;
constexpr int kLowBits = HllSketch::kSparseBits - HllSketch::kLogM;  // sparse index bits below a register's

// The rank (position of the first 1 bit, from 1) of the bits of `hash` below its top `index_bits`.
uint8_t Rank(uint64_t hash, int index_bits) {
  const uint64_t rest = (hash << index_bits) | (uint64_t{1} << (index_bits - 1));  // a sentinel bounds it
  return static_cast<uint8_t>(__builtin_clzll(rest) + 1);
}

Status BadSketch(std::string_view text) {
  std::string shown(text.substr(0, 64));
  return Status(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type hllsketch: \"" + shown + "\"");
}

// Reads the JSON number array after "key": in text into *out; false when absent or malformed.
bool ReadArray(std::string_view text, std::string_view key, std::vector<int64_t>* out) {
  const size_t k = text.find("\"" + std::string(key) + "\"");
  if (k == std::string_view::npos) return false;
  size_t p = text.find('[', k);
  if (p == std::string_view::npos) return false;
  for (p++; p < text.size();) {
    while (p < text.size() && (std::isspace(static_cast<unsigned char>(text[p])) || text[p] == ',')) p++;
    if (p < text.size() && text[p] == ']') return true;
    int64_t v = 0;
    size_t digits = 0;
    for (; p < text.size() && std::isdigit(static_cast<unsigned char>(text[p])) && digits < 12; p++, digits++)
      v = v * 10 + (text[p] - '0');
    if (digits == 0) return false;
    out->push_back(v);
  }
  return false;
}

bool ReadNumber(std::string_view text, std::string_view key, int64_t* out) {
  const size_t k = text.find("\"" + std::string(key) + "\"");
  if (k == std::string_view::npos) return false;
  size_t p = text.find(':', k);
  if (p == std::string_view::npos) return false;
  for (p++; p < text.size() && std::isspace(static_cast<unsigned char>(text[p])); p++) {
  }
  if (p >= text.size() || !std::isdigit(static_cast<unsigned char>(text[p]))) return false;
  *out = 0;
  for (; p < text.size() && std::isdigit(static_cast<unsigned char>(text[p])) && *out < 1000; p++)
    *out = *out * 10 + (text[p] - '0');
  return true;
}

}  // namespace

void HllSketch::Add(uint64_t hash) {
  if (dense()) return AddDense(static_cast<uint32_t>(hash >> (64 - kLogM)), Rank(hash, kLogM));
  AddSparse(static_cast<uint32_t>(hash >> (64 - kSparseBits)), Rank(hash, kSparseBits));
}

void HllSketch::AddSparse(uint32_t index, uint8_t rank) {
  auto it = std::lower_bound(indices_.begin(), indices_.end(), index);
  const size_t at = static_cast<size_t>(it - indices_.begin());
  if (it != indices_.end() && *it == index) {
    values_[at] = std::max(values_[at], rank);
    return;
  }
  indices_.insert(it, index);
  values_.insert(values_.begin() + static_cast<std::ptrdiff_t>(at), rank);
  if (indices_.size() > kSparseLimit) Densify();
}

void HllSketch::AddDense(uint32_t index, uint8_t rank) {
  registers_[index] = std::max(registers_[index], rank);
}

void HllSketch::Densify() {
  registers_.assign(kRegisters, 0);
  for (size_t k = 0; k < indices_.size(); k++) {
    // The sparse index's low bits are the first bits a dense register's rank counts.
    const uint32_t low = indices_[k] & ((1u << kLowBits) - 1);
    const auto rank = static_cast<uint8_t>(low != 0 ? __builtin_clz(low) - (32 - kLowBits) + 1 : kLowBits + values_[k]);
    AddDense(indices_[k] >> kLowBits, rank);
  }
  indices_.clear();
  indices_.shrink_to_fit();
  values_.clear();
  values_.shrink_to_fit();
}

void HllSketch::Merge(const HllSketch& other) {
  if (!dense() && !other.dense()) {
    for (size_t k = 0; k < other.indices_.size() && !dense(); k++) AddSparse(other.indices_[k], other.values_[k]);
    if (!dense()) return;
    HllSketch rest = other;  // this turned dense part way: fold the whole of other in densely
    rest.Densify();
    for (size_t r = 0; r < kRegisters; r++) AddDense(static_cast<uint32_t>(r), rest.registers_[r]);
    return;
  }
  if (!dense()) Densify();
  if (other.dense()) {
    for (size_t r = 0; r < kRegisters; r++) AddDense(static_cast<uint32_t>(r), other.registers_[r]);
    return;
  }
  HllSketch copy = other;
  copy.Densify();
  for (size_t r = 0; r < kRegisters; r++) AddDense(static_cast<uint32_t>(r), copy.registers_[r]);
}

int64_t HllSketch::Cardinality() const {
  if (!dense()) {
    // Linear counting over the 2^26 sparse positions: exact for small sets, up to collisions.
    const double m = std::ldexp(1.0, kSparseBits);
    return std::llround(m * std::log(m / (m - static_cast<double>(indices_.size()))));
  }
  const double m = static_cast<double>(kRegisters);
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / static_cast<double>(zeros));
  return std::llround(e);
}

std::string HllSketch::ToText() const {
  if (dense()) {
    std::string bytes(kDenseBytes, '\0');
    bytes[0] = static_cast<char>(kVersion);
    bytes[1] = static_cast<char>(kLogM);
    for (size_t r = 0; r < kRegisters; r++) {
      const size_t bit = r * kRegisterBits;
      const unsigned v = static_cast<unsigned>(registers_[r]) << (bit % 8);
      bytes[kHeaderBytes + bit / 8] =
          static_cast<char>(static_cast<uint8_t>(bytes[kHeaderBytes + bit / 8]) | (v & 0xff));
      if (v >> 8) bytes[kHeaderBytes + bit / 8 + 1] = static_cast<char>(v >> 8);
    }
    return Base64Encode(bytes);
  }
  std::string s = "{\"version\":1,\"logm\":15,\"sparse\":{\"indices\":[";
  for (size_t k = 0; k < indices_.size(); k++) s += (k ? "," : "") + std::to_string(indices_[k]);
  s += "],\"values\":[";
  for (size_t k = 0; k < values_.size(); k++) s += (k ? "," : "") + std::to_string(values_[k]);
  return s + "]}}";
}

Result<HllSketch> HllSketch::Parse(std::string_view text) {
  HllSketch sketch;
  size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) start++;
  if (start < text.size() && text[start] == '{') {
    int64_t logm = 0;
    std::vector<int64_t> indices, values;
    if (!ReadNumber(text, "logm", &logm) || logm != kLogM || !ReadArray(text, "indices", &indices) ||
        !ReadArray(text, "values", &values) || indices.size() != values.size())
      return BadSketch(text);
    for (size_t k = 0; k < indices.size(); k++) {
      if (indices[k] >= (int64_t{1} << kSparseBits) || values[k] < 1 || values[k] > 64 - kSparseBits + 1)
        return BadSketch(text);
      sketch.AddSparse(static_cast<uint32_t>(indices[k]), static_cast<uint8_t>(values[k]));
    }
    return sketch;
  }
  std::string bytes;
  if (!Base64Decode(text.substr(start), &bytes) || bytes.size() != kDenseBytes ||
      static_cast<uint8_t>(bytes[0]) != kVersion || static_cast<uint8_t>(bytes[1]) != kLogM)
    return BadSketch(text);
  sketch.registers_.assign(kRegisters, 0);
  for (size_t r = 0; r < kRegisters; r++) {
    const size_t bit = r * kRegisterBits;
    unsigned v = static_cast<uint8_t>(bytes[kHeaderBytes + bit / 8]);
    if (bit / 8 + 1 < kDenseBytes - kHeaderBytes)
      v |= static_cast<unsigned>(static_cast<uint8_t>(bytes[kHeaderBytes + bit / 8 + 1])) << 8;
    sketch.registers_[r] = static_cast<uint8_t>((v >> (bit % 8)) & 0x3f);
  }
  return sketch;
}

}  // namespace blueshift
