#include "load/record_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace blueshift::load {
namespace {

CopyOptions Options(DataFormat format) {
  CopyOptions o;
  o.format = format;
  if (format == DataFormat::kCsv) o.delimiter = ',';
  return o;
}

// Checks LastBoundary at every cut point of the records' concatenation: the end of the last record that ends
// at or before the cut (null when none does), so a chunk cut there never splits a record.
void ExpectBoundaries(const CopyOptions& options, const std::vector<std::string>& records) {
  RecordScanner scanner(options);
  std::string text;
  std::vector<size_t> ends;
  for (const auto& r : records) {
    text += r;
    ends.push_back(text.size());
  }
  const char* base = text.data();
  for (size_t cut = 0; cut <= text.size(); cut++) {
    size_t want = 0;
    for (size_t e : ends) {
      if (e <= cut) want = e;
    }
    const char* got = scanner.LastBoundary(base, base + cut, 0);
    if (want == 0) {
      EXPECT_EQ(got, nullptr) << "cut at " << cut;
    } else {
      ASSERT_NE(got, nullptr) << "cut at " << cut;
      EXPECT_EQ(static_cast<size_t>(got - base), want) << "cut at " << cut;
    }
  }
}

TEST(RecordScannerTest, PlainTextEndsAtEveryLineBreak) {
  ExpectBoundaries(Options(DataFormat::kText), {"1|a\"b\n", "2|\"x\n", "\n", "3|\\\n", "4|z\r\n"});
}

// Quoted newlines, delimiters and doubled quotes stay inside their record; a quote later in a field is an
// ordinary character and opens nothing.
TEST(RecordScannerTest, CsvQuotedFieldsHoldLineBreaks) {
  ExpectBoundaries(Options(DataFormat::kCsv), {
                                                  "1,\"a\nb\",c\n",
                                                  "\"x,\"\"\ny\"\"\",2\n",
                                                  "ab\"c,d\n",
                                                  "\"\",\"\"\n",
                                                  "3,\"\"\"\"\n",
                                                  "\"\n\n\",\"\n\"\n",
                                                  "4,x\"\r\n",
                                              });
}

TEST(RecordScannerTest, CsvCustomQuote) {
  CopyOptions o = Options(DataFormat::kCsv);
  o.quote = '%';
  ExpectBoundaries(o, {"1,%a\n\"b%\n", "\"2,\"\n", "%%%%,3\n"});
}

// A closing quote that is the last byte may be the first of a doubled quote: no boundary until the next byte.
TEST(RecordScannerTest, CsvClosingQuoteAtTheEndWaitsForTheNextByte) {
  RecordScanner scanner(Options(DataFormat::kCsv));
  const std::string text = "1,\"a\"";
  const char* eol = nullptr;
  int newlines = 0;
  bool bad = false;
  EXPECT_FALSE(scanner.FindRecordEnd(text.data(), text.data() + text.size(), false, &eol, &newlines, &bad));
  EXPECT_FALSE(bad);
  EXPECT_FALSE(scanner.FindRecordEnd(text.data(), text.data() + text.size(), true, &eol, &newlines, &bad));
  EXPECT_FALSE(bad);
  const std::string open = "1,\"a\nb";
  EXPECT_FALSE(scanner.FindRecordEnd(open.data(), open.data() + open.size(), true, &eol, &newlines, &bad));
  EXPECT_TRUE(bad);
  EXPECT_EQ(newlines, 1);
}

TEST(RecordScannerTest, EscapedLineBreaksAndBackslashes) {
  CopyOptions o = Options(DataFormat::kText);
  o.escape = true;
  ExpectBoundaries(o, {"1|a\\\nb|c\n", "2|\\\\\n", "3|\\|\\\n\\\n\n", "\"4|\"x\n"});
}

TEST(RecordScannerTest, RemoveQuotesWithEscape) {
  CopyOptions o = Options(DataFormat::kText);
  o.remove_quotes = true;
  o.escape = true;
  ExpectBoundaries(o, {"\"a\nb\"|1\n", "\"x\\\"\n\"|2\n", "c\"d|\"\"\n", "\"\"\"\n\"|3\n"});
}

TEST(RecordScannerTest, RemoveQuotesWithoutEscape) {
  CopyOptions o = Options(DataFormat::kText);
  o.remove_quotes = true;
  ExpectBoundaries(o, {"\"a|\nb\"|1\n", "\"x\\\"|\n", "\"\"\"\n\"\n"});
}

// JSON values end where their nesting closes, strings (with escaped quotes, braces and line breaks) aside;
// blanks between values belong to the next one.
TEST(RecordScannerTest, JsonObjectsOverSeveralLines) {
  CopyOptions o = Options(DataFormat::kJson);
  ExpectBoundaries(o, {
                          "{\"a\": 1,\n \"b\": \"}\\\"{\"\n}",
                          "\n\n{\"c\": [1,\n{\"d\": \"\\\\\"}]}",
                          " [1, \"]\n\"]",
                          "\n{}",
                          "\t{\"e\":\n\n\n{}}",
                      });
}

// IGNOREHEADER: a first chunk must hold every header record.
TEST(RecordScannerTest, MinimumRecordsForTheHeader) {
  const std::string text = "h1,\"x\ny\"\nh2\nr1\nr2";
  const char* b = text.data();
  const char* e = b + text.size();
  RecordScanner csv(Options(DataFormat::kCsv));
  EXPECT_EQ(csv.LastBoundary(b, e, 2), b + text.rfind('\n') + 1);
  EXPECT_EQ(csv.LastBoundary(b, e, 3), b + text.rfind('\n') + 1);
  EXPECT_EQ(csv.LastBoundary(b, e, 4), nullptr);
  EXPECT_EQ(csv.LastBoundary(b, b + 12, 2), b + 12);
  EXPECT_EQ(csv.LastBoundary(b, b + 11, 2), nullptr);
  RecordScanner lines(Options(DataFormat::kText));
  EXPECT_EQ(lines.LastBoundary(b, e, 4), b + text.rfind('\n') + 1);
  EXPECT_EQ(lines.LastBoundary(b, e, 5), nullptr);
}

}  // namespace
}  // namespace blueshift::load
