#include "linkage/normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace threadline::linkage {
namespace {

// ASCII spelling of U+00C0..U+00FF.
constexpr std::array<std::string_view, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Latin Extended-A (U+0100..U+017F) as runs of code points sharing a letter.
struct Run {
  std::string_view letter;
  int count;
};
constexpr Run kExtendedA[] = {{"a", 6},  {"c", 8},  {"d", 4}, {"e", 10}, {"g", 8},  {"h", 4},
                              {"i", 10}, {"ij", 2}, {"j", 2}, {"k", 3},  {"l", 10}, {"n", 9},
                              {"o", 6},  {"oe", 2}, {"r", 6}, {"s", 8},  {"t", 6},  {"u", 12},
                              {"w", 2},  {"y", 3},  {"z", 6}, {"s", 1}};

std::string_view FoldCodePoint(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  if (cp >= 0x100 && cp <= 0x17F) {
    uint32_t offset = cp - 0x100;
    for (const auto& run : kExtendedA) {
      if (offset < static_cast<uint32_t>(run.count)) return run.letter;
      offset -= run.count;
    }
  }
  if (cp == 0x2019 || cp == 0x2018) return "'";  // curly apostrophes
  if (cp == 0x2010 || cp == 0x2013 || cp == 0x2014) return "-";
  return {};
}

// Decodes one UTF-8 sequence at text[i]; returns its length (1 for a bad byte,
// reported as code point 0xFFFD).
size_t DecodeUtf8(std::string_view text, size_t i, uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > text.size()) {
    cp = 0xFFFD;
    return 1;
  }
  cp = len == 1 ? b0 : (b0 & (0x7F >> len));
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) {
      cp = 0xFFFD;
      return 1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  return len;
}

bool IsTitle(std::string_view t) {
  static constexpr std::string_view kTitles[] = {"mr",  "mrs", "ms",   "miss", "mx",   "dr",
                                                 "rev", "sir", "dame", "prof", "lord", "lady"};
  return std::find(std::begin(kTitles), std::end(kTitles), t) != std::end(kTitles);
}

std::string Alnum(std::string_view text, bool upper) {
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c))
                                     : std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsUkPostcode(std::string_view p) {
  // Outward: letter, optional letter, digit, optional alphanumeric; inward: digit + 2 letters.
  if (p.size() < 5 || p.size() > 7) return false;
  auto alpha = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::string_view in = p.substr(p.size() - 3);
  if (!digit(in[0]) || !alpha(in[1]) || !alpha(in[2])) return false;
  std::string_view out = p.substr(0, p.size() - 3);
  if (!alpha(out[0])) return false;
  size_t k = alpha(out[1]) ? 2 : 1;
  return k < out.size() && digit(out[k]) && out.size() - k <= 2;
}

}  // namespace

std::string AsciiFold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    i += DecodeUtf8(text, i, cp);
    if (cp < 0x80) {
      out += static_cast<char>(std::tolower(static_cast<int>(cp)));
    } else {
      out += FoldCodePoint(cp);
    }
  }
  return out;
}

std::vector<std::string> NameTokens(std::string_view text) {
  const std::string folded = AsciiFold(text);
  std::vector<std::string> tokens(1);
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') {
      tokens.back() += c;
    } else if (c == '\'' || c == '`') {
      continue;  // O'Brien and OBrien are one spelling
    } else if (!tokens.back().empty()) {
      tokens.emplace_back();
    }
  }
  if (tokens.back().empty()) tokens.pop_back();
  if (tokens.size() > 1) {
    std::vector<std::string> kept;
    for (auto& t : tokens) {
      if (!IsTitle(t)) kept.push_back(std::move(t));
    }
    if (!kept.empty()) tokens = std::move(kept);
  }
  return tokens;
}

SplitName SplitFullName(std::string_view text) {
  SplitName out;
  const size_t comma = text.find(',');
  if (comma != std::string_view::npos) {
    auto family = NameTokens(text.substr(0, comma));
    auto given = NameTokens(text.substr(comma + 1));
    for (const auto& t : family) out.family += (out.family.empty() ? "" : " ") + t;
    if (!given.empty()) out.given = given.front();
    return out;
  }
  auto tokens = NameTokens(text);
  if (tokens.empty()) return out;
  out.family = tokens.back();
  if (tokens.size() > 1) out.given = tokens.front();
  return out;
}

std::string NormalizeText(std::string_view text) {
  std::string out;
  for (char c : AsciiFold(text)) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Result<Dob> ParseDob(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return InvalidArgument("empty date");
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      parts.back() += c;
    } else if ((c == '-' || c == '/' || c == '.' || c == ' ') && !parts.back().empty()) {
      parts.emplace_back();
    } else {
      return InvalidArgument("not a date");
    }
  }
  if (parts.size() == 1 && parts[0].size() == 8) {
    parts = {parts[0].substr(0, 4), parts[0].substr(4, 2), parts[0].substr(6, 2)};
  }
  for (const auto& p : parts) {
    if (p.empty() || p.size() > 4) return InvalidArgument("not a date");
  }
  Dob d;
  if (parts[0].size() == 4) {
    if (parts.size() > 3) return InvalidArgument("not a date");
    d.year = std::stoi(parts[0]);
    if (parts.size() > 1) d.month = std::stoi(parts[1]);
    if (parts.size() > 2) d.day = std::stoi(parts[2]);
  } else if (parts.size() == 3 && parts[2].size() == 4) {
    d = {std::stoi(parts[2]), std::stoi(parts[1]), std::stoi(parts[0])};  // UK order
  } else {
    return InvalidArgument("not a date");
  }
  if (d.month > 12 && d.day >= 1 && d.day <= 12) std::swap(d.month, d.day);
  if (d.year < 1850 || d.year > 2100 || d.month > 12 || d.day > 31 ||
      (parts.size() == 3 && (d.month == 0 || d.day == 0))) {
    return InvalidArgument("implausible date");
  }
  return d;
}

std::string NormalizePostcode(std::string_view text) {
  std::string p = Alnum(AsciiFold(text), true);
  if (IsUkPostcode(p)) p.insert(p.size() - 3, " ");
  return p;
}

std::string PostcodeArea(std::string_view normalised) {
  const size_t space = normalised.find(' ');
  if (space != std::string_view::npos) return std::string(normalised.substr(0, space));
  if (normalised.size() < 4) return {};
  return std::string(normalised.substr(0, normalised.size() - 2));
}

std::string NormalizePhone(std::string_view text) {
  text = Trim(text);
  bool plus = !text.empty() && text.front() == '+';
  std::string digits;
  for (size_t i = 0; i < text.size(); ++i) {
    // "+44 (0)7700": the bracketed trunk zero is not dialled internationally.
    if (text.substr(i, 3) == "(0)") {
      i += 2;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(text[i]))) digits += text[i];
  }
  if (!plus && digits.rfind("00", 0) == 0) {
    plus = true;
    digits.erase(0, 2);
  }
  if (!plus && digits.size() == 11 && digits[0] == '0') {
    digits = "44" + digits.substr(1);
    plus = true;
  } else if (!plus && digits.size() == 12 && digits.rfind("44", 0) == 0) {
    plus = true;
  }
  if (plus && digits.rfind("440", 0) == 0) digits.erase(2, 1);
  if (digits.size() < 7) return {};
  return plus ? "+" + digits : digits;
}

std::string NormalizeEmail(std::string_view text) {
  const std::string e = AsciiFold(Trim(text));
  const size_t at = e.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= e.size() ||
      e.find('@', at + 1) != std::string::npos || e.find(' ') != std::string::npos) {
    return {};
  }
  std::string local = e.substr(0, at);
  std::string domain = e.substr(at + 1);
  if (const size_t plus = local.find('+'); plus != std::string::npos && plus > 0) {
    local.resize(plus);
  }
  if (domain == "gmail.com" || domain == "googlemail.com") {
    std::erase(local, '.');
    domain = "gmail.com";
  }
  return local + "@" + domain;
}

std::string NormalizeHandle(std::string_view text) {
  std::string h = AsciiFold(Trim(text));
  while (!h.empty() && h.back() == '/') h.pop_back();
  if (const size_t slash = h.rfind('/'); slash != std::string::npos) h.erase(0, slash + 1);
  if (!h.empty() && h.front() == '@') h.erase(0, 1);
  std::string out;
  for (char c : h) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.') out += c;
  }
  return out;
}

std::string NormalizeVehicle(std::string_view text) { return Alnum(AsciiFold(text), true); }

std::vector<std::string_view> SplitValues(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = Trim(text.substr(start, end - start));
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace threadline::linkage
