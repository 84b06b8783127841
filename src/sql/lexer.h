#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace blueshift::sql {

enum class TokenKind {
  kIdent,     // bare word (lower-cased in `text`) or "quoted identifier" (case kept, `quoted` set)
  kString,    // 'string', E'string' or $tag$string$tag$; `text` holds the unescaped value
  kInteger,   // digits only; `text` holds the digits
  kDecimal,   // 1.5, .5, 1e10; `text` holds the literal as written
  kParam,     // $1; `text` holds the digits
  kOperator,  // + - * / % ^ < > = <= >= <> || ~ !~ ~~ ~* ... ; "!=" is reported as "<>"
  kPunct,     // ( ) [ ] , ; . : ::
  kEof,
};

// One lexical token. Offsets are byte offsets into the lexed text.
struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;
  bool quoted = false;  // kIdent only: the identifier was double-quoted
  int begin = 0;        // first byte of the token
  int end = 0;          // one past the last byte

  // True for an unquoted identifier spelled `word` (lower case), i.e. a keyword test.
  bool Is(std::string_view word) const { return kind == TokenKind::kIdent && !quoted && text == word; }
  bool IsPunct(std::string_view p) const { return kind == TokenKind::kPunct && text == p; }
  bool IsOp(std::string_view op) const { return kind == TokenKind::kOperator && text == op; }
};

// Splits `text` into tokens, ending with one kEof token whose begin is text.size(). Comments (-- and nested
// /* */) and whitespace are skipped. Errors (unterminated strings, identifiers or comments, stray characters)
// are kSyntaxError with a 1-based character position.
Result<std::vector<Token>> Lex(std::string_view text);

// 1-based character (not byte) position of byte offset `offset` in `text`, counting UTF-8 code points.
int CharPosition(std::string_view text, int offset);

}  // namespace blueshift::sql
