#pragma once

#include <string>
#include <string_view>

namespace blueshift {

// Text forms of VARBYTE values. Redshift prints binary values as lowercase hex and accepts hex, a string of
// bits, UTF-8 text and base64 in TO_VARBYTE / FROM_VARBYTE; these are those conversions, byte for byte.

// Lowercase hex, two digits per byte.
std::string HexEncode(std::string_view bytes);
// Hex digits of either case; an odd count is read as if a leading 0 were present ("4" is 0x04). False on
// any other character.
bool HexDecode(std::string_view hex, std::string* out);

// Eight '0'/'1' characters per byte, most significant bit first.
std::string BitsEncode(std::string_view bytes);
// '0'/'1' characters; a count that is not a multiple of 8 is left-padded with zero bits. False on any other
// character.
bool BitsDecode(std::string_view bits, std::string* out);

// Standard base64 (RFC 4648 alphabet) with '=' padding.
std::string Base64Encode(std::string_view bytes);
// Padded input only (a multiple of 4 characters); false on characters outside the alphabet or misplaced '='.
bool Base64Decode(std::string_view text, std::string* out);

// Whether bytes are well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace blueshift
