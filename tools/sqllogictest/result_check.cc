#include "result_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace blueshift::slt {
namespace {

// Prints a float value with three decimals, as sqllogictest does for R columns; non-numbers stay as they
// are (NULL, NaN and infinities print the same from every engine).
std::string NormalizeReal(const std::string& text) {
  if (text == "NULL" || text.empty()) return text;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return text;
  if (value == 0) value = 0;  // no "-0.000"
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.3f", value);
  std::string out = buffer;
  return out == "-0.000" ? "0.000" : out;
}

std::string NormalizeBool(const std::string& text) {
  if (text == "true") return "t";
  if (text == "false") return "f";
  return text;
}

void NormalizeRow(const std::string& types, std::vector<std::string>* row) {
  for (size_t c = 0; c < row->size() && c < types.size(); c++) {
    if (types[c] == 'R') (*row)[c] = NormalizeReal((*row)[c]);
    if (types[c] == 'B') (*row)[c] = NormalizeBool((*row)[c]);
  }
}

Rows Sorted(Rows rows, SortMode sort) {
  if (sort == SortMode::kRowSort) std::sort(rows.begin(), rows.end());
  if (sort != SortMode::kValueSort) return rows;
  std::vector<std::string> values;
  for (auto& row : rows) values.insert(values.end(), row.begin(), row.end());
  std::sort(values.begin(), values.end());
  Rows out;
  for (auto& value : values) out.push_back({value});
  return out;
}

std::vector<std::string> Split(const std::string& line, char separator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = line.find(separator, start);
    out.push_back(line.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

bool IsSqlState(const std::string& word) {
  if (word.size() != 5) return false;
  bool has_digit = false;
  for (char c : word) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
    has_digit = has_digit || (c >= '0' && c <= '9');
  }
  return has_digit;
}

bool MessageMatches(const std::string& expected, const std::string& message) {
  static const std::string kRegexPrefix = "<REGEX>:";
  if (expected.rfind(kRegexPrefix, 0) != 0) return message.find(expected) != std::string::npos;
  std::string pattern = expected.substr(kRegexPrefix.size());
  // std::regex reports a bad pattern only by throwing; the runner treats it as a mismatch.
  try {
    return std::regex_search(message, std::regex(pattern));
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace

Rows NormalizeActual(const Rows& rows, const Record& record) {
  Rows out = rows;
  for (auto& row : out) NormalizeRow(record.types, &row);
  return Sorted(std::move(out), record.sort);
}

bool ParseExpected(const Record& record, Rows* rows, std::string* error) {
  size_t columns = record.types.size();
  const auto& lines = record.expected_lines;
  bool one_value_per_line =
      columns > 1 && !lines.empty() && lines.size() % columns == 0 &&
      std::none_of(lines.begin(), lines.end(),
                   [](const std::string& l) { return l.find('\t') != std::string::npos; }) &&
      std::none_of(lines.begin(), lines.end(), [&](const std::string& l) { return Split(l, ' ').size() == columns; });
  rows->clear();
  for (size_t i = 0; i < lines.size(); i++) {
    if (one_value_per_line) {
      if (i % columns == 0) rows->emplace_back();
      rows->back().push_back(lines[i]);
      continue;
    }
    std::vector<std::string> row = Split(lines[i], '\t');
    if (row.size() == 1 && columns > 1) row = Split(lines[i], ' ');
    if (row.size() != columns) {
      *error = "expected line " + std::to_string(i + 1) + " has " + std::to_string(row.size()) +
               " values, the query has " + std::to_string(columns) + " columns";
      return false;
    }
    rows->push_back(std::move(row));
  }
  for (auto& row : *rows) NormalizeRow(record.types, &row);
  *rows = Sorted(std::move(*rows), record.sort);
  return true;
}

bool RowsMatch(const Rows& expected, const Rows& actual) {
  static const std::string kRegexPrefix = "<REGEX>:";
  if (expected.size() != actual.size()) return false;
  for (size_t r = 0; r < expected.size(); r++) {
    if (expected[r].size() != actual[r].size()) return false;
    for (size_t c = 0; c < expected[r].size(); c++) {
      const std::string& e = expected[r][c];
      if (e == actual[r][c]) continue;
      if (e.rfind(kRegexPrefix, 0) != 0) return false;
      try {
        if (!std::regex_match(actual[r][c], std::regex(e.substr(kRegexPrefix.size())))) return false;
      } catch (const std::regex_error&) {
        return false;
      }
    }
  }
  return true;
}

std::string RenderRows(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); c++) {
      if (c > 0) out.push_back('\t');
      out.append(row[c]);
    }
    out.push_back('\n');
  }
  return out;
}

bool ErrorMatches(const std::string& expected, const QueryResult& result) {
  if (expected.empty()) return true;
  std::string first = expected.substr(0, expected.find_first_of(" \t\n"));
  if (!IsSqlState(first)) return MessageMatches(expected, result.message);
  if (result.sqlstate != first) return false;
  size_t rest = expected.find_first_not_of(" \t\n", first.size());
  return rest == std::string::npos || MessageMatches(expected.substr(rest), result.message);
}

}  // namespace blueshift::slt
