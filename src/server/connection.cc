#include "server/connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <new>
#include <utility>

#include "server/backend_messages.h"
#include "server/log.h"
#include "server/protocol.h"
#include "server/startup.h"
#include "server/wire_sink.h"

namespace blueshift::server {

namespace {
std::string Lookup(const std::map<std::string, std::string>& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}
}  // namespace

Connection::Connection(int fd, std::string peer, QueryEngine* engine, SessionRegistry* registry, AuthMethod auth)
    : fd_(fd),
      peer_(std::move(peer)),
      engine_(engine),
      registry_(registry),
      auth_(auth),
      reader_(fd),
      writer_(fd),
      who_("host=" + peer_) {}

Connection::~Connection() {
  close(fd_);
}

void Connection::Run() {
  Status status;
  try {
    status = RunSession();
  } catch (const std::bad_alloc&) {
    status = Status(ErrorCode::kOutOfMemory, "out of memory");
  } catch (const std::exception& e) {
    status = Status(ErrorCode::kInternal, std::string("internal error: ") + e.what());
  }
  Finish(status);
}

void Connection::RequestTerminate() {
  terminate_.store(true);
  std::lock_guard<std::mutex> lock(mu_);
  if (key_.has_value()) registry_->Cancel(key_->process_id, key_->secret_key);
  // Wakes a thread blocked reading from the client; replies can still be written.
  if (fd_ >= 0) shutdown(fd_, SHUT_RD);
}

Status Connection::RunSession() {
  ASSIGN_OR_RETURN(bool serve, Startup());
  if (!serve) return Status::OK();
  return ServeMessages();
}

Result<bool> Connection::Startup() {
  std::function<Status()> start_tls;
  if (tls_context_) {
    start_tls = [this]() -> Status {
      ASSIGN_OR_RETURN(tls_, tls_context_->Accept(fd_));
      reader_.UseTls(tls_.get());
      writer_.UseTls(tls_.get());
      return Status::OK();
    };
  }
  ASSIGN_OR_RETURN(StartupRequest request, ReadStartup(&reader_, &writer_, start_tls));
  if (request.kind == StartupRequest::Kind::kCancel) {
    bool found = registry_->Cancel(request.cancel_process_id, request.cancel_secret_key);
    LogLine("cancel request from " + peer_ + " for pid=" + std::to_string(request.cancel_process_id) +
            (found ? "" : " (no such session)"));
    return false;
  }
  RETURN_IF_ERROR(OpenSession(request.params));
  return true;
}

Status Connection::OpenSession(const std::map<std::string, std::string>& params) {
  const std::string user = Lookup(params, "user");
  if (user.empty()) {
    return Status(ErrorCode::kInvalidAuthorization, "no PostgreSQL user name specified in startup packet");
  }
  std::string database = Lookup(params, "database");
  if (database.empty()) database = user;
  if (!engine_->HasDatabase(database)) return engine_->NotServed(database);
  ASSIGN_OR_RETURN(BackendKey key, registry_->Admit());
  {
    std::lock_guard<std::mutex> lock(mu_);
    key_ = key;
  }
  std::optional<LoginUser> login = engine_->FindLoginUser(user);
  RETURN_IF_ERROR(Authenticate(auth_, user, login, &reader_, &writer_));
  RETURN_IF_ERROR(registry_->ClaimUser(key, user, login ? login->connection_limit : -1));
  const std::string application_name = Lookup(params, "application_name");
  SessionOptions options;
  options.user = user;
  options.database = database;
  options.application_name = application_name;
  for (const auto& [name, value] : params) {
    if (name != "user" && name != "database" && name != "application_name")
      options.startup_settings.emplace_back(name, value);
  }
  options.process_id = key.process_id;
  size_t colon = peer_.rfind(':');  // "host:port", host possibly an IPv6 address
  options.remote_host = peer_.substr(0, colon);
  options.remote_port = colon == std::string::npos ? "" : peer_.substr(colon + 1);
  options.auth_method = auth_ == AuthMethod::kTrust ? "trust" : "password";
  if (tls_) options.ssl_version = tls_->Version();
  options.on_terminate = [this] { RequestTerminate(); };  // PG_TERMINATE_BACKEND
  ASSIGN_OR_RETURN(session_, engine_->Connect(options));
  registry_->Attach(key, session_.get());
  extended_ = std::make_unique<ExtendedQuery>(session_.get(), &writer_);
  for (const auto& [name, value] : InitialParameterStatus(user, application_name, login && login->superuser)) {
    WriteParameterStatus(&writer_, name, value);
  }
  WriteBackendKeyData(&writer_, key.process_id, key.secret_key);
  who_ = "pid=" + std::to_string(key.process_id) + " user=" + user + " database=" + database + " host=" + peer_;
  LogLine("connection authorized: " + who_ + " application_name=" + application_name);
  return ReadyForQuery();
}

Status Connection::ServeMessages() {
  while (!terminate_.load()) {
    ASSIGN_OR_RETURN(Message message, reader_.ReadMessage());
    if (terminate_.load()) break;
    ASSIGN_OR_RETURN(bool more, Dispatch(message));
    if (!more) break;
  }
  return Status::OK();
}

Result<bool> Connection::Dispatch(const Message& message) {
  switch (message.type) {
    case fe::kSync: {
      skip_until_sync_ = false;
      Status status = session_->Sync();  // commits the messages' implicit transaction
      if (!status.ok()) SendError(status, "ERROR");
      extended_->EndOfUnit();
      RETURN_IF_ERROR(ReadyForQuery());
      return true;
    }
    case fe::kFlush:
      RETURN_IF_ERROR(writer_.Flush());
      return true;
    case fe::kTerminate:
      return false;
    case fe::kQuery:
      if (!skip_until_sync_) RETURN_IF_ERROR(SimpleQuery(message));
      return true;
    case fe::kParse:
    case fe::kBind:
    case fe::kDescribe:
    case fe::kExecute:
    case fe::kClose: {
      if (skip_until_sync_) return true;
      Status status = extended_->Handle(message, reader_.PeekType() == fe::kSync);
      if (writer_.failed()) return Status(ErrorCode::kIoError, "connection to client lost");
      if (terminate_.load()) return false;  // as in SimpleQuery
      if (!status.ok()) {
        session_->AbortUnit();  // PostgreSQL aborts the transaction on any error
        SendError(status, "ERROR");
        skip_until_sync_ = true;
      }
      return true;
    }
    default:
      return Status(ErrorCode::kProtocolViolation,
                    "invalid frontend message type " + std::to_string(static_cast<uint8_t>(message.type)));
  }
}

Status Connection::SimpleQuery(const Message& message) {
  PayloadReader in(message.payload);
  ASSIGN_OR_RETURN(std::string_view text, in.CString());
  RETURN_IF_ERROR(in.ExpectEnd());
  extended_->DropUnnamed();
  WireSink sink(&writer_, /*send_row_description=*/true);
  sink.set_copy_reader(&reader_);  // COPY ... FROM STDIN reads the client's CopyData
  Status status = session_->ExecuteSimple(text, &sink);
  if (writer_.failed()) return Status(ErrorCode::kIoError, "connection to client lost");
  // PG_TERMINATE_BACKEND stopped the statement: the client hears FATAL 57P01 (Finish), not the cancel.
  if (terminate_.load()) return Status::OK();
  if (!status.ok()) SendError(status, "ERROR");
  return ReadyForQuery();
}

Status Connection::ReadyForQuery() {
  for (const auto& [name, value] : session_->TakeChangedReportedSettings()) {
    WriteParameterStatus(&writer_, name, value);
  }
  WriteReadyForQuery(&writer_, session_->TransactionStatus());
  return writer_.Flush();
}

void Connection::SendError(const Status& status, const char* severity) {
  WriteErrorResponse(&writer_, status, severity);
  LogLine(std::string(severity) + " " + status.sqlstate() + " " + who_ + ": " + status.message());
}

void Connection::Finish(const Status& status) {
  if (terminate_.load()) {
    SendError(Status(ErrorCode::kAdminShutdown, "terminating connection due to administrator command"), "FATAL");
  } else if (!status.ok() && status.code() != ErrorCode::kIoError) {
    SendError(status, "FATAL");
  }
  Status ignored = writer_.Flush();  // the client may already be gone; nothing more to tell it
  (void)ignored;
  extended_.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (key_.has_value()) registry_->Release(*key_);
    key_.reset();
  }
  session_.reset();
  {
    std::lock_guard<std::mutex> lock(mu_);
    tls_.reset();  // sends close_notify while the socket is still ours
    close(fd_);
    fd_ = -1;
  }
  LogLine("disconnection: " + who_);
}

}  // namespace blueshift::server
