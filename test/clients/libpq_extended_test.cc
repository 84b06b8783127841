// Extended-protocol client test through libpq, the way pgjdbc and node-postgres talk: PQprepare (Parse),
// PQdescribePrepared (Describe statement), PQexecPrepared / PQexecParams (Bind + Execute + Sync) with
// text and binary parameters, NULLs, binary results (NUMERIC, dates and times included), NoticeResponse in
// both protocols, and errors that leave the connection usable.
// Connection settings come from PGHOST/PGPORT/PGUSER/PGDATABASE. Exit status 0 when every check passes.

#include <arpa/inet.h>
#include <libpq-fe.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>

namespace {

int failures = 0;

void Check(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    ++failures;
  }
}

// Runs a statement that must succeed with the given status; returns the result (caller clears it).
PGresult* Expect(PGconn* conn, PGresult* res, ExecStatusType want, const std::string& what) {
  if (PQresultStatus(res) != want) {
    std::fprintf(stderr, "FAIL: %s: %s %s\n", what.c_str(), PQresStatus(PQresultStatus(res)), PQerrorMessage(conn));
    ++failures;
  }
  return res;
}

void Exec(PGconn* conn, const char* sql) {
  PQclear(Expect(conn, PQexec(conn, sql), PGRES_COMMAND_OK, sql));
}

void PrepareAndInsert(PGconn* conn) {
  PQclear(Expect(conn, PQprepare(conn, "ins", "insert into lq_test values ($1, $2)", 2, nullptr), PGRES_COMMAND_OK,
                 "prepare insert"));
  const char* rows[][2] = {{"1", "one"}, {"2", nullptr}, {"3", "three"}};
  for (auto& row : rows) {
    PGresult* res = PQexecPrepared(conn, "ins", 2, row, nullptr, nullptr, 0);
    Expect(conn, res, PGRES_COMMAND_OK, "exec insert");
    Check(std::strcmp(PQcmdTuples(res), "1") == 0, "insert reports 1 row");
    PQclear(res);
  }
  // A binary int4 parameter.
  uint32_t four = htonl(4);
  const char* values[2] = {reinterpret_cast<const char*>(&four), "four"};
  int lengths[2] = {4, 4};
  int formats[2] = {1, 0};
  PQclear(Expect(conn, PQexecPrepared(conn, "ins", 2, values, lengths, formats, 0), PGRES_COMMAND_OK,
                 "exec insert with a binary parameter"));
}

void DescribeAndSelect(PGconn* conn) {
  const Oid int4 = 23;
  PQclear(Expect(conn, PQprepare(conn, "sel", "select id, name from lq_test where id >= $1 order by id", 1, &int4),
                 PGRES_COMMAND_OK, "prepare select"));
  PGresult* desc = Expect(conn, PQdescribePrepared(conn, "sel"), PGRES_COMMAND_OK, "describe select");
  Check(PQnparams(desc) == 1 && PQparamtype(desc, 0) == 23, "one int4 parameter");
  Check(PQnfields(desc) == 2 && PQftype(desc, 0) == 23 && PQftype(desc, 1) == 1043, "columns int4, varchar");
  Check(std::strcmp(PQfname(desc, 1), "name") == 0, "column name");
  PQclear(desc);

  const char* two[1] = {"2"};
  PGresult* res = Expect(conn, PQexecPrepared(conn, "sel", 1, two, nullptr, nullptr, 0), PGRES_TUPLES_OK, "select");
  Check(PQntuples(res) == 3, "three rows with id >= 2");
  if (PQntuples(res) == 3) {
    Check(std::strcmp(PQgetvalue(res, 0, 0), "2") == 0 && PQgetisnull(res, 0, 1), "row 2 has a NULL name");
    Check(std::strcmp(PQgetvalue(res, 2, 1), "four") == 0, "row 4 from the binary parameter");
  }
  PQclear(res);

  // Binary results: int4 arrives as 4 big-endian bytes.
  res = Expect(conn, PQexecPrepared(conn, "sel", 1, two, nullptr, nullptr, 1), PGRES_TUPLES_OK, "binary select");
  if (PQntuples(res) > 0) {
    uint32_t v = 0;
    std::memcpy(&v, PQgetvalue(res, 0, 0), 4);
    Check(PQfformat(res, 0) == 1 && PQgetlength(res, 0, 0) == 4 && ntohl(v) == 2, "binary int4 result");
  }
  PQclear(res);
}

// CAST($n AS t) and $n::t give an undeclared parameter the type t (the longest of its kind for the string
// types, so the cast still truncates), as PostgreSQL infers it.
void CastParameters(PGconn* conn) {
  PQclear(Expect(conn,
                 PQprepare(conn, "casts",
                           "select cast($1 as smallint), cast($2 as decimal(20,4)), cast($3 as char(3)), $4::timetz,"
                           " cast($5 as varbyte(4)), $6::interval",
                           0, nullptr),
                 PGRES_COMMAND_OK, "prepare casts"));
  PGresult* desc = Expect(conn, PQdescribePrepared(conn, "casts"), PGRES_COMMAND_OK, "describe casts");
  const Oid want[6] = {21, 1700, 1042, 1266, 6551, 1186};
  bool same = PQnparams(desc) == 6;
  for (int i = 0; same && i < 6; i++) same = PQparamtype(desc, i) == want[i];
  Check(same, "parameter types from casts: int2, numeric, bpchar, timetz, varbyte, interval");
  PQclear(desc);
  const char* values[6] = {"-7", "1.23456", "abcdef", "01:02:03+04:30", "00ff", "1 day 02:00:00"};
  PGresult* res =
      Expect(conn, PQexecPrepared(conn, "casts", 6, values, nullptr, nullptr, 0), PGRES_TUPLES_OK, "exec casts");
  if (PQntuples(res) == 1) {
    std::string row;
    for (int i = 0; i < 6; i++) row += std::string(i ? "|" : "") + PQgetvalue(res, 0, i);
    Check(row == "-7|1.2346|abc|01:02:03+04:30|00ff|1 day 02:00:00", "cast parameters read back: " + row);
  }
  PQclear(res);
}

void UnnamedAndErrors(PGconn* conn) {
  const char* values[1] = {"3"};
  PGresult* res = Expect(
      conn, PQexecParams(conn, "select count(*) from lq_test where id < $1", 1, nullptr, values, nullptr, nullptr, 0),
      PGRES_TUPLES_OK, "unnamed statement");
  Check(PQntuples(res) == 1 && std::strcmp(PQgetvalue(res, 0, 0), "2") == 0, "count with a parameter");
  PQclear(res);

  res = PQprepare(conn, "bad", "selec 1", 0, nullptr);
  Check(PQresultStatus(res) == PGRES_FATAL_ERROR, "syntax error in Parse fails");
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  Check(state != nullptr && std::strcmp(state, "42601") == 0, "syntax error has SQLSTATE 42601");
  PQclear(res);

  const char* bad_int[1] = {"not a number"};
  res = PQexecPrepared(conn, "sel", 1, bad_int, nullptr, nullptr, 0);
  state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  Check(state != nullptr && std::strcmp(state, "22P02") == 0, "bad integer parameter has SQLSTATE 22P02");
  PQclear(res);

  res = PQexecPrepared(conn, "no_such_statement", 0, nullptr, nullptr, nullptr, 0);
  Check(PQresultStatus(res) == PGRES_FATAL_ERROR, "unknown prepared statement fails");
  PQclear(res);

  PQclear(Expect(conn, PQexec(conn, "select 1"), PGRES_TUPLES_OK, "usable after errors"));
  Check(PQtransactionStatus(conn) == PQTRANS_IDLE, "idle after errors");
}

std::string Int16(int v) {
  return {static_cast<char>((v >> 8) & 0xFF), static_cast<char>(v & 0xFF)};
}

std::string Int64(int64_t v) {
  std::string out;
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xFF));
  return out;
}

// PostgreSQL's binary NUMERIC: ndigits, weight, sign, dscale, base-10000 digits.
const std::string kNumeric = Int16(2) + Int16(0) + Int16(0x4000) + Int16(4) + Int16(1234) + Int16(5678);  // -1234.5678

void BinaryTypes(PGconn* conn) {
  PQclear(PQexec(conn, "drop table if exists lq_types"));
  Exec(conn, "create table lq_types(n decimal(20,4), small decimal(6,2), d date, ts timestamp, tm time)");
  const Oid types[5] = {1700, 1700, 1082, 1114, 1083};
  const std::string small = Int16(1) + Int16(-1) + Int16(0) + Int16(2) + Int16(500);  // 0.05
  const std::string day = std::string("\0\0\0\x01", 4);                               // 2000-01-02
  const std::string ts = Int64(86400000000LL + 1500000);                              // 2000-01-02 00:00:01.5
  const std::string tm = Int64(3600000000LL);                                         // 01:00:00
  const char* values[5] = {kNumeric.data(), small.data(), day.data(), ts.data(), tm.data()};
  int lengths[5] = {static_cast<int>(kNumeric.size()), static_cast<int>(small.size()), 4, 8, 8};
  int formats[5] = {1, 1, 1, 1, 1};
  PQclear(Expect(
      conn,
      PQexecParams(conn, "insert into lq_types values ($1, $2, $3, $4, $5)", 5, types, values, lengths, formats, 0),
      PGRES_COMMAND_OK, "insert with binary numeric, date, timestamp and time parameters"));
  PGresult* res =
      Expect(conn, PQexec(conn, "select n, small, d, ts, tm from lq_types"), PGRES_TUPLES_OK, "select text");
  if (PQntuples(res) == 1) {
    Check(std::strcmp(PQgetvalue(res, 0, 0), "-1234.5678") == 0, "binary numeric parameter");
    Check(std::strcmp(PQgetvalue(res, 0, 1), "0.05") == 0, "binary numeric parameter below one");
    Check(std::strcmp(PQgetvalue(res, 0, 2), "2000-01-02") == 0, "binary date parameter");
    Check(std::strcmp(PQgetvalue(res, 0, 3), "2000-01-02 00:00:01.5") == 0, "binary timestamp parameter");
    Check(std::strcmp(PQgetvalue(res, 0, 4), "01:00:00") == 0, "binary time parameter");
  }
  PQclear(res);
  res = Expect(conn,
               PQexecParams(conn, "select n, small, d, ts, tm from lq_types", 0, nullptr, nullptr, nullptr, nullptr, 1),
               PGRES_TUPLES_OK, "select binary");
  if (PQntuples(res) == 1) {
    Check(std::string(PQgetvalue(res, 0, 0), PQgetlength(res, 0, 0)) == kNumeric, "binary numeric result");
    Check(std::string(PQgetvalue(res, 0, 1), PQgetlength(res, 0, 1)) == small, "binary numeric result below one");
    Check(std::string(PQgetvalue(res, 0, 2), PQgetlength(res, 0, 2)) == day, "binary date result");
    Check(std::string(PQgetvalue(res, 0, 3), PQgetlength(res, 0, 3)) == ts, "binary timestamp result");
    Check(std::string(PQgetvalue(res, 0, 4), PQgetlength(res, 0, 4)) == tm, "binary time result");
  }
  PQclear(res);
  // A value that does not fit the column's precision.
  const std::string huge = Int16(1) + Int16(5) + Int16(0) + Int16(0) + Int16(1);  // 10^20
  const char* one[1] = {huge.data()};
  int one_length[1] = {static_cast<int>(huge.size())};
  int one_format[1] = {1};
  res = PQexecParams(conn, "insert into lq_types (small) values ($1)", 1, types, one, one_length, one_format, 0);
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  Check(state != nullptr && std::strcmp(state, "22003") == 0, "binary numeric overflow has SQLSTATE 22003");
  PQclear(res);
}

std::string Int32(int32_t v) {
  return Int64(v).substr(4);
}

// TIMETZ (1266: int64 local microseconds, int32 seconds west of UTC) and INTERVAL (1186: int64
// microseconds, int32 days, int32 months) as binary parameters and results.
void BinaryTimeTzInterval(PGconn* conn) {
  PQclear(PQexec(conn, "drop table if exists lq_tz"));
  Exec(conn, "create table lq_tz(t timetz, ym interval year to month, ds interval day to second)");
  const Oid types[3] = {1266, 1186, 1186};
  const std::string t = Int64(3600000000LL) + Int32(-7200);                       // 01:00:00+02
  const std::string ym = Int64(0) + Int32(0) + Int32(14);                         // 1 year 2 mons
  const std::string ds = Int64(4 * 3600000000LL + 500000) + Int32(3) + Int32(0);  // 3 days 04:00:00.5
  const char* values[3] = {t.data(), ym.data(), ds.data()};
  int lengths[3] = {12, 16, 16};
  int formats[3] = {1, 1, 1};
  PQclear(Expect(conn,
                 PQexecParams(conn, "insert into lq_tz values ($1, $2, $3)", 3, types, values, lengths, formats, 0),
                 PGRES_COMMAND_OK, "insert with binary timetz and interval parameters"));
  PGresult* res = Expect(conn, PQexec(conn, "select t, ym, ds from lq_tz"), PGRES_TUPLES_OK, "select timetz text");
  if (PQntuples(res) == 1) {
    Check(std::strcmp(PQgetvalue(res, 0, 0), "01:00:00+02") == 0, "binary timetz parameter");
    Check(std::strcmp(PQgetvalue(res, 0, 1), "1 year 2 mons") == 0, "binary interval year to month parameter");
    Check(std::strcmp(PQgetvalue(res, 0, 2), "3 days 04:00:00.5") == 0, "binary interval day to second parameter");
    Check(PQftype(res, 0) == 1266 && PQftype(res, 1) == 1186 && PQftype(res, 2) == 1186, "timetz/interval oids");
  }
  PQclear(res);
  res = Expect(conn, PQexecParams(conn, "select t, ym, ds from lq_tz", 0, nullptr, nullptr, nullptr, nullptr, 1),
               PGRES_TUPLES_OK, "select timetz binary");
  if (PQntuples(res) == 1) {
    Check(std::string(PQgetvalue(res, 0, 0), PQgetlength(res, 0, 0)) == t, "binary timetz result");
    Check(std::string(PQgetvalue(res, 0, 1), PQgetlength(res, 0, 1)) == ym, "binary interval result (months)");
    Check(std::string(PQgetvalue(res, 0, 2), PQgetlength(res, 0, 2)) == ds, "binary interval result (days)");
  }
  PQclear(res);
}

std::string last_notice;

void CollectNotice(void*, const PGresult* res) {
  const char* message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
  last_notice = message ? message : "";
}

// NoticeResponse reaches the client in the simple and in the extended protocol.
void Notices(PGconn* conn) {
  PQsetNoticeReceiver(conn, CollectNotice, nullptr);
  last_notice.clear();
  PQclear(Expect(conn, PQexec(conn, "drop table if exists lq_missing"), PGRES_COMMAND_OK, "simple drop if exists"));
  Check(last_notice == "table \"lq_missing\" does not exist, skipping", "NOTICE in the simple protocol");
  last_notice.clear();
  PQclear(Expect(conn, PQexecParams(conn, "drop table if exists lq_missing2", 0, nullptr, nullptr, nullptr, nullptr, 0),
                 PGRES_COMMAND_OK, "extended drop if exists"));
  Check(last_notice == "table \"lq_missing2\" does not exist, skipping", "NOTICE in the extended protocol");
}

// PostgreSQL's array_send: ndim, has-null flag, element oid, length and lower bound, then each element.
std::string Int2ArrayBytes(int lower, std::initializer_list<int16_t> elements) {
  std::string out;
  auto int32 = [&](uint32_t v) {
    v = htonl(v);
    out.append(reinterpret_cast<const char*>(&v), 4);
  };
  for (uint32_t v : {1u, 0u, 21u, static_cast<uint32_t>(elements.size()), static_cast<uint32_t>(lower)}) int32(v);
  for (int16_t e : elements) {
    int32(2);
    uint16_t be = htons(static_cast<uint16_t>(e));
    out.append(reinterpret_cast<const char*>(&be), 2);
  }
  return out;
}

// The catalog's arrays: pg_index.indkey is an int2vector (OID 22, subscripts from 0), pg_constraint.conkey a
// smallint[] (OID 1005), in text and in binary (what pgjdbc asks for once a statement is prepared).
void CatalogArrays(PGconn* conn) {
  Exec(conn, "create table lq_keys(a integer not null, b integer not null, primary key (b, a))");
  const char* sql =
      "select i.indkey, c.conkey from pg_index i join pg_constraint c on c.conindid = i.indexrelid "
      "where c.conrelid = 'lq_keys'::regclass";
  for (int format : {0, 1}) {
    PGresult* res = Expect(conn, PQexecParams(conn, sql, 0, nullptr, nullptr, nullptr, nullptr, format),
                           PGRES_TUPLES_OK, "catalog arrays");
    Check(PQnfields(res) == 2 && PQftype(res, 0) == 22 && PQftype(res, 1) == 1005, "indkey int2vector, conkey _int2");
    if (PQntuples(res) == 1 && format == 0) {
      Check(std::strcmp(PQgetvalue(res, 0, 0), "2 1") == 0, "indkey as text");
      Check(std::strcmp(PQgetvalue(res, 0, 1), "{2,1}") == 0, "conkey as text");
    } else if (PQntuples(res) == 1) {
      Check(std::string(PQgetvalue(res, 0, 0), PQgetlength(res, 0, 0)) == Int2ArrayBytes(0, {2, 1}),
            "indkey in binary");
      Check(std::string(PQgetvalue(res, 0, 1), PQgetlength(res, 0, 1)) == Int2ArrayBytes(1, {2, 1}),
            "conkey in binary");
    } else {
      Check(false, "one key row");
    }
    PQclear(res);
  }
}

// The rows of pl_test, in order, joined by spaces.
std::string PipelineRows(PGconn* conn) {
  PGresult* res = Expect(conn, PQexec(conn, "select a from pl_test order by a"), PGRES_TUPLES_OK, "pipeline rows");
  std::string rows;
  for (int i = 0; i < PQntuples(res); i++) rows += std::string(i ? " " : "") + PQgetvalue(res, i, 0);
  PQclear(res);
  return rows;
}

// Sends the statements in pipeline mode (Parse/Bind/Describe/Execute each, one Sync) and reads every
// result; returns how many failed.
int Pipeline(PGconn* conn, std::initializer_list<const char*> statements) {
  Check(PQenterPipelineMode(conn) == 1, "enter pipeline mode");
  for (const char* sql : statements)
    Check(PQsendQueryParams(conn, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1, sql);
  Check(PQpipelineSync(conn) == 1, "pipeline sync");
  int errors = 0;
  for (;;) {
    PGresult* res = PQgetResult(conn);
    if (res == nullptr) continue;  // the end of one statement's results
    ExecStatusType status = PQresultStatus(res);
    PQclear(res);
    if (status == PGRES_PIPELINE_SYNC) break;
    if (status == PGRES_FATAL_ERROR) ++errors;
  }
  Check(PQexitPipelineMode(conn) == 1, "exit pipeline mode");
  return errors;
}

// The statements up to Sync are one implicit transaction, as in PostgreSQL: an error rolls back what ran
// before it (a JDBC batch in autocommit that fails inserts nothing); a COMMIT in the pipeline commits what
// precedes it. Messages after the error are skipped until Sync.
void PipelineTransactions(PGconn* conn) {
  PQclear(PQexec(conn, "drop table if exists pl_test"));
  Exec(conn, "create table pl_test(a integer)");
  Check(Pipeline(conn, {"insert into pl_test values (1)", "insert into pl_test values (2)"}) == 0, "pipeline commits");
  Check(PipelineRows(conn) == "1 2", "a pipeline's rows are committed at Sync");
  Check(Pipeline(conn, {"insert into pl_test values (3)", "insert into pl_test values ('x')",
                        "insert into pl_test values (4)"}) >= 1,
        "pipeline fails");
  Check(PipelineRows(conn) == "1 2", "a failed pipeline's earlier insert is rolled back: " + PipelineRows(conn));
  Pipeline(conn, {"update pl_test set a = a + 100 where a = 1", "delete from pl_test where a = 2", "select 1/0"});
  Check(PipelineRows(conn) == "1 2", "a failed pipeline's update and delete are rolled back");
  Pipeline(conn, {"insert into pl_test values (8)", "commit", "insert into pl_test values (9)", "select 1/0"});
  Check(PipelineRows(conn) == "1 2 8", "a COMMIT in the pipeline commits what precedes it only");
  Pipeline(conn,
           {"begin", "insert into pl_test values (10)", "commit", "insert into pl_test values (11)", "select 1/0"});
  Check(PipelineRows(conn) == "1 2 8 10", "BEGIN ... COMMIT in the pipeline, then an implicit transaction");
  Check(Pipeline(conn, {"vacuum pl_test"}) == 0, "VACUUM alone before Sync runs");
  Check(Pipeline(conn, {"insert into pl_test values (12)", "vacuum pl_test"}) == 1, "VACUUM after a statement fails");
  Check(PipelineRows(conn) == "1 2 8 10", "the pipeline with VACUUM rolled back");
  Check(std::strcmp(PQparameterStatus(conn, "server_version"), "") != 0 && PQtransactionStatus(conn) == PQTRANS_IDLE,
        "idle after the pipelines");
  // A multi-statement simple Query: one implicit transaction, but a COMMIT in it commits for good.
  PQclear(PQexec(conn, "begin; insert into pl_test values (20); commit; insert into pl_test values (21); select 1/0"));
  Check(PipelineRows(conn) == "1 2 8 10 20", "statements after COMMIT in a Query roll back with its error");
  PQclear(PQexec(conn, "insert into pl_test values (22); commit; insert into pl_test values (23); select 1/0"));
  Check(PipelineRows(conn) == "1 2 8 10 20 22", "a COMMIT in a Query's implicit transaction commits it");
}

}  // namespace

int main() {
  PGconn* conn = PQconnectdb("");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::fprintf(stderr, "FAIL: connect: %s\n", PQerrorMessage(conn));
    return 1;
  }
  Check(std::strcmp(PQparameterStatus(conn, "server_version"), "8.0.2") == 0 ||
            std::getenv("LIBPQ_TEST_ANY_VERSION") != nullptr,
        "server_version 8.0.2");
  PQclear(PQexec(conn, "drop table if exists lq_test"));
  Exec(conn, "create table lq_test(id integer not null, name varchar(20))");
  PrepareAndInsert(conn);
  DescribeAndSelect(conn);
  CastParameters(conn);
  UnnamedAndErrors(conn);
  BinaryTypes(conn);
  BinaryTimeTzInterval(conn);
  Notices(conn);
  CatalogArrays(conn);
  PipelineTransactions(conn);
  PQfinish(conn);
  if (failures > 0) return 1;
  std::puts("libpq extended-protocol test passed");
  return 0;
}
