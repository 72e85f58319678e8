#include "linkage/comparison.hpp"

#include <cstdlib>

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
  const double jw = JaroWinkler(x.text.view(), y.text.view());
  if (jw >= 0.92) return 4;
  if (jw >= 0.88 || PhoneticMatch(x, y)) return 5;
  return 7;
}

uint8_t CompareFamily(const Features& a, const Features& b) {
  const NameFeature& x = a.family;
  const NameFeature& y = b.family;
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  if (x.hash == b.given.hash && a.given.hash == y.hash) return 2;
  if (SharesToken(x, y)) return 3;
  const double jw = JaroWinkler(x.text.view(), y.text.view());
  if (jw >= 0.92) return 4;
  if (jw >= 0.88 || PhoneticMatch(x, y)) return 5;
  return 6;
}

// One substituted digit, or two adjacent digits transposed.
bool OneDigitApart(const char (&x)[8], const char (&y)[8]) {
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
  const Dob& x = a.dob;
  const Dob& y = b.dob;
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
  if (OneDigitApart(a.dob_digits, b.dob_digits)) return 4;
  if (a.dob_days != 0 && b.dob_days != 0) {
    const int days = std::abs(a.dob_days - b.dob_days);
    return days <= 366 ? 5 : days <= 3653 ? 6 : 7;
  }
  return years <= 1 ? 5 : years <= 10 ? 6 : 7;
}

bool OneEdit(std::string_view x, std::string_view y) {
  if (BoundedLevenshtein(x, y, 1) <= 1) return true;
  if (x.size() != y.size()) return false;
  size_t i = 0;
  while (i < x.size() && x[i] == y[i]) ++i;
  if (i + 1 >= x.size() || x[i] != y[i + 1] || x[i + 1] != y[i]) return false;
  return x.substr(i + 2) == y.substr(i + 2);
}

uint8_t CompareFuzzy(const TextFeature& x, const TextFeature& y, double threshold) {
  if (x.hash == 0 || y.hash == 0) return 0;
  if (x.hash == y.hash) return 1;
  return JaroWinkler(x.text.view(), y.text.view()) >= threshold ? 2 : 3;
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
  const double jw = JaroWinkler(x.text.view(), y.text.view());
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
  return JaroWinkler(a.email.text.view(), b.email.text.view()) >= 0.88 ? 2 : 3;
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
  switch (field) {
    case Field::kGivenName:
      return CompareGiven(a, b);
    case Field::kFamilyName:
      return CompareFamily(a, b);
    case Field::kDob:
      return CompareDob(a, b);
    case Field::kPostcode:
      return ComparePostcode(a, b);
    case Field::kAddress:
      return CompareAddress(a.address, b.address);
    case Field::kAddress2:
      return CompareFuzzy(a.address2, b.address2, 0.88);
    case Field::kStreetNumber:
      return CompareExact(a.street_number, b.street_number);
    case Field::kCity:
      return CompareFuzzy(a.city, b.city, 0.88);
    case Field::kSuburb:
      return CompareFuzzy(a.suburb, b.suburb, 0.88);
    case Field::kState:
      return CompareExact(a.state, b.state);
    case Field::kEmail:
      return CompareEmail(a, b);
    case Field::kPhone:
      return CompareShared(a.phones, b.phones);
    case Field::kHandle:
      return CompareShared(a.handles, b.handles);
    case Field::kVehicle:
      return CompareShared(a.vehicles, b.vehicles);
    case Field::kGender:
      return CompareExact(a.gender, b.gender);
    case Field::kBirthPlace:
      return CompareFuzzy(a.birth_place, b.birth_place, 0.88);
    case Field::kOccupation:
      return CompareFuzzy(a.occupation, b.occupation, 0.88);
    case Field::kCount:
      break;
  }
  return 0;
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
