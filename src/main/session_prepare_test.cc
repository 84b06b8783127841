// Session::Prepare hands out a statement it described before when nothing it depends on changed (the
// catalog, the settings, the user): drivers send the same unnamed Parse before every execution. These tests
// check that every such change describes the statement again.
#include <gtest/gtest.h>

#include "main/database.h"
#include "main/session.h"
#include "storage/storage_test_util.h"

namespace blueshift {
namespace {

using storage::testing::TempDir;

class CountingSink : public ResultSink {
 public:
  Status BeginRows(const std::vector<ColumnInfo>&) override { return Status::OK(); }
  Status Rows(const Batch& batch) override {
    for (size_t r = 0; r < batch.count(); r++) values.push_back(batch.column(0).GetValue(batch.RowIndex(r)).ToString());
    return Status::OK();
  }
  Status Complete(const std::string&) override { return Status::OK(); }
  std::vector<std::string> values;
};

class SessionPrepareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.data_dir = dir_.path();
    options.num_slices = 2;
    options.auto_vacuum = false;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect(SessionOptions{});
  }

  void Run(const std::string& sql) {
    CountingSink sink;
    Status st = session_->ExecuteSimple(sql, &sink);
    ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
  }

  std::vector<LogicalType> ParamTypes(const std::string& sql) {
    auto ps = session_->Prepare(sql, {});
    EXPECT_TRUE(ps.ok()) << sql << ": " << ps.status().ToString();
    return ps.ok() ? (*ps)->param_types() : std::vector<LogicalType>{};
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

TEST_F(SessionPrepareTest, SameTextIsDescribedOnce) {
  Run("CREATE TABLE t (a INTEGER, b VARCHAR(10))");
  auto first = session_->Prepare("INSERT INTO t VALUES ($1, $2)", {});
  auto second = session_->Prepare("INSERT INTO t VALUES ($1, $2)", {});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->get(), second->get());
  // Rows committed in between leave the catalog as it was.
  CountingSink sink;
  ASSERT_TRUE(session_->Execute(**first, {Value::Integer(7), Value::Varchar("x")}, &sink, true).ok());
  auto third = session_->Prepare("INSERT INTO t VALUES ($1, $2)", {});
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(first->get(), third->get());
  // Declared parameter types are part of what is described.
  auto declared = session_->Prepare("INSERT INTO t VALUES ($1, $2)", {20, 0});
  ASSERT_TRUE(declared.ok());
  EXPECT_NE(first->get(), declared->get());
  EXPECT_EQ((*declared)->param_types()[0], LogicalType::BigInt());
}

TEST_F(SessionPrepareTest, DdlDescribesAgain) {
  Run("CREATE TABLE t (a INTEGER)");
  EXPECT_EQ(ParamTypes("INSERT INTO t VALUES ($1)"), std::vector<LogicalType>{LogicalType::Integer()});
  Run("DROP TABLE t");
  Run("CREATE TABLE t (a DATE)");
  EXPECT_EQ(ParamTypes("INSERT INTO t VALUES ($1)"), std::vector<LogicalType>{LogicalType::Date()});
}

TEST_F(SessionPrepareTest, DdlInsideTheBlockDescribesAgain) {
  Run("BEGIN");
  Run("CREATE TABLE t (a INTEGER)");
  EXPECT_EQ(ParamTypes("INSERT INTO t VALUES ($1)"), std::vector<LogicalType>{LogicalType::Integer()});
  Run("DROP TABLE t");
  Run("CREATE TABLE t (a DATE)");
  EXPECT_EQ(ParamTypes("INSERT INTO t VALUES ($1)"), std::vector<LogicalType>{LogicalType::Date()});
  Run("COMMIT");
  EXPECT_EQ(ParamTypes("INSERT INTO t VALUES ($1)"), std::vector<LogicalType>{LogicalType::Date()});
}

TEST_F(SessionPrepareTest, SearchPathChangeDescribesAgain) {
  Run("CREATE SCHEMA s1");
  Run("CREATE SCHEMA s2");
  Run("CREATE TABLE s1.t (a INTEGER)");
  Run("CREATE TABLE s2.t (a DATE)");
  Run("SET search_path TO s1");
  EXPECT_EQ(ParamTypes("SELECT a FROM t WHERE a = $1"), std::vector<LogicalType>{LogicalType::Integer()});
  Run("SET search_path TO s2");
  EXPECT_EQ(ParamTypes("SELECT a FROM t WHERE a = $1"), std::vector<LogicalType>{LogicalType::Date()});
}

TEST_F(SessionPrepareTest, ExecutesAgainstTheCurrentRows) {
  Run("CREATE TABLE t (a INTEGER)");
  for (int i = 1; i <= 3; i++) {
    auto ps = session_->Prepare("INSERT INTO t VALUES ($1)", {});
    ASSERT_TRUE(ps.ok());
    CountingSink sink;
    ASSERT_TRUE(session_->Execute(**ps, {Value::Integer(i)}, &sink, true).ok());
  }
  auto count = session_->Prepare("SELECT count(*) FROM t WHERE a >= $1", {});
  ASSERT_TRUE(count.ok());
  CountingSink sink;
  ASSERT_TRUE(session_->Execute(**count, {Value::Integer(2)}, &sink, true).ok());
  EXPECT_EQ(sink.values, std::vector<std::string>{"2"});
}

// The extended protocol's statements up to Sync are one implicit transaction (PostgreSQL): Sync commits it,
// an error rolls back what ran before it in the same unit.
TEST_F(SessionPrepareTest, StatementsUpToSyncAreOneTransaction) {
  Run("CREATE TABLE t (a INTEGER)");
  auto ins = session_->Prepare("INSERT INTO t VALUES ($1)", {});
  auto div = session_->Prepare("SELECT 1 / $1", {});
  auto count = session_->Prepare("SELECT count(*) FROM t", {});
  ASSERT_TRUE(ins.ok() && div.ok() && count.ok());
  auto other = db_->Connect(SessionOptions{});
  auto others_count = [&] {
    CountingSink sink;
    EXPECT_TRUE(other->ExecuteSimple("SELECT count(*) FROM t", &sink).ok());
    return sink.values;
  };
  CountingSink sink;
  ASSERT_TRUE(session_->Execute(**ins, {Value::Integer(1)}, &sink, false).ok());
  ASSERT_TRUE(session_->Execute(**ins, {Value::Integer(2)}, &sink, false).ok());
  EXPECT_EQ(others_count(), std::vector<std::string>{"0"});  // not committed before Sync
  ASSERT_TRUE(session_->Sync().ok());
  EXPECT_EQ(others_count(), std::vector<std::string>{"2"});
  // An error rolls back the unit's earlier statements.
  ASSERT_TRUE(session_->Execute(**ins, {Value::Integer(3)}, &sink, false).ok());
  EXPECT_FALSE(session_->Execute(**div, {Value::Integer(0)}, &sink, false).ok());
  ASSERT_TRUE(session_->Sync().ok());
  // A failed message other than Execute (a Bind's bad parameter) does the same.
  ASSERT_TRUE(session_->Execute(**ins, {Value::Integer(4)}, &sink, false).ok());
  session_->AbortUnit();
  ASSERT_TRUE(session_->Sync().ok());
  CountingSink counted;
  ASSERT_TRUE(session_->Execute(**count, {}, &counted, true).ok());
  EXPECT_EQ(counted.values, std::vector<std::string>{"2"});
  EXPECT_EQ(session_->TransactionStatus(), 'I');
}

// A COMMIT in the unit commits what ran before it; what follows is a new implicit transaction.
TEST_F(SessionPrepareTest, CommitInsideTheUnitCommits) {
  Run("CREATE TABLE t (a INTEGER)");
  auto ins = session_->Prepare("INSERT INTO t VALUES ($1)", {});
  auto commit = session_->Prepare("COMMIT", {});
  auto div = session_->Prepare("SELECT 1 / $1", {});
  ASSERT_TRUE(ins.ok() && commit.ok() && div.ok());
  CountingSink sink;
  ASSERT_TRUE(session_->Execute(**ins, {Value::Integer(8)}, &sink, false).ok());
  ASSERT_TRUE(session_->Execute(**commit, {}, &sink, false).ok());
  ASSERT_TRUE(session_->Execute(**ins, {Value::Integer(9)}, &sink, false).ok());
  EXPECT_FALSE(session_->Execute(**div, {Value::Integer(0)}, &sink, false).ok());
  ASSERT_TRUE(session_->Sync().ok());
  CountingSink counted;
  ASSERT_TRUE(session_->ExecuteSimple("SELECT a FROM t", &counted).ok());
  EXPECT_EQ(counted.values, std::vector<std::string>{"8"});
}

// A prepared statement whose rows another session's DDL changed fails as PostgreSQL's does rather than
// sending rows unlike its RowDescription; one whose rows are alike runs against the new table.
TEST_F(SessionPrepareTest, ChangedRowsFailTheExecution) {
  Run("CREATE TABLE t (x INTEGER, y VARCHAR(10))");
  Run("INSERT INTO t VALUES (1, 'a')");
  auto sel = session_->Prepare("SELECT * FROM t", {});
  auto sel_x = session_->Prepare("SELECT x FROM t", {});
  ASSERT_TRUE(sel.ok() && sel_x.ok());
  auto other = db_->Connect(SessionOptions{});
  CountingSink ignored;
  ASSERT_TRUE(other->ExecuteSimple("ALTER TABLE t ADD COLUMN z INTEGER DEFAULT 7", &ignored).ok());
  CountingSink sink;
  Status st = session_->Execute(**sel, {}, &sink, true);
  EXPECT_EQ(st.code(), ErrorCode::kFeatureNotSupported) << st.ToString();
  EXPECT_EQ(st.message(), "cached plan must not change result type");
  EXPECT_TRUE(sink.values.empty());
  ASSERT_TRUE(session_->Execute(**sel_x, {}, &sink, true).ok());
  EXPECT_EQ(sink.values, std::vector<std::string>{"1"});
  ASSERT_TRUE(other->ExecuteSimple("ALTER TABLE t RENAME COLUMN x TO w", &ignored).ok());
  EXPECT_EQ(session_->Execute(**sel_x, {}, &sink, true).code(), ErrorCode::kUndefinedColumn);
  // Described again, the statement has the new shape.
  auto again = session_->Prepare("SELECT * FROM t", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->columns().size(), 3u);
  EXPECT_TRUE(session_->Execute(**again, {}, &sink, true).ok());
  EXPECT_EQ(session_->TransactionStatus(), 'I');
}

}  // namespace
}  // namespace blueshift
