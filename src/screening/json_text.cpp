#include "screening/json_text.hpp"

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

// Boost.JSON's escapes: the two-letter ones for \b \t \n \f \r, \u00xx
// (lower-case hex) for the other control characters, \" and \\; every
// other byte as it is.
void JsonText::Quoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(text.data() + plain, i - plain);
    plain = i + 1;
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
  out_.append(text.data() + plain, text.size() - plain);
  out_ += '"';
}

}  // namespace threadline::screening::internal
