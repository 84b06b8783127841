#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/message_writer.h"
#include "types/batch.h"
#include "types/logical_type.h"
#include "util/status.h"

namespace blueshift::server {

constexpr int16_t kTextFormat = 0;
constexpr int16_t kBinaryFormat = 1;

// Expands Bind's result format codes to one per column: none means all text, one applies to every column,
// otherwise one per column. 08P01 for a wrong count or a code other than 0/1. Every type has a binary form
// (docs/format/wire.md).
Result<std::vector<int16_t>> ResolveResultFormats(const std::vector<int16_t>& codes,
                                                  const std::vector<LogicalType>& types);

// Appends one DataRow per live row of batch (honouring its selection vector). formats: one code per
// column, or empty for all text. Fails only when a binary array value cannot be encoded (array_binary.h);
// the rows before it are written, the failing row is not.
[[nodiscard]] Status WriteDataRows(const Batch& batch, const std::vector<int16_t>& formats, MessageWriter* w);

}  // namespace blueshift::server
