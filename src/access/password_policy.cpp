#include "access/password_policy.hpp"

#include <cstdint>
#include <string>
#include <unordered_set>

namespace threadline::access {

// The bytes of the common-password list, compiled in (see CMakeLists.txt).
std::string_view CommonPasswordList();

namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Code points in `s`, or -1 when it is not valid UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
long CountCodePoints(std::string_view s) {
  long count = 0;
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (b < 0x80) {
      len = 1;
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1FU;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0FU;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07U;
    } else {
      return -1;
    }
    if (i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return -1;
      cp = (cp << 6) | (c & 0x3FU);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kSmallest[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
    i += len;
    ++count;
  }
  return count;
}

const std::unordered_set<std::string>& CommonPasswords() {
  static const auto* const set = [] {
    auto* out = new std::unordered_set<std::string>();
    const std::string_view text = CommonPasswordList();
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty() && !line.starts_with("#!comment:")) out->insert(AsciiLower(line));
      start = end + 1;
    }
    return out;
  }();
  return *set;
}

}  // namespace

bool IsCommonPassword(std::string_view password) {
  return CommonPasswords().contains(AsciiLower(password));
}

Status CheckNewPassword(std::string_view password, std::string_view username) {
  const auto invalid = [](std::string message) {
    return InvalidArgument(message, {{"password", message}});
  };
  if (password.size() > kMaxPasswordBytes) {
    return invalid("The password is too long: at most " + std::to_string(kMaxPasswordBytes) +
                   " bytes.");
  }
  const long code_points = CountCodePoints(password);
  if (code_points < 0) return invalid("The password is not valid UTF-8 text.");
  if (static_cast<size_t>(code_points) < kMinPasswordCodePoints) {
    return invalid("The password is too short: use at least " +
                   std::to_string(kMinPasswordCodePoints) + " characters.");
  }
  if (!username.empty()) {
    const std::string lower = AsciiLower(password);
    const std::string user = AsciiLower(username);
    if (lower.find(user) != std::string::npos) {
      return invalid("The password must not contain the username.");
    }
  }
  if (IsCommonPassword(password)) {
    return invalid("The password is on a list of commonly used passwords; choose another.");
  }
  return Status::Ok();
}

}  // namespace threadline::access
