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

Encoding ChooseAutoEncoding(const LogicalType& type, const ColumnSpan& sample) {
  Encoding best = Encoding::kRaw;
  size_t best_size = RawPayloadSize(sample);
  for (Encoding e : kLightweight) {
    if (!Candidate(e, type)) continue;
    size_t size = PayloadSize(e, sample);
    if (size < best_size) {
      best = e;
      best_size = size;
    }
  }
  Encoding general = Encoding::kRaw;
  size_t general_size = SIZE_MAX;
  for (Encoding e : kGeneralPurpose) {
    if (!Candidate(e, type)) continue;
    size_t size = PayloadSize(e, sample);
    if (size < general_size) {
      general = e;
      general_size = size;
    }
  }
  bool general_wins = static_cast<double>(general_size) < static_cast<double>(best_size) * (1 - kGeneralPurposeMargin);
  return general_wins ? general : best;
}

}  // namespace blueshift::storage
