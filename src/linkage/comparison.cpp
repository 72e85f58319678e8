#include "linkage/comparison.hpp"

#include <cstddef>
#include <cstdlib>
#include <cstring>

#include "linkage/string_metrics.hpp"

namespace threadline::linkage {
namespace {

constexpr std::string_view kGivenLevels[] = {"null",     "exact",    "swapped_with_family",
                                             "nickname", "jw>=0.92", "jw>=0.88_or_phonetic",
                                             "initial",  "different"};
constexpr std::string_view kFamilyLevels[] = {"null",        "exact",    "swapped_with_given",
                                              "shared_part", "jw>=0.92", "jw>=0.88_or_phonetic",
                                              "different"};
constexpr std::string_view kDobLevels[] = {
    "null",      "exact",         "partial_agrees",  "day_month_swapped",
    "one_digit", "within_1_year", "within_10_years", "different"};
constexpr std::string_view kPostcodeLevels[] = {"null", "exact", "one_edit", "same_area",
                                                "different"};
constexpr std::string_view kAddressLevels[] = {"null", "exact", "jw>=0.92", "jw>=0.80",
                                               "different"};
constexpr std::string_view kFuzzyLevels[] = {"null", "exact", "jw>=0.88", "different"};
constexpr std::string_view kExactLevels[] = {"null", "exact", "different"};
constexpr std::string_view kEmailLevels[] = {"null", "exact", "same_user_or_jw>=0.88", "different"};
constexpr std::string_view kSharedLevels[] = {"null", "shared", "different"};

const FieldSpec kSpecs[kFieldCount] = {
    {"given_name", kGivenLevels, Role::kGivenName, kTfGiven},
    {"family_name", kFamilyLevels, Role::kFamilyName, kTfFamily},
    {"dob", kDobLevels, Role::kDob, -1},
    {"postcode", kPostcodeLevels, Role::kPostcode, kTfPostcode},
    {"address", kAddressLevels, Role::kAddress, -1},
    {"address2", kFuzzyLevels, Role::kAddress2, kTfAddress2},
    {"street_number", kExactLevels, Role::kStreetNumber, -1},
    {"city", kFuzzyLevels, Role::kCity, kTfCity},
    {"suburb", kFuzzyLevels, Role::kSuburb, kTfSuburb},
    {"state", kExactLevels, Role::kState, -1},
    {"email", kEmailLevels, Role::kEmail, -1},
    {"phone", kSharedLevels, Role::kPhone, -1},
    {"handle", kSharedLevels, Role::kHandle, -1},
    {"vehicle", kSharedLevels, Role::kVehicle, -1},
    {"gender", kExactLevels, Role::kGender, -1},
    {"birth_place", kFuzzyLevels, Role::kBirthPlace, kTfBirthPlace},
    {"occupation", kFuzzyLevels, Role::kOccupation, kTfOccupation},
};

// LetterCounts of recently compared values, per thread. A record meets
// several others in a row (a block's pairs) and common names recur, so most
// values are found here; the whole value is the key, so a hit is exact.
struct LetterCache {
  static constexpr size_t kWords = sizeof(ShortText) / sizeof(uint64_t);
  struct Entry {
    std::array<uint64_t, kWords> key{};  // the ShortText's bytes; all 0 is the empty text
    uint64_t counts = 0;                 // LetterCounts of the empty text
  };
  std::array<Entry, 256> entries;
};
static_assert(sizeof(ShortText) % sizeof(uint64_t) == 0);
thread_local LetterCache letter_cache;

uint64_t CachedLetterCounts(const ShortText& text) {
  std::array<uint64_t, LetterCache::kWords> key;
  std::memcpy(key.data(), &text, sizeof(text));
  const uint64_t mixed = (key[0] ^ key[1] * 0x9e3779b97f4a7c15u ^ key[2]) * 0xc2b2ae3d27d4eb4fu;
  LetterCache::Entry& entry = letter_cache.entries[mixed >> 56];
  if (entry.key != key) {
    entry.key = key;
    entry.counts = LetterCounts(text.view());
  }
  return entry.counts;
}

// JaroWinkler(x, y) when it may reach `floor`, the lowest threshold the
// caller tests; otherwise an upper bound below `floor`, which every threshold
// test then decides exactly as the measure would. Most pairs of different
// values are decided by the bound alone. `counts_*` are their LetterCounts.
double JaroWinklerFrom(std::string_view x, std::string_view y, uint64_t counts_x, uint64_t counts_y,
                       double floor) {
  const double bound = JaroWinklerUpperBound(x, y, counts_x, counts_y);
  return bound < floor ? bound : JaroWinkler(x, y);
}

// Names keep their letter counts; other values find theirs in the cache.
double JaroWinklerFrom(const NameFeature& x, const NameFeature& y, double floor) {
  return JaroWinklerFrom(x.text.view(), y.text.view(), x.letters, y.letters, floor);
}

double JaroWinklerFrom(const ShortText& x, const ShortText& y, double floor) {
  return JaroWinklerFrom(x.view(), y.view(), CachedLetterCounts(x), CachedLetterCounts(y), floor);
}

bool PhoneticMatch(const NameFeature& a, const NameFeature& b) {
  if (a.phonetic_primary == 0 || b.phonetic_primary == 0) return false;
  return a.phonetic_primary == b.phonetic_primary || a.phonetic_primary == b.phonetic_alternate ||
         a.phonetic_alternate == b.phonetic_primary;
}

bool SharesToken(const NameFeature& a, const NameFeature& b) {
  if (a.token_count < 2 && b.token_count < 2) return false;
  return a.first_token == b.first_token || a.first_token == b.last_token ||
         a.last_token == b.first_token || a.last_token == b.last_token;
}

uint8_t CompareGiven(const Features& a, const Features& b) {
  const NameFeature& x = a.given;
  const NameFeature& y = b.given;
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  if (x.hash == b.family.hash && a.family.hash == y.hash) return 2;
  if (x.initial_only || y.initial_only) return x.text.data[0] == y.text.data[0] ? 6 : 7;
  if (SharesGroup(x.nicknames, y.nicknames)) return 3;
  // With a phonetic match only the 0.92 band is still open.
  const bool phonetic = PhoneticMatch(x, y);
  const double jw = JaroWinklerFrom(x, y, phonetic ? 0.92 : 0.88);
  if (jw >= 0.92) return 4;
  if (jw >= 0.88 || phonetic) return 5;
  return 7;
}

uint8_t CompareFamily(const Features& a, const Features& b) {
  const NameFeature& x = a.family;
  const NameFeature& y = b.family;
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  if (x.hash == b.given.hash && a.given.hash == y.hash) return 2;
  if (SharesToken(x, y)) return 3;
  const bool phonetic = PhoneticMatch(x, y);
  const double jw = JaroWinklerFrom(x, y, phonetic ? 0.92 : 0.88);
  if (jw >= 0.92) return 4;
  if (jw >= 0.88 || phonetic) return 5;
  return 6;
}

// The date as YYYYMMDD, the digits a typist gets wrong. ParseDob's years
// have four digits.
std::array<char, 8> DobDigits(const CompactDob& d) {
  const auto digit = [](int n) { return static_cast<char>('0' + n % 10); };
  return {digit(d.year / 1000), digit(d.year / 100), digit(d.year / 10), digit(d.year),
          digit(d.month / 10),  digit(d.month),      digit(d.day / 10),  digit(d.day)};
}

// One substituted digit, or two adjacent digits transposed.
bool OneDigitApart(const std::array<char, 8>& x, const std::array<char, 8>& y) {
  int first = -1, diffs = 0;
  for (int i = 0; i < 8; ++i) {
    if (x[i] != y[i]) {
      if (++diffs > 2) return false;
      if (first < 0) first = i;
    }
  }
  if (diffs <= 1) return true;
  return first < 7 && x[first] == y[first + 1] && x[first + 1] == y[first];
}

uint8_t CompareDob(const Features& a, const Features& b) {
  const CompactDob& x = a.dob;
  const CompactDob& y = b.dob;
  if (x.year == 0 || y.year == 0) return 0;
  const int years = std::abs(x.year - y.year);
  if (x.month == 0 || y.month == 0 || x.day == 0 || y.day == 0) {
    const bool agrees = x.year == y.year && (x.month == 0 || y.month == 0 || x.month == y.month) &&
                        (x.day == 0 || y.day == 0 || x.day == y.day);
    if (agrees) return 2;
    return years <= 1 ? 5 : years <= 10 ? 6 : 7;
  }
  if (x == y) return 1;
  if (x.year == y.year && x.month == y.day && x.day == y.month) return 3;
  if (OneDigitApart(DobDigits(x), DobDigits(y))) return 4;
  if (a.dob_days != 0 && b.dob_days != 0) {
    const int days = std::abs(a.dob_days - b.dob_days);
    return days <= 366 ? 5 : days <= 3653 ? 6 : 7;
  }
  return years <= 1 ? 5 : years <= 10 ? 6 : 7;
}

bool OneEdit(std::string_view x, std::string_view y) {
  if (WithinOneEdit(x, y)) return true;
  if (x.size() != y.size()) return false;
  size_t i = 0;
  while (i < x.size() && x[i] == y[i]) ++i;
  if (i + 1 >= x.size() || x[i] != y[i + 1] || x[i + 1] != y[i]) return false;
  return x.substr(i + 2) == y.substr(i + 2);
}

uint8_t CompareFuzzy(const TextFeature& x, const TextFeature& y, double threshold) {
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  return JaroWinklerFrom(x.text, y.text, threshold) >= threshold ? 2 : 3;
}

uint8_t CompareExact(uint64_t x, uint64_t y) {
  if (x == 0 || y == 0) return 0;
  return x == y ? 1 : 2;
}

uint8_t CompareShared(const std::array<uint64_t, 2>& x, const std::array<uint64_t, 2>& y) {
  if (x[0] == 0 || y[0] == 0) return 0;
  for (uint64_t p : x) {
    if (p != 0 && (p == y[0] || p == y[1])) return 1;
  }
  return 2;
}

uint8_t CompareAddress(const TextFeature& x, const TextFeature& y) {
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  const double jw = JaroWinklerFrom(x.text, y.text, 0.80);
  return jw >= 0.92 ? 2 : jw >= 0.80 ? 3 : 4;
}

uint8_t ComparePostcode(const Features& a, const Features& b) {
  if (a.postcode.hash == 0 || b.postcode.hash == 0) return 0;
  if (a.postcode.hash == b.postcode.hash) return 1;
  if (OneEdit(a.postcode.text.view(), b.postcode.text.view())) return 2;
  return a.postcode_area != 0 && a.postcode_area == b.postcode_area ? 3 : 4;
}

uint8_t CompareEmail(const Features& a, const Features& b) {
  if (a.email.hash == 0 || b.email.hash == 0) return 0;
  if (a.email.hash == b.email.hash) return 1;
  if (a.email_local == b.email_local) return 2;
  return JaroWinklerFrom(a.email.text, b.email.text, 0.88) >= 0.88 ? 2 : 3;
}

// Calls fn(field, comparison) for every field, in one fixed order, where
// comparison() gives the field's level for the pair: the one place a field
// meets its comparison. Inlined, each test goes the same way for every pair.
template <typename Fn>
void EachComparison(const Features& a, const Features& b, Fn&& fn) {
  fn(Field::kGivenName, [&] { return CompareGiven(a, b); });
  fn(Field::kFamilyName, [&] { return CompareFamily(a, b); });
  fn(Field::kDob, [&] { return CompareDob(a, b); });
  fn(Field::kPostcode, [&] { return ComparePostcode(a, b); });
  fn(Field::kAddress, [&] { return CompareAddress(a.address, b.address); });
  fn(Field::kAddress2, [&] { return CompareFuzzy(a.address2, b.address2, 0.88); });
  fn(Field::kStreetNumber, [&] { return CompareExact(a.street_number, b.street_number); });
  fn(Field::kCity, [&] { return CompareFuzzy(a.city, b.city, 0.88); });
  fn(Field::kSuburb, [&] { return CompareFuzzy(a.suburb, b.suburb, 0.88); });
  fn(Field::kState, [&] { return CompareExact(a.state, b.state); });
  fn(Field::kEmail, [&] { return CompareEmail(a, b); });
  fn(Field::kPhone, [&] { return CompareShared(a.phones, b.phones); });
  fn(Field::kHandle, [&] { return CompareShared(a.handles, b.handles); });
  fn(Field::kVehicle, [&] { return CompareShared(a.vehicles, b.vehicles); });
  fn(Field::kGender, [&] { return CompareExact(a.gender, b.gender); });
  fn(Field::kBirthPlace, [&] { return CompareFuzzy(a.birth_place, b.birth_place, 0.88); });
  fn(Field::kOccupation, [&] { return CompareFuzzy(a.occupation, b.occupation, 0.88); });
}

}  // namespace

const FieldSpec& Spec(Field field) { return kSpecs[static_cast<size_t>(field)]; }

std::optional<Field> ParseField(std::string_view name) {
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (kSpecs[i].name == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

uint8_t CompareField(Field field, const Features& a, const Features& b) {
  uint8_t level = 0;
  EachComparison(a, b, [&](Field f, auto comparison) {
    if (f == field) level = comparison();
  });
  return level;
}

size_t ComparedBytes(Field field) {
  switch (field) {
    case Field::kGivenName:
    case Field::kFamilyName:  // each also reads the other's hash (swapped names)
      return offsetof(Features, family) + sizeof(NameFeature);
    case Field::kDob:
      return offsetof(Features, dob_days) + sizeof(Features::dob_days);
    case Field::kPostcode:
      return offsetof(Features, postcode_area) + sizeof(Features::postcode_area);
    case Field::kAddress:
      return offsetof(Features, address) + sizeof(TextFeature);
    case Field::kAddress2:
      return offsetof(Features, address2) + sizeof(TextFeature);
    case Field::kStreetNumber:
      return offsetof(Features, street_number) + sizeof(Features::street_number);
    case Field::kCity:
      return offsetof(Features, city) + sizeof(TextFeature);
    case Field::kSuburb:
      return offsetof(Features, suburb) + sizeof(TextFeature);
    case Field::kState:
      return offsetof(Features, state) + sizeof(Features::state);
    case Field::kEmail:
      return offsetof(Features, email_local) + sizeof(Features::email_local);
    case Field::kPhone:
      return offsetof(Features, phones) + sizeof(Features::phones);
    case Field::kHandle:
      return offsetof(Features, handles) + sizeof(Features::handles);
    case Field::kVehicle:
      return offsetof(Features, vehicles) + sizeof(Features::vehicles);
    case Field::kGender:
      return offsetof(Features, gender) + sizeof(Features::gender);
    case Field::kBirthPlace:
      return offsetof(Features, birth_place) + sizeof(TextFeature);
    case Field::kOccupation:
      return offsetof(Features, occupation) + sizeof(TextFeature);
    case Field::kCount:
      break;
  }
  return 0;
}

void CompareFields(FieldSet fields, const Features& a, const Features& b,
                   std::array<uint8_t, kFieldCount>& levels) {
  EachComparison(a, b, [&](Field field, auto comparison) {
    if (fields >> static_cast<int>(field) & 1) levels[static_cast<size_t>(field)] = comparison();
  });
}

bool HasValue(Field field, const Features& f) {
  switch (field) {
    case Field::kGivenName:
      return f.given.hash != 0;
    case Field::kFamilyName:
      return f.family.hash != 0;
    case Field::kDob:
      return f.dob.year != 0;
    case Field::kPostcode:
      return f.postcode.hash != 0;
    case Field::kAddress:
      return f.address.hash != 0;
    case Field::kAddress2:
      return f.address2.hash != 0;
    case Field::kStreetNumber:
      return f.street_number != 0;
    case Field::kCity:
      return f.city.hash != 0;
    case Field::kSuburb:
      return f.suburb.hash != 0;
    case Field::kState:
      return f.state != 0;
    case Field::kEmail:
      return f.email.hash != 0;
    case Field::kPhone:
      return f.phones[0] != 0;
    case Field::kHandle:
      return f.handles[0] != 0;
    case Field::kVehicle:
      return f.vehicles[0] != 0;
    case Field::kGender:
      return f.gender != 0;
    case Field::kBirthPlace:
      return f.birth_place.hash != 0;
    case Field::kOccupation:
      return f.occupation.hash != 0;
    case Field::kCount:
      break;
  }
  return false;
}

}  // namespace threadline::linkage
