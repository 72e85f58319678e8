#pragma once
// Text checks shared by every input path.

#include <cstddef>
#include <string_view>

namespace threadline::domain {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing
// above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// The number of characters (code points) in well-formed UTF-8 `text`: the
// length a person counts, as the web forms' character counts do.
size_t CharacterCount(std::string_view text);

// True when `text` has no control characters other than tab and newline.
bool HasNoControlCharacters(std::string_view text);

}  // namespace threadline::domain
