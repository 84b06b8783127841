#include "types/unicode_case.h"

#include <locale.h>
#include <wctype.h>

#include <cstdint>

#include "types/utf8.h"

namespace blueshift {
namespace {

enum class Mode { kUpper, kLower, kInitCap };

locale_t Utf8Locale() {
  static const locale_t kLocale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return l ? l : newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(nullptr));
  }();
  return kLocale;
}

bool IsAscii(std::string_view s) {
  unsigned char any = 0;
  for (unsigned char ch : s) any |= ch;
  return any < 0x80;
}

char AsciiUpper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c;
}
char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}
bool AsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void MapAscii(std::string_view s, Mode mode, std::string* out) {
  out->resize(s.size());
  char* o = out->data();
  if (mode == Mode::kUpper) {
    for (size_t i = 0; i < s.size(); i++) o[i] = AsciiUpper(s[i]);
  } else if (mode == Mode::kLower) {
    for (size_t i = 0; i < s.size(); i++) o[i] = AsciiLower(s[i]);
  } else {
    bool word = false;
    for (size_t i = 0; i < s.size(); i++) {
      o[i] = word ? AsciiLower(s[i]) : AsciiUpper(s[i]);
      word = AsciiAlnum(s[i]);
    }
  }
}

// The code point at s[*i] and its length; false (length 1) for a byte that starts no valid sequence.
bool DecodeUtf8(std::string_view s, size_t i, uint32_t* cp, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (b0 < 0x80) return (*cp = b0, true);
  const size_t n = b0 < 0xC2 ? 0 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : b0 < 0xF5 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return false;
  uint32_t v = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; k++) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    v = (v << 6) | (b & 0x3F);
  }
  if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)))
    return false;
  *cp = v;
  *len = n;
  return true;
}

void MapUnicode(std::string_view s, Mode mode, std::string* out) {
  const locale_t loc = Utf8Locale();
  out->clear();
  out->reserve(s.size());
  bool word = false;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t len;
    if (!DecodeUtf8(s, i, &cp, &len)) {
      out->push_back(s[i]);
      word = false;
      i += len;
      continue;
    }
    const bool upper = mode == Mode::kUpper || (mode == Mode::kInitCap && !word);
    const auto wc = static_cast<wint_t>(cp);
    const wint_t mapped = upper ? towupper_l(wc, loc) : towlower_l(wc, loc);
    AppendUtf8(static_cast<uint32_t>(mapped), out);
    word = iswalnum_l(wc, loc) != 0;
    i += len;
  }
}

void Map(std::string_view s, Mode mode, std::string* out) {
  if (IsAscii(s)) return MapAscii(s, mode, out);
  MapUnicode(s, mode, out);
}

}  // namespace

void Utf8ToUpper(std::string_view s, std::string* out) {
  Map(s, Mode::kUpper, out);
}

void Utf8ToLower(std::string_view s, std::string* out) {
  Map(s, Mode::kLower, out);
}

void Utf8InitCap(std::string_view s, std::string* out) {
  Map(s, Mode::kInitCap, out);
}

}  // namespace blueshift
