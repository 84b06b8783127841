#pragma once

#include <string>
#include <string_view>

namespace blueshift {

// Unicode simple case mapping of UTF-8 text, as Redshift's UPPER, LOWER, INITCAP and ILIKE apply it to
// multibyte characters: each code point maps to one code point (no 'ß' -> "SS"), so the character count is
// kept; the byte length may change ('ı' -> 'I'). Bytes that are not valid UTF-8 are copied unchanged. ASCII
// text takes a byte loop. The mapping is the C.UTF-8 locale's (glibc's Unicode tables); where the system has
// no such locale only ASCII letters change. Thread-safe. Each replaces *out.
void Utf8ToUpper(std::string_view s, std::string* out);
void Utf8ToLower(std::string_view s, std::string* out);
// First letter of each word upper case, the rest lower case; a word is a run of letters and digits.
void Utf8InitCap(std::string_view s, std::string* out);

}  // namespace blueshift
