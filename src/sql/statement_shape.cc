#include "sql/statement_shape.h"

namespace blueshift::sql {

namespace {

// Never in an accepted text outside a string: starts a literal's marker in the key.
constexpr char kMarker = '\x01';

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '$';
}
bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool StartsWithInsert(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && IsBlank(text[i])) i++;
  constexpr std::string_view kInsert = "insert";
  if (text.size() - i <= kInsert.size()) return false;
  for (size_t k = 0; k < kInsert.size(); k++) {
    if ((text[i + k] | 0x20) != kInsert[k]) return false;
  }
  return !IsWordChar(text[i + kInsert.size()]);
}

class ShapeScanner {
 public:
  explicit ShapeScanner(std::string_view text) : text_(text) {
    shape_.key.reserve(text.size());
    shape_.literals.reserve(kLiterals);
  }

  std::optional<StatementShape> Run() {
    while (pos_ < text_.size()) {
      if (!Step()) return std::nullopt;
    }
    shape_.key.append(text_.substr(copied_));
    return std::move(shape_);
  }

 private:
  bool Step() {
    const char c = text_[pos_];
    if (IsBlank(c)) return Copy(1);
    if (c == '\'') return String();
    if (IsDigit(c)) return Number(pos_);
    if (c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]) && (prev_ == '(' || prev_ == ',')) {
      return Number(pos_++);
    }
    if (c == '"') return QuotedIdent();
    if (IsWordChar(c) && c != '$') return Word();
    // Comments, dollar quoting and parameters, and bytes the lexer reads otherwise are not read here.
    if (c == '$' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
      return false;
    if ((c == '-' && Peek(1) == '-') || (c == '/' && Peek(1) == '*') || (c == '.' && IsDigit(Peek(1)))) return false;
    prev_ = c;
    return Copy(1);
  }

  char Peek(size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  // The key takes the text as it is up to the next literal (appended then, in one piece).
  bool Copy(size_t n) {
    pos_ += n;
    return true;
  }

  bool Word() {
    size_t end = pos_;
    while (end < text_.size() && IsWordChar(text_[end])) end++;
    if (end < text_.size() && (text_[end] == '\'' || text_[end] == '"')) return false;  // E'', U&"", ...
    prev_ = 'a';
    return Copy(end - pos_);
  }

  bool QuotedIdent() {
    size_t end = text_.find('"', pos_ + 1);
    if (end == std::string_view::npos || end == pos_ + 1 || Peek(end - pos_ + 1) == '"') return false;
    prev_ = '"';
    return Copy(end + 1 - pos_);
  }

  // digits [. digits], not followed by what would make it another token (an exponent, junk, "1.").
  bool Number(size_t begin) {
    size_t end = pos_;
    while (end < text_.size() && IsDigit(text_[end])) end++;
    ConstKind kind = ConstKind::kInteger;
    if (end < text_.size() && text_[end] == '.') {
      if (end + 1 >= text_.size() || !IsDigit(text_[end + 1])) return false;
      kind = ConstKind::kDecimal;
      end++;
      while (end < text_.size() && IsDigit(text_[end])) end++;
    }
    if (end < text_.size() && (IsWordChar(text_[end]) || text_[end] == '.' || text_[end] == '\'')) return false;
    pos_ = end;
    AddLiteral(kind, begin).value.assign(text_.substr(begin, end - begin));
    return true;
  }

  bool String() {
    const size_t begin = pos_;
    std::string value;
    size_t i = pos_ + 1;
    while (true) {
      size_t quote = text_.find('\'', i);
      if (quote == std::string_view::npos) return false;
      value.append(text_.substr(i, quote - i));
      if (quote + 1 < text_.size() && text_[quote + 1] == '\'') {
        value.push_back('\'');
        i = quote + 2;
        continue;
      }
      pos_ = quote + 1;
      break;
    }
    // 'a' 'b' on two lines is one string to the parser: left to it.
    if (pos_ < text_.size() && (text_[pos_] == '\'' || IsWordChar(text_[pos_]))) return false;
    AddLiteral(ConstKind::kString, begin).value = std::move(value);
    return true;
  }

  // REQUIRES: pos_ is just past the literal.
  StatementShape::Literal& AddLiteral(ConstKind kind, size_t begin) {
    shape_.key.append(text_.substr(copied_, begin - copied_));
    copied_ = pos_;
    shape_.key.push_back(kMarker);
    shape_.key.push_back(kind == ConstKind::kString ? 's' : kind == ConstKind::kInteger ? 'i' : 'd');
    prev_ = '0';
    return shape_.literals.emplace_back(StatementShape::Literal{kind, "", static_cast<int>(begin)});
  }

  static constexpr size_t kLiterals = 8;  // room for a few literals at once, not one allocation each
  std::string_view text_;
  size_t pos_ = 0;
  size_t copied_ = 0;  // the key has the text before this (literals replaced)
  char prev_ = ' ';    // the last character copied that was not blank: '(' and ',' allow a sign
  StatementShape shape_;
};

}  // namespace

std::optional<StatementShape> ScanInsertShape(std::string_view text) {
  if (!StartsWithInsert(text)) return std::nullopt;
  return ShapeScanner(text).Run();
}

}  // namespace blueshift::sql
