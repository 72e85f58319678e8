#include "synth/identifiers.hpp"

#include <array>
#include <cctype>
#include <initializer_list>

namespace threadline::synth {
namespace {

// Joins parts into one string. Used instead of chains of operator+ starting
// from a literal, which trip a GCC 12 -Wrestrict false positive.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const auto part : parts) out += part;
  return out;
}

// Ofcom's drama ranges: an 8-digit prefix followed by three free digits.
struct DramaRange {
  std::string_view prefix;
  size_t area_length;  // digits of the dialling code, including the leading 0
};
constexpr DramaRange kMobileRange{"07700900", 5};
constexpr std::array kLandlineRanges = {
    DramaRange{"01632960", 5},  // no real area
    DramaRange{"02079460", 3},  // London
    DramaRange{"02920180", 3},  // Cardiff
    DramaRange{"01134960", 4},  // Leeds
    DramaRange{"01144960", 4},  // Sheffield
    DramaRange{"01154960", 4},  // Nottingham
    DramaRange{"01164960", 4},  // Leicester
    DramaRange{"01174960", 4},  // Bristol
    DramaRange{"01214960", 4},  // Birmingham
    DramaRange{"01514960", 4},  // Liverpool
    DramaRange{"01614960", 4},  // Manchester
    DramaRange{"01914980", 4},  // Tyneside
};

std::string FromRange(Rng& rng, const DramaRange& range) {
  std::string out(range.prefix);
  const auto n = rng.Below(1000);
  out += static_cast<char>('0' + n / 100);
  out += static_cast<char>('0' + n / 10 % 10);
  out += static_cast<char>('0' + n % 10);
  return out;
}

size_t AreaLength(std::string_view digits) {
  if (digits.substr(0, 2) == "07") return 5;
  for (const auto& r : kLandlineRanges) {
    if (digits.substr(0, 8) == r.prefix) return r.area_length;
  }
  return 5;
}

// The subscriber part grouped as people write it: "7946 0123", "496 0123".
std::string GroupRest(std::string_view rest) {
  if (rest.size() == 8) return Cat({rest.substr(0, 4), " ", rest.substr(4)});
  if (rest.size() == 7) return Cat({rest.substr(0, 3), " ", rest.substr(3)});
  return std::string(rest);
}

constexpr std::string_view kRegionLetters = "ABCDEFGHKLMNOPRSTVWXY";
constexpr std::string_view kTagLetters = "ABCDEFGHJKLMNOPRSTUVWXY";
constexpr std::string_view kRandomLetters = "ABCDEFGHJKLMNOPRSTUVWXYZ";
constexpr std::array<std::string_view, 5> kEmailDomains = {
    "example.com", "example.org", "example.net", "mail.example", "post.test"};

// Keys next to each letter on a UK keyboard, for substitution typos.
constexpr std::array<std::string_view, 26> kNeighbours = {
    "qwsz",   "vghn",  "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko",
    "huikmn", "jiolm", "kop",  "njk",    "bhjm", "iklp",   "ol",     "wa",     "edft",
    "awedxz", "rfgy",  "yhji", "cfgb",   "qase", "zsdc",   "tghu",   "asx"};

std::string TwoDigits(Rng& rng) {
  const auto n = rng.Below(100);
  return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

}  // namespace

std::string MakeMobile(Rng& rng) { return FromRange(rng, kMobileRange); }

std::string MakeLandline(Rng& rng) {
  return FromRange(rng, kLandlineRanges[rng.Below(kLandlineRanges.size())]);
}

std::string FormatPhone(std::string_view digits, PhoneStyle style) {
  const size_t area = AreaLength(digits);
  const std::string_view code = digits.substr(0, area);
  const std::string_view rest = digits.substr(area);
  switch (style) {
    case PhoneStyle::kSpaced:
      return Cat({code, " ", GroupRest(rest)});
    case PhoneStyle::kCompact:
      return std::string(digits);
    case PhoneStyle::kIntlSpaced:
      return Cat({"+44 ", code.substr(1), " ", GroupRest(rest)});
    case PhoneStyle::kIntlCompact:
      return Cat({"+44", digits.substr(1)});
    case PhoneStyle::kBracketed:
      return Cat({"(", code, ")", rest});
    case PhoneStyle::kDashed:
      return Cat({code, "-", rest.substr(0, 3), "-", rest.substr(3)});
  }
  return std::string(digits);
}

bool IsSyntheticPhone(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  if (digits.substr(0, 2) == "44") digits = Cat({"0", std::string_view(digits).substr(2)});
  if (digits.size() != 11) return false;
  if (digits.substr(0, 8) == kMobileRange.prefix) return true;
  for (const auto& r : kLandlineRanges) {
    if (digits.substr(0, 8) == r.prefix) return true;
  }
  return false;
}

std::string MakeVehicle(Rng& rng) {
  std::string out;
  out += kRegionLetters[rng.Below(kRegionLetters.size())];
  out += kTagLetters[rng.Below(kTagLetters.size())];
  // Age identifier: March issues use the year (02..24), September issues add 50.
  const auto year = static_cast<int>(rng.Between(2, 24));
  const int age = rng.Chance(0.5) ? year : year + 50;
  out += static_cast<char>('0' + age / 10);
  out += static_cast<char>('0' + age % 10);
  out += ' ';
  std::string letters(3, ' ');
  for (char& c : letters) c = kRandomLetters[rng.Below(kRandomLetters.size())];
  letters[rng.Below(3)] = 'Q';  // the synthetic marker
  return out + letters;
}

bool IsSyntheticVehicle(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c != ' ') compact += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (compact.size() != 7) return false;
  for (size_t i = 0; i < 7; ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(compact[i])) != 0;
    if ((i == 2 || i == 3) != digit) return false;
  }
  return compact.substr(4).find('Q') != std::string::npos;
}

std::string AsciiFold(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (c == 0xC3 && i + 1 < text.size()) {
      // Latin-1 letters in UTF-8: map the common accented vowels to their base.
      const auto next = static_cast<unsigned char>(text[++i]) & 0x1F;
      static constexpr std::string_view kBase = "aaaaaaaceeeeiiiidnooooo ouuuuy  ";
      if (kBase[next] != ' ') out += kBase[next];
    }
  }
  return out;
}

std::string MakeEmail(Rng& rng, std::string_view given, std::string_view family) {
  const std::string g = AsciiFold(given);
  const std::string f = AsciiFold(family);
  std::string local;
  switch (rng.Below(5)) {
    case 0:
      local = Cat({g, ".", f});
      break;
    case 1:
      local = g + f + TwoDigits(rng);
      break;
    case 2:
      local = Cat({g.substr(0, 1), ".", f, TwoDigits(rng)});
      break;
    case 3:
      local = Cat({f, ".", g, TwoDigits(rng)});
      break;
    default:
      local = Cat({g, "_", f.substr(0, 1), TwoDigits(rng), TwoDigits(rng)});
      break;
  }
  return Cat({local, "@", kEmailDomains[rng.Below(kEmailDomains.size())]});
}

bool IsSyntheticEmail(std::string_view text) {
  const auto at = text.rfind('@');
  if (at == std::string_view::npos) return false;
  std::string domain;
  for (char c : text.substr(at + 1)) {
    domain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (const auto d : kEmailDomains) {
    if (domain == d) return true;
  }
  return false;
}

std::string MakeHandle(Rng& rng, std::string_view given, std::string_view family) {
  const std::string g = AsciiFold(given);
  const std::string f = AsciiFold(family);
  switch (rng.Below(4)) {
    case 0:
      return Cat({"@", g, "_", f, TwoDigits(rng)});
    case 1:
      return Cat({"@", g.substr(0, 1), f, TwoDigits(rng), TwoDigits(rng)});
    case 2:
      return Cat({"@", f, ".", g.substr(0, 1), TwoDigits(rng)});
    default:
      return Cat({"@the_real_", g, TwoDigits(rng), TwoDigits(rng)});
  }
}

std::string Typo(Rng& rng, std::string_view text) {
  std::string out(text);
  if (out.size() < 3) return out;
  for (char c : out) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return out;
  }
  // Keep the first letter: people rarely mistype it, and blocking relies on it.
  const size_t pos = 1 + rng.Below(out.size() - 1);
  const bool upper = std::isupper(static_cast<unsigned char>(out[pos])) != 0;
  const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(out[pos])));
  switch (rng.Below(4)) {
    case 0: {
      const auto keys = kNeighbours[static_cast<size_t>(lower - 'a')];
      char c = keys[rng.Below(keys.size())];
      out[pos] = upper ? static_cast<char>(std::toupper(c)) : c;
      break;
    }
    case 1:
      out.erase(pos, 1);
      break;
    case 2:
      out.insert(pos, 1, out[pos]);
      break;
    default:
      if (pos + 1 < out.size() && out[pos] != out[pos + 1]) {
        std::swap(out[pos], out[pos + 1]);
      } else {
        std::swap(out[pos - 1 == 0 ? pos : pos - 1], out[pos]);
        if (out == text) out.erase(pos, 1);
      }
      break;
  }
  return out;
}

}  // namespace threadline::synth
