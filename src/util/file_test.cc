#include "util/file.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

namespace blueshift {
namespace {

class FileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bs_file_test_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    SetWriteFaultForTesting(0);
    std::filesystem::remove_all(dir_);
  }
  std::string dir_;
};

TEST_F(FileTest, WriteThenReadBack) {
  std::string path = dir_ + "/a";
  auto file = WritableFile::Create(path, /*exclusive=*/true);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  std::string big(3 << 20, 'z');
  ASSERT_TRUE((*file)->Append("head").ok());
  ASSERT_TRUE((*file)->Append(big).ok());
  ASSERT_TRUE((*file)->Sync().ok());
  ASSERT_TRUE((*file)->Close().ok());
  auto data = ReadFileToString(path);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(*data, "head" + big);
}

TEST_F(FileTest, ExclusiveCreateRefusesExisting) {
  std::string path = dir_ + "/a";
  ASSERT_TRUE(ReplaceFileDurably(dir_ + "/a.tmp", path, "x").ok());
  auto again = WritableFile::Create(path, /*exclusive=*/true);
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kIoError);
}

TEST_F(FileTest, ReplaceDurablyLeavesNoTemp) {
  std::string path = dir_ + "/cur";
  ASSERT_TRUE(ReplaceFileDurably(dir_ + "/cur.tmp", path, "one").ok());
  ASSERT_TRUE(ReplaceFileDurably(dir_ + "/cur.tmp", path, "two").ok());
  EXPECT_EQ(ReadFileToString(path).value(), "two");
  EXPECT_FALSE(PathExists(dir_ + "/cur.tmp"));
}

TEST_F(FileTest, NoSpaceIsDiskFull) {
  auto file = WritableFile::Create(dir_ + "/f", true);
  ASSERT_TRUE(file.ok());
  SetWriteFaultForTesting(ENOSPC);
  Status st = (*file)->Sync();
  EXPECT_TRUE(st.ok());  // nothing buffered yet
  ASSERT_TRUE((*file)->Append("abc").ok());
  st = (*file)->Sync();
  EXPECT_EQ(st.code(), ErrorCode::kDiskFull);
  EXPECT_EQ(st.message(), "disk full");
}

TEST_F(FileTest, ShortReadIsCorruption) {
  ASSERT_TRUE(ReplaceFileDurably(dir_ + "/t", dir_ + "/s", "12345").ok());
  auto file = RandomAccessFile::Open(dir_ + "/s");
  ASSERT_TRUE(file.ok());
  char buf[8];
  EXPECT_EQ((*file)->Read(3, 5, buf).code(), ErrorCode::kDataCorrupted);
  EXPECT_TRUE((*file)->Read(1, 4, buf).ok());
}

TEST_F(FileTest, ListAndRemove) {
  ASSERT_TRUE(CreateDirDurably(dir_ + "/d").ok());
  ASSERT_TRUE(CreateDirDurably(dir_ + "/d").ok());
  ASSERT_TRUE(ReplaceFileDurably(dir_ + "/t", dir_ + "/d/b", "").ok());
  ASSERT_TRUE(ReplaceFileDurably(dir_ + "/t", dir_ + "/d/a", "").ok());
  auto names = ListDir(dir_ + "/d");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(RemoveFile(dir_ + "/d/a").ok());
  EXPECT_TRUE(RemoveFile(dir_ + "/d/a").ok());
  EXPECT_TRUE(RemoveFile(dir_ + "/d/b").ok());
  EXPECT_TRUE(RemoveDir(dir_ + "/d").ok());
  EXPECT_FALSE(PathExists(dir_ + "/d"));
  EXPECT_EQ(DirName("/x/y/z"), "/x/y");
}

}  // namespace
}  // namespace blueshift
