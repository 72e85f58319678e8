#pragma once
// Lists of ids or codes kept in one column as a JSON array of strings, the
// form both backends' JSON functions read (json_each, jsonb). Internal to
// the store's backends.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace threadline::store {

// ["a","b"], with quotes, backslashes and control characters escaped.
inline std::string ToJsonList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (const char c : values[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
        out += escaped;
      } else {
        out += c;
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

// The strings of a list ToJsonList wrote (or a database wrote in the same
// form); what is not a string is skipped, so a damaged column reads as
// fewer values rather than failing.
inline std::vector<std::string> FromJsonList(std::string_view text) {
  std::vector<std::string> out;
  for (size_t at = text.find('"'); at != std::string_view::npos; at = text.find('"', at + 1)) {
    std::string value;
    size_t i = at + 1;
    for (; i < text.size() && text[i] != '"'; ++i) {
      if (text[i] != '\\' || i + 1 >= text.size()) {
        value += text[i];
        continue;
      }
      const char next = text[++i];
      if (next == 'u' && i + 4 < text.size()) {
        const std::string hex(text.substr(i + 1, 4));
        char* end = nullptr;
        const long code = std::strtol(hex.c_str(), &end, 16);
        value += end == hex.c_str() + 4 && code < 0x80 ? static_cast<char>(code) : '?';
        i += 4;
      } else {
        value += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      }
    }
    out.push_back(std::move(value));
    at = i;
  }
  return out;
}

}  // namespace threadline::store
