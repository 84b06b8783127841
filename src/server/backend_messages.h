#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "main/result_sink.h"
#include "server/message_writer.h"
#include "util/status.h"

namespace blueshift::server {

// Encoders for the backend messages with a payload (docs/format/wire.md). Each appends one message.

void WriteAuthenticationOk(MessageWriter* w);
void WriteParameterStatus(MessageWriter* w, std::string_view name, std::string_view value);
void WriteBackendKeyData(MessageWriter* w, int32_t process_id, int32_t secret_key);
// status: 'I', 'T' or 'E'.
void WriteReadyForQuery(MessageWriter* w, char status);
// formats: one result format code per column, or empty for all text.
void WriteRowDescription(MessageWriter* w, const std::vector<ColumnInfo>& columns, const std::vector<int16_t>& formats);
// A type the client declared in Parse (non-zero OID) is reported as declared, as PostgreSQL does.
void WriteParameterDescription(MessageWriter* w, const std::vector<LogicalType>& types,
                               const std::vector<int32_t>& declared = {});
void WriteCommandComplete(MessageWriter* w, std::string_view tag);
// severity: "ERROR" or "FATAL". REQUIRES: !status.ok().
void WriteErrorResponse(MessageWriter* w, const Status& status, std::string_view severity = "ERROR");
void WriteNoticeResponse(MessageWriter* w, std::string_view severity, std::string_view message);
void WriteNegotiateProtocolVersion(MessageWriter* w, int32_t newest_minor, const std::vector<std::string>& unknown);

}  // namespace blueshift::server
