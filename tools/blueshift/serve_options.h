#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace blueshift::tools {

// What `blueshift serve` was asked to do.
struct ServeOptions {
  std::string data_dir;
  std::string host = "127.0.0.1";
  int port = 5439;
  int slices = 0;  // 0: one per core
  int max_connections = 500;
  std::string s3_endpoint;  // --s3-endpoint: COPY/UNLOAD's S3 server (else AWS_ENDPOINT_URL, else AWS)
  bool auto_vacuum = true;
  int history_hours = 168;  // how long STL_QUERY, STL_CONNECTION_LOG, ... keep rows across restarts
  int block_cache_mb = -1;  // --block-cache: verified segment blocks kept in memory; -1 = a quarter of RAM
  int query_memory_mb = 0;  // --query-memory: a query's working memory per WLM slot; 0 = an eighth of RAM
  // "trust" or "password"; empty: trust when host is a loopback address, password otherwise.
  std::string auth;
  std::string tls_cert;  // PEM files; both or neither. With them, SSLRequest is answered 'S'.
  std::string tls_key;
};

// The authentication method `blueshift serve` uses for these options (see ServeOptions::auth).
std::string EffectiveAuth(const ServeOptions& options);

// The command line, parsed. kInvalidParameterValue with a message for the user when it is wrong.
struct Command {
  enum class Kind { kHelp, kVersion, kServe };
  Kind kind = Kind::kHelp;
  ServeOptions serve;
};

// args excludes the program name.
Result<Command> ParseCommandLine(const std::vector<std::string>& args);

extern const char kUsage[];
extern const char kVersion[];

}  // namespace blueshift::tools
