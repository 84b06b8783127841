#include "test_file.h"

#include <fstream>
#include <sstream>
#include <utility>

namespace blueshift::slt {
namespace {

std::vector<std::string> SplitWords(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

// The text after the first n words of line.
std::string RestAfterWords(const std::string& line, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n; i++) {
    pos = line.find_first_not_of(" \t", pos);
    pos = line.find_first_of(" \t", pos);
    if (pos == std::string::npos) return "";
  }
  pos = line.find_first_not_of(" \t", pos);
  return pos == std::string::npos ? "" : line.substr(pos);
}

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t pos = text->find(from); pos != std::string::npos; pos = text->find(from, pos + to.size())) {
    text->replace(pos, from.size(), to);
  }
}

void Substitute(Record* record, const std::string& var, const std::string& value) {
  std::string from = "${" + var + "}";
  ReplaceAll(&record->sql, from, value);
  ReplaceAll(&record->expected_error, from, value);
  ReplaceAll(&record->argument, from, value);
  for (std::string& line : record->expected_lines) ReplaceAll(&line, from, value);
}

bool ParseInt(const std::string& text, int* out) {
  if (text.empty()) return false;
  size_t used = 0;
  int value = std::stoi(text, &used);  // digits checked below, so stoi cannot throw
  if (used != text.size()) return false;
  *out = value;
  return true;
}

bool AllDigits(const std::string& text) {
  if (text.empty() || text.size() > 9) return false;
  size_t start = text[0] == '-' ? 1 : 0;
  if (start == text.size()) return false;
  for (size_t i = start; i < text.size(); i++) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

class Parser {
 public:
  Parser(std::string path, std::vector<std::string> lines) : path_(std::move(path)), lines_(std::move(lines)) {}

  // Parses records up to the end of the file, or up to the matching endloop when in_loop.
  bool ParseBlock(std::vector<Record>* out, bool in_loop);
  const std::string& error() const { return error_; }

 private:
  bool Fail(int line, const std::string& why) {
    error_ = path_ + ":" + std::to_string(line) + ": " + why;
    return false;
  }
  bool AtBlank() const { return pos_ >= lines_.size() || lines_[pos_].find_first_not_of(" \t") == std::string::npos; }
  // Reads lines up to a blank line or "----"; true if it stopped at "----" (which is consumed).
  bool ReadSql(std::string* sql);
  void ReadUntilBlank(std::vector<std::string>* lines);
  bool ParseStatement(const std::vector<std::string>& words, const std::string& line, Record* record);
  bool ParseQuery(const std::vector<std::string>& words, Record* record);
  bool ParseLoop(const std::vector<std::string>& words, std::vector<Record>* out);
  bool ParseDirective(const std::vector<std::string>& words, const std::string& line, std::vector<Record>* out,
                      bool* end_loop);

  std::string path_;
  std::vector<std::string> lines_;
  size_t pos_ = 0;
  std::string error_;
  std::vector<std::string> skip_if_;
  std::vector<std::string> only_if_;
};

bool Parser::ReadSql(std::string* sql) {
  while (!AtBlank()) {
    const std::string& line = lines_[pos_++];
    if (line == "----") return true;
    if (!sql->empty()) sql->push_back('\n');
    sql->append(line);
  }
  return false;
}

void Parser::ReadUntilBlank(std::vector<std::string>* lines) {
  while (pos_ < lines_.size() && !lines_[pos_].empty()) lines->push_back(lines_[pos_++]);
}

bool Parser::ParseStatement(const std::vector<std::string>& words, const std::string& line, Record* record) {
  if (words.size() < 2 || (words[1] != "ok" && words[1] != "error")) {
    return Fail(record->line, "expected 'statement ok' or 'statement error'");
  }
  if (words[1] == "ok" && words.size() > 2) return Fail(record->line, "unexpected text after 'statement ok'");
  record->kind = words[1] == "ok" ? RecordKind::kStatementOk : RecordKind::kStatementError;
  record->expected_error = RestAfterWords(line, 2);
  bool has_separator = ReadSql(&record->sql);
  if (record->sql.empty()) return Fail(record->line, "statement without SQL");
  if (!has_separator) return true;
  if (record->kind == RecordKind::kStatementOk) return Fail(record->line, "'----' after 'statement ok'");
  std::vector<std::string> lines;
  ReadUntilBlank(&lines);
  for (const std::string& expected : lines) {
    if (!record->expected_error.empty()) record->expected_error.push_back('\n');
    record->expected_error.append(expected);
  }
  return true;
}

bool Parser::ParseQuery(const std::vector<std::string>& words, Record* record) {
  record->kind = RecordKind::kQuery;
  if (words.size() < 2) return Fail(record->line, "query needs column types, e.g. 'query IT'");
  record->types = words[1];
  for (char type : record->types) {
    if (type != 'I' && type != 'R' && type != 'T' && type != 'B') {
      return Fail(record->line, std::string("unknown column type '") + type + "' (use I, R, T or B)");
    }
  }
  size_t next = 2;
  if (words.size() > next) {
    const std::string& mode = words[next];
    if (mode == "nosort" || mode == "rowsort" || mode == "valuesort") {
      record->sort = mode == "nosort"    ? SortMode::kNoSort
                     : mode == "rowsort" ? SortMode::kRowSort
                                         : SortMode::kValueSort;
      next++;
    }
  }
  if (words.size() > next) record->label = words[next++];
  if (words.size() > next) return Fail(record->line, "unexpected text after the query label");
  bool has_separator = ReadSql(&record->sql);
  if (record->sql.empty()) return Fail(record->line, "query without SQL");
  if (has_separator) ReadUntilBlank(&record->expected_lines);
  return true;
}

bool Parser::ParseLoop(const std::vector<std::string>& words, std::vector<Record>* out) {
  int line = static_cast<int>(pos_);
  int start = 0;
  int end = 0;
  if (words.size() != 4 || !AllDigits(words[2]) || !AllDigits(words[3]) || !ParseInt(words[2], &start) ||
      !ParseInt(words[3], &end)) {
    return Fail(line, "expected 'loop <var> <start> <end>'");
  }
  std::vector<Record> body;
  if (!ParseBlock(&body, /*in_loop=*/true)) return false;
  for (int i = start; i < end; i++) {
    for (Record record : body) {
      Substitute(&record, words[1], std::to_string(i));
      out->push_back(std::move(record));
    }
  }
  return true;
}

bool Parser::ParseDirective(const std::vector<std::string>& words, const std::string& line, std::vector<Record>* out,
                            bool* end_loop) {
  const std::string& head = words[0];
  int line_number = static_cast<int>(pos_);
  if (head == "skipif" || head == "onlyif") {
    if (words.size() != 2) return Fail(line_number, head + " needs one engine name");
    (head == "skipif" ? skip_if_ : only_if_).push_back(words[1]);
    return true;
  }
  if (head == "loop") return ParseLoop(words, out);
  if (head == "endloop") {
    *end_loop = true;
    return true;
  }
  Record record;
  record.line = line_number;
  record.skip_if = std::move(skip_if_);
  record.only_if = std::move(only_if_);
  skip_if_.clear();
  only_if_.clear();
  bool ok = true;
  if (head == "statement") {
    ok = ParseStatement(words, line, &record);
  } else if (head == "query") {
    ok = ParseQuery(words, &record);
  } else if (head == "halt" || head == "restart") {
    record.kind = head == "halt" ? RecordKind::kHalt : RecordKind::kRestart;
  } else if ((head == "connection" || head == "require") && words.size() == 2) {
    record.kind = head == "connection" ? RecordKind::kConnection : RecordKind::kRequire;
    record.argument = words[1];
  } else if (head == "disconnect" && words.size() == 2) {
    record.kind = RecordKind::kDisconnect;
    record.argument = words[1];
  } else if (head == "connection" && words.size() == 3) {
    record.kind = RecordKind::kConnection;
    record.argument = words[1];
    record.database = words[2];
  } else if (head == "mode" && words.size() == 2 && (words[1] == "skip" || words[1] == "unskip")) {
    record.kind = words[1] == "skip" ? RecordKind::kModeSkip : RecordKind::kModeUnskip;
  } else {
    return Fail(line_number, "unknown directive '" + line + "'");
  }
  if (ok) out->push_back(std::move(record));
  return ok;
}

bool Parser::ParseBlock(std::vector<Record>* out, bool in_loop) {
  while (pos_ < lines_.size()) {
    const std::string& line = lines_[pos_++];
    std::vector<std::string> words = SplitWords(line);
    if (words.empty() || words[0][0] == '#') continue;
    bool end_loop = false;
    if (!ParseDirective(words, line, out, &end_loop)) return false;
    if (end_loop && !in_loop) return Fail(static_cast<int>(pos_), "endloop without loop");
    if (end_loop) return true;
  }
  if (in_loop) return Fail(static_cast<int>(pos_), "loop without endloop");
  return true;
}

}  // namespace

bool ParseTestText(const std::string& path, const std::string& text, TestFile* file, std::string* error) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  Parser parser(path, std::move(lines));
  file->path = path;
  file->records.clear();
  if (parser.ParseBlock(&file->records, /*in_loop=*/false)) return true;
  *error = parser.error();
  return false;
}

bool ParseTestFile(const std::string& path, TestFile* file, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open";
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseTestText(path, buffer.str(), file, error);
}

}  // namespace blueshift::slt
