#include "sql/lexer.h"

#include <array>
#include <cctype>

namespace blueshift::sql {
namespace {

bool IsIdentStart(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool IsIdentChar(unsigned char c) {
  return IsIdentStart(c) || std::isdigit(c) || c == '$';
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Multi-character operators, longest first so that the first match is the longest.
constexpr std::array<std::string_view, 17> kLongOps = {"!~~*", "!~~", "!~*", "~~*", "<>", "!=", "<=", ">=", "||",
                                                       "!~",   "~~",  "~*",  "<<",  ">>", "=>", "::", "@@"};
constexpr std::string_view kOpChars = "+-*/%^<>=~!@#&|?`";

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Result<std::vector<Token>> Run() {
    while (true) {
      RETURN_IF_ERROR(SkipSpaceAndComments());
      if (pos_ >= text_.size()) break;
      RETURN_IF_ERROR(Next());
    }
    Token eof;
    eof.begin = eof.end = static_cast<int>(text_.size());
    tokens_.push_back(eof);
    return std::move(tokens_);
  }

 private:
  char Peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  Status Error(const std::string& message, size_t at) const {
    return Status(ErrorCode::kSyntaxError, message).WithPosition(CharPosition(text_, static_cast<int>(at)));
  }

  void Emit(TokenKind kind, std::string text, size_t begin, bool quoted = false) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.quoted = quoted;
    t.begin = static_cast<int>(begin);
    t.end = static_cast<int>(pos_);
    tokens_.push_back(std::move(t));
  }

  Status SkipSpaceAndComments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '-' && Peek(1) == '-') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && Peek(1) == '*') {
        RETURN_IF_ERROR(SkipBlockComment());
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Status SkipBlockComment() {
    size_t start = pos_;
    int depth = 0;
    while (pos_ < text_.size()) {
      if (Peek() == '/' && Peek(1) == '*') {
        ++depth;
        pos_ += 2;
      } else if (Peek() == '*' && Peek(1) == '/') {
        pos_ += 2;
        if (--depth == 0) return Status::OK();
      } else {
        ++pos_;
      }
    }
    return Error("unterminated /* comment at or near \"" + std::string(text_.substr(start)) + "\"", start);
  }

  Status Next() {
    char c = Peek();
    if ((c == 'e' || c == 'E') && Peek(1) == '\'') return LexString(true);
    if (IsIdentStart(static_cast<unsigned char>(c)) || (c == '#' && IsIdentStart(Peek(1)))) return LexWord();
    if (c == '"') return LexQuotedIdent();
    if (c == '\'') return LexString(false);
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return LexNumber();
    if (c == '$') return LexDollar();
    if (std::string_view("()[],;.").find(c) != std::string_view::npos) {
      ++pos_;
      Emit(TokenKind::kPunct, std::string(1, c), pos_ - 1);
      return Status::OK();
    }
    return LexOperator();
  }

  // Redshift keeps 127 bytes of an identifier, as PostgreSQL keeps 63: every use of a longer name, in CREATE
  // as in later statements, means the same table. The cut falls before a character, never inside one.
  static void TruncateIdentifier(std::string* name) {
    constexpr size_t kMaxIdentifierBytes = 127;
    if (name->size() <= kMaxIdentifierBytes) return;
    size_t len = kMaxIdentifierBytes;
    while (len > 0 && (static_cast<unsigned char>((*name)[len]) & 0xC0) == 0x80) len--;
    name->resize(len);
  }

  Status LexWord() {
    size_t begin = pos_++;
    while (pos_ < text_.size() && IsIdentChar(text_[pos_])) ++pos_;
    std::string word(text_.substr(begin, pos_ - begin));
    // ASCII only, as std::tolower in the C locale the server runs in, without a call per character.
    for (char& ch : word) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
    TruncateIdentifier(&word);
    Emit(TokenKind::kIdent, std::move(word), begin);
    return Status::OK();
  }

  Status LexQuotedIdent() {
    size_t begin = pos_++;
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) {
        return Error("unterminated quoted identifier at or near \"" + std::string(text_.substr(begin)) + "\"", begin);
      }
      char ch = text_[pos_++];
      if (ch == '"') {
        if (Peek() != '"') break;
        ++pos_;
      }
      value.push_back(ch);
    }
    if (value.empty()) return Error("zero-length delimited identifier at or near \"\"\"\"", begin);
    TruncateIdentifier(&value);
    Emit(TokenKind::kIdent, std::move(value), begin, true);
    return Status::OK();
  }

  Status LexString(bool escapes) {
    size_t begin = pos_;
    pos_ += escapes ? 2 : 1;
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) {
        return Error("unterminated quoted string at or near \"" + std::string(text_.substr(begin)) + "\"", begin);
      }
      char ch = text_[pos_++];
      if (ch == '\'') {
        if (Peek() != '\'') break;
        ++pos_;
      } else if (ch == '\\' && escapes && pos_ < text_.size()) {
        ch = Unescape();
      }
      value.push_back(ch);
    }
    Emit(TokenKind::kString, std::move(value), begin);
    return Status::OK();
  }

  // Decodes the escape after a backslash in an E'' string; pos_ is just past the backslash.
  char Unescape() {
    char ch = text_[pos_++];
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'x':
        return static_cast<char>(ReadRadix(16, 2, 0));
      default:
        break;
    }
    if (ch >= '0' && ch <= '7') return static_cast<char>(ReadRadix(8, 2, ch - '0'));
    return ch;
  }

  int ReadRadix(int radix, int max_digits, int value) {
    for (int i = 0; i < max_digits && pos_ < text_.size(); ++i) {
      char d = static_cast<char>(std::tolower(static_cast<unsigned char>(text_[pos_])));
      int v = IsDigit(d) ? d - '0' : (d >= 'a' && d <= 'f' ? d - 'a' + 10 : radix);
      if (v >= radix) break;
      value = value * radix + v;
      ++pos_;
    }
    return value;
  }

  Status LexNumber() {
    size_t begin = pos_;
    bool decimal = false;
    while (IsDigit(Peek())) ++pos_;
    if (Peek() == '.' && Peek(1) != '.') {
      decimal = true;
      ++pos_;
      while (IsDigit(Peek())) ++pos_;
    }
    if ((Peek() == 'e' || Peek() == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      decimal = true;
      pos_ += 2;
      while (IsDigit(Peek())) ++pos_;
    }
    if (IsIdentStart(static_cast<unsigned char>(Peek()))) {
      return Error("trailing junk after numeric literal at or near \"" +
                       std::string(text_.substr(begin, pos_ + 1 - begin)) + "\"",
                   begin);
    }
    Emit(decimal ? TokenKind::kDecimal : TokenKind::kInteger, std::string(text_.substr(begin, pos_ - begin)), begin);
    return Status::OK();
  }

  // $1 parameters and $tag$...$tag$ strings.
  Status LexDollar() {
    size_t begin = pos_++;
    if (IsDigit(Peek())) {
      while (IsDigit(Peek())) ++pos_;
      Emit(TokenKind::kParam, std::string(text_.substr(begin + 1, pos_ - begin - 1)), begin);
      return Status::OK();
    }
    while (pos_ < text_.size() && IsIdentStart(text_[pos_])) ++pos_;
    if (Peek() != '$') return Error("syntax error at or near \"$\"", begin);
    ++pos_;
    std::string_view tag = text_.substr(begin, pos_ - begin);
    size_t close = text_.find(tag, pos_);
    if (close == std::string_view::npos) {
      return Error("unterminated dollar-quoted string at or near \"" + std::string(text_.substr(begin)) + "\"", begin);
    }
    std::string value(text_.substr(pos_, close - pos_));
    pos_ = close + tag.size();
    Emit(TokenKind::kString, std::move(value), begin);
    return Status::OK();
  }

  Status LexOperator() {
    size_t begin = pos_;
    std::string_view rest = text_.substr(pos_);
    for (std::string_view op : kLongOps) {
      if (rest.substr(0, op.size()) == op) {
        pos_ += op.size();
        if (op == "::") {
          Emit(TokenKind::kPunct, "::", begin);
        } else {
          Emit(TokenKind::kOperator, op == "!=" ? "<>" : std::string(op), begin);
        }
        return Status::OK();
      }
    }
    char c = Peek();
    if (c == ':') {
      ++pos_;
      Emit(TokenKind::kPunct, ":", begin);
      return Status::OK();
    }
    if (kOpChars.find(c) == std::string_view::npos) {
      return Error("syntax error at or near \"" + std::string(1, c) + "\"", begin);
    }
    ++pos_;
    Emit(TokenKind::kOperator, std::string(1, c), begin);
    return Status::OK();
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view text) {
  return Lexer(text).Run();
}

int CharPosition(std::string_view text, int offset) {
  int chars = 0;
  for (int i = 0; i < offset && i < static_cast<int>(text.size()); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

}  // namespace blueshift::sql
