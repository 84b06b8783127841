#include "main/database_set.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "load/load_history.h"
#include "main/database.h"
#include "main/session.h"
#include "storage/storage_test_util.h"
#include "storage/store.h"

namespace blueshift {
namespace {

using storage::testing::TempDir;

class NullSink : public ResultSink {
 public:
  Status BeginRows(const std::vector<ColumnInfo>&) override { return Status::OK(); }
  Status Rows(const Batch& batch) override {
    rows += batch.count();
    return Status::OK();
  }
  Status Complete(const std::string&) override { return Status::OK(); }
  uint64_t rows = 0;
};

std::unique_ptr<Database> OpenDir(const std::string& dir) {
  DatabaseOptions options;
  options.data_dir = dir;
  options.num_slices = 2;
  options.auto_vacuum = false;
  auto db = Database::Open(options);
  EXPECT_TRUE(db.ok()) << db.status().ToString();
  return db.ok() ? std::move(db).value() : nullptr;
}

void RunSql(Session* session, const std::string& sql, NullSink* sink = nullptr) {
  NullSink local;
  Status st = session->ExecuteSimple(sql, sink ? sink : &local);
  ASSERT_TRUE(st.ok()) << sql << ": " << st.ToString();
}

std::unique_ptr<Session> ConnectTo(Database* db, const std::string& name) {
  SessionOptions options;
  options.database = name;
  auto session = db->ConnectTo(options);
  EXPECT_TRUE(session.ok()) << session.status().ToString();
  return session.ok() ? std::move(session).value() : nullptr;
}

// A data directory of format 1 has databases made by CREATE DATABASE as catalog entries only, and no
// databases/ directory: Open gives each an empty store of its own.
TEST(DatabaseSetTest, FormatOneDirectoryUpgradesInPlace) {
  TempDir dir;
  {
    auto db = OpenDir(dir.path());
    auto dev = db->Connect(SessionOptions{});
    RunSql(dev.get(), "CREATE TABLE kept (a INTEGER)");
    RunSql(dev.get(), "INSERT INTO kept VALUES (1), (2)");
    RunSql(dev.get(), "CREATE DATABASE etl");
  }
  std::filesystem::remove_all(dir.path() + "/databases");
  auto db = OpenDir(dir.path());
  ASSERT_NE(db->FindDatabase("etl"), nullptr);
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() + "/databases"));
  auto etl = ConnectTo(db.get(), "etl");
  RunSql(etl.get(), "CREATE TABLE fresh (b INTEGER)");
  NullSink rows;
  RunSql(etl.get(), "SELECT * FROM fresh", &rows);
  EXPECT_EQ(rows.rows, 0u);
  // etl's tables take oids from a range of their own, apart from dev's.
  auto table = db->FindDatabase("etl")->store()->Current()->catalog->FindTable("public", "fresh");
  ASSERT_NE(table, nullptr);
  EXPECT_GE(table->oid, DatabaseSet::kOidRange);
  EXPECT_EQ(db->FindDatabase("etl")->store()->Current()->catalog->FindTable("public", "kept"), nullptr);
  auto dev = db->Connect(SessionOptions{});
  RunSql(dev.get(), "SELECT * FROM kept", &rows);
  EXPECT_EQ(rows.rows, 2u);
}

// Directories of databases the root no longer names (a DROP DATABASE cut short by a crash) go at Open, and
// a database whose cluster part fell behind the root's (a crash between the two commits) catches up.
TEST(DatabaseSetTest, OpenRemovesStrayDirectoriesAndCatchesUpUsers) {
  TempDir dir;
  {
    auto db = OpenDir(dir.path());
    auto dev = db->Connect(SessionOptions{});
    RunSql(dev.get(), "CREATE DATABASE etl");
  }
  std::filesystem::create_directories(dir.path() + "/databases/999999/tables");
  {
    // The root alone learns of a user, as if the process died before the commit reached etl.
    storage::StoreOptions so;
    so.num_slices = 2;
    auto store = storage::Store::Open(dir.path(), so);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto current = (*store)->Current();
    auto next = std::make_shared<Catalog>(*current->catalog);
    UserDef user;
    user.name = "late";
    ASSERT_TRUE(next->MutableSecurity().CreateUser(user).ok());
    storage::CommitRequest request;
    request.catalog = next;
    ASSERT_TRUE((*store)->Commit(*current, request).ok());
  }
  auto db = OpenDir(dir.path());
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/databases/999999"));
  Database* etl = db->FindDatabase("etl");
  ASSERT_NE(etl, nullptr);
  EXPECT_NE(etl->store()->Current()->catalog->security().FindUser("late"), nullptr);
}

// While a database holds a decided commit only the next Open can finish, no other database may commit a
// cluster change: the root keeps one decision, and a new one would make that Open drop the first.
TEST(DatabaseSetTest, ClusterChangesWaitForAnUnfinishedCommit) {
  TempDir dir;
  auto db = OpenDir(dir.path());
  {
    auto dev = db->Connect(SessionOptions{});
    RunSql(dev.get(), "CREATE DATABASE etl");
    RunSql(dev.get(), "CREATE DATABASE etl2");
  }
  storage::Store* etl = db->FindDatabase("etl")->store();
  auto current = etl->Current();
  storage::CommitRequest request;
  request.catalog = std::make_shared<Catalog>(*current->catalog);
  auto prepared = etl->Prepare(*current, request);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  etl->AbandonPrepared(std::move(prepared).value(), Status(ErrorCode::kIoError, "disk gone"));
  auto etl2 = ConnectTo(db.get(), "etl2");
  NullSink sink;
  Status st = etl2->ExecuteSimple("CREATE USER late PASSWORD 'Abcdefg1'", &sink);
  EXPECT_EQ(st.code(), ErrorCode::kNotInPrerequisiteState) << st.ToString();
  RunSql(etl2.get(), "CREATE TABLE still_fine (a INTEGER)");  // its own tables commit as before
}

// A session's last COPY and UNLOAD (PG_LAST_COPY_ID(), PG_LAST_UNLOAD_ID(), ...) go with it.
TEST(DatabaseSetTest, EndingASessionForgetsItsLastCopyAndUnload) {
  TempDir dir;
  auto db = OpenDir(dir.path());
  SessionOptions options;
  options.process_id = 424242;
  auto& history = load::LoadHistory::Global();
  {
    auto session = db->Connect(options);
    history.RecordUnload(options.process_id, 77, 5);
    EXPECT_EQ(history.LastUnloadId(options.process_id), 77);
  }
  EXPECT_EQ(history.LastUnloadId(options.process_id), -1);
  EXPECT_EQ(history.LastUnloadCount(options.process_id), 0);
}

TEST(DatabaseSetTest, UnknownDatabaseIsRefused) {
  TempDir dir;
  auto db = OpenDir(dir.path());
  SessionOptions options;
  options.database = "nowhere";
  auto session = db->ConnectTo(options);
  EXPECT_EQ(session.status().code(), ErrorCode::kInvalidCatalogName);
  EXPECT_EQ(db->FindDatabase("nowhere"), nullptr);
  EXPECT_EQ(db->FindDatabase("dev"), db.get());
}

}  // namespace
}  // namespace blueshift
