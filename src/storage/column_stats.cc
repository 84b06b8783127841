#include "storage/column_stats.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "storage/typed_value.h"
#include "util/crc32c.h"
#include "util/hash.h"

namespace blueshift::storage {
namespace {

constexpr uint32_t kSketchVersion = 1;
constexpr size_t kMaxTracked = 4096;  // distinct values counted exactly per segment for the frequent list

}  // namespace

uint64_t SketchHash(PhysicalType type, const uint8_t* values, size_t i) {
  switch (type) {
    case PhysicalType::kBool:
      return HashInt(values[i]);
    case PhysicalType::kInt16:
      return HashInt(reinterpret_cast<const int16_t*>(values)[i]);
    case PhysicalType::kInt32:
      return HashInt(reinterpret_cast<const int32_t*>(values)[i]);
    case PhysicalType::kInt64:
      return HashInt(reinterpret_cast<const int64_t*>(values)[i]);
    case PhysicalType::kInt128:
      return HashInt128(reinterpret_cast<const __int128*>(values)[i]);
    case PhysicalType::kFloat: {
      double d = reinterpret_cast<const float*>(values)[i];
      if (d == 0) d = 0;  // -0.0 equals 0.0
      return HashBytes(&d, sizeof d);
    }
    case PhysicalType::kDouble: {
      double d = reinterpret_cast<const double*>(values)[i];
      if (d == 0) d = 0;
      return HashBytes(&d, sizeof d);
    }
    case PhysicalType::kString:
      return HashString(reinterpret_cast<const std::string_view*>(values)[i]);
  }
  return 0;
}

ColumnSketch ColumnSketch::Build(const ColumnData& col) {
  ColumnSketch s;
  PhysicalType type = col.type.physical();
  // hash -> (count, first row with that value)
  std::unordered_map<uint64_t, std::pair<uint64_t, size_t>> counts;
  for (size_t i = 0; i < col.count; i++) {
    if (!col.validity[i]) continue;
    uint64_t h = SketchHash(type, col.values.data(), i);
    s.distinct.Add(h);
    auto it = counts.find(h);
    if (it != counts.end()) {
      it->second.first++;
    } else if (counts.size() < kMaxTracked) {
      counts.emplace(h, std::make_pair(uint64_t{1}, i));
    }
  }
  std::vector<std::pair<uint64_t, size_t>> top;
  for (const auto& [h, c] : counts) {
    if (c.first > 1) top.push_back(c);
  }
  size_t keep = std::min(top.size(), kMaxFrequent);
  std::partial_sort(top.begin(), top.begin() + keep, top.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t k = 0; k < keep; k++)
    s.frequent.push_back({ValueAt(col.type, col.values.data(), top[k].second), top[k].first});
  return s;
}

std::string SegmentSketch::Serialize(const std::vector<LogicalType>& types) const {
  ByteWriter w;
  w.U32(kSketchVersion);
  w.U32(static_cast<uint32_t>(columns.size()));
  for (size_t c = 0; c < columns.size(); c++) {
    columns[c].distinct.Serialize(&w);
    w.U8(static_cast<uint8_t>(columns[c].frequent.size()));
    for (const FrequentValue& f : columns[c].frequent) {
      w.U64(f.count);
      PutTypedValue(f.value, types[c], &w);
    }
  }
  w.U32(Crc32c(w.data()));
  return w.Release();
}

Result<std::shared_ptr<const SegmentSketch>> SegmentSketch::Deserialize(std::string_view bytes,
                                                                        const std::vector<LogicalType>& types) {
  auto corrupt = [](const std::string& why) {
    return Status(ErrorCode::kDataCorrupted, "segment statistics section is damaged: " + why);
  };
  if (bytes.size() < 12) return corrupt("too short");
  uint32_t crc;
  std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
  if (Crc32c(bytes.substr(0, bytes.size() - 4)) != crc) return corrupt("checksum mismatch");
  ByteReader r(bytes.substr(0, bytes.size() - 4));
  if (r.U32() != kSketchVersion) return corrupt("unknown version");
  uint32_t n = r.U32();
  if (n != types.size()) return corrupt("column count differs from the segment's");
  auto out = std::make_shared<SegmentSketch>();
  out->columns.resize(n);
  for (uint32_t c = 0; c < n; c++) {
    if (!out->columns[c].distinct.Deserialize(&r)) return corrupt("bad distinct-count sketch");
    uint8_t k = r.U8();
    for (uint8_t j = 0; j < k && r.ok(); j++) {
      FrequentValue f;
      f.count = r.U64();
      f.value = GetTypedValue(types[c], &r);
      out->columns[c].frequent.push_back(std::move(f));
    }
  }
  if (!r.ok() || r.remaining() != 0) return corrupt("truncated or trailing bytes");
  return std::shared_ptr<const SegmentSketch>(std::move(out));
}

}  // namespace blueshift::storage
