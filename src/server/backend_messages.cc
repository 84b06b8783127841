#include "server/backend_messages.h"

#include "server/protocol.h"

namespace blueshift::server {

namespace {
// typlen as pg_type reports it: the fixed width, or -1 for variable-length types.
int16_t TypeLength(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return 1;
    case TypeId::kSmallInt:
      return 2;
    case TypeId::kInteger:
    case TypeId::kReal:
    case TypeId::kDate:
      return 4;
    case TypeId::kBigInt:
    case TypeId::kDouble:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTime:
      return 8;
    // PostgreSQL's widths for the types whose OIDs these report (on disk they take 8 bytes each).
    case TypeId::kTimeTz:
      return 12;
    case TypeId::kIntervalYM:
    case TypeId::kIntervalDS:
    case TypeId::kInterval:
      return 16;
    case TypeId::kNull:
      return -2;  // unknown is a C string in PostgreSQL
    default:
      return -1;
  }
}
}  // namespace

void WriteAuthenticationOk(MessageWriter* w) {
  w->Begin(be::kAuthentication);
  w->AddInt32(0);
  w->End();
}

void WriteParameterStatus(MessageWriter* w, std::string_view name, std::string_view value) {
  w->Begin(be::kParameterStatus);
  w->AddCString(name);
  w->AddCString(value);
  w->End();
}

void WriteBackendKeyData(MessageWriter* w, int32_t process_id, int32_t secret_key) {
  w->Begin(be::kBackendKeyData);
  w->AddInt32(process_id);
  w->AddInt32(secret_key);
  w->End();
}

void WriteReadyForQuery(MessageWriter* w, char status) {
  w->Begin(be::kReadyForQuery);
  w->AddByte(static_cast<uint8_t>(status));
  w->End();
}

void WriteRowDescription(MessageWriter* w, const std::vector<ColumnInfo>& columns,
                         const std::vector<int16_t>& formats) {
  w->Begin(be::kRowDescription);
  w->AddInt16(static_cast<int16_t>(columns.size()));
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnInfo& c = columns[i];
    w->AddCString(c.name);
    w->AddInt32(static_cast<int32_t>(c.table_oid));
    w->AddInt16(c.column_number);
    w->AddInt32(c.type.PgOid());
    w->AddInt16(TypeLength(c.type));
    w->AddInt32(c.type.PgTypmod());
    w->AddInt16(formats.empty() ? 0 : formats[i]);
  }
  w->End();
}

void WriteParameterDescription(MessageWriter* w, const std::vector<LogicalType>& types,
                               const std::vector<int32_t>& declared) {
  w->Begin(be::kParameterDescription);
  w->AddInt16(static_cast<int16_t>(types.size()));
  for (size_t i = 0; i < types.size(); ++i) {
    w->AddInt32(i < declared.size() && declared[i] != 0 ? declared[i] : types[i].PgOid());
  }
  w->End();
}

void WriteCommandComplete(MessageWriter* w, std::string_view tag) {
  w->Begin(be::kCommandComplete);
  w->AddCString(tag);
  w->End();
}

void WriteErrorResponse(MessageWriter* w, const Status& status, std::string_view severity) {
  w->Begin(be::kErrorResponse);
  w->AddByte('S');
  w->AddCString(severity);
  w->AddByte('V');
  w->AddCString(severity);
  w->AddByte('C');
  w->AddCString(status.sqlstate());
  w->AddByte('M');
  w->AddCString(status.message());
  if (!status.detail().empty()) {
    w->AddByte('D');
    w->AddCString(status.detail());
  }
  if (!status.hint().empty()) {
    w->AddByte('H');
    w->AddCString(status.hint());
  }
  if (status.position() > 0) {
    w->AddByte('P');
    w->AddCString(std::to_string(status.position()));
  }
  // PostgreSQL names the routine that found a prepared statement's rows changed; drivers (pgjdbc) prepare
  // the statement again and retry when they see it.
  if (status.code() == ErrorCode::kFeatureNotSupported &&
      status.message() == "cached plan must not change result type") {
    w->AddByte('R');
    w->AddCString("RevalidateCachedQuery");
  }
  w->AddByte(0);
  w->End();
}

void WriteNoticeResponse(MessageWriter* w, std::string_view severity, std::string_view message) {
  w->Begin(be::kNoticeResponse);
  w->AddByte('S');
  w->AddCString(severity);
  w->AddByte('V');
  w->AddCString(severity);
  w->AddByte('C');
  w->AddCString(severity == "WARNING" ? "01000" : "00000");
  w->AddByte('M');
  w->AddCString(message);
  w->AddByte(0);
  w->End();
}

void WriteNegotiateProtocolVersion(MessageWriter* w, int32_t newest_minor, const std::vector<std::string>& unknown) {
  w->Begin(be::kNegotiateProtocolVersion);
  w->AddInt32(newest_minor);
  w->AddInt32(static_cast<int32_t>(unknown.size()));
  for (const std::string& option : unknown) w->AddCString(option);
  w->End();
}

}  // namespace blueshift::server
