#include "screening/json_text.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace threadline::screening::internal {

void JsonText::Key(std::string_view name) {
  Separate();
  Quoted(name);
  out_ += ':';
  first_ = true;  // the value takes no comma
}

void JsonText::String(std::string_view text) {
  Separate();
  Quoted(text);
}

void JsonText::Int(int64_t n) {
  Separate();
  out_ += std::to_string(n);
}

void JsonText::Bool(bool b) {
  Separate();
  out_ += b ? "true" : "false";
}

namespace {

// The length of the run at the start of `text` that needs no escape (no
// control character, quote or backslash). Results are mostly such runs, so
// on x86-64 sixteen bytes are looked at a time.
size_t PlainRun(std::string_view text) {
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1f);
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    // v <= 0x1f as unsigned bytes: max(v, 0x1f) == 0x1f.
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);
    const __m128i special =
        _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    const int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return text.size();
}

}  // namespace

// Boost.JSON's escapes: the two-letter ones for \b \t \n \f \r, \u00xx
// (lower-case hex) for the other control characters, \" and \\; every
// other byte as it is.
void JsonText::Quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  while (!text.empty()) {
    const size_t plain = PlainRun(text);
    out_.append(text.data(), plain);
    if (plain == text.size()) break;
    const auto c = static_cast<unsigned char>(text[plain]);
    text.remove_prefix(plain + 1);
    out_ += '\\';
    switch (c) {
      case '"':
        out_ += '"';
        break;
      case '\\':
        out_ += '\\';
        break;
      case '\b':
        out_ += 'b';
        break;
      case '\t':
        out_ += 't';
        break;
      case '\n':
        out_ += 'n';
        break;
      case '\f':
        out_ += 'f';
        break;
      case '\r':
        out_ += 'r';
        break;
      default:
        out_ += "u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
  }
  out_ += '"';
}

}  // namespace threadline::screening::internal
