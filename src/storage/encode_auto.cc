#include "storage/encode_auto.h"

#include <cstdint>

#include "storage/encoding.h"

namespace blueshift::storage {
namespace {

// Candidates in order of preference (cheapest to decode first): earlier wins a tie.
constexpr Encoding kLightweight[] = {
    Encoding::kRunLength, Encoding::kAz64,     Encoding::kDelta,    Encoding::kDelta32k, Encoding::kMostly8,
    Encoding::kMostly16,  Encoding::kMostly32, Encoding::kByteDict, Encoding::kText255,  Encoding::kText32k,
};
constexpr Encoding kGeneralPurpose[] = {Encoding::kLzo, Encoding::kZstd};

bool Candidate(Encoding e, const LogicalType& type) {
  return EncodingAllowed(e, type) && EncodingImplemented(e, type.physical());
}

size_t PayloadSize(Encoding e, const ColumnSpan& sample) {
  ByteWriter w;
  EncodePayload(e, sample, &w);
  return w.size();
}

}  // namespace

bool UsesEncodeAuto(const TableDef& table) {
  return table.encode_auto && !table.temporary;
}

std::vector<EncodingTrial> TryEncodings(const LogicalType& type, const ColumnSpan& sample) {
  std::vector<EncodingTrial> out = {{Encoding::kRaw, RawPayloadSize(sample)}};
  for (Encoding e : kLightweight) {
    if (Candidate(e, type)) out.push_back({e, PayloadSize(e, sample)});
  }
  for (Encoding e : kGeneralPurpose) {
    if (Candidate(e, type)) out.push_back({e, PayloadSize(e, sample)});
  }
  return out;
}

Encoding ChooseAutoEncoding(const LogicalType& type, const ColumnSpan& sample) {
  EncodingTrial best{Encoding::kRaw, SIZE_MAX};
  EncodingTrial general{Encoding::kRaw, SIZE_MAX};
  const bool general_allowed = type.IsString() || type.IsVarbyte();
  for (const EncodingTrial& t : TryEncodings(type, sample)) {
    bool is_general = t.encoding == Encoding::kLzo || t.encoding == Encoding::kZstd;
    if (is_general && !general_allowed) continue;
    EncodingTrial& slot = is_general ? general : best;
    if (t.bytes < slot.bytes) slot = t;  // strictly smaller: earlier candidates win ties
  }
  bool general_wins =
      static_cast<double>(general.bytes) < static_cast<double>(best.bytes) * (1 - kGeneralPurposeMargin);
  return general_wins ? general.encoding : best.encoding;
}

}  // namespace blueshift::storage
