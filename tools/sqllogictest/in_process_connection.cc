#include "in_process_connection.h"

#include <utility>

#include "main/database.h"
#include "main/result_sink.h"
#include "main/session.h"
#include "types/date_style.h"
#include "types/time_zone.h"

namespace blueshift::slt {
namespace {

// Collects the rows of the last row-returning statement as text.
class CollectingSink : public ResultSink {
 public:
  explicit CollectingSink(QueryResult* result) : result_(result) {}

  Status BeginRows(const std::vector<ColumnInfo>& columns) override {
    result_->num_columns = columns.size();
    result_->rows.clear();
    returned_rows_ = true;
    return Status::OK();
  }

  Status Rows(const Batch& batch) override {
    for (size_t k = 0; k < batch.count(); k++) {
      uint32_t row_index = batch.RowIndex(k);
      std::vector<std::string> row;
      row.reserve(batch.num_columns());
      for (size_t c = 0; c < batch.num_columns(); c++) row.push_back(ValueText(batch.column(c), row_index));
      result_->rows.push_back(std::move(row));
    }
    return Status::OK();
  }

  // Like PQexec, a text of several statements reports the last one: one that returns no rows clears the
  // rows of an earlier one.
  Status Complete(const std::string& /*command_tag*/) override {
    if (!returned_rows_) {
      result_->num_columns = 0;
      result_->rows.clear();
    }
    returned_rows_ = false;
    return Status::OK();
  }

 private:
  static std::string ValueText(const Vector& vector, uint32_t row) {
    if (vector.IsNull(row)) return "NULL";
    // Dates and timestamps in the session's DateStyle, as the server's result text (row_encoder.cc) has them.
    std::string text;
    switch (vector.type().id()) {
      case TypeId::kDate:
        text = FormatDateInStyle(vector.data<int32_t>()[row], SessionDateStyle());
        break;
      case TypeId::kTimestamp:
        text = FormatTimestampInStyle(vector.data<int64_t>()[row], SessionDateStyle());
        break;
      case TypeId::kTimestampTz:
        text = FormatTimestampTzInStyle(vector.data<int64_t>()[row], SessionTimeZone(), SessionDateStyle());
        break;
      default:
        text = vector.GetValue(row).ToString();
    }
    return text.empty() ? "(empty)" : text;
  }

  QueryResult* result_;
  bool returned_rows_ = false;
};

class InProcessConnection : public Connection {
 public:
  explicit InProcessConnection(std::unique_ptr<Session> session) : session_(std::move(session)) {}

  QueryResult Execute(const std::string& sql) override {
    QueryResult result;
    CollectingSink sink(&result);
    Status status = session_->ExecuteSimple(sql, &sink);
    if (!status.ok()) {
      result = QueryResult();
      result.ok = false;
      result.sqlstate = status.sqlstate();
      result.message = status.message();
    }
    return result;
  }

 private:
  std::unique_ptr<Session> session_;
};

}  // namespace

InProcessBackend::InProcessBackend(std::string data_dir, int num_slices)
    : data_dir_(std::move(data_dir)), num_slices_(num_slices) {}

InProcessBackend::~InProcessBackend() = default;

bool InProcessBackend::Open(std::string* error) {
  DatabaseOptions options;
  options.data_dir = data_dir_;
  options.num_slices = num_slices_;
  Result<std::unique_ptr<Database>> db = Database::Open(options);
  if (!db.ok()) {
    *error = db.status().ToString();
    return false;
  }
  db_ = std::move(db).value();
  return true;
}

std::unique_ptr<Connection> InProcessBackend::Connect(const std::string& database, std::string* error) {
  if (db_ == nullptr) {
    *error = "database is not open";
    return nullptr;
  }
  SessionOptions options;
  if (!database.empty()) options.database = database;
  Result<std::unique_ptr<Session>> session = db_->ConnectTo(options);
  if (!session.ok()) {
    *error = session.status().ToString();
    return nullptr;
  }
  return std::make_unique<InProcessConnection>(std::move(session).value());
}

bool InProcessBackend::Restart(std::string* error) {
  db_.reset();
  return Open(error);
}

}  // namespace blueshift::slt
