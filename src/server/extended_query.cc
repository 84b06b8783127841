#include "server/extended_query.h"

#include <optional>
#include <utility>

#include "server/backend_messages.h"
#include "server/bind_params.h"
#include "server/protocol.h"
#include "server/row_encoder.h"

namespace blueshift::server {

namespace {

Result<std::vector<int16_t>> ReadInt16List(PayloadReader* in) {
  ASSIGN_OR_RETURN(int16_t n, in->Int16());
  if (n < 0) return InvalidMessageFormat();
  std::vector<int16_t> out(static_cast<size_t>(n));
  for (int16_t& v : out) {
    ASSIGN_OR_RETURN(v, in->Int16());
  }
  return out;
}

Result<std::vector<RawParam>> ReadParamValues(PayloadReader* in) {
  ASSIGN_OR_RETURN(int16_t n, in->Int16());
  if (n < 0) return InvalidMessageFormat();
  std::vector<RawParam> out;
  for (int16_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(int32_t length, in->Int32());
    if (length < -1) return InvalidMessageFormat();
    if (length == -1) {
      out.push_back(std::nullopt);
      continue;
    }
    ASSIGN_OR_RETURN(std::string_view bytes, in->Bytes(static_cast<size_t>(length)));
    out.push_back(bytes);
  }
  return out;
}

std::vector<LogicalType> ColumnTypes(const EngineStatement& statement) {
  std::vector<LogicalType> types;
  for (const ColumnInfo& c : statement.columns()) types.push_back(c.type);
  return types;
}

// "SELECT n" counts the rows this Execute sent, as PostgreSQL's tag for a portal fetched in parts does.
std::string TagForRows(const std::string& tag, size_t rows) {
  if (tag.rfind("SELECT", 0) != 0) return tag;
  return "SELECT " + std::to_string(rows);
}

}  // namespace

Status ExtendedQuery::Handle(const Message& message, bool sync_follows) {
  PayloadReader in(message.payload);
  switch (message.type) {
    case fe::kParse:
      return Parse(&in);
    case fe::kBind:
      return Bind(&in);
    case fe::kDescribe:
      return Describe(&in);
    case fe::kExecute:
      return Execute(&in, sync_follows);
    case fe::kClose:
      return Close(&in);
    default:
      return Status(ErrorCode::kProtocolViolation, "not an extended-query message");
  }
}

void ExtendedQuery::EndOfUnit() {
  if (session_->TransactionStatus() == 'I') portals_.clear();
}

void ExtendedQuery::DropUnnamed() {
  statements_.erase("");
  declared_oids_.erase("");
  portals_.erase("");
}

Status ExtendedQuery::Parse(PayloadReader* in) {
  ASSIGN_OR_RETURN(std::string_view name, in->CString());
  ASSIGN_OR_RETURN(std::string_view text, in->CString());
  ASSIGN_OR_RETURN(int16_t n, in->Int16());
  if (n < 0) return InvalidMessageFormat();
  std::vector<int32_t> oids(static_cast<size_t>(n));
  for (int32_t& oid : oids) {
    ASSIGN_OR_RETURN(oid, in->Int32());
  }
  RETURN_IF_ERROR(in->ExpectEnd());
  std::string key(name);
  if (!key.empty() && statements_.count(key) > 0) {
    return Status(ErrorCode::kDuplicateObject, "prepared statement \"" + key + "\" already exists");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<EngineStatement> statement, session_->Prepare(text, oids));
  statements_[key] = std::move(statement);
  declared_oids_[key] = std::move(oids);
  w_->WriteEmpty(be::kParseComplete);
  return Status::OK();
}

Status ExtendedQuery::Bind(PayloadReader* in) {
  ASSIGN_OR_RETURN(std::string_view portal_name, in->CString());
  ASSIGN_OR_RETURN(std::string_view statement_name, in->CString());
  ASSIGN_OR_RETURN(std::vector<int16_t> param_formats, ReadInt16List(in));
  ASSIGN_OR_RETURN(std::vector<RawParam> raw, ReadParamValues(in));
  ASSIGN_OR_RETURN(std::vector<int16_t> result_codes, ReadInt16List(in));
  RETURN_IF_ERROR(in->ExpectEnd());
  std::string key(portal_name);
  if (!key.empty() && portals_.count(key) > 0) {
    return Status(ErrorCode::kDuplicateObject, "cursor \"" + key + "\" already exists");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<EngineStatement> statement, FindStatement(std::string(statement_name)));
  Portal portal;
  // Text without an offset is local time in the session's zone, as in a literal.
  ScopedSessionTimeZone zone(session_->time_zone());
  ScopedDateStyle date_style(session_->date_style());
  ASSIGN_OR_RETURN(portal.params, DecodeParams(param_formats, raw, statement->param_types(),
                                               declared_oids_[std::string(statement_name)]));
  ASSIGN_OR_RETURN(portal.formats, ResolveResultFormats(result_codes, ColumnTypes(*statement)));
  portal.statement = std::move(statement);
  portals_[key] = std::move(portal);
  w_->WriteEmpty(be::kBindComplete);
  return Status::OK();
}

Status ExtendedQuery::Describe(PayloadReader* in) {
  ASSIGN_OR_RETURN(uint8_t kind, in->Byte());
  ASSIGN_OR_RETURN(std::string_view name, in->CString());
  RETURN_IF_ERROR(in->ExpectEnd());
  if (kind == 'S') {
    ASSIGN_OR_RETURN(std::shared_ptr<EngineStatement> statement, FindStatement(std::string(name)));
    WriteParameterDescription(w_, statement->param_types(), declared_oids_[std::string(name)]);
    if (statement->returns_rows()) {
      WriteRowDescription(w_, statement->columns(), {});
    } else {
      w_->WriteEmpty(be::kNoData);
    }
    return Status::OK();
  }
  if (kind != 'P')
    return Status(ErrorCode::kProtocolViolation, "invalid DESCRIBE message subtype " + std::to_string(kind));
  ASSIGN_OR_RETURN(Portal * portal, FindPortal(std::string(name)));
  if (portal->statement->returns_rows()) {
    WriteRowDescription(w_, portal->statement->columns(), portal->formats);
  } else {
    w_->WriteEmpty(be::kNoData);
  }
  return Status::OK();
}

Status ExtendedQuery::Execute(PayloadReader* in, bool sync_follows) {
  ASSIGN_OR_RETURN(std::string_view name, in->CString());
  ASSIGN_OR_RETURN(int32_t max_rows, in->Int32());
  RETURN_IF_ERROR(in->ExpectEnd());
  ASSIGN_OR_RETURN(Portal * portal, FindPortal(std::string(name)));
  if (portal->statement->empty()) {
    w_->WriteEmpty(be::kEmptyQueryResponse);
    return Status::OK();
  }
  if (portal->buffer != nullptr) {
    EmitBuffered(portal, max_rows);
    return Status::OK();
  }
  if (portal->done) {
    if (!portal->statement->returns_rows()) {
      return Status(ErrorCode::kUndefinedObject, "portal \"" + std::string(name) + "\" cannot be run");
    }
    WriteCommandComplete(w_, "SELECT 0");
    return Status::OK();
  }
  return RunPortal(portal, max_rows, sync_follows);
}

Status ExtendedQuery::RunPortal(Portal* portal, int32_t max_rows, bool sync_follows) {
  portal->done = true;
  if (max_rows <= 0 || !portal->statement->returns_rows()) {
    WireSink sink(w_, /*send_row_description=*/false, portal->formats);
    return session_->Execute(*portal->statement, portal->params, &sink, sync_follows);
  }
  auto buffer = std::make_unique<RowBuffer>(w_, portal->formats);
  RETURN_IF_ERROR(session_->Execute(*portal->statement, portal->params, buffer.get(), sync_follows));
  portal->buffer = std::move(buffer);
  EmitBuffered(portal, max_rows);
  return Status::OK();
}

void ExtendedQuery::EmitBuffered(Portal* portal, int32_t max_rows) {
  RowBuffer* buffer = portal->buffer.get();
  size_t sent = buffer->Emit(max_rows <= 0 ? buffer->remaining() : static_cast<size_t>(max_rows), w_);
  if (buffer->remaining() > 0) {
    w_->WriteEmpty(be::kPortalSuspended);
    return;
  }
  WriteCommandComplete(w_, TagForRows(buffer->command_tag(), sent));
  portal->buffer.reset();
}

Status ExtendedQuery::Close(PayloadReader* in) {
  ASSIGN_OR_RETURN(uint8_t kind, in->Byte());
  ASSIGN_OR_RETURN(std::string_view name, in->CString());
  RETURN_IF_ERROR(in->ExpectEnd());
  if (kind == 'S') {
    statements_.erase(std::string(name));
    declared_oids_.erase(std::string(name));
  } else if (kind == 'P') {
    portals_.erase(std::string(name));
  } else {
    return Status(ErrorCode::kProtocolViolation, "invalid CLOSE message subtype " + std::to_string(kind));
  }
  w_->WriteEmpty(be::kCloseComplete);
  return Status::OK();
}

Result<std::shared_ptr<EngineStatement>> ExtendedQuery::FindStatement(const std::string& name) const {
  auto it = statements_.find(name);
  if (it == statements_.end()) {
    return Status(ErrorCode::kUndefinedObject, "prepared statement \"" + name + "\" does not exist");
  }
  return it->second;
}

Result<ExtendedQuery::Portal*> ExtendedQuery::FindPortal(const std::string& name) {
  auto it = portals_.find(name);
  if (it == portals_.end()) return Status(ErrorCode::kUndefinedObject, "portal \"" + name + "\" does not exist");
  return &it->second;
}

}  // namespace blueshift::server
