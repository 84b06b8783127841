// blueshift: the server binary. `blueshift serve --data DIR` opens the database and serves the
// PostgreSQL protocol until SIGINT or SIGTERM.

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <thread>

#include "load/s3_store.h"
#include "main/database.h"
#include "serve_options.h"
#include "server/database_engine.h"
#include "server/log.h"
#include "server/server.h"
#include "storage/block_cache.h"
#include "util/allocator.h"

namespace blueshift::tools {
namespace {

// Waits for SIGINT/SIGTERM (blocked in every thread) and stops the server. Run() returning for another
// reason ends the wait by raising SIGTERM itself.
void WaitForSignal(server::Server* server) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  server::LogLine(std::string("received ") + (signal == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
  server->Shutdown();
}

void BlockStopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

// A sink that keeps nothing: for statements the server runs on its own behalf.
class DiscardSink : public ResultSink {
 public:
  Status BeginRows(const std::vector<ColumnInfo>&) override { return Status::OK(); }
  Status Rows(const Batch&) override { return Status::OK(); }
  Status Complete(const std::string&) override { return Status::OK(); }
};

// BLUESHIFT_SUPERUSER_PASSWORD, when set, becomes awsuser's password (Redshift's password rules apply).
Status ApplySuperuserPassword(Database* db) {
  const char* password = std::getenv("BLUESHIFT_SUPERUSER_PASSWORD");
  if (!password || !*password) return Status::OK();
  std::string text(password);
  if (text.find('\'') != std::string::npos || text.find('\\') != std::string::npos)
    return Status(ErrorCode::kInvalidParameterValue, "BLUESHIFT_SUPERUSER_PASSWORD must not contain ' or \\");
  auto session = db->Connect(SessionOptions{});
  DiscardSink sink;
  Status st = session->ExecuteSimple("ALTER USER awsuser PASSWORD '" + text + "'", &sink);
  if (!st.ok()) return Status(st.code(), "BLUESHIFT_SUPERUSER_PASSWORD: " + st.message());
  return Status::OK();
}

Status Serve(const ServeOptions& options) {
  BlockStopSignals();
  if (!options.s3_endpoint.empty()) load::SetS3Endpoint(options.s3_endpoint);
  DatabaseOptions db_options;
  db_options.data_dir = options.data_dir;
  db_options.num_slices = options.slices;
  db_options.auto_vacuum = options.auto_vacuum;
  db_options.history_retention_hours = options.history_hours;
  db_options.query_working_mem_mb = static_cast<uint64_t>(options.query_memory_mb);
  if (options.block_cache_mb >= 0)
    storage::RawBlockCache::Global().SetBudget(static_cast<size_t>(options.block_cache_mb) << 20);
  ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(db_options));
  server::DatabaseEngine engine(db.get());
  server::ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.max_connections = options.max_connections;
  server_options.auth =
      EffectiveAuth(options) == "password" ? server::AuthMethod::kPassword : server::AuthMethod::kTrust;
  std::unique_ptr<server::TlsContext> tls;
  if (!options.tls_cert.empty()) {
    ASSIGN_OR_RETURN(tls, server::TlsContext::Load(options.tls_cert, options.tls_key));
    server_options.tls = tls.get();
  }
  RETURN_IF_ERROR(ApplySuperuserPassword(db.get()));
  server::Server server(server_options, &engine);
  RETURN_IF_ERROR(server.Listen());
  server::LogLine("data directory " + options.data_dir + ", " + std::to_string(db->num_slices()) + " slices");
  server::LogLine("ready to accept connections on " + options.host + ":" + std::to_string(server.port()) + " (auth " +
                  EffectiveAuth(options) + (tls ? ", TLS" : "") + ")");
  std::thread signals(WaitForSignal, &server);
  Status status = server.Run();
  kill(getpid(), SIGTERM);  // ends WaitForSignal when Run() stopped on its own; harmless otherwise
  signals.join();
  db.reset();
  server::LogLine("database closed; server stopped");
  return status;
}

int Main(int argc, char** argv) {
  ConfigureAllocator();
  Result<Command> command = ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
  if (!command.ok()) {
    std::fprintf(stderr, "blueshift: %s\n%s", command.status().message().c_str(), kUsage);
    return 2;
  }
  switch (command->kind) {
    case Command::Kind::kHelp:
      std::fputs(kUsage, stdout);
      return 0;
    case Command::Kind::kVersion:
      std::puts(kVersion);
      return 0;
    case Command::Kind::kServe:
      break;
  }
  Status status = Serve(command->serve);
  if (!status.ok()) {
    server::LogLine("FATAL " + std::string(status.sqlstate()) + ": " + status.message());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace blueshift::tools

int main(int argc, char** argv) {
  try {
    return blueshift::tools::Main(argc, argv);
  } catch (const std::bad_alloc&) {
    blueshift::server::LogLine("FATAL: out of memory");
  } catch (const std::exception& e) {
    blueshift::server::LogLine(std::string("FATAL: ") + e.what());
  }
  return 1;
}
