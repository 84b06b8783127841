#include "load/parquet_encoding.h"

#include <algorithm>
#include <cstring>

namespace blueshift::load::parquet {

namespace {

// Reads bit_width (<= 64) bits at bit offset bit of base, least significant bit first.
uint64_t ReadBits(const uint8_t* base, uint64_t bit, int bit_width) {
  uint64_t v = 0;
  int got = 0;
  const uint8_t* b = base + bit / 8;
  int shift = static_cast<int>(bit % 8);
  while (got < bit_width) {
    uint64_t byte = static_cast<uint64_t>(*b++) >> shift;
    int take = std::min(8 - shift, bit_width - got);
    v |= (byte & ((1ull << take) - 1)) << got;
    got += take;
    shift = 0;
  }
  return v;
}

void AppendBits(uint64_t v, int bit_width, std::string* out, uint64_t* bit) {
  for (int i = 0; i < bit_width; i++, (*bit)++) {
    if (*bit % 8 == 0) out->push_back(0);
    if ((v >> i) & 1) out->back() = static_cast<char>(out->back() | (1 << (*bit % 8)));
  }
}

void AppendUleb(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool ReadZigZag(const uint8_t** p, const uint8_t* end, int64_t* v) {
  uint64_t u;
  if (!ReadUleb(p, end, &u)) return false;
  *v = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  return true;
}

}  // namespace

bool ReadUleb(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    uint8_t b = *(*p)++;
    r |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return (*v = r, true);
  }
  return false;
}

bool RleBitPackedDecoder::NextRun() {
  uint64_t header;
  if (!ReadUleb(&p_, end_, &header)) return false;
  if (header & 1) {
    uint64_t groups = header >> 1;
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    if (groups == 0 || groups > (1u << 24)) return false;
    // Writers may end the last run early; what remains of the input is what the run holds.
    bytes = std::min<uint64_t>(bytes, static_cast<uint64_t>(end_ - p_));
    packed_ = p_;
    packed_bit_ = 0;
    packed_left_ =
        static_cast<uint32_t>(bit_width_ == 0 ? groups * 8 : std::min<uint64_t>(groups * 8, bytes * 8 / bit_width_));
    p_ += bytes;
    return packed_left_ > 0;
  }
  rle_left_ = static_cast<uint32_t>(header >> 1);
  int bytes = (bit_width_ + 7) / 8;
  if (end_ - p_ < bytes || rle_left_ == 0) return false;
  rle_value_ = 0;
  for (int i = 0; i < bytes; i++) rle_value_ |= static_cast<uint32_t>(p_[i]) << (8 * i);
  p_ += bytes;
  return true;
}

bool RleBitPackedDecoder::Decode(uint32_t* out, size_t n) {
  if (bit_width_ == 0) {
    std::fill(out, out + n, 0u);
    return true;
  }
  if (bit_width_ > 32) return false;
  size_t i = 0;
  while (i < n) {
    if (rle_left_ == 0 && packed_left_ == 0 && !NextRun()) return false;
    if (rle_left_ > 0) {
      size_t k = std::min<size_t>(rle_left_, n - i);
      std::fill(out + i, out + i + k, rle_value_);
      rle_left_ -= static_cast<uint32_t>(k);
      i += k;
      continue;
    }
    size_t k = std::min<size_t>(packed_left_, n - i);
    const uint64_t mask = (1ull << bit_width_) - 1;
    for (size_t j = 0; j < k; j++, packed_bit_ += bit_width_) {
      const uint8_t* at = packed_ + packed_bit_ / 8;
      if (end_ - at >= 8) {  // one unaligned 8-byte load holds any value of <= 32 bits at any bit offset
        uint64_t word;
        std::memcpy(&word, at, 8);
        out[i + j] = static_cast<uint32_t>((word >> (packed_bit_ % 8)) & mask);
      } else {
        out[i + j] = static_cast<uint32_t>(ReadBits(packed_, packed_bit_, bit_width_));
      }
    }
    packed_left_ -= static_cast<uint32_t>(k);
    i += k;
  }
  return true;
}

void EncodeRleBitPacked(const uint8_t* values, size_t n, int bit_width, std::string* out) {
  if (n == 0) return;
  bool all_equal = std::all_of(values, values + n, [&](uint8_t v) { return v == values[0]; });
  if (all_equal) {
    AppendUleb(static_cast<uint64_t>(n) << 1, out);
    for (int b = 0; b < (bit_width + 7) / 8; b++) out->push_back(static_cast<char>(b == 0 ? values[0] : 0));
    return;
  }
  uint64_t groups = (n + 7) / 8;
  AppendUleb((groups << 1) | 1, out);
  uint64_t bit = 0;
  for (uint64_t i = 0; i < groups * 8; i++) AppendBits(i < n ? values[i] : 0, bit_width, out, &bit);
}

bool DecodeDeltaBinaryPacked(const uint8_t* p, size_t size, std::vector<int64_t>* out, const uint8_t** end_out) {
  const uint8_t* end = p + size;
  uint64_t block_size, miniblocks, total;
  int64_t value;
  if (!ReadUleb(&p, end, &block_size) || !ReadUleb(&p, end, &miniblocks) || !ReadUleb(&p, end, &total) ||
      !ReadZigZag(&p, end, &value))
    return false;
  if (miniblocks == 0 || block_size == 0 || block_size % miniblocks != 0 || block_size % 128 != 0 ||
      total > (1ull << 31))
    return false;
  uint64_t per_mini = block_size / miniblocks;
  if (per_mini % 32 != 0) return false;
  out->reserve(out->size() + total);
  if (total > 0) out->push_back(value);
  uint64_t left = total > 0 ? total - 1 : 0;
  while (left > 0) {
    int64_t min_delta;
    if (!ReadZigZag(&p, end, &min_delta)) return false;
    if (static_cast<uint64_t>(end - p) < miniblocks) return false;
    const uint8_t* widths = p;
    p += miniblocks;
    for (uint64_t m = 0; m < miniblocks && left > 0; m++) {
      int bw = widths[m];
      if (bw > 64) return false;
      uint64_t bytes = per_mini * bw / 8;
      if (static_cast<uint64_t>(end - p) < bytes) return false;
      uint64_t k = std::min(per_mini, left);
      for (uint64_t j = 0; j < k; j++) {
        uint64_t delta = bw == 0 ? 0 : ReadBits(p, j * bw, bw);
        value = static_cast<int64_t>(static_cast<uint64_t>(value) + static_cast<uint64_t>(min_delta) + delta);
        out->push_back(value);
      }
      p += bytes;
      left -= k;
    }
  }
  *end_out = p;
  return true;
}

void EncodeDeltaBinaryPacked(const int64_t* values, size_t n, std::string* out) {
  constexpr uint64_t kBlock = 128, kMini = 4, kPerMini = kBlock / kMini;
  AppendUleb(kBlock, out);
  AppendUleb(kMini, out);
  AppendUleb(n, out);
  int64_t first = n > 0 ? values[0] : 0;
  AppendUleb((static_cast<uint64_t>(first) << 1) ^ static_cast<uint64_t>(first >> 63), out);
  for (size_t b = 1; b < n; b += kBlock) {
    size_t k = std::min<size_t>(kBlock, n - b);
    std::vector<uint64_t> deltas(k);
    int64_t min_delta = INT64_MAX;
    for (size_t j = 0; j < k; j++) {
      deltas[j] = static_cast<uint64_t>(values[b + j]) - static_cast<uint64_t>(values[b + j - 1]);
      min_delta = std::min(min_delta, static_cast<int64_t>(deltas[j]));
    }
    AppendUleb((static_cast<uint64_t>(min_delta) << 1) ^ static_cast<uint64_t>(min_delta >> 63), out);
    uint8_t widths[kMini] = {0, 0, 0, 0};
    for (size_t j = 0; j < k; j++) {
      uint64_t d = deltas[j] - static_cast<uint64_t>(min_delta);
      int bw = d == 0 ? 0 : 64 - __builtin_clzll(d);
      widths[j / kPerMini] = static_cast<uint8_t>(std::max<int>(widths[j / kPerMini], bw));
    }
    out->append(reinterpret_cast<const char*>(widths), kMini);
    for (size_t m = 0; m * kPerMini < k; m++) {
      uint64_t bit = 0;
      for (size_t j = m * kPerMini; j < (m + 1) * kPerMini; j++) {
        uint64_t d = j < k ? deltas[j] - static_cast<uint64_t>(min_delta) : 0;
        AppendBits(d, widths[m], out, &bit);
      }
    }
  }
}

bool DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, std::vector<std::string_view>* out,
                                const uint8_t** end_out) {
  std::vector<int64_t> lengths;
  const uint8_t* p;
  if (!DecodeDeltaBinaryPacked(data, size, &lengths, &p)) return false;
  const uint8_t* end = data + size;
  out->reserve(out->size() + lengths.size());
  for (int64_t len : lengths) {
    if (len < 0 || len > end - p) return false;
    out->emplace_back(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
    p += len;
  }
  *end_out = p;
  return true;
}

bool DecodeDeltaByteArray(const uint8_t* data, size_t size, std::vector<std::string_view>* out, std::string* storage) {
  std::vector<int64_t> prefixes;
  const uint8_t* p;
  if (!DecodeDeltaBinaryPacked(data, size, &prefixes, &p)) return false;
  std::vector<std::string_view> suffixes;
  const uint8_t* end;
  if (!DecodeDeltaLengthByteArray(p, static_cast<size_t>(data + size - p), &suffixes, &end)) return false;
  if (suffixes.size() != prefixes.size()) return false;
  size_t total = 0;
  size_t prev_len = 0;
  for (size_t i = 0; i < prefixes.size(); i++) {
    if (prefixes[i] < 0 || static_cast<size_t>(prefixes[i]) > prev_len) return false;
    prev_len = static_cast<size_t>(prefixes[i]) + suffixes[i].size();
    total += prev_len;
  }
  storage->clear();
  storage->reserve(total);
  std::string_view prev;
  for (size_t i = 0; i < prefixes.size(); i++) {
    size_t start = storage->size();
    storage->append(prev.substr(0, static_cast<size_t>(prefixes[i])));
    storage->append(suffixes[i]);
    prev = std::string_view(storage->data() + start, storage->size() - start);
    out->push_back(prev);
  }
  return true;
}

}  // namespace blueshift::load::parquet
