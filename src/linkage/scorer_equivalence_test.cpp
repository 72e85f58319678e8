// Scoring takes shortcuts: a Jaro-Winkler upper bound before the exact
// measure (from letter counts kept per thread), a one-pass one-edit test, all
// of a pair's fields compared in one call, constants hoisted out of the pair
// loop, records fetched ahead. None may change a level or a weight. This test
// recomputes every comparison the plain way - textbook Jaro-Winkler, full
// Levenshtein, the field rules as first written - over many thousands of
// generated pairs, edge cases included, and requires identical levels and
// bit-identical weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "domain/datetime.hpp"
#include "linkage/comparison.hpp"
#include "linkage/engine.hpp"
#include "linkage/model.hpp"
#include "linkage/scorer.hpp"
#include "linkage/string_metrics.hpp"

namespace threadline::linkage {
namespace {

// ---- Reference measures ---------------------------------------------------

constexpr size_t kMaxLen = 64;

double RefJaro(std::string_view a, std::string_view b) {
  a = a.substr(0, std::min(a.size(), kMaxLen));
  b = b.substr(0, std::min(b.size(), kMaxLen));
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<bool> used_a(la), used_b(lb);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    for (int j = std::max(0, i - window); j <= std::min(lb - 1, i + window); ++j) {
      if (!used_b[j] && a[i] == b[j]) {
        used_a[i] = used_b[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int half_transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!used_a[i]) continue;
    while (!used_b[j]) ++j;
    if (a[i] != b[j]) ++half_transpositions;
    ++j;
  }
  const double m = matches;
  return (m / la + m / lb + (m - half_transpositions / 2) / m) / 3.0;
}

double RefJaroWinkler(std::string_view a, std::string_view b) {
  const double jaro = RefJaro(a, b);
  size_t prefix = 0;
  while (prefix < std::min({a.size(), b.size(), size_t{4}}) && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int RefLevenshtein(std::string_view a, std::string_view b) {
  a = a.substr(0, std::min(a.size(), kMaxLen));
  b = b.substr(0, std::min(b.size(), kMaxLen));
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
  }
  return d[a.size()][b.size()];
}

// ---- Reference field rules (the exact measure on every pair) ---------------

bool RefPhonetic(const NameFeature& a, const NameFeature& b) {
  if (a.phonetic_primary == 0 || b.phonetic_primary == 0) return false;
  return a.phonetic_primary == b.phonetic_primary || a.phonetic_primary == b.phonetic_alternate ||
         a.phonetic_alternate == b.phonetic_primary;
}

bool RefSharesToken(const NameFeature& a, const NameFeature& b) {
  if (a.token_count < 2 && b.token_count < 2) return false;
  return a.first_token == b.first_token || a.first_token == b.last_token ||
         a.last_token == b.first_token || a.last_token == b.last_token;
}

double RefJw(const ShortText& x, const ShortText& y) { return RefJaroWinkler(x.view(), y.view()); }

uint8_t RefGiven(const Features& a, const Features& b) {
  const NameFeature &x = a.given, &y = b.given;
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  if (x.hash == b.family.hash && a.family.hash == y.hash) return 2;
  if (x.initial_only || y.initial_only) return x.text.data[0] == y.text.data[0] ? 6 : 7;
  if (SharesGroup(x.nicknames, y.nicknames)) return 3;
  const double jw = RefJw(x.text, y.text);
  if (jw >= 0.92) return 4;
  if (jw >= 0.88 || RefPhonetic(x, y)) return 5;
  return 7;
}

uint8_t RefFamily(const Features& a, const Features& b) {
  const NameFeature &x = a.family, &y = b.family;
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  if (x.hash == b.given.hash && a.given.hash == y.hash) return 2;
  if (RefSharesToken(x, y)) return 3;
  const double jw = RefJw(x.text, y.text);
  if (jw >= 0.92) return 4;
  if (jw >= 0.88 || RefPhonetic(x, y)) return 5;
  return 6;
}

// A record as the reference sees it: its features, and its date of birth
// worked out from the raw value as the features first kept it.
struct RefRecord {
  const Features& f;
  Dob dob;                       // ParseDob's, 0 for a part not given
  int32_t days = 0;              // since 1970, when complete and valid
  std::array<char, 8> digits{};  // YYYYMMDD as printed, when complete
};

RefRecord MakeRefRecord(const InputRecord& raw, const Features& f) {
  RefRecord r{f, {}};
  const auto dob = ParseDob(raw[Role::kDob]);
  if (!dob.ok()) return r;
  r.dob = *dob;
  if (r.dob.month == 0 || r.dob.day == 0) return r;
  const domain::Date date{r.dob.year, r.dob.month, r.dob.day};
  if (domain::IsValidDate(date)) r.days = static_cast<int32_t>(domain::DaysFromCivil(date));
  char printed[16];
  std::snprintf(printed, sizeof(printed), "%04d%02d%02d", r.dob.year, r.dob.month, r.dob.day);
  std::memcpy(r.digits.data(), printed, r.digits.size());
  return r;
}

uint8_t RefDob(const RefRecord& a, const RefRecord& b) {
  const Dob &x = a.dob, &y = b.dob;
  if (x.year == 0 || y.year == 0) return 0;
  const int years = std::abs(x.year - y.year);
  const auto by_years = [&] { return years <= 1 ? 5 : years <= 10 ? 6 : 7; };
  if (x.month == 0 || y.month == 0 || x.day == 0 || y.day == 0) {
    if (x.year == y.year && (x.month == 0 || y.month == 0 || x.month == y.month) &&
        (x.day == 0 || y.day == 0 || x.day == y.day)) {
      return 2;
    }
    return by_years();
  }
  if (x == y) return 1;
  if (x.year == y.year && x.month == y.day && x.day == y.month) return 3;
  int diffs = 0, first = -1;
  for (int i = 0; i < 8; ++i) {
    if (a.digits[i] != b.digits[i] && diffs++ == 0) first = i;
  }
  if (diffs <= 1) return 4;
  if (diffs == 2 && first < 7 && a.digits[first] == b.digits[first + 1] &&
      a.digits[first + 1] == b.digits[first]) {
    return 4;
  }
  if (a.days != 0 && b.days != 0) {
    const int days = std::abs(a.days - b.days);
    return days <= 366 ? 5 : days <= 3653 ? 6 : 7;
  }
  return by_years();
}

bool RefOneEdit(std::string_view x, std::string_view y) {
  if (RefLevenshtein(x, y) <= 1) return true;
  if (x.size() != y.size()) return false;
  size_t i = 0;
  while (i < x.size() && x[i] == y[i]) ++i;
  if (i + 1 >= x.size() || x[i] != y[i + 1] || x[i + 1] != y[i]) return false;
  return x.substr(i + 2) == y.substr(i + 2);
}

uint8_t RefFuzzy(const TextFeature& x, const TextFeature& y, double threshold) {
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  return RefJw(x.text, y.text) >= threshold ? 2 : 3;
}

uint8_t RefExact(uint64_t x, uint64_t y) {
  if (x == 0 || y == 0) return 0;
  return x == y ? 1 : 2;
}

uint8_t RefShared(const std::array<uint64_t, 2>& x, const std::array<uint64_t, 2>& y) {
  if (x[0] == 0 || y[0] == 0) return 0;
  for (uint64_t p : x) {
    if (p != 0 && (p == y[0] || p == y[1])) return 1;
  }
  return 2;
}

uint8_t RefCompare(Field field, const RefRecord& ra, const RefRecord& rb) {
  const Features &a = ra.f, &b = rb.f;
  switch (field) {
    case Field::kGivenName:
      return RefGiven(a, b);
    case Field::kFamilyName:
      return RefFamily(a, b);
    case Field::kDob:
      return RefDob(ra, rb);
    case Field::kPostcode:
      if (a.postcode.hash == 0 || b.postcode.hash == 0) return 0;
      if (a.postcode.hash == b.postcode.hash) return 1;
      if (RefOneEdit(a.postcode.text.view(), b.postcode.text.view())) return 2;
      return a.postcode_area != 0 && a.postcode_area == b.postcode_area ? 3 : 4;
    case Field::kAddress: {
      if (a.address.hash == 0 || b.address.hash == 0) return 0;
      if (a.address.hash == b.address.hash) return 1;
      const double jw = RefJw(a.address.text, b.address.text);
      return jw >= 0.92 ? 2 : jw >= 0.80 ? 3 : 4;
    }
    case Field::kAddress2:
      return RefFuzzy(a.address2, b.address2, 0.88);
    case Field::kStreetNumber:
      return RefExact(a.street_number, b.street_number);
    case Field::kCity:
      return RefFuzzy(a.city, b.city, 0.88);
    case Field::kSuburb:
      return RefFuzzy(a.suburb, b.suburb, 0.88);
    case Field::kState:
      return RefExact(a.state, b.state);
    case Field::kEmail:
      if (a.email.hash == 0 || b.email.hash == 0) return 0;
      if (a.email.hash == b.email.hash) return 1;
      if (a.email_local == b.email_local) return 2;
      return RefJw(a.email.text, b.email.text) >= 0.88 ? 2 : 3;
    case Field::kPhone:
      return RefShared(a.phones, b.phones);
    case Field::kHandle:
      return RefShared(a.handles, b.handles);
    case Field::kVehicle:
      return RefShared(a.vehicles, b.vehicles);
    case Field::kGender:
      return RefExact(a.gender, b.gender);
    case Field::kBirthPlace:
      return RefFuzzy(a.birth_place, b.birth_place, 0.88);
    case Field::kOccupation:
      return RefFuzzy(a.occupation, b.occupation, 0.88);
    case Field::kCount:
      break;
  }
  return 0;
}

// The weight as first written: every term recomputed from the model.
float RefWeight(const Model& model, const RefRecord& ra, const RefRecord& rb) {
  const Features &a = ra.f, &b = rb.f;
  float w = static_cast<float>(std::log2(model.prior / (1.0 - model.prior)));
  for (const auto& f : model.fields) {
    const uint8_t level = RefCompare(f.field, ra, rb);
    w += level == 0 ? 0.0f : static_cast<float>(std::log2(f.m[level] / f.u[level]));
    const int slot = Spec(f.field).tf_slot;
    if (level == 1 && slot >= 0 && model.term_frequency) {
      const float log2_u = static_cast<float>(std::log2(f.u[1]));
      const double u_exact = std::exp2(log2_u);
      const double tf = std::max(a.tf[slot], b.tf[slot]);
      if (tf > 0) {
        const double adj = std::log2(u_exact / std::max(tf, 1e-5));
        w += static_cast<float>(std::clamp(adj, -10.0, 10.0));
      }
    }
  }
  return w;
}

// ---- Generated records -------------------------------------------------------

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }
  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }

  template <size_t N>
  std::string Pick(const std::array<std::string_view, N>& values) {
    return std::string(values[Below(N)]);
  }

  // A random string over letters, digits, punctuation and multi-byte UTF-8,
  // from empty to well past the 23 bytes kept inline and the 64 measured.
  std::string Random(size_t max_pieces) {
    static constexpr std::array<std::string_view, 48> kPieces = {
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",  "m", "n", "o", "p",
        "q", "r", "s", "t", "u", "v", "w", "x", "y", "z", "A", "Z",  "0", "1", "7", "9",
        " ", "-", ".", "'", "@", "é", "ö", "ß", "ł", "ñ", "Ø", "中", "ç", "á", "ü", "ž"};
    std::string s;
    const size_t n = Below(max_pieces + 1);
    for (size_t i = 0; i < n; ++i) s += kPieces[Below(kPieces.size())];
    return s;
  }

  // One to three edits of the kinds people make when typing a value again.
  std::string Mutate(std::string s) {
    static constexpr std::array<std::string_view, 10> kInserts = {"a", "e", "h", "n", "s",
                                                                  "y", "é", "ö", " ", "-"};
    const size_t edits = 1 + Below(3);
    for (size_t e = 0; e < edits; ++e) {
      const size_t pos = s.empty() ? 0 : Below(s.size());
      switch (Below(6)) {
        case 0:
          if (!s.empty()) s[pos] = static_cast<char>('a' + Below(26));
          break;
        case 1:
          if (!s.empty()) s.erase(pos, 1);
          break;
        case 2:
          s.insert(pos, kInserts[Below(kInserts.size())]);
          break;
        case 3:
          if (s.size() > pos + 1) std::swap(s[pos], s[pos + 1]);
          break;
        case 4:
          if (!s.empty()) {
            s[pos] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[pos])));
          }
          break;
        default:
          s += s.empty() ? "x" : s.substr(0, 1 + Below(s.size()));
          break;
      }
    }
    return s;
  }

  // A value from `pool` most of the time, otherwise random, edited or missing.
  template <size_t N>
  std::string Value(const std::array<std::string_view, N>& pool, size_t random_pieces) {
    const size_t roll = Below(100);
    if (roll < 8) return "";
    if (roll < 20) return Random(random_pieces);
    if (roll < 40) return Mutate(Pick(pool));
    return Pick(pool);
  }

  std::string Date() {
    char buf[32];
    switch (Below(8)) {
      case 0:
        return "";
      case 1:
        std::snprintf(buf, sizeof(buf), "%d", 1930 + static_cast<int>(Below(90)));
        return buf;
      case 2:
        std::snprintf(buf, sizeof(buf), "%d-%02d", 1930 + static_cast<int>(Below(90)),
                      1 + static_cast<int>(Below(12)));
        return buf;
      case 3:
        return Random(10);
      default:
        std::snprintf(buf, sizeof(buf), "%d-%02d-%02d", 1930 + static_cast<int>(Below(90)),
                      1 + static_cast<int>(Below(13)), 1 + static_cast<int>(Below(31)));
        return buf;
    }
  }

  InputRecord Record(size_t id) {
    static constexpr std::array<std::string_view, 34> kGiven = {
        "Robert",      "Rob",        "Bob",        "Roberta",    "John",     "Jon",      "Jonathan",
        "Mary",        "Marie",      "Maria",      "J",          "A.",       "José",     "Jose",
        "Zoë",         "Zoe",        "François",   "Siobhán",    "Mohammed", "Muhammad", "Mohamed",
        "Christopher", "Kristopher", "Anne-Marie", "Anne Marie", "O'Neil",   "Dwayne",   "Duane",
        "Martha",      "Marhta",     "Li",         "Lee",        "Åsa",      "X"};
    static constexpr std::array<std::string_view, 30> kFamily = {
        "Smith",
        "Smyth",
        "Smith-Jones",
        "Jones",
        "O'Brien",
        "OBrien",
        "McDonald",
        "MacDonald",
        "Nguyen",
        "Nguyễn",
        "Løkke",
        "Żółć",
        "Dixon",
        "Dickson",
        "Schmidt",
        "Schmitt",
        "Wolfeschlegelsteinhausenbergerdorff",
        "Wolfeschlegelsteinhausenbergerdorf",
        "Ng",
        "N",
        "Abdul Rahman",
        "Abdulrahman",
        "Garcia",
        "García",
        "Müller",
        "Mueller",
        "Robert",
        "John",
        "Mary",
        "Li"};
    static constexpr std::array<std::string_view, 12> kPostcodes = {
        "SW1A 1AA", "SW1A 1AB", "SW1A1AA", "S1W A1AA", "M1 1AE",   "M11 1AE",
        "B33 8TH",  "B3 38TH",  "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX"};
    static constexpr std::array<std::string_view, 12> kAddresses = {
        "12 High Street",
        "12 High St",
        "12a High Street",
        "Flat 3, 12 High Street, Little Snoring",
        "Flat 3 12 High Street Little Snorring",
        "1 Rue de l'Église",
        "1 Rue de l'Eglise",
        "The Old Rectory, Church Lane",
        "Old Rectory Church Lane",
        "221B Baker Street",
        "221 Baker Street",
        "Apartment 1204, Grosvenor House, 86-90 Park Lane"};
    static constexpr std::array<std::string_view, 12> kPlaces = {
        "London", "Londres", "Manchester",           "Manchster",    "Birmingham", "Brimingham",
        "Zürich", "Zurich",  "Llanfairpwllgwyngyll", "Llanfairpwll", "Ely",        "Eye"};
    static constexpr std::array<std::string_view, 8> kEmails = {"jo.bloggs@example.com",
                                                                "jobloggs@example.com",
                                                                "j.bloggs@example.org",
                                                                "jo.blogs@example.com",
                                                                "robert.smith@example.net",
                                                                "bob.smith@example.net",
                                                                "x@y.z",
                                                                "émilie@exämple.fr"};
    static constexpr std::array<std::string_view, 8> kPhones = {"07700 900123",
                                                                "+44 7700 900123",
                                                                "07700 900124;020 7946 0018",
                                                                "020 7946 0018",
                                                                "(07700)900123",
                                                                "123",
                                                                "07700 900999",
                                                                "07700 900123;07700 900124"};
    static constexpr std::array<std::string_view, 4> kGenders = {"M", "F", "male", "X"};

    InputRecord r;
    r.id = std::to_string(id);
    if (Chance(5)) {
      r[Role::kFullName] = Value(kGiven, 8) + " " + Value(kFamily, 12);
    } else {
      r[Role::kGivenName] = Value(kGiven, 8);
      r[Role::kFamilyName] = Value(kFamily, 40);
    }
    r[Role::kDob] = Date();
    r[Role::kPostcode] = Value(kPostcodes, 8);
    r[Role::kAddress] = Value(kAddresses, 80);
    r[Role::kAddress2] = Value(kAddresses, 30);
    if (Chance(90)) r[Role::kStreetNumber] = std::to_string(Below(30));
    r[Role::kCity] = Value(kPlaces, 30);
    r[Role::kSuburb] = Value(kPlaces, 12);
    if (Chance(90)) r[Role::kState] = Pick(kGenders);
    r[Role::kEmail] = Value(kEmails, 30);
    r[Role::kPhone] = Value(kPhones, 14);
    r[Role::kHandle] = Value(kGiven, 6);
    r[Role::kVehicle] = Value(kPostcodes, 6);
    if (Chance(90)) r[Role::kGender] = Pick(kGenders);
    r[Role::kBirthPlace] = Value(kPlaces, 20);
    r[Role::kOccupation] = Value(kAddresses, 20);
    return r;
  }

  // Another record of the same person: a few values edited, dropped or swapped.
  InputRecord Variant(const InputRecord& original, size_t id) {
    InputRecord r = original;
    r.id = std::to_string(id);
    for (Role role :
         {Role::kGivenName, Role::kFamilyName, Role::kPostcode, Role::kAddress, Role::kAddress2,
          Role::kCity, Role::kSuburb, Role::kEmail, Role::kBirthPlace, Role::kOccupation}) {
      if (Chance(30)) r[role] = Mutate(r[role]);
      if (Chance(3)) r[role].clear();
    }
    if (Chance(10)) std::swap(r[Role::kGivenName], r[Role::kFamilyName]);
    if (Chance(20) && r[Role::kDob].size() == 10) {
      std::swap(r[Role::kDob][5], r[Role::kDob][8]);
      std::swap(r[Role::kDob][6], r[Role::kDob][9]);
    }
    if (Chance(15) && !r[Role::kDob].empty())
      r[Role::kDob].back() = static_cast<char>('0' + Below(10));
    return r;
  }

 private:
  std::mt19937_64 rng_;
};

std::vector<InputRecord> MakeRecords(size_t count, uint64_t seed) {
  Generator g(seed);
  std::vector<InputRecord> records;
  while (records.size() < count) {
    records.push_back(g.Record(records.size()));
    const size_t variants = g.Below(3);
    for (size_t v = 0; v < variants; ++v) {
      records.push_back(g.Variant(records[records.size() - 1 - g.Below(v + 1)], records.size()));
    }
  }
  return records;
}

NicknameTable Nicknames() {
  auto table = NicknameTable::Parse("robert,rob,bob,bobby\njohn,jon,jonathan,jack\nmary,marie\n");
  EXPECT_TRUE(table.ok());
  return table.ok() ? *table : NicknameTable();
}

// Pairs of records of one person (consecutive) and of strangers (random).
std::vector<std::pair<size_t, size_t>> MakePairs(size_t records, size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::pair<size_t, size_t>> pairs;
  for (size_t i = 0; i + 1 < records; ++i) pairs.emplace_back(i, i + 1);
  for (size_t i = 0; i < records; ++i) pairs.emplace_back(i, i);
  while (pairs.size() < count) pairs.emplace_back(rng() % records, rng() % records);
  return pairs;
}

// ---- Tests -------------------------------------------------------------------

TEST(ScorerEquivalenceTest, StringMeasuresMatchTheTextbook) {
  Generator g(11);
  const std::vector<std::pair<std::string, std::string>> edges = {
      {"", ""},
      {"", "a"},
      {"a", ""},
      {"a", "a"},
      {"a", "b"},
      {"ab", "ba"},
      {"J", "John"},
      {"é", "e"},
      {"é", "é"},
      {"José", "Jose"},
      {"MARTHA", "MARHTA"},
      {"DIXON", "DICKSONX"},
      {"aaaa", "aaab"},
      {"abcd", "abcd "},
      {std::string(100, 'x'), std::string(100, 'x')},
      {std::string(64, 'x') + "a", std::string(64, 'x') + "b"},
      {std::string(63, 'y') + "zz", "z" + std::string(70, 'y')}};
  std::vector<std::pair<std::string, std::string>> cases = edges;
  for (int i = 0; i < 40000; ++i) {
    std::string a = g.Random(i % 3 == 0 ? 80 : 12);
    std::string b = g.Chance(60) ? g.Mutate(a) : g.Random(i % 3 == 0 ? 80 : 12);
    cases.emplace_back(std::move(a), std::move(b));
  }
  for (const auto& [a, b] : cases) {
    const double jw = RefJaroWinkler(a, b);
    ASSERT_EQ(Jaro(a, b), RefJaro(a, b)) << "'" << a << "' '" << b << "'";
    ASSERT_EQ(JaroWinkler(a, b), jw) << "'" << a << "' '" << b << "'";
    ASSERT_GE(JaroWinklerUpperBound(a, b, LetterCounts(a), LetterCounts(b)), jw)
        << "'" << a << "' '" << b << "'";
    ASSERT_EQ(WithinOneEdit(a, b), RefLevenshtein(a, b) <= 1) << "'" << a << "' '" << b << "'";
    for (int limit : {0, 1, 2, 3}) {
      ASSERT_EQ(BoundedLevenshtein(a, b, limit), std::min(RefLevenshtein(a, b), limit + 1));
    }
  }
}

TEST(ScorerEquivalenceTest, LevelsAndWeightsMatchTheReference) {
  const NicknameTable nicknames = Nicknames();
  const Dataset data = MakeDataset(MakeRecords(4000, 5), nicknames);
  const auto pairs = MakePairs(data.features.size(), 250000, 6);
  std::vector<RefRecord> refs;
  for (size_t i = 0; i < data.records.size(); ++i) {
    refs.push_back(MakeRefRecord(data.records[i], data.features[i]));
  }

  // A model with every field and a distinct weight at every level, and the
  // shipped model, both with term-frequency adjustment.
  std::vector<Field> all;
  for (size_t f = 0; f < kFieldCount; ++f) all.push_back(static_cast<Field>(f));
  Model varied = NewModel(all);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> p(0.001, 0.999);
  for (auto& f : varied.fields) {
    for (size_t l = 1; l < f.m.size(); ++l) {
      f.m[l] = p(rng);
      f.u[l] = p(rng);
    }
  }
  varied.prior = 0.0003;
  std::vector<Model> models = {varied};
  std::ifstream shipped(std::string(THREADLINE_TEST_SOURCE_DIR) + "/data/linkage/model-v1.json");
  if (shipped) {
    std::stringstream text;
    text << shipped.rdbuf();
    auto model = ModelFromJson(text.str());
    ASSERT_TRUE(model.ok());
    models.push_back(*model);
  }

  // Every level of every field must come up, so each band is exercised.
  std::array<std::array<size_t, kMaxLevels>, kFieldCount> seen{};
  size_t differences = 0;
  const auto check = [&](const char* how, Field field, uint8_t got, uint8_t expected, size_t i,
                         size_t j) {
    if (got != expected && ++differences <= 20) {
      ADD_FAILURE() << how << " " << Spec(field).name << " level " << int(got) << ", expected "
                    << int(expected) << ": records " << i << " and " << j;
    }
  };
  const FieldSet all_fields = (FieldSet{1} << kFieldCount) - 1;
  for (const auto& [i, j] : pairs) {
    const Features &a = data.features[i], &b = data.features[j];
    std::array<uint8_t, kFieldCount> levels{};
    CompareFields(all_fields, a, b, levels);
    for (size_t f = 0; f < kFieldCount; ++f) {
      const Field field = static_cast<Field>(f);
      const uint8_t expected = RefCompare(field, refs[i], refs[j]);
      ++seen[f][expected];
      check("CompareField", field, CompareField(field, a, b), expected, i, j);
      check("CompareFields", field, levels[f], expected, i, j);
    }
  }
  EXPECT_EQ(differences, 0u);
  for (size_t f = 0; f < kFieldCount; ++f) {
    const Field field = static_cast<Field>(f);
    for (size_t l = 0; l < Spec(field).levels.size(); ++l) {
      EXPECT_GT(seen[f][l], 0u) << Spec(field).name << " never at level " << Spec(field).levels[l];
    }
  }

  // Weight() for one pair and Weights() for many give the reference, to the bit.
  std::vector<CandidatePair> candidates;
  for (const auto& [i, j] : pairs) {
    candidates.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
  }
  for (const Model& model : models) {
    const Scorer scorer(model);
    std::vector<float> batch(candidates.size());
    scorer.Weights(data.features, candidates, batch);
    size_t weight_differences = 0;
    for (size_t k = 0; k < pairs.size(); ++k) {
      const auto [i, j] = pairs[k];
      const float expected = RefWeight(model, refs[i], refs[j]);
      for (const float got : {scorer.Weight(data.features[i], data.features[j]), batch[k]}) {
        if (std::memcmp(&expected, &got, sizeof(float)) != 0 && ++weight_differences <= 20) {
          ADD_FAILURE() << "weight " << got << ", expected " << expected << ": records " << i
                        << " and " << j;
        }
      }
    }
    EXPECT_EQ(weight_differences, 0u);
  }
}

}  // namespace
}  // namespace threadline::linkage
