#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace blueshift {

// The POSIX regular expression (for RE2 and the ~ operator) that matches what `s SIMILAR TO pattern ESCAPE
// escape` matches. escape is empty (none) or one character. Errors: 22023 "invalid escape string" for a
// longer escape or a pattern that ends in the escape character.
Result<std::string> SimilarToRegex(std::string_view pattern, std::string_view escape);

}  // namespace blueshift
