#include "libpq_connection.h"

#include <libpq-fe.h>

#include <utility>

namespace blueshift::slt {
namespace {

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

// blueshift reports server_version 8.0.2, as Redshift does.
std::string EngineOf(PGconn* conn) {
  const char* version = PQparameterStatus(conn, "server_version");
  return (version != nullptr && std::string(version) == "8.0.2") ? "blueshift" : "postgres";
}

std::string ErrorField(const PGresult* res, int field) {
  const char* value = PQresultErrorField(res, field);
  return value == nullptr ? "" : value;
}

QueryResult ConvertResult(const PGresult* res) {
  QueryResult result;
  ExecStatusType status = PQresultStatus(res);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
    result.ok = false;
    result.sqlstate = ErrorField(res, PG_DIAG_SQLSTATE);
    result.message = ErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (result.message.empty()) result.message = PQresultErrorMessage(res);
    return result;
  }
  result.num_columns = static_cast<size_t>(PQnfields(res));
  int rows = PQntuples(res);
  for (int r = 0; r < rows; r++) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(res); c++) {
      if (PQgetisnull(res, r, c)) {
        row.emplace_back("NULL");
      } else {
        std::string value = PQgetvalue(res, r, c);
        row.push_back(value.empty() ? "(empty)" : std::move(value));
      }
    }
    result.rows.push_back(std::move(row));
  }
  return result;
}

class LibpqConnection : public Connection {
 public:
  explicit LibpqConnection(PGconn* conn) : conn_(conn) {}
  ~LibpqConnection() override { PQfinish(conn_); }

  QueryResult Execute(const std::string& sql) override {
    PGresult* res = PQexec(conn_, sql.c_str());
    if (res == nullptr) {
      QueryResult result;
      result.ok = false;
      result.sqlstate = "08006";
      result.message = PQerrorMessage(conn_);
      return result;
    }
    QueryResult result = ConvertResult(res);
    PQclear(res);
    return result;
  }

 private:
  PGconn* conn_;
};

}  // namespace

LibpqBackend::LibpqBackend(std::string conninfo, std::string engine_override)
    : conninfo_(std::move(conninfo)), engine_(std::move(engine_override)), engine_fixed_(!engine_.empty()) {}

const std::string& LibpqBackend::engine() const {
  if (engine_fixed_) return engine_;
  PGconn* conn = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn) == CONNECTION_OK) {
    engine_ = EngineOf(conn);
    engine_fixed_ = true;
  }
  PQfinish(conn);
  return engine_;
}

std::unique_ptr<Connection> LibpqBackend::Connect(const std::string& database, std::string* error) {
  // A keyword given twice in a conninfo string takes its last value.
  std::string conninfo = database.empty() ? conninfo_ : conninfo_ + " dbname='" + database + "'";
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    *error = PQerrorMessage(conn);
    PQfinish(conn);
    return nullptr;
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  if (!engine_fixed_) {
    engine_ = EngineOf(conn);
    engine_fixed_ = true;
  }
  return std::make_unique<LibpqConnection>(conn);
}

}  // namespace blueshift::slt
