#include "load/delimited_parser.h"

#include <gtest/gtest.h>

namespace blueshift::load {
namespace {

// Parses all records of text; each record as its fields joined by ','.
std::vector<std::string> ParseAll(const CopyOptions& o, std::string text) {
  DelimitedParser parser(o);
  std::vector<std::string> out;
  char* p = text.data();
  char* end = p + text.size();
  while (true) {
    char* next = nullptr;
    auto r = parser.NextRecord(p, end, true, &next);
    if (r == DelimitedParser::Next::kEnd) break;
    if (r == DelimitedParser::Next::kBadRecord) {
      out.push_back("BAD");
    } else {
      std::string rec;
      for (size_t i = 0; i < parser.fields().size(); i++) {
        if (i) rec += ",";
        rec += std::string(parser.fields()[i].view());
      }
      out.push_back(rec);
    }
    p = next;
  }
  return out;
}

TEST(DelimitedParserTest, Plain) {
  CopyOptions o;
  EXPECT_EQ(ParseAll(o, "a|b|c|\n1||3\r\nlast"), (std::vector<std::string>{"a,b,c,", "1,,3", "last"}));
}

TEST(DelimitedParserTest, NeedsMoreInput) {
  CopyOptions o;
  std::string text = "a|b\nc|d";
  DelimitedParser parser(o);
  char* next = nullptr;
  EXPECT_EQ(parser.NextRecord(text.data(), text.data() + text.size(), false, &next), DelimitedParser::Next::kRecord);
  EXPECT_EQ(parser.NextRecord(next, text.data() + text.size(), false, &next), DelimitedParser::Next::kNeedMore);
  o.format = DataFormat::kCsv;
  o.delimiter = ',';
  DelimitedParser csv(o);
  std::string quoted = "\"a\nb\"";  // the closing quote might be the first of a doubled one
  EXPECT_EQ(csv.NextRecord(quoted.data(), quoted.data() + quoted.size(), false, &next),
            DelimitedParser::Next::kNeedMore);
}

TEST(DelimitedParserTest, Csv) {
  CopyOptions o;
  o.format = DataFormat::kCsv;
  o.delimiter = ',';
  EXPECT_EQ(ParseAll(o, "\"x, y\",\"say \"\"hi\"\"\",z\n\"two\nlines\",,\n"),
            (std::vector<std::string>{"x, y,say \"hi\",z", "two\nlines,,"}));
  EXPECT_EQ(ParseAll(o, "\"open,1\n"), (std::vector<std::string>{"BAD"}));
}

TEST(DelimitedParserTest, EscapeAndRemoveQuotes) {
  CopyOptions o;
  o.escape = true;
  EXPECT_EQ(ParseAll(o, "a\\|b|c\\\\d\nx\\\ny|z\n"), (std::vector<std::string>{"a|b,c\\d", "x\ny,z"}));
  CopyOptions q;
  q.remove_quotes = true;
  EXPECT_EQ(ParseAll(q, "\"a|b\"|c\n"), (std::vector<std::string>{"a|b,c"}));
}

}  // namespace
}  // namespace blueshift::load
