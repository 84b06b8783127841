#include "load/json_reader.h"

#include <gtest/gtest.h>

#include "load/manifest.h"

namespace blueshift::load {
namespace {

TEST(JsonReaderTest, FindsConcatenatedRecords) {
  std::string text = " {\"a\": \"}\"}\n{\"b\": [1, {\"c\": 2}]}{\"d\"";
  const char* b = nullptr;
  const char* e = nullptr;
  int lines = 0;
  ASSERT_EQ(JsonDocument::FindValue(text.data(), text.data() + text.size(), &b, &e, &lines), 1);
  EXPECT_EQ(std::string(b, e), "{\"a\": \"}\"}");
  ASSERT_EQ(JsonDocument::FindValue(e, text.data() + text.size(), &b, &e, &lines), 1);
  EXPECT_EQ(std::string(b, e), "{\"b\": [1, {\"c\": 2}]}");
  EXPECT_EQ(lines, 1);
  EXPECT_EQ(JsonDocument::FindValue(e, text.data() + text.size(), &b, &e, &lines), 0);
}

TEST(JsonReaderTest, ParsesAndResolvesPaths) {
  std::string text = "{\"id\": 5, \"Name\": \"x\\\"y\\u00e9\\ud83d\\ude00\", \"tags\": {\"k\": [true, null]}}";
  JsonDocument doc;
  ASSERT_TRUE(doc.Parse(text.data(), text.data() + text.size()).ok());
  int64_t name = doc.Member(0, "name", true);
  ASSERT_GE(name, 0);
  EXPECT_EQ(doc.UnescapeString(static_cast<uint32_t>(name)), "x\"y\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(doc.Member(0, "name", false), -1);
  auto path = ParseJsonPath("$['tags'].k[0]");
  ASSERT_TRUE(path.ok());
  int64_t v = ResolvePath(doc, *path);
  ASSERT_GE(v, 0);
  EXPECT_EQ(doc.node(static_cast<uint32_t>(v)).type, JsonDocument::Type::kBool);
  auto missing = ParseJsonPath("$.tags.k[5]");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(ResolvePath(doc, *missing), -1);
  EXPECT_FALSE(ParseJsonPath("tags").ok());
}

TEST(JsonReaderTest, RejectsMalformed) {
  for (std::string bad : {"{\"a\" 1}", "{\"a\": tru}", "[1, 2", "{\"a\": 1} x", "{\"a\": \"open}"}) {
    JsonDocument doc;
    EXPECT_FALSE(doc.Parse(bad.data(), bad.data() + bad.size()).ok()) << bad;
  }
}

TEST(JsonReaderTest, JsonPathsAndManifests) {
  auto paths = ParseJsonPathsFile("{\"jsonpaths\": [\"$.a\", \"$['b']\"]}");
  ASSERT_TRUE(paths.ok());
  ASSERT_EQ(paths->size(), 2u);
  EXPECT_EQ((*paths)[1].steps[0].key, "b");
  EXPECT_TRUE(ParseJsonPathsFile("{\"other\": 1}")->empty());
  auto m = ParseManifest(
      "{\"entries\": [{\"url\": \"s3://b/k1\", \"mandatory\": true}, {\"url\": \"s3://b/k2\", \"meta\": "
      "{\"content_length\": 99}}]}");
  ASSERT_TRUE(m.ok());
  ASSERT_EQ(m->size(), 2u);
  EXPECT_TRUE((*m)[0].mandatory);
  EXPECT_FALSE((*m)[1].mandatory);
  EXPECT_EQ((*m)[1].content_length, std::optional<uint64_t>(99));
  EXPECT_FALSE(ParseManifest("{\"entries\": [{\"mandatory\": true}]}").ok());
  EXPECT_FALSE(ParseManifest("[]").ok());
}

}  // namespace
}  // namespace blueshift::load
