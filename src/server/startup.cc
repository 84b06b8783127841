#include "server/startup.h"

#include "server/backend_messages.h"
#include "server/protocol.h"

namespace blueshift::server {

namespace {

Status ReadParams(PayloadReader* in, StartupRequest* request, std::vector<std::string>* unknown_options) {
  while (true) {
    ASSIGN_OR_RETURN(std::string_view name, in->CString());
    if (name.empty()) break;
    ASSIGN_OR_RETURN(std::string_view value, in->CString());
    if (name.rfind("_pq_.", 0) == 0) {
      unknown_options->emplace_back(name);
      continue;
    }
    request->params[std::string(name)] = std::string(value);
  }
  return in->ExpectEnd();
}

Result<StartupRequest> ReadSessionPacket(PayloadReader* in, int32_t version, MessageWriter* w) {
  StartupRequest request;
  std::vector<std::string> unknown_options;
  RETURN_IF_ERROR(ReadParams(in, &request, &unknown_options));
  if ((version & 0xFFFF) != 0 || !unknown_options.empty()) WriteNegotiateProtocolVersion(w, 0, unknown_options);
  return request;
}

Status AnswerNo(MessageWriter* w) {
  w->AddByte('N');
  return w->Flush();
}

}  // namespace

Result<StartupRequest> ReadStartup(MessageReader* in, MessageWriter* w, const std::function<Status()>& start_tls) {
  bool tls_started = false;
  while (true) {
    ASSIGN_OR_RETURN(Message packet, in->ReadStartupPacket());
    PayloadReader payload(packet.payload);
    ASSIGN_OR_RETURN(int32_t code, payload.Int32());
    if (code == kSslRequestCode && start_tls) {
      if (tls_started) return Status(ErrorCode::kProtocolViolation, "SSLRequest inside a TLS session");
      w->AddByte('S');
      RETURN_IF_ERROR(w->Flush());
      RETURN_IF_ERROR(start_tls());
      tls_started = true;
      continue;
    }
    if (code == kSslRequestCode || code == kGssEncRequestCode) {
      RETURN_IF_ERROR(AnswerNo(w));
      continue;
    }
    if (code == kCancelRequestCode) {
      StartupRequest request;
      request.kind = StartupRequest::Kind::kCancel;
      ASSIGN_OR_RETURN(request.cancel_process_id, payload.Int32());
      ASSIGN_OR_RETURN(request.cancel_secret_key, payload.Int32());
      return request;
    }
    if ((code >> 16) == 3) return ReadSessionPacket(&payload, code, w);
    return Status(ErrorCode::kFeatureNotSupported, "unsupported frontend protocol " + std::to_string(code >> 16) + "." +
                                                       std::to_string(code & 0xFFFF) + ": server supports 3.0 to 3.0");
  }
}

std::vector<std::pair<std::string, std::string>> InitialParameterStatus(const std::string& user,
                                                                        const std::string& application_name,
                                                                        bool superuser) {
  return {
      {"application_name", application_name},
      {"client_encoding", "UTF8"},
      {"DateStyle", "ISO, MDY"},
      {"integer_datetimes", "on"},
      {"IntervalStyle", "postgres"},
      {"is_superuser", superuser ? "on" : "off"},
      {"server_encoding", "UTF8"},
      {"server_version", "8.0.2"},
      {"session_authorization", user},
      {"standard_conforming_strings", "on"},
      {"TimeZone", "UTC"},
  };
}

}  // namespace blueshift::server
