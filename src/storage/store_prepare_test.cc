// Two-phase commit of a store (Store::Prepare, CommitPrepared, AbortPrepared, PromotePrepared) and the commit
// decision a manifest carries (docs/format/manifest.md, version 3).
#include <gtest/gtest.h>

#include "storage/manifest.h"
#include "storage/storage_test_util.h"
#include "storage/store.h"
#include "util/crc32c.h"
#include "util/file.h"

namespace blueshift::storage {
namespace {

using testing::AllTypesTable;
using testing::TempDir;
using testing::TestRows;

class StorePrepareTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    auto s = Store::Open(dir_.path(), StoreOptions{2});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  // A request that creates an empty all-types table named `name`.
  CommitRequest CreateTable(const std::string& name) {
    Catalog c = *store_->Current()->catalog;
    TableDef def = AllTypesTable(0, Encoding::kAz64);
    def.name = name;
    Oid oid = c.CreateTable(def).value();
    CommitRequest req;
    req.catalog = std::make_shared<const Catalog>(std::move(c));
    CommitRequest::TableChange ch;
    ch.table = oid;
    ch.created = true;
    req.tables.push_back(ch);
    return req;
  }

  // Adds `rows` rows to `table` as a write-store segment: a log record, no manifest.
  void AddRows(const std::string& table, size_t rows) {
    auto def = store_->Current()->catalog->FindTable("public", table);
    ASSERT_NE(def, nullptr);
    CommitRequest req;
    CommitRequest::TableChange ch;
    ch.table = def->oid;
    ch.added.push_back(store_->WriteMemorySegment(*def, 0, TestRows(*def, rows)).value());
    req.tables.push_back(ch);
    ASSERT_TRUE(store_->Commit(*store_->Current(), req).ok());
  }

  uint64_t Rows(const std::string& table) {
    auto v = store_->Current();
    auto def = v->catalog->FindTable("public", table);
    return def ? v->Table(def->oid)->LiveRows() : 0;
  }

  std::string ManifestPath(uint64_t version) { return dir_.path() + "/manifests/" + ManifestFileName(version); }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(StorePrepareTest, PreparedCommitIsInvisibleUntilCommitted) {
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("a")).ok());
  auto prepared = store_->Prepare(*store_->Current(), CreateTable("b"));
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  uint64_t version = prepared->next->version;
  EXPECT_TRUE(PathExists(ManifestPath(version)));
  EXPECT_EQ(store_->Current()->version, version - 1);
  auto published = store_->CommitPrepared(std::move(*prepared));
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  EXPECT_EQ((*published)->version, version);
  Reopen();
  EXPECT_EQ(store_->Current()->version, version);
  EXPECT_NE(store_->Current()->catalog->FindTable("public", "b"), nullptr);
}

TEST_F(StorePrepareTest, CrashBeforeTheDecisionDiscardsThePreparedCommit) {
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("a")).ok());
  AddRows("a", 10);  // a log record the prepared commit includes
  uint64_t version = 0;
  {
    auto prepared = store_->Prepare(*store_->Current(), CreateTable("b"));
    ASSERT_TRUE(prepared.ok());
    version = prepared->next->version;
  }  // abandoned, as by a crash
  Reopen();
  EXPECT_EQ(store_->Current()->catalog->FindTable("public", "b"), nullptr);
  EXPECT_EQ(Rows("a"), 10u);
  EXPECT_FALSE(PathExists(ManifestPath(version)));
  // The version is taken again by the next commit.
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("c")).ok());
  EXPECT_EQ(store_->Current()->version, version);
  Reopen();
  EXPECT_NE(store_->Current()->catalog->FindTable("public", "c"), nullptr);
}

TEST_F(StorePrepareTest, PromoteMakesADecidedCommitCurrentBeforeOpen) {
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("a")).ok());
  AddRows("a", 10);
  uint64_t version = 0;
  {
    auto prepared = store_->Prepare(*store_->Current(), CreateTable("b"));
    ASSERT_TRUE(prepared.ok());
    version = prepared->next->version;
  }
  store_.reset();
  ASSERT_TRUE(Store::PromotePrepared(dir_.path(), version).ok());
  Reopen();
  EXPECT_EQ(store_->Current()->version, version);
  EXPECT_NE(store_->Current()->catalog->FindTable("public", "b"), nullptr);
  EXPECT_EQ(Rows("a"), 10u);
  AddRows("a", 5);
  Reopen();
  EXPECT_EQ(Rows("a"), 15u);
  // Once current (or overtaken), promoting again changes nothing.
  store_.reset();
  ASSERT_TRUE(Store::PromotePrepared(dir_.path(), version).ok());
  Reopen();
  EXPECT_EQ(store_->Current()->version, version + 1);
  EXPECT_EQ(Rows("a"), 15u);
}

TEST_F(StorePrepareTest, PromoteWithoutThePreparedManifestIsCorruption) {
  uint64_t next = store_->Current()->version + 1;
  store_.reset();
  Status s = Store::PromotePrepared(dir_.path(), next);
  EXPECT_EQ(s.code(), ErrorCode::kDataCorrupted);
  EXPECT_NE(s.message().find(ManifestFileName(next)), std::string::npos) << s.message();
}

TEST_F(StorePrepareTest, AbortRemovesThePreparedManifest) {
  auto prepared = store_->Prepare(*store_->Current(), CreateTable("b"));
  ASSERT_TRUE(prepared.ok());
  uint64_t version = prepared->next->version;
  store_->AbortPrepared(std::move(*prepared));
  EXPECT_FALSE(PathExists(ManifestPath(version)));
  EXPECT_EQ(store_->Current()->version, version - 1);
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("c")).ok());
  Reopen();
  EXPECT_EQ(store_->Current()->catalog->FindTable("public", "b"), nullptr);
  EXPECT_NE(store_->Current()->catalog->FindTable("public", "c"), nullptr);
}

TEST_F(StorePrepareTest, AbandonedCommitBlocksCommitsUntilOpenDecides) {
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("a")).ok());
  uint64_t version = 0;
  {
    auto prepared = store_->Prepare(*store_->Current(), CreateTable("b"));
    ASSERT_TRUE(prepared.ok());
    version = prepared->next->version;
    store_->AbandonPrepared(std::move(*prepared), Status(ErrorCode::kIoError, "disk gone"));
  }
  EXPECT_TRUE(PathExists(ManifestPath(version)));
  Status s = store_->Commit(*store_->Current(), CreateTable("c")).status();
  EXPECT_EQ(s.code(), ErrorCode::kIoError);
  EXPECT_NE(s.message().find("disk gone"), std::string::npos) << s.message();
  EXPECT_EQ(store_->Current()->version, version - 1);
  // Decided: the restart makes it current.
  store_.reset();
  ASSERT_EQ(*Store::CurrentVersionOf(dir_.path()), version - 1);
  ASSERT_TRUE(Store::PromotePrepared(dir_.path(), version).ok());
  EXPECT_EQ(*Store::CurrentVersionOf(dir_.path()), version);
  Reopen();
  EXPECT_NE(store_->Current()->catalog->FindTable("public", "b"), nullptr);
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("c")).ok());
}

TEST_F(StorePrepareTest, DecisionIsKeptByLaterVersionsAndAcrossOpen) {
  CommitRequest req = CreateTable("a");
  req.decides = CommitDecision{16777300, 42};
  ASSERT_TRUE(store_->Commit(*store_->Current(), req).ok());
  AddRows("a", 3);  // a log record: replayed at Open on top of the manifest's decision
  Reopen();
  EXPECT_EQ(store_->Current()->decided, (CommitDecision{16777300, 42}));
  ASSERT_TRUE(store_->Commit(*store_->Current(), CreateTable("b")).ok());
  Reopen();
  EXPECT_EQ(store_->Current()->decided, (CommitDecision{16777300, 42}));
}

TEST_F(StorePrepareTest, VersionTwoManifestDecodesWithoutADecision) {
  auto v = std::make_shared<DbVersion>(*store_->Current());
  v->decided = CommitDecision{7, 9};
  std::string bytes = EncodeManifest(*v, 2, 5);
  // Version 2's layout: the same without the decision (u32 + u64) and the identity reservations (version 4:
  // a count, 0 here) before the checksum.
  std::string old = bytes.substr(0, bytes.size() - 4 - 4 - 12);
  uint32_t two = 2;
  old.replace(8, 4, reinterpret_cast<const char*>(&two), 4);
  uint32_t crc = Crc32c(old);
  old.append(reinterpret_cast<const char*>(&crc), 4);
  auto m = DecodeManifest(old, "MANIFEST-old");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->db->decided, CommitDecision{});
  auto now = DecodeManifest(bytes, "MANIFEST-new");
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  EXPECT_EQ(now->db->decided, (CommitDecision{7, 9}));
  // A manifest cut short of its decision is damaged.
  std::string cut = bytes.substr(0, bytes.size() - 4 - 4 - 12);
  crc = Crc32c(cut);
  cut.append(reinterpret_cast<const char*>(&crc), 4);
  EXPECT_EQ(DecodeManifest(cut, "MANIFEST-cut").status().code(), ErrorCode::kDataCorrupted);
}

}  // namespace
}  // namespace blueshift::storage
