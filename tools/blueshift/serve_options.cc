#include "serve_options.h"

#include <charconv>

namespace blueshift::tools {

const char kUsage[] =
    "usage: blueshift serve --data DIR [--host 127.0.0.1] [--port 5439] [--slices N] [--max-connections 500]\n"
    "                       [--s3-endpoint URL] [--auto-vacuum on|off] [--auth trust|password]\n"
    "                       [--tls-cert FILE --tls-key FILE] [--history-hours 168] [--query-memory MB]\n"
    "                       [--block-cache MB]\n"
    "       blueshift --help | --version\n"
    "\n"
    "serve   runs the leader and one compute node over the data directory DIR (created if missing) and\n"
    "        accepts PostgreSQL protocol clients (psql -h HOST -p PORT -U awsuser dev).\n"
    "        SIGINT or SIGTERM stops it cleanly. --s3-endpoint names the S3-compatible server COPY and\n"
    "        UNLOAD use for s3:// URLs (path-style); without it AWS_ENDPOINT_URL, else AWS.\n"
    "        --auto-vacuum off stops the background vacuum (delete and sort); SET auto_vacuum TO on|off\n"
    "        switches it while running.\n"
    "        --history-hours: how long query and connection history (STL_QUERY, STL_CONNECTION_LOG, ...)\n"
    "        is kept across restarts.\n"
    "        --query-memory: the memory a query may hold per WLM slot (default: an eighth of the machine's);\n"
    "        joins, aggregations and sorts beyond it spill to DIR/tmp. Sessions change it with\n"
    "        SET query_working_mem or SET wlm_query_slot_count.\n"
    "        --block-cache: the memory kept for segment blocks that scans read (default: a quarter of the\n"
    "        machine's; 0 turns it off): a block read again comes from memory, its checksum verified once\n"
    "        and, for LZO and ZSTD blocks, decompressed once.\n"
    "        --auth: trust lets any existing user in; password asks for the user's password (SCRAM-SHA-256 or\n"
    "        MD5). Default: trust on a loopback --host, password on any other.\n"
    "        BLUESHIFT_SUPERUSER_PASSWORD, when set, becomes the password of the superuser awsuser.\n";

const char kVersion[] = "blueshift 0.1.0 (Redshift-compatible; PostgreSQL protocol 3.0, server_version 8.0.2)";

namespace {

Status Invalid(const std::string& message) {
  return Status(ErrorCode::kInvalidParameterValue, message);
}

Result<int> ParseInt(const std::string& flag, const std::string& text, int min, int max) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < min || v > max) {
    return Invalid("invalid value for " + flag + ": \"" + text + "\" (expected " + std::to_string(min) + ".." +
                   std::to_string(max) + ")");
  }
  return v;
}

Status ApplyFlag(const std::string& flag, const std::string& value, ServeOptions* o) {
  if (flag == "--data") {
    o->data_dir = value;
  } else if (flag == "--host") {
    o->host = value;
  } else if (flag == "--port") {
    ASSIGN_OR_RETURN(o->port, ParseInt(flag, value, 0, 65535));
  } else if (flag == "--slices") {
    ASSIGN_OR_RETURN(o->slices, ParseInt(flag, value, 1, 1024));
  } else if (flag == "--s3-endpoint") {
    if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0)
      return Invalid("invalid value for --s3-endpoint: \"" + value + "\" (expected an http:// or https:// URL)");
    o->s3_endpoint = value;
  } else if (flag == "--auto-vacuum") {
    if (value != "on" && value != "off")
      return Invalid("invalid value for --auto-vacuum: \"" + value + "\" (on or off)");
    o->auto_vacuum = value == "on";
  } else if (flag == "--max-connections") {
    ASSIGN_OR_RETURN(o->max_connections, ParseInt(flag, value, 1, 100000));
  } else if (flag == "--query-memory") {
    ASSIGN_OR_RETURN(o->query_memory_mb, ParseInt(flag, value, 1, 1 << 24));
  } else if (flag == "--block-cache") {
    ASSIGN_OR_RETURN(o->block_cache_mb, ParseInt(flag, value, 0, 1 << 24));
  } else if (flag == "--history-hours") {
    ASSIGN_OR_RETURN(o->history_hours, ParseInt(flag, value, 1, 24 * 366));
  } else if (flag == "--auth") {
    if (value != "trust" && value != "password")
      return Invalid("invalid value for --auth: \"" + value + "\" (expected trust or password)");
    o->auth = value;
  } else if (flag == "--tls-cert") {
    o->tls_cert = value;
  } else if (flag == "--tls-key") {
    o->tls_key = value;
  } else {
    return Invalid("unknown option " + flag);
  }
  return Status::OK();
}

Result<ServeOptions> ParseServe(const std::vector<std::string>& args) {
  ServeOptions o;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    size_t eq = flag.find('=');
    if (eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Invalid("option " + flag + " needs a value");
    }
    RETURN_IF_ERROR(ApplyFlag(flag, value, &o));
  }
  if (o.data_dir.empty()) return Invalid("serve needs --data DIR");
  if (o.tls_cert.empty() != o.tls_key.empty()) return Invalid("--tls-cert and --tls-key go together");
  return o;
}

}  // namespace

std::string EffectiveAuth(const ServeOptions& options) {
  if (!options.auth.empty()) return options.auth;
  const std::string& h = options.host;
  bool loopback = h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0;
  return loopback ? "trust" : "password";
}

Result<Command> ParseCommandLine(const std::vector<std::string>& args) {
  Command command;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") return command;
  if (args[0] == "--version" || args[0] == "-V") {
    command.kind = Command::Kind::kVersion;
    return command;
  }
  if (args[0] != "serve") return Invalid("unknown command \"" + args[0] + "\"");
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") return command;
  }
  command.kind = Command::Kind::kServe;
  ASSIGN_OR_RETURN(command.serve, ParseServe(args));
  return command;
}

}  // namespace blueshift::tools
