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
constexpr size_t kMaxTracked = 4096;          // distinct values counted exactly per segment for the frequent list
constexpr size_t kMaxTrackedBytes = 1 << 20;  // ... holding at most this many bytes of values

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
  ColumnSketchBuilder b(col.type);
  b.Add(ColumnSpan{col.type.physical(), col.values.data(), col.validity.data(), static_cast<uint32_t>(col.count)});
  return b.Finish();
}

void ColumnSketchBuilder::Add(const ColumnSpan& rows) {
  PhysicalType type = type_.physical();
  size_t width = PhysicalWidth(type);
  for (size_t i = 0; i < rows.count; i++) {
    if (!rows.validity[i]) continue;
    uint64_t h = SketchHash(type, rows.values, i);
    distinct_.Add(h);
    uint64_t seq = seen_++;
    auto it = counts_.find(h);
    if (it != counts_.end()) {
      it->second.count++;
      continue;
    }
    if (counts_.size() >= kMaxTracked || tracked_bytes_ >= kMaxTrackedBytes) continue;
    Tracked t;
    t.count = 1;
    t.first_seen = seq;
    if (type == PhysicalType::kString) {
      t.bytes = std::string(rows.data<std::string_view>()[i]);
    } else {
      t.bytes.assign(reinterpret_cast<const char*>(rows.values) + i * width, width);
    }
    tracked_bytes_ += t.bytes.size();
    counts_.emplace(h, std::move(t));
  }
}

ColumnSketch ColumnSketchBuilder::Finish() const {
  ColumnSketch s;
  s.distinct = distinct_;
  std::vector<const Tracked*> top;
  for (const auto& [h, t] : counts_) {
    if (t.count > 1) top.push_back(&t);
  }
  size_t keep = std::min(top.size(), ColumnSketch::kMaxFrequent);
  std::partial_sort(top.begin(), top.begin() + keep, top.end(), [](const Tracked* a, const Tracked* b) {
    return a->count != b->count ? a->count > b->count : a->first_seen < b->first_seen;
  });
  for (size_t k = 0; k < keep; k++) {
    const Tracked& t = *top[k];
    Value v;
    if (type_.physical() == PhysicalType::kString) {
      std::string_view view(t.bytes);
      v = ValueAt(type_, reinterpret_cast<const uint8_t*>(&view), 0);
    } else {
      alignas(16) uint8_t raw[16] = {};
      std::memcpy(raw, t.bytes.data(), t.bytes.size());
      v = ValueAt(type_, raw, 0);
    }
    s.frequent.push_back({std::move(v), t.count});
  }
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
