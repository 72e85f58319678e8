#include "linkage/phonetic.hpp"

#include <cctype>
#include <initializer_list>

namespace threadline::linkage {
namespace {

constexpr size_t kKeyLength = 4;

class Encoder {
 public:
  explicit Encoder(std::string_view name) {
    for (char c : name) {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        w_ += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
    }
    last_ = static_cast<int>(w_.size()) - 1;
    w_ += "     ";  // padding so look-ahead never leaves the string
    slavo_germanic_ = w_.find('W') != std::string::npos || w_.find('K') != std::string::npos ||
                      w_.find("CZ") != std::string::npos || w_.find("WITZ") != std::string::npos;
  }

  PhoneticKey Run();

 private:
  char At(int i) const { return i < 0 || i >= static_cast<int>(w_.size()) ? '\0' : w_[i]; }
  bool IsVowel(int i) const {
    const char c = At(i);
    return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
  }
  // True when one of `options` starts at position i.
  bool Has(int i, std::initializer_list<std::string_view> options) const {
    if (i < 0) return false;
    for (auto o : options) {
      if (w_.compare(i, o.size(), o) == 0) return true;
    }
    return false;
  }
  void Add(std::string_view main) { Add(main, main); }
  void Add(std::string_view main, std::string_view alt) {
    primary_ += main;
    alternate_ += alt;
  }
  bool Germanic() const { return Has(0, {"VAN ", "VON ", "SCH"}); }

  int C(int i);
  int Ch(int i);
  int D(int i);
  int G(int i);
  int Gh(int i);
  int J(int i);
  int L(int i);
  int S(int i);
  int Sc(int i);
  int T(int i);
  int W(int i);
  int Step(int i);

  std::string w_;
  std::string primary_, alternate_;
  int last_ = -1;
  bool slavo_germanic_ = false;
};

PhoneticKey Encoder::Run() {
  int i = 0;
  if (Has(0, {"GN", "KN", "PN", "WR", "PS"})) i = 1;
  if (At(0) == 'X') {
    Add("S");
    i = 1;
  }
  while (i <= last_ && (primary_.size() < kKeyLength || alternate_.size() < kKeyLength)) {
    i = Step(i);
  }
  if (primary_.size() > kKeyLength) primary_.resize(kKeyLength);
  if (alternate_.size() > kKeyLength) alternate_.resize(kKeyLength);
  return {primary_, alternate_};
}

int Encoder::Step(int i) {
  switch (At(i)) {
    case 'A':
    case 'E':
    case 'I':
    case 'O':
    case 'U':
    case 'Y':
      if (i == 0) Add("A");
      return i + 1;
    case 'B':
      Add("P");
      return At(i + 1) == 'B' ? i + 2 : i + 1;
    case 'C':
      return C(i);
    case 'D':
      return D(i);
    case 'F':
      Add("F");
      return At(i + 1) == 'F' ? i + 2 : i + 1;
    case 'G':
      return G(i);
    case 'H':
      if ((i == 0 || IsVowel(i - 1)) && IsVowel(i + 1)) {
        Add("H");
        return i + 2;
      }
      return i + 1;
    case 'J':
      return J(i);
    case 'K':
      Add("K");
      return At(i + 1) == 'K' ? i + 2 : i + 1;
    case 'L':
      return L(i);
    case 'M':
      Add("M");
      if ((Has(i - 1, {"UMB"}) && (i + 1 == last_ || Has(i + 2, {"ER"}))) || At(i + 1) == 'M') {
        return i + 2;
      }
      return i + 1;
    case 'N':
      Add("N");
      return At(i + 1) == 'N' ? i + 2 : i + 1;
    case 'P':
      if (At(i + 1) == 'H') {
        Add("F");
        return i + 2;
      }
      Add("P");
      return (At(i + 1) == 'P' || At(i + 1) == 'B') ? i + 2 : i + 1;
    case 'Q':
      Add("K");
      return At(i + 1) == 'Q' ? i + 2 : i + 1;
    case 'R':
      if (i == last_ && !slavo_germanic_ && Has(i - 2, {"IE"}) && !Has(i - 4, {"ME", "MA"})) {
        Add("", "R");
      } else {
        Add("R");
      }
      return At(i + 1) == 'R' ? i + 2 : i + 1;
    case 'S':
      return S(i);
    case 'T':
      return T(i);
    case 'V':
      Add("F");
      return At(i + 1) == 'V' ? i + 2 : i + 1;
    case 'W':
      return W(i);
    case 'X':
      if (!(i == last_ && (Has(i - 3, {"IAU", "EAU"}) || Has(i - 2, {"AU", "OU"})))) Add("KS");
      return (At(i + 1) == 'C' || At(i + 1) == 'X') ? i + 2 : i + 1;
    case 'Z':
      if (At(i + 1) == 'H') {
        Add("J");
        return i + 2;
      }
      if (Has(i + 1, {"ZO", "ZI", "ZA"}) || (slavo_germanic_ && i > 0 && At(i - 1) != 'T')) {
        Add("S", "TS");
      } else {
        Add("S");
      }
      return At(i + 1) == 'Z' ? i + 2 : i + 1;
    default:
      return i + 1;
  }
}

int Encoder::C(int i) {
  // Germanic "ach" as in Bacher, Macher.
  if (i > 1 && !IsVowel(i - 2) && Has(i - 1, {"ACH"}) && At(i + 2) != 'I' &&
      (At(i + 2) != 'E' || Has(i - 2, {"BACHER", "MACHER"}))) {
    Add("K");
    return i + 2;
  }
  if (i == 0 && Has(i, {"CAESAR"})) {
    Add("S");
    return i + 2;
  }
  if (Has(i, {"CHIA"})) {
    Add("K");
    return i + 2;
  }
  if (Has(i, {"CH"})) return Ch(i);
  if (Has(i, {"CZ"}) && !Has(i - 2, {"WICZ"})) {
    Add("S", "X");
    return i + 2;
  }
  if (Has(i + 1, {"CIA"})) {
    Add("X");
    return i + 3;
  }
  if (Has(i, {"CC"}) && !(i == 1 && At(0) == 'M')) {
    if ((At(i + 2) == 'I' || At(i + 2) == 'E' || At(i + 2) == 'H') && !Has(i + 2, {"HU"})) {
      if ((i == 1 && At(i - 1) == 'A') || Has(i - 1, {"UCCEE", "UCCES"})) {
        Add("KS");
      } else {
        Add("X");
      }
      return i + 3;
    }
    Add("K");
    return i + 2;
  }
  if (Has(i, {"CK", "CG", "CQ"})) {
    Add("K");
    return i + 2;
  }
  if (Has(i, {"CI", "CE", "CY"})) {
    if (Has(i, {"CIO", "CIE", "CIA"})) {
      Add("S", "X");
    } else {
      Add("S");
    }
    return i + 2;
  }
  Add("K");
  if (Has(i + 1, {" C", " Q", " G"})) return i + 3;
  if ((At(i + 1) == 'C' || At(i + 1) == 'K' || At(i + 1) == 'Q') && !Has(i + 1, {"CE", "CI"})) {
    return i + 2;
  }
  return i + 1;
}

int Encoder::Ch(int i) {
  if (i > 0 && Has(i, {"CHAE"})) {
    Add("K", "X");
    return i + 2;
  }
  if (i == 0 && Has(i + 1, {"HARAC", "HARIS", "HOR", "HYM", "HIA", "HEM"}) && !Has(0, {"CHORE"})) {
    Add("K");
    return i + 2;
  }
  const bool greek_or_germanic =
      Germanic() || Has(i - 2, {"ORCHES", "ARCHIT", "ORCHID"}) || At(i + 2) == 'T' ||
      At(i + 2) == 'S' ||
      ((i == 0 || Has(i - 1, {"A", "O", "U", "E"})) &&
       (Has(i + 2, {"L", "R", "N", "M", "B", "H", "F", "V", "W", " "}) || i + 1 == last_));
  if (greek_or_germanic) {
    Add("K");
  } else if (i > 0) {
    if (Has(0, {"MC"})) {
      Add("K");
    } else {
      Add("X", "K");
    }
  } else {
    Add("X");
  }
  return i + 2;
}

int Encoder::D(int i) {
  if (Has(i, {"DG"})) {
    if (Has(i + 2, {"I", "E", "Y"})) {
      Add("J");
      return i + 3;
    }
    Add("TK");
    return i + 2;
  }
  Add("T");
  return Has(i, {"DT", "DD"}) ? i + 2 : i + 1;
}

int Encoder::Gh(int i) {
  if (i > 0 && !IsVowel(i - 1)) {
    Add("K");
    return i + 2;
  }
  if (i == 0) {
    Add(At(i + 2) == 'I' ? "J" : "K");
    return i + 2;
  }
  // Silent as in "Hugh", "bough", "broughton".
  if ((i > 1 && Has(i - 2, {"B", "H", "D"})) || (i > 2 && Has(i - 3, {"B", "H", "D"})) ||
      (i > 3 && Has(i - 4, {"B", "H"}))) {
    return i + 2;
  }
  if (i > 2 && At(i - 1) == 'U' && Has(i - 3, {"C", "G", "L", "R", "T"})) {
    Add("F");  // laugh, tough
  } else if (i > 0 && At(i - 1) != 'I') {
    Add("K");
  }
  return i + 2;
}

int Encoder::G(int i) {
  if (At(i + 1) == 'H') return Gh(i);
  if (At(i + 1) == 'N') {
    if (i == 1 && IsVowel(0) && !slavo_germanic_) {
      Add("KN", "N");
    } else if (!Has(i + 2, {"EY"}) && At(i + 1) != 'Y' && !slavo_germanic_) {
      Add("N", "KN");
    } else {
      Add("KN");
    }
    return i + 2;
  }
  if (Has(i + 1, {"LI"}) && !slavo_germanic_) {
    Add("KL", "L");
    return i + 2;
  }
  if (i == 0 && (At(i + 1) == 'Y' ||
                 Has(i + 1, {"ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"}))) {
    Add("K", "J");
    return i + 2;
  }
  if ((Has(i + 1, {"ER"}) || At(i + 1) == 'Y') && !Has(0, {"DANGER", "RANGER", "MANGER"}) &&
      !Has(i - 1, {"E", "I"}) && !Has(i - 1, {"RGY", "OGY"})) {
    Add("K", "J");
    return i + 2;
  }
  if (Has(i + 1, {"E", "I", "Y"}) || Has(i - 1, {"AGGI", "OGGI"})) {
    if (Germanic() || Has(i + 1, {"ET"})) {
      Add("K");
    } else if (Has(i + 1, {"IER "})) {
      Add("J");
    } else {
      Add("J", "K");
    }
    return i + 2;
  }
  Add("K");
  return At(i + 1) == 'G' ? i + 2 : i + 1;
}

int Encoder::J(int i) {
  if (Has(i, {"JOSE"}) || Has(0, {"SAN "})) {
    if ((i == 0 && At(i + 4) == ' ') || Has(0, {"SAN "})) {
      Add("H");
    } else {
      Add("J", "H");
    }
    return i + 1;
  }
  if (i == 0) {
    Add("J", "A");
  } else if (IsVowel(i - 1) && !slavo_germanic_ && (At(i + 1) == 'A' || At(i + 1) == 'O')) {
    Add("J", "H");
  } else if (i == last_) {
    Add("J", "");
  } else if (!Has(i + 1, {"L", "T", "K", "S", "N", "M", "B", "Z"}) &&
             !Has(i - 1, {"S", "K", "L"})) {
    Add("J");
  }
  return At(i + 1) == 'J' ? i + 2 : i + 1;
}

int Encoder::L(int i) {
  if (At(i + 1) == 'L') {
    // Spanish "-illo", "-illa", "-alle": the double L is silent in the alternate.
    if ((i == last_ - 2 && Has(i - 1, {"ILLO", "ILLA", "ALLE"})) ||
        ((Has(last_ - 1, {"AS", "OS"}) || Has(last_, {"A", "O"})) && Has(i - 1, {"ALLE"}))) {
      Add("L", "");
      return i + 2;
    }
    Add("L");
    return i + 2;
  }
  Add("L");
  return i + 1;
}

int Encoder::Sc(int i) {
  if (At(i + 2) == 'H') {
    if (Has(i + 3, {"OO", "ER", "EN", "UY", "ED", "EM"})) {
      if (Has(i + 3, {"ER", "EN"})) {
        Add("X", "SK");
      } else {
        Add("SK");
      }
    } else if (i == 0 && !IsVowel(3) && At(3) != 'W') {
      Add("X", "S");
    } else {
      Add("X");
    }
    return i + 3;
  }
  if (Has(i + 2, {"I", "E", "Y"})) {
    Add("S");
  } else {
    Add("SK");
  }
  return i + 3;
}

int Encoder::S(int i) {
  if (Has(i - 1, {"ISL", "YSL"})) return i + 1;  // island, carlisle
  if (i == 0 && Has(i, {"SUGAR"})) {
    Add("X", "S");
    return i + 1;
  }
  if (Has(i, {"SH"})) {
    Add(Has(i + 1, {"HEIM", "HOEK", "HOLM", "HOLZ"}) ? "S" : "X");
    return i + 2;
  }
  if (Has(i, {"SIO", "SIA"})) {
    if (slavo_germanic_) {
      Add("S");
    } else {
      Add("S", "X");
    }
    return i + 3;
  }
  if ((i == 0 && Has(i + 1, {"M", "N", "L", "W"})) || At(i + 1) == 'Z') {
    Add("S", "X");
    return At(i + 1) == 'Z' ? i + 2 : i + 1;
  }
  if (Has(i, {"SC"})) return Sc(i);
  if (i == last_ && Has(i - 2, {"AI", "OI"})) {
    Add("", "S");  // French: Beaubois
  } else {
    Add("S");
  }
  return (At(i + 1) == 'S' || At(i + 1) == 'Z') ? i + 2 : i + 1;
}

int Encoder::T(int i) {
  if (Has(i, {"TION", "TIA", "TCH"})) {
    Add("X");
    return i + 3;
  }
  if (Has(i, {"TH", "TTH"})) {
    if (Has(i + 2, {"OM", "AM"}) || Germanic()) {
      Add("T");
    } else {
      Add("0", "T");
    }
    return i + 2;
  }
  Add("T");
  return (At(i + 1) == 'T' || At(i + 1) == 'D') ? i + 2 : i + 1;
}

int Encoder::W(int i) {
  if (Has(i, {"WR"})) {
    Add("R");
    return i + 2;
  }
  if (i == 0 && (IsVowel(i + 1) || Has(i, {"WH"}))) {
    if (IsVowel(i + 1)) {
      Add("A", "F");
    } else {
      Add("A");
    }
  }
  if ((i == last_ && IsVowel(i - 1)) || Has(i - 1, {"EWSKI", "EWSKY", "OWSKI", "OWSKY"}) ||
      Has(0, {"SCH"})) {
    Add("", "F");
    return i + 1;
  }
  if (Has(i, {"WICZ", "WITZ"})) {
    Add("TS", "FX");
    return i + 4;
  }
  return i + 1;
}

}  // namespace

PhoneticKey DoubleMetaphone(std::string_view name) { return Encoder(name).Run(); }

uint32_t PackKey(std::string_view key) {
  uint32_t packed = 0;
  for (size_t i = 0; i < key.size() && i < 4; ++i) {
    packed = (packed << 8) | static_cast<unsigned char>(key[i]);
  }
  return packed;
}

}  // namespace threadline::linkage
